// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/*
 * Segmentation of GSO packets (lib/gso.c). Each test builds a GSO packet
 * the way the kernel hands it over, cuts it, and compares every segment
 * byte for byte with the packet a sender would have made for that piece of
 * the data, built here from scratch with its own checksum code (not the
 * library's).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "gso.h"
#include "tunctl.h"

#define BUF_SIZE (GSO_PACKET_MAX + 64)

/* What a test packet looks like apart from its data. */
struct flow {
	bool v6;
	bool tap;
	bool udp;
	size_t tcp_opts; /* bytes of TCP options (a multiple of 4) */
	uint16_t ip_id;
	uint32_t seq;
	uint8_t flags; /* TCP flags */
};

static uint8_t super[BUF_SIZE], seg[BUF_SIZE], want[BUF_SIZE];
static uint8_t data[70000];

static void fill_data(void)
{
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + 3 + (i >> 8));
}

static void be16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void be32(uint8_t *p, uint32_t v)
{
	be16(p, v >> 16);
	be16(p + 2, v & 0xffff);
}

/* RFC 1071 the plain way: 16-bit words into a 32-bit sum, folded. */
static uint16_t sum16(const uint8_t *p, size_t n, uint32_t acc)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		acc += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		acc += (uint32_t)p[n - 1] << 8;
	while (acc > 0xffff)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint16_t)acc;
}

/* The unfolded-but-uncomplemented sum of the pseudo-header. */
static uint16_t pseudo_sum(const struct flow *f, size_t l4len)
{
	uint8_t ph[40];
	size_t alen = f->v6 ? 16 : 4, n = 0;

	memset(ph, 0, sizeof(ph));
	if (f->v6) {
		memcpy(ph, "\xfd\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
		memcpy(ph + 16, "\xfd\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x02", 16);
		be32(ph + 32, (uint32_t)l4len);
		ph[39] = f->udp ? 17 : 6;
		n = 40;
	} else {
		memcpy(ph, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 2 * alen);
		ph[9] = f->udp ? 17 : 6;
		be16(ph + 10, (unsigned)l4len);
		n = 12;
	}
	return sum16(ph, n, 0);
}

static size_t l2_len(const struct flow *f)
{
	return f->tap ? 14 : 0;
}

static size_t l3_len(const struct flow *f)
{
	return f->v6 ? 40 : 20;
}

static size_t l4_hdr_len(const struct flow *f)
{
	return f->udp ? 8 : 20 + f->tcp_opts;
}

static size_t headers_len(const struct flow *f)
{
	return l2_len(f) + l3_len(f) + l4_hdr_len(f);
}

/* A complete, correct packet of @f carrying @n bytes of @payload. */
static size_t build(uint8_t *p, const struct flow *f, const uint8_t *payload,
		    size_t n)
{
	size_t l2 = l2_len(f), l3 = l3_len(f), l4 = l4_hdr_len(f);
	uint8_t *ip = p + l2, *t = ip + l3;
	size_t l4len = l4 + n;
	uint16_t c;

	memset(p, 0, l2 + l3 + l4);
	if (f->tap) {
		memcpy(p, "\x02\0\0\0\0\x0b\x02\0\0\0\0\x0a", 12);
		be16(p + 12, f->v6 ? 0x86dd : 0x0800);
	}
	if (f->v6) {
		ip[0] = 0x60;
		be16(ip + 4, (unsigned)l4len);
		ip[6] = f->udp ? 17 : 6;
		ip[7] = 64;
		memcpy(ip + 8, "\xfd\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
		memcpy(ip + 24, "\xfd\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x02", 16);
	} else {
		ip[0] = 0x45;
		be16(ip + 2, (unsigned)(20 + l4len));
		be16(ip + 4, f->ip_id);
		ip[6] = 0x40; /* DF */
		ip[8] = 64;
		ip[9] = f->udp ? 17 : 6;
		memcpy(ip + 12, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
		be16(ip + 10, (uint16_t)~sum16(ip, 20, 0));
	}
	be16(t, 40000);
	be16(t + 2, 5201);
	if (f->udp) {
		be16(t + 4, (unsigned)l4len);
	} else {
		be32(t + 4, f->seq);
		be32(t + 8, 0x01020304);
		t[12] = (uint8_t)((l4 / 4) << 4);
		t[13] = f->flags;
		be16(t + 14, 502);
		for (size_t i = 20; i < l4; i += 4) /* NOP, NOP, a timestamp */
			memcpy(t + i, "\x01\x01\x08\x0a", 4);
	}
	memcpy(t + l4, payload, n);
	c = (uint16_t)~sum16(t, l4len, pseudo_sum(f, l4len));
	if (f->udp && c == 0)
		c = 0xffff;
	be16(t + (f->udp ? 6 : 16), c);
	return l2 + l3 + l4len;
}

/* The GSO packet for @n bytes: one big packet whose checksum field holds
 * something else than its checksum, as the kernel's partial one does. */
static size_t build_super(const struct flow *f, size_t n, struct vnet_hdr *vh,
			  uint16_t mss)
{
	size_t len = build(super, f, data, n);
	size_t l4 = l2_len(f) + l3_len(f);

	be16(super + l4 + (f->udp ? 6 : 16), 0xdead);
	memset(vh, 0, sizeof(*vh));
	vh->flags = VNET_F_NEEDS_CSUM;
	vh->gso_type = f->udp ? VNET_GSO_UDP_L4
			      : f->v6 ? VNET_GSO_TCPV6 : VNET_GSO_TCPV4;
	vh->hdr_len = (uint16_t)headers_len(f);
	vh->gso_size = mss;
	vh->csum_start = (uint16_t)l4;
	vh->csum_offset = f->udp ? 6 : 16;
	return len;
}

/* What segment @i of @count, carrying data[off..off+n), must be. */
static size_t expected(const struct flow *f, unsigned i, unsigned count,
		       size_t off, size_t n)
{
	struct flow s = *f;

	s.ip_id = (uint16_t)(f->ip_id + i);
	s.seq = f->seq + (uint32_t)off;
	if (i + 1 < count)
		s.flags &= (uint8_t)~(TUN_TCP_FIN | TUN_TCP_PSH);
	if (i > 0)
		s.flags &= (uint8_t)~TUN_TCP_CWR;
	return build(want, &s, data + off, n);
}

/* Cut a GSO packet of @total data bytes in @mss pieces and check each. */
static void check_segments(const struct flow *f, size_t total, uint16_t mss)
{
	enum tun_mode mode = f->tap ? TUN_MODE_TAP : TUN_MODE_TUN;
	unsigned count = (unsigned)((total + mss - 1) / mss);
	struct vnet_hdr vh;
	struct gso g;
	size_t len = build_super(f, total, &vh, mss);

	assert_int_equal(gso_start(&g, &vh, super, len, mode), (int)count);
	for (unsigned i = 0; i < count; i++) {
		size_t off = (size_t)i * mss;
		size_t n = total - off < mss ? total - off : mss;
		size_t wlen = expected(f, i, count, off, n);
		struct tun_packet pkt;

		assert_false(gso_done(&g));
		assert_int_equal(gso_next(&g, seg, sizeof(seg)), (int)wlen);
		assert_memory_equal(seg, want, wlen);
		/* And the library's own verifier agrees. */
		assert_int_equal(tun_packet_decode(seg, wlen, mode, &pkt), 0);
		assert_true(tun_packet_checksums_ok(seg, &pkt));
		assert_int_equal(pkt.payload_len, n);
	}
	assert_true(gso_done(&g));
	assert_int_equal(gso_next(&g, seg, sizeof(seg)), -ENOENT);
}

static void tcp4_tun(void **state)
{
	struct flow f = { .tcp_opts = 12, .ip_id = 0x1234, .seq = 1000,
			  .flags = TUN_TCP_ACK | TUN_TCP_PSH | TUN_TCP_FIN |
				   TUN_TCP_CWR };

	(void)state;
	fill_data();
	check_segments(&f, 3000, 1448); /* 1448, 1448, 104 */
	check_segments(&f, 2896, 1448); /* exactly two */
	check_segments(&f, 100, 1448);	/* one: its checksum still made */
}

static void tcp6_tap(void **state)
{
	struct flow f = { .v6 = true, .tap = true, .seq = 7,
			  .flags = TUN_TCP_ACK | TUN_TCP_PSH };

	(void)state;
	fill_data();
	check_segments(&f, 4000, 1000);
	/* The largest: an IPv6 payload length of 65535. */
	check_segments(&f, 65535 - 20, 1440);
}

static void udp_l4(void **state)
{
	struct flow f4 = { .udp = true, .ip_id = 9 };
	struct flow f6 = { .udp = true, .v6 = true, .tap = true };

	(void)state;
	fill_data();
	check_segments(&f4, 2500, 1200);
	check_segments(&f6, 3 * 1232, 1232);
	check_segments(&f4, 65535 - 28, 1472);
}

/* The IPv4 id and the TCP sequence number wrap around. */
static void counters_wrap(void **state)
{
	struct flow f = { .ip_id = 0xffff, .seq = 0xfffffc00,
			  .flags = TUN_TCP_ACK };

	(void)state;
	fill_data();
	check_segments(&f, 5000, 1000);
}

/* Data whose UDP sum comes out 0xffff: the checksum is then sent as
 * 0xffff, since 0 means none. */
static void udp_checksum_never_zero(void **state)
{
	struct flow f = { .udp = true };
	struct vnet_hdr vh = { .flags = VNET_F_NEEDS_CSUM, .csum_start = 20,
			       .csum_offset = 6 };
	size_t len;

	(void)state;
	memset(data, 0x5a, 64);
	data[62] = data[63] = 0;
	build(want, &f, data, 64);
	/* The last data word equal to the checksum without it. */
	assert_false(want[26] == 0 && want[27] == 0);
	data[62] = want[26];
	data[63] = want[27];
	check_segments(&f, 64, 1000);
	assert_int_equal(seg[26], 0xff);
	assert_int_equal(seg[27], 0xff);
	/* The same packet not GSO, its checksum left to the reader. */
	len = build(want, &f, data, 64);
	memcpy(super, want, len);
	be16(super + 26, pseudo_sum(&f, len - 20));
	assert_int_equal(vnet_csum_complete(&vh, super, len), 0);
	assert_memory_equal(super, want, len);
	assert_int_equal(super[26], 0xff);
}

/* A packet that is not GSO but whose checksum the kernel left to us: the
 * field holds the pseudo-header sum. */
static void csum_complete(void **state)
{
	struct flow tcp = { .v6 = true, .flags = TUN_TCP_ACK };
	struct flow udp = { .udp = true, .tap = true };
	struct vnet_hdr vh = { .flags = VNET_F_NEEDS_CSUM };
	const struct flow *flows[] = { &tcp, &udp };

	(void)state;
	fill_data();
	for (size_t k = 0; k < 2; k++) {
		const struct flow *f = flows[k];
		size_t l4 = l2_len(f) + l3_len(f), field = f->udp ? 6 : 16;
		size_t len = build(want, f, data, 999);

		memcpy(super, want, len);
		be16(super + l4 + field, pseudo_sum(f, len - l4));
		vh.csum_start = (uint16_t)l4;
		vh.csum_offset = (uint16_t)field;
		assert_int_equal(vnet_csum_complete(&vh, super, len), 0);
		assert_memory_equal(super, want, len);
	}
	/* Without the flag nothing is touched. */
	vh.flags = VNET_F_DATA_VALID;
	super[0] ^= 1;
	assert_int_equal(vnet_csum_complete(&vh, super, 10), 0);
	assert_int_equal(super[0], want[0] ^ 1);
}

static void csum_complete_refuses_bad_offsets(void **state)
{
	struct vnet_hdr vh = { .flags = VNET_F_NEEDS_CSUM };
	uint8_t p[40] = { 0 };

	(void)state;
	vh.csum_start = 41;
	assert_int_equal(vnet_csum_complete(&vh, p, sizeof(p)), -EBADMSG);
	vh.csum_start = 20;
	vh.csum_offset = 19; /* the field's second byte beyond the end */
	assert_int_equal(vnet_csum_complete(&vh, p, sizeof(p)), -EBADMSG);
	vh.csum_start = 0xffff;
	vh.csum_offset = 0xffff;
	assert_int_equal(vnet_csum_complete(&vh, p, sizeof(p)), -EBADMSG);
	vh.csum_start = 20;
	vh.csum_offset = 18; /* the last two bytes: fine */
	assert_int_equal(vnet_csum_complete(&vh, p, sizeof(p)), 0);
}

static void refused(void **state)
{
	struct flow f = { .flags = TUN_TCP_ACK };
	struct flow f6 = { .v6 = true, .flags = TUN_TCP_ACK };
	struct vnet_hdr vh, bad;
	struct gso g;
	size_t len;

	(void)state;
	fill_data();
	len = build_super(&f, 3000, &vh, 1000);
	bad = vh;
	bad.gso_size = 0;
	assert_int_equal(gso_start(&g, &bad, super, len, TUN_MODE_TUN), -EBADMSG);
	bad = vh;
	bad.hdr_len = (uint16_t)(len + 1);
	assert_int_equal(gso_start(&g, &bad, super, len, TUN_MODE_TUN), -EBADMSG);
	bad = vh;
	bad.csum_start = (uint16_t)(len + 1);
	assert_int_equal(gso_start(&g, &bad, super, len, TUN_MODE_TUN), -EBADMSG);
	bad = vh;
	bad.csum_start = 24; /* not where TCP starts */
	assert_int_equal(gso_start(&g, &bad, super, len, TUN_MODE_TUN), -EBADMSG);
	bad = vh;
	bad.csum_offset = 6; /* UDP's field in a TCP packet */
	assert_int_equal(gso_start(&g, &bad, super, len, TUN_MODE_TUN), -EBADMSG);
	/* Types not segmented here: UFO, unknown ones, none. */
	for (unsigned t = 0; t < 256; t++) {
		bad = vh;
		bad.gso_type = (uint8_t)t;
		if ((t & 0x7f) == VNET_GSO_TCPV4 || (t & 0x7f) == VNET_GSO_TCPV6 ||
		    (t & 0x7f) == VNET_GSO_UDP_L4)
			continue;
		assert_int_equal(gso_start(&g, &bad, super, len, TUN_MODE_TUN),
				 -EPROTONOSUPPORT);
	}
	/* The type names another IP version or protocol. */
	bad = vh;
	bad.gso_type = VNET_GSO_TCPV6;
	assert_int_equal(gso_start(&g, &bad, super, len, TUN_MODE_TUN), -EBADMSG);
	bad.gso_type = VNET_GSO_UDP_L4;
	assert_int_equal(gso_start(&g, &bad, super, len, TUN_MODE_TUN), -EBADMSG);
	/* Truncated: the IP length says more than there is. */
	assert_int_equal(gso_start(&g, &vh, super, len - 1, TUN_MODE_TUN),
			 -EBADMSG);
	/* Read as TAP, the IPv4 header is no Ethernet header. */
	assert_int_equal(gso_start(&g, &vh, super, len, TUN_MODE_TAP), -EBADMSG);
	/* A fragment. */
	super[6] |= 0x20;
	assert_int_equal(gso_start(&g, &vh, super, len, TUN_MODE_TUN), -EBADMSG);
	/* TCPV4 on an IPv6 packet. */
	len = build_super(&f6, 3000, &vh, 1000);
	vh.gso_type = VNET_GSO_TCPV4;
	assert_int_equal(gso_start(&g, &vh, super, len, TUN_MODE_TUN), -EBADMSG);
	/* Too short for any header at all. */
	vh.gso_type = VNET_GSO_TCPV6;
	vh.csum_start = vh.hdr_len = 0;
	assert_int_equal(gso_start(&g, &vh, super, 0, TUN_MODE_TUN), -EBADMSG);
}

/* A packet the kernel forwarded after GRO: no NEEDS_CSUM and csum_start 0,
 * checksum field stale. Cut all the same, checksums made anew. */
static void data_valid_without_csum_offsets(void **state)
{
	struct flow f = { .tcp_opts = 12, .flags = TUN_TCP_ACK };
	enum tun_mode mode = TUN_MODE_TUN;
	struct vnet_hdr vh;
	struct gso g;
	size_t len;

	(void)state;
	fill_data();
	len = build_super(&f, 4000, &vh, 1448);
	vh.flags = VNET_F_DATA_VALID;
	vh.csum_start = vh.csum_offset = 0;
	vh.hdr_len = (uint16_t)len; /* the linear part, not the headers */
	assert_int_equal(gso_start(&g, &vh, super, len, mode), 3);
	for (unsigned i = 0; i < 3; i++) {
		size_t n = i < 2 ? 1448 : 4000 - 2 * 1448;
		size_t wlen = expected(&f, i, 3, i * 1448, n);

		assert_int_equal(gso_next(&g, seg, sizeof(seg)), (int)wlen);
		assert_memory_equal(seg, want, wlen);
	}
}

/* A segment that does not fit is skipped, the next still comes right. */
static void small_buffer(void **state)
{
	struct flow f = { .ip_id = 5, .seq = 100, .flags = TUN_TCP_ACK };
	struct vnet_hdr vh;
	struct gso g;
	size_t len, wlen;

	(void)state;
	fill_data();
	len = build_super(&f, 2500, &vh, 1000);
	assert_int_equal(gso_start(&g, &vh, super, len, TUN_MODE_TUN), 3);
	assert_int_equal(gso_next(&g, seg, 1039), -EMSGSIZE);
	wlen = expected(&f, 1, 3, 1000, 1000);
	assert_int_equal(gso_next(&g, seg, 1040), (int)wlen);
	assert_memory_equal(seg, want, wlen);
	wlen = expected(&f, 2, 3, 2000, 500);
	assert_int_equal(gso_next(&g, seg, 540), (int)wlen);
	assert_memory_equal(seg, want, wlen);
	assert_true(gso_done(&g));
}

/* Ethernet pads short frames; the padding is not data. */
static void tap_padding_is_not_data(void **state)
{
	struct flow f = { .tap = true, .flags = TUN_TCP_ACK };
	struct vnet_hdr vh;
	struct gso g;
	size_t len, wlen;

	(void)state;
	fill_data();
	len = build_super(&f, 6, &vh, 4);
	memset(super + len, 0, 6);
	assert_int_equal(gso_start(&g, &vh, super, len + 6, TUN_MODE_TAP), 2);
	wlen = expected(&f, 0, 2, 0, 4);
	assert_int_equal(gso_next(&g, seg, sizeof(seg)), (int)wlen);
	assert_memory_equal(seg, want, wlen);
	wlen = expected(&f, 1, 2, 4, 2);
	assert_int_equal(gso_next(&g, seg, sizeof(seg)), (int)wlen);
	assert_memory_equal(seg, want, wlen);
}

/* The 16-bit fields stay in the host's order. */
static void header_round_trip(void **state)
{
	const struct vnet_hdr vh = { 1, 4, 0x1234, 1448, 0x0102, 16 };
	uint8_t raw[VNET_HDR_LEN];
	struct vnet_hdr back;
	uint16_t gso_size;

	(void)state;
	vnet_hdr_put(raw, &vh);
	assert_int_equal(raw[0], 1);
	assert_int_equal(raw[1], 4);
	memcpy(&gso_size, raw + 4, 2);
	assert_int_equal(gso_size, 1448);
	vnet_hdr_get(&back, raw);
	assert_memory_equal(&back, &vh, sizeof(vh));
}

/* ---- coalescing ---------------------------------------------------------- */

#define SEGS_MAX 80
static uint8_t segs[SEGS_MAX][2048];
static size_t seg_len[SEGS_MAX];

/* The segments a sender's TSO makes of @total bytes of @f, in segs[]. */
static unsigned make_segments(const struct flow *f, size_t total,
			      size_t mss)
{
	unsigned count = (unsigned)((total + mss - 1) / mss);

	assert_true(count <= SEGS_MAX);
	for (unsigned i = 0; i < count; i++) {
		size_t off = i * mss, n = total - off < mss ? total - off : mss;

		seg_len[i] = expected(f, i, count, off, n);
		memcpy(segs[i], want, seg_len[i]);
	}
	return count;
}

/* Join segs[0..count) and return how many joined; the GSO packet (headers
 * then payloads) in super, its virtio header in @vh, its length in @len. */
static unsigned join(enum tun_mode mode, unsigned count, struct vnet_hdr *vh,
		     size_t *len)
{
	struct gro g;
	size_t n = gro_start(&g, segs[0], seg_len[0], mode);
	size_t at;

	assert_true(n > 0);
	while (g.count < count && gro_append(&g, segs[g.count], seg_len[g.count]))
		;
	gro_finish(&g, super, vh);
	at = g.hdr_end;
	for (unsigned i = 0; i < g.count; i++) {
		memcpy(super + at, segs[i] + g.hdr_end, seg_len[i] - g.hdr_end);
		at += seg_len[i] - g.hdr_end;
	}
	*len = at;
	return g.count;
}

/* Joining the segments of @total bytes gives the packet the sender had
 * before cutting it, with the partial checksum the kernel expects; and
 * cutting that gives the segments back. */
static void check_join(const struct flow *f, size_t total, size_t mss)
{
	enum tun_mode mode = f->tap ? TUN_MODE_TAP : TUN_MODE_TUN;
	unsigned count = make_segments(f, total, mss);
	size_t l4 = l2_len(f) + l3_len(f), len, wlen;
	struct flow whole = *f;
	struct vnet_hdr vh;
	struct gso g;

	assert_int_equal(join(mode, count, &vh, &len), count);
	/* The last segment's flags: CWR never joins, PSH and FIN only
	 * on the last (FIN never joins either). */
	whole.flags = f->flags;
	wlen = build(want, &whole, data, total);
	be16(want + l4 + 16, pseudo_sum(f, wlen - l4));
	assert_int_equal(len, wlen);
	assert_memory_equal(super, want, wlen);
	assert_int_equal(vh.flags, VNET_F_NEEDS_CSUM);
	assert_int_equal(vh.gso_type, f->v6 ? VNET_GSO_TCPV6 : VNET_GSO_TCPV4);
	assert_int_equal(vh.hdr_len, headers_len(f));
	assert_int_equal(vh.gso_size, mss);
	assert_int_equal(vh.csum_start, l4);
	assert_int_equal(vh.csum_offset, 16);
	assert_int_equal(gso_start(&g, &vh, super, len, mode), (int)count);
	for (unsigned i = 0; i < count; i++) {
		assert_int_equal(gso_next(&g, seg, sizeof(seg)), (int)seg_len[i]);
		assert_memory_equal(seg, segs[i], seg_len[i]);
	}
}

static void join_tcp(void **state)
{
	struct flow f4 = { .tcp_opts = 12, .ip_id = 0xfffe, .seq = 0xfffff000,
			   .flags = TUN_TCP_ACK | TUN_TCP_PSH };
	struct flow f6 = { .v6 = true, .tap = true, .flags = TUN_TCP_ACK };

	(void)state;
	fill_data();
	check_join(&f4, 5000, 1448);
	check_join(&f4, 2 * 1448, 1448);
	check_join(&f6, 10 * 1000 + 1, 1000);
	/* Up to the largest IPv4 packet: 65535 - 20 - 32 bytes of data. */
	check_join(&f4, 45 * 1448 + 143, 1448);
}

/* gro_append() on segs[i] of a group started with segs[0..i). */
static size_t append_after(unsigned i, enum tun_mode mode)
{
	struct gro g;

	assert_true(gro_start(&g, segs[0], seg_len[0], mode) > 0);
	for (unsigned k = 1; k < i; k++)
		assert_true(gro_append(&g, segs[k], seg_len[k]) > 0);
	return gro_append(&g, segs[i], seg_len[i]);
}

/* The TCP checksum of an IPv4 packet, from the addresses it has. */
static void fix_tcp_checksum(uint8_t *p, size_t len)
{
	uint8_t ph[12] = { 0 };

	memcpy(ph, p + 12, 8);
	ph[9] = 6;
	be16(ph + 10, (unsigned)(len - 20));
	be16(p + 36, 0);
	be16(p + 36, (uint16_t)~sum16(p + 20, len - 20, sum16(ph, 12, 0)));
}

static void fix_ip_checksum(uint8_t *p)
{
	be16(p + 10, 0);
	be16(p + 10, (uint16_t)~sum16(p, 20, 0));
}

/* Segments that a segmentation could not have made stay apart. */
static void join_refused(void **state)
{
	static const struct {
		size_t at;
		uint8_t xor;
	} changes[] = {
		{ 1, 0x04 },  /* TOS */
		{ 5, 0x01 },  /* IPv4 id not the next */
		{ 6, 0x40 },  /* DF */
		{ 8, 0x01 },  /* TTL */
		{ 15, 0x01 }, /* source address */
		{ 19, 0x01 }, /* destination address */
		{ 21, 0x01 }, /* source port */
		{ 23, 0x01 }, /* destination port */
		{ 27, 0x01 }, /* sequence number: a gap */
		{ 31, 0x01 }, /* acknowledgement */
		{ 33, 0x02 }, /* SYN */
		{ 33, 0x01 }, /* FIN */
		{ 33, 0x80 }, /* CWR */
		{ 33, 0x20 }, /* URG */
		{ 35, 0x01 }, /* window */
		{ 39, 0x01 }, /* urgent pointer */
	};
	struct flow f = { .ip_id = 100, .seq = 1, .flags = TUN_TCP_ACK };

	(void)state;
	fill_data();
	make_segments(&f, 300, 100);
	assert_int_equal(append_after(1, TUN_MODE_TUN), 100);
	for (size_t k = 0; k < sizeof(changes) / sizeof(changes[0]); k++) {
		make_segments(&f, 300, 100);
		segs[1][changes[k].at] ^= changes[k].xor;
		fix_ip_checksum(segs[1]);
		fix_tcp_checksum(segs[1], seg_len[1]);
		assert_int_equal(append_after(1, TUN_MODE_TUN), 0);
	}
	/* A wrong checksum, TCP's or IPv4's. */
	make_segments(&f, 300, 100);
	segs[1][50] ^= 1;
	assert_int_equal(append_after(1, TUN_MODE_TUN), 0);
	make_segments(&f, 300, 100);
	segs[1][11] ^= 1;
	assert_int_equal(append_after(1, TUN_MODE_TUN), 0);
}

/* A segment longer than the first never joins; one as long does. */
static void join_longer_refused(void **state)
{
	struct flow f = { .flags = TUN_TCP_ACK };

	(void)state;
	fill_data();
	seg_len[0] = expected(&f, 0, 3, 0, 99);
	memcpy(segs[0], want, seg_len[0]);
	seg_len[1] = expected(&f, 1, 3, 99, 100);
	memcpy(segs[1], want, seg_len[1]);
	assert_int_equal(append_after(1, TUN_MODE_TUN), 0);
	seg_len[1] = expected(&f, 1, 3, 99, 99);
	memcpy(segs[1], want, seg_len[1]);
	assert_int_equal(append_after(1, TUN_MODE_TUN), 99);
}

/* A shorter segment, or one with PSH, is the last of its group. */
static void join_ends(void **state)
{
	struct flow f = { .flags = TUN_TCP_ACK };
	struct flow psh = { .flags = TUN_TCP_ACK | TUN_TCP_PSH };

	(void)state;
	fill_data();
	make_segments(&f, 400, 100);
	assert_int_equal(append_after(3, TUN_MODE_TUN), 100);
	/* The third with PSH: it joins, the fourth does not. */
	seg_len[2] = expected(&psh, 2, 3, 200, 100);
	memcpy(segs[2], want, seg_len[2]);
	assert_int_equal(append_after(2, TUN_MODE_TUN), 100);
	assert_int_equal(append_after(3, TUN_MODE_TUN), 0);
	/* The third shorter: likewise. */
	make_segments(&f, 400, 100);
	seg_len[2] = expected(&f, 2, 4, 200, 50);
	memcpy(segs[2], want, seg_len[2]);
	seg_len[3] = expected(&f, 3, 4, 250, 100);
	memcpy(segs[3], want, seg_len[3]);
	assert_int_equal(append_after(2, TUN_MODE_TUN), 50);
	assert_int_equal(append_after(3, TUN_MODE_TUN), 0);
}

/* What cannot start a group: SYN, UDP, no data, no packet. */
static void join_start_refused(void **state)
{
	struct flow syn = { .flags = TUN_TCP_SYN | TUN_TCP_ACK };
	struct flow udp = { .udp = true };
	struct flow ack = { .flags = TUN_TCP_ACK };
	struct gro g;

	(void)state;
	fill_data();
	make_segments(&syn, 100, 100);
	assert_int_equal(gro_start(&g, segs[0], seg_len[0], TUN_MODE_TUN), 0);
	make_segments(&udp, 100, 100);
	assert_int_equal(gro_start(&g, segs[0], seg_len[0], TUN_MODE_TUN), 0);
	seg_len[0] = expected(&ack, 0, 1, 0, 0);
	assert_int_equal(gro_start(&g, want, seg_len[0], TUN_MODE_TUN), 0);
	assert_int_equal(gro_start(&g, want, 0, TUN_MODE_TUN), 0);
	/* Nothing joins a group that never started. */
	make_segments(&ack, 200, 100);
	assert_int_equal(gro_append(&g, segs[1], seg_len[1]), 0);
}

/* At most GRO_SEGMENTS_MAX segments, and at most 65535 bytes of IP. */
static void join_limits(void **state)
{
	struct flow f = { .flags = TUN_TCP_ACK };
	struct vnet_hdr vh;
	size_t len;

	(void)state;
	fill_data();
	assert_int_equal(make_segments(&f, 70 * 10, 10), 70);
	assert_int_equal(join(TUN_MODE_TUN, 70, &vh, &len), GRO_SEGMENTS_MAX);
	/* 46 segments of 1448 would be 66608 bytes of data: 45 join. */
	assert_int_equal(make_segments(&f, 46 * 1448, 1448), 46);
	assert_int_equal(join(TUN_MODE_TUN, 46, &vh, &len), 45);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tcp4_tun),
		cmocka_unit_test(tcp6_tap),
		cmocka_unit_test(udp_l4),
		cmocka_unit_test(counters_wrap),
		cmocka_unit_test(udp_checksum_never_zero),
		cmocka_unit_test(csum_complete),
		cmocka_unit_test(csum_complete_refuses_bad_offsets),
		cmocka_unit_test(refused),
		cmocka_unit_test(data_valid_without_csum_offsets),
		cmocka_unit_test(small_buffer),
		cmocka_unit_test(tap_padding_is_not_data),
		cmocka_unit_test(header_round_trip),
		cmocka_unit_test(join_tcp),
		cmocka_unit_test(join_refused),
		cmocka_unit_test(join_longer_refused),
		cmocka_unit_test(join_ends),
		cmocka_unit_test(join_start_refused),
		cmocka_unit_test(join_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
