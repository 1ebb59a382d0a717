// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/*
 * The BSD routing-socket messages, sockaddrs and address requests
 * (lib/rtsock.c), checked byte by byte against the layouts in
 * docs/platforms.md §1.4 and §1.5: sizes and offsets of rt_msghdr,
 * sockaddr padding (4 on macOS, 8 elsewhere), AF_INET6 per OS,
 * in_aliasreq / in6_aliasreq.
 * Runs on any OS: nothing here touches a socket.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rtsock.h"

static struct tun_prefix prefix(const char *s)
{
	struct tun_prefix p;

	assert_int_equal(tun_prefix_parse(s, &p, NULL), 0);
	return p;
}

static struct tun_ip ip(const char *s)
{
	struct tun_ip a;

	assert_int_equal(tun_ip_parse(s, &a), 0);
	return a;
}

static unsigned u16_at(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return v;
}

static uint32_t u32_at(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static void put16(uint8_t *p, unsigned v)
{
	uint16_t x = (uint16_t)v;

	memcpy(p, &x, 2);
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static const uint8_t sin_10_0_0_0[16] = { 16, 2, 0, 0, 10, 0, 0, 0 };
static const uint8_t sin_mask24[16] = { 16, 2, 0, 0, 255, 255, 255, 0 };

/* ---- the layouts themselves ---------------------------------------------- */

static void layouts_match_platforms_md(void **state)
{
	(void)state;
	/* rt_msghdr: 92 B macOS, 152 B FreeBSD [cc]; RTM_VERSION 5 / 4. */
	assert_int_equal(rts_layout_darwin.hdr_size, 92);
	assert_int_equal(rts_layout_freebsd.hdr_size, 152);
	assert_int_equal(rts_layout_openbsd.hdr_size, 96);
	assert_int_equal(rts_layout_netbsd.hdr_size, 120);
	assert_int_equal(rts_layout_darwin.version, 5);
	assert_int_equal(rts_layout_freebsd.version, 5);
	assert_int_equal(rts_layout_openbsd.version, 5);
	assert_int_equal(rts_layout_netbsd.version, 4);
	/* AF_INET6: macOS 30, FreeBSD 28, OpenBSD and NetBSD 24. */
	assert_int_equal(rts_layout_darwin.af_inet6, 30);
	assert_int_equal(rts_layout_freebsd.af_inet6, 28);
	assert_int_equal(rts_layout_openbsd.af_inet6, 24);
	assert_int_equal(rts_layout_netbsd.af_inet6, 24);
	/* in_aliasreq 64 (FreeBSD 68: ifra_vhid); in6_aliasreq 128 (136). */
	assert_int_equal(rts_layout_darwin.in_aliasreq_size, 64);
	assert_int_equal(rts_layout_freebsd.in_aliasreq_size, 68);
	assert_int_equal(rts_layout_darwin.in6_aliasreq_size, 128);
	assert_int_equal(rts_layout_freebsd.in6_aliasreq_size, 136);
}

static void sockaddr_padding(void **state)
{
	(void)state;
	/* macOS ROUNDUP32: to 4, and 4 for an empty sockaddr. */
	assert_int_equal(rts_sa_space(&rts_layout_darwin, 0), 4);
	assert_int_equal(rts_sa_space(&rts_layout_darwin, 7), 8);
	assert_int_equal(rts_sa_space(&rts_layout_darwin, 16), 16);
	assert_int_equal(rts_sa_space(&rts_layout_darwin, 20), 20);
	assert_int_equal(rts_sa_space(&rts_layout_darwin, 28), 28);
	/* FreeBSD SA_SIZE: to sizeof(long) = 8. */
	assert_int_equal(rts_sa_space(&rts_layout_freebsd, 0), 8);
	assert_int_equal(rts_sa_space(&rts_layout_freebsd, 28), 32);
	assert_int_equal(rts_sa_space(&rts_layout_freebsd, 54), 56);
	assert_int_equal(rts_sa_space(&rts_layout_netbsd, 20), 24);
}

static void sockaddr_encoding(void **state)
{
	uint8_t b[64];
	struct tun_ip a6 = ip("fd00::1");
	const uint8_t dl[20] = { 20, 18, 7, 0 };

	(void)state;
	assert_int_equal(rts_put_ip(&rts_layout_darwin, b, &(struct tun_ip){
		.family = TUN_INET, .bytes = { 10, 0, 0, 0 } }, 0), 16);
	assert_memory_equal(b, sin_10_0_0_0, 16);

	/* sockaddr_in6: len 28, the OS's AF_INET6, address at 8, scope at 24 */
	assert_int_equal(rts_put_ip(&rts_layout_freebsd, b, &a6, 5), 28);
	assert_int_equal(b[0], 28);
	assert_int_equal(b[1], 28);
	assert_memory_equal(b + 8, a6.bytes, 16);
	assert_int_equal(u32_at(b + 24), 5);
	rts_put_ip(&rts_layout_darwin, b, &a6, 0);
	assert_int_equal(b[1], 30);

	assert_int_equal(rts_put_mask(&rts_layout_darwin, b, TUN_INET, 24), 16);
	assert_memory_equal(b, sin_mask24, 16);
	rts_put_mask(&rts_layout_darwin, b, TUN_INET6, 65);
	assert_int_equal(b[8 + 7], 0xff);
	assert_int_equal(b[8 + 8], 0x80);
	assert_int_equal(b[8 + 9], 0);

	/* sockaddr_dl for interface 7: 20 bytes on macOS, 54 on FreeBSD */
	assert_int_equal(rts_put_link(&rts_layout_darwin, b, 7), 20);
	assert_int_equal(u16_at(b + 2), 7);
	b[2] = b[3] = 0;
	assert_memory_equal(b, dl, 2);
	assert_int_equal(rts_put_link(&rts_layout_freebsd, b, 7), 54);
	assert_int_equal(b[0], 54);
	assert_int_equal(b[1], 18);
}

static void sockaddr_decoding(void **state)
{
	struct tun_ip a;
	unsigned len;
	/* a netmask the kernel shortened: sa_len 7, no family */
	const uint8_t mask7[8] = { 7, 0, 0, 0, 255, 255, 255, 0 };
	/* a link-local address with the KAME scope (interface 4) embedded */
	uint8_t ll[28] = { 28, 30, 0, 0, 0, 0, 0, 0, 0xfe, 0x80, 0, 4 };
	const uint8_t empty[4] = { 0 };
	const uint8_t holes[8] = { 8, 2, 0, 0, 255, 0, 255, 0 };

	(void)state;
	ll[8 + 15] = 1;
	assert_int_equal(rts_get_mask(&rts_layout_darwin, mask7, 8, TUN_INET,
				      &len), 0);
	assert_int_equal(len, 24);
	assert_int_equal(rts_get_mask(&rts_layout_darwin, empty, 4, TUN_INET,
				      &len), 0);
	assert_int_equal(len, 0);
	assert_int_equal(rts_get_mask(&rts_layout_darwin, holes, 8, TUN_INET,
				      &len), -EINVAL);

	assert_int_equal(rts_get_ip(&rts_layout_darwin, ll, 28, &a), 0);
	assert_int_equal(a.family, TUN_INET6);
	assert_true(tun_ip_equal(&a, &(struct tun_ip){ .family = TUN_INET6,
		.bytes = { 0xfe, 0x80, [15] = 1 } }));
	/* the same bytes mean nothing on FreeBSD, where AF_INET6 is 28 */
	assert_int_equal(rts_get_ip(&rts_layout_freebsd, ll, 28, &a),
			 -EAFNOSUPPORT);
	/* sa_len beyond what is there */
	assert_int_equal(rts_get_ip(&rts_layout_darwin, ll, 20, &a), -EBADMSG);
}

/* ---- building route messages --------------------------------------------- */

/* docs/platforms.md §1.4: a macOS RTM_ADD of 10.0.0.0/24 as an interface route
 * is 92 + 16 + 20 + 16 = 144 bytes: the header, then dst, gateway (a
 * sockaddr_dl with the index), netmask, each padded to 4. */
static void darwin_add_interface_route(void **state)
{
	uint8_t b[RTS_MSG_MAX];
	struct tun_route r = { .dst = prefix("10.0.0.0/24") };
	int n = rts_build_route(&rts_layout_darwin, b, RTS_RTM_ADD, 7, &r, 42);

	(void)state;
	assert_int_equal(n, 144);
	assert_int_equal(u16_at(b), 144);	/* rtm_msglen */
	assert_int_equal(b[2], 5);		/* rtm_version */
	assert_int_equal(b[3], 1);		/* rtm_type RTM_ADD */
	assert_int_equal(u16_at(b + 4), 0);	/* rtm_index */
	assert_int_equal(u32_at(b + 8), 0x801); /* RTF_UP | RTF_STATIC */
	assert_int_equal(u32_at(b + 12), 0x7);	/* DST | GATEWAY | NETMASK */
	assert_int_equal(u32_at(b + 20), 42);	/* rtm_seq */
	assert_memory_equal(b + 92, sin_10_0_0_0, 16);
	assert_int_equal(b[108], 20);		/* sdl_len */
	assert_int_equal(b[109], 18);		/* AF_LINK */
	assert_int_equal(u16_at(b + 110), 7);	/* sdl_index */
	assert_memory_equal(b + 128, sin_mask24, 16);
}

/* FreeBSD: 152-byte header, sockaddr_dl of 54 padded to 56:
 * 152 + 16 + 56 + 16 = 240. */
static void freebsd_add_interface_route(void **state)
{
	uint8_t b[RTS_MSG_MAX];
	struct tun_route r = { .dst = prefix("10.0.0.0/24") };
	int n = rts_build_route(&rts_layout_freebsd, b, RTS_RTM_ADD, 3, &r, 1);

	(void)state;
	assert_int_equal(n, 240);
	assert_int_equal(u16_at(b), 240);
	assert_int_equal(b[2], 5);
	assert_int_equal(u32_at(b + 12), 0x7);
	assert_memory_equal(b + 152, sin_10_0_0_0, 16);
	assert_int_equal(b[168], 54);
	assert_int_equal(u16_at(b + 170), 3);
	assert_memory_equal(b + 224, sin_mask24, 16);
}

/* OpenBSD: rtm_hdrlen at 4, index at 6, addrs at 12, flags at 16, seq at
 * 28; 96 + 16 + 32 + 16 = 160. */
static void openbsd_add_interface_route(void **state)
{
	uint8_t b[RTS_MSG_MAX];
	struct tun_route r = { .dst = prefix("10.0.0.0/24") };
	int n = rts_build_route(&rts_layout_openbsd, b, RTS_RTM_ADD, 3, &r, 9);

	(void)state;
	assert_int_equal(n, 160);
	assert_int_equal(u16_at(b + 4), 96);
	assert_int_equal(u32_at(b + 12), 0x7);
	assert_int_equal(u32_at(b + 16), 0x801);
	assert_int_equal(u32_at(b + 28), 9);
	assert_memory_equal(b + 96, sin_10_0_0_0, 16);
	assert_int_equal(b[112], 32);
	assert_memory_equal(b + 144, sin_mask24, 16);
}

/* NetBSD: version 4, 120-byte header, sockaddr_dl of NetBSD 10 (32 bytes,
 * sdl_data[24]): 120 + 16 + 32 + 16. */
static void netbsd_add_interface_route(void **state)
{
	uint8_t b[RTS_MSG_MAX];
	struct tun_route r = { .dst = prefix("10.0.0.0/24") };
	int n = rts_build_route(&rts_layout_netbsd, b, RTS_RTM_ADD, 3, &r, 9);

	(void)state;
	assert_int_equal(n, 184);
	assert_int_equal(b[2], 4);
	assert_memory_equal(b + 120, sin_10_0_0_0, 16);
	assert_int_equal(b[136], 32);
	assert_int_equal(b[137], 18); /* AF_LINK */
	assert_int_equal(u16_at(b + 138), 3); /* sdl_index */
	assert_memory_equal(b + 168, sin_mask24, 16);
}

/* A gateway route carries RTA_IFP so the kernel keeps it on our device:
 * dst, gateway, netmask, ifp. macOS IPv6: 92 + 28 * 3 + 20 = 196. */
static void darwin_add_gateway_route_v6(void **state)
{
	uint8_t b[RTS_MSG_MAX];
	struct tun_route r = { .dst = prefix("fd00:1::/64"),
			       .gateway = ip("fd00::2") };
	int n = rts_build_route(&rts_layout_darwin, b, RTS_RTM_ADD, 9, &r, 1);

	(void)state;
	assert_int_equal(n, 196);
	assert_int_equal(u32_at(b + 8), 0x803);	 /* UP | GATEWAY | STATIC */
	assert_int_equal(u32_at(b + 12), 0x17); /* DST GATEWAY NETMASK IFP */
	assert_int_equal(b[92], 28);
	assert_int_equal(b[93], 30);
	assert_memory_equal(b + 92 + 8, prefix("fd00:1::/64").ip.bytes, 16);
	assert_int_equal(b[120], 28);
	assert_memory_equal(b + 120 + 8, r.gateway.bytes, 16);
	assert_int_equal(b[148 + 8 + 7], 0xff); /* mask: 64 ones */
	assert_int_equal(b[148 + 8 + 8], 0);
	assert_int_equal(b[176], 20);
	assert_int_equal(u16_at(b + 178), 9);
}

/* FreeBSD pads each sockaddr_in6 to 32: 152 + 32 * 3 + 56 = 304. */
static void freebsd_add_gateway_route_v6(void **state)
{
	uint8_t b[RTS_MSG_MAX];
	struct tun_route r = { .dst = prefix("fd00:1::/64"),
			       .gateway = ip("fd00::2") };
	int n = rts_build_route(&rts_layout_freebsd, b, RTS_RTM_ADD, 9, &r, 1);

	(void)state;
	assert_int_equal(n, 304);
	assert_int_equal(b[152 + 1], 28);
	assert_int_equal(b[184], 28);
	assert_int_equal(b[216], 28);
	assert_int_equal(b[248], 54);
}

/* A host prefix is RTF_HOST without a netmask; a link-local gateway gets
 * the interface index in bytes 2-3 (KAME). */
static void host_route_and_link_local_gateway(void **state)
{
	uint8_t b[RTS_MSG_MAX];
	struct tun_route host = { .dst = prefix("10.1.2.3/32") };
	struct tun_route ll = { .dst = prefix("2001:db8::/32"),
				.gateway = ip("fe80::1") };
	int n = rts_build_route(&rts_layout_darwin, b, RTS_RTM_DELETE, 4,
				&host, 2);

	(void)state;
	assert_int_equal(n, 92 + 16 + 20);
	assert_int_equal(b[3], 2); /* RTM_DELETE */
	assert_int_equal(u32_at(b + 8), 0x805);
	assert_int_equal(u32_at(b + 12), 0x3);

	n = rts_build_route(&rts_layout_darwin, b, RTS_RTM_ADD, 0x0105, &ll, 3);
	assert_int_equal(n, 92 + 28 * 3 + 20);
	assert_int_equal(b[120 + 8], 0xfe);
	assert_int_equal(b[120 + 10], 0x01);
	assert_int_equal(b[120 + 11], 0x05);
}

static void build_rejects(void **state)
{
	uint8_t b[RTS_MSG_MAX];
	struct tun_route r = { .dst = prefix("10.0.0.0/8"),
			       .gateway = ip("fd00::1") };

	(void)state;
	assert_int_equal(rts_build_route(&rts_layout_darwin, b, 1, 1, &r, 0),
			 -EINVAL);
	r.gateway.family = TUN_FAMILY_NONE;
	assert_int_equal(rts_build_route(&rts_layout_darwin, b, 1, 0, &r, 0),
			 -EINVAL);
}

/* ---- parsing a dump ------------------------------------------------------- */

/* A header of @l at @b: version, type, index, flags, addrs; returns the
 * offset where sockaddrs start. */
static size_t canned_header(const struct rts_layout *l, uint8_t *b,
			    unsigned index, uint32_t flags, uint32_t addrs)
{
	memset(b, 0, l->hdr_size);
	b[2] = l->version;
	b[3] = RTS_RTM_GET;
	if (l->off_hdrlen)
		put16(b + l->off_hdrlen, l->hdr_size);
	put16(b + l->off_index, index);
	put32(b + l->off_flags, flags);
	put32(b + l->off_addrs, addrs);
	return l->hdr_size;
}

/* Two macOS entries as sysctl NET_RT_DUMP returns them: 10.0.0.0/24 through
 * utun3 (index 12; gateway sockaddr_dl, netmask shortened to 7 bytes), and
 * an ARP entry that a listing skips. */
static void darwin_dump(void **state)
{
	uint8_t buf[512] = { 0 };
	size_t off = canned_header(&rts_layout_darwin, buf, 12, 0x101, 0x7);
	size_t first, pos = 0, len;
	const uint8_t *msg;
	struct tun_prefix net;
	struct tun_route r;
	unsigned index;

	(void)state;
	memcpy(buf + off, sin_10_0_0_0, 16);
	off += 16;
	buf[off] = 20;
	buf[off + 1] = 18;
	put16(buf + off + 2, 12);
	off += 20;
	memcpy(buf + off, (uint8_t[]){ 7, 0, 0, 0, 255, 255, 255 }, 7);
	off += 8;
	put16(buf, (unsigned)off);
	first = off;
	off += canned_header(&rts_layout_darwin, buf + off, 12, 0x405, 0x3);
	memcpy(buf + off, (uint8_t[]){ 16, 2, 0, 0, 10, 0, 0, 2 }, 8);
	off += 16;
	buf[off] = 20;
	buf[off + 1] = 18;
	off += 20;
	put16(buf + first, (unsigned)(off - first));

	assert_int_equal(rts_next(buf, off, &pos, &msg, &len), 1);
	assert_int_equal(len, first);
	assert_int_equal(rts_parse_route(&rts_layout_darwin, msg, len, &r,
					 &index), 1);
	assert_int_equal(index, 12);
	net = prefix("10.0.0.0/24");
	assert_true(tun_ip_equal(&r.dst.ip, &net.ip));
	assert_int_equal(r.dst.len, 24);
	assert_int_equal(r.gateway.family, TUN_FAMILY_NONE);
	assert_int_equal(r.origin, TUN_ROUTE_KERNEL);

	assert_int_equal(rts_next(buf, off, &pos, &msg, &len), 1);
	assert_int_equal(rts_parse_route(&rts_layout_darwin, msg, len, &r,
					 &index), 0); /* RTF_LLINFO */
	assert_int_equal(rts_next(buf, off, &pos, &msg, &len), 0);
}

/* A FreeBSD gateway route (static, RTF_GATEWAY) to fd00:1::/64 via fd00::2
 * on interface 5, each sockaddr_in6 padded to 32. */
static void freebsd_dump_gateway_v6(void **state)
{
	const struct rts_layout *l = &rts_layout_freebsd;
	uint8_t buf[512] = { 0 };
	size_t off = canned_header(l, buf, 5, 0x803, 0x7);
	struct tun_prefix dst = prefix("fd00:1::/64");
	struct tun_ip gw = ip("fd00::2");
	struct tun_route r;
	unsigned index;

	(void)state;
	off += rts_sa_space(l, rts_put_ip(l, buf + off, &dst.ip, 0));
	off += rts_sa_space(l, rts_put_ip(l, buf + off, &gw, 0));
	off += rts_sa_space(l, rts_put_mask(l, buf + off, TUN_INET6, 64));
	put16(buf, (unsigned)off);
	assert_int_equal(off, 152 + 96);
	assert_int_equal(rts_parse_route(l, buf, off, &r, &index), 1);
	assert_int_equal(index, 5);
	assert_int_equal(r.dst.len, 64);
	assert_true(tun_ip_equal(&r.gateway, &gw));
	assert_int_equal(r.origin, TUN_ROUTE_STATIC);
}

/* OpenBSD finds the sockaddrs at rtm_hdrlen, and a host route without a
 * netmask is a /32. */
static void openbsd_dump_host(void **state)
{
	const struct rts_layout *l = &rts_layout_openbsd;
	uint8_t buf[256] = { 0 };
	size_t off = canned_header(l, buf, 2, 0x5, 0x3);
	struct tun_route r;
	unsigned index;

	(void)state;
	memcpy(buf + off, (uint8_t[]){ 16, 2, 0, 0, 10, 9, 8, 7 }, 8);
	off += 16;
	off += rts_sa_space(l, rts_put_link(l, buf + off, 2));
	put16(buf, (unsigned)off);
	assert_int_equal(rts_parse_route(l, buf, off, &r, &index), 1);
	assert_int_equal(index, 2);
	assert_int_equal(r.dst.len, 32);
	assert_int_equal(r.dst.ip.bytes[3], 7);
}

/* FreeBSD's default route: an empty netmask (sa_len 0) still takes one
 * 8-byte slot and means /0. */
static void freebsd_dump_default_route(void **state)
{
	const struct rts_layout *l = &rts_layout_freebsd;
	uint8_t buf[256] = { 0 };
	size_t off = canned_header(l, buf, 4, 0x803, 0x7);
	struct tun_ip gw = ip("10.0.0.2");
	struct tun_route r;
	unsigned index;

	(void)state;
	memcpy(buf + off, (uint8_t[]){ 16, 2 }, 2); /* 0.0.0.0 */
	off += 16;
	off += rts_sa_space(l, rts_put_ip(l, buf + off, &gw, 0));
	off += 8; /* the empty netmask */
	put16(buf, (unsigned)off);
	assert_int_equal(rts_parse_route(l, buf, off, &r, &index), 1);
	assert_int_equal(r.dst.len, 0);
	assert_true(tun_ip_equal(&r.gateway, &gw));
}

/* A macOS route via a link-local gateway: the kernel reports it with the
 * interface index in bytes 2-3, which a listing must not show. */
static void darwin_dump_link_local_gateway(void **state)
{
	const struct rts_layout *l = &rts_layout_darwin;
	uint8_t buf[256] = { 0 };
	size_t off = canned_header(l, buf, 5, 0x803, 0x7);
	struct tun_prefix dst = prefix("2001:db8::/32");
	struct tun_ip gw = ip("fe80:5::1"), want = ip("fe80::1");
	struct tun_route r;
	unsigned index;

	(void)state;
	off += rts_sa_space(l, rts_put_ip(l, buf + off, &dst.ip, 0));
	off += rts_sa_space(l, rts_put_ip(l, buf + off, &gw, 0));
	off += rts_sa_space(l, rts_put_mask(l, buf + off, TUN_INET6, 32));
	put16(buf, (unsigned)off);
	assert_int_equal(rts_parse_route(l, buf, off, &r, &index), 1);
	assert_true(tun_ip_equal(&r.gateway, &want));
	assert_int_equal(r.dst.len, 32);
}

static void dump_malformed(void **state)
{
	uint8_t buf[128] = { 0 };
	size_t pos = 0, len;
	const uint8_t *msg;
	struct tun_route r;
	unsigned index;

	(void)state;
	put16(buf, 200); /* longer than the buffer */
	assert_int_equal(rts_next(buf, 128, &pos, &msg, &len), -EBADMSG);
	/* a sockaddr running past the message */
	canned_header(&rts_layout_darwin, buf, 1, 0x1, 0x1);
	buf[92] = 28;
	buf[93] = 30;
	put16(buf, 100);
	assert_int_equal(rts_parse_route(&rts_layout_darwin, buf, 100, &r,
					 &index), -EBADMSG);
	/* wrong version: another program's format, skipped */
	buf[2] = 4;
	assert_int_equal(rts_parse_route(&rts_layout_darwin, buf, 100, &r,
					 &index), 0);
}

/* ---- address requests ----------------------------------------------------- */

/* macOS struct in_aliasreq (64 B): name, ifra_addr @16, ifra_dstaddr @32
 * (utun is point-to-point), ifra_mask @48. */
static void in_aliasreq_darwin(void **state)
{
	uint8_t b[128];
	struct tun_prefix local = prefix("10.0.0.1/24");
	struct tun_ip peer = ip("10.0.0.2");
	const uint8_t addr[16] = { 16, 2, 0, 0, 10, 0, 0, 1 };
	const uint8_t dst[16] = { 16, 2, 0, 0, 10, 0, 0, 2 };
	const uint8_t zero[16] = { 0 };

	(void)state;
	memset(b, 0xaa, sizeof(b));
	assert_int_equal(rts_in_aliasreq(&rts_layout_darwin, b, "utun3",
					 &local, &peer), 64);
	assert_string_equal((char *)b, "utun3");
	assert_memory_equal(b + 16, addr, 16);
	assert_memory_equal(b + 32, dst, 16);
	assert_memory_equal(b + 48, sin_mask24, 16);
	/* without a peer the broadcast/destination slot stays empty */
	assert_int_equal(rts_in_aliasreq(&rts_layout_darwin, b, "feth0",
					 &local, NULL), 64);
	assert_memory_equal(b + 32, zero, 16);
	assert_int_equal(rts_in_aliasreq(&rts_layout_darwin, b, "utun3",
					 &local, &(struct tun_ip){
						 .family = TUN_INET6 }),
			 -EINVAL);
}

/* FreeBSD: 68 bytes, ifra_vhid (the last 4) zero. */
static void in_aliasreq_freebsd(void **state)
{
	uint8_t b[128];
	struct tun_prefix local = prefix("192.0.2.1/30");

	(void)state;
	memset(b, 0xaa, sizeof(b));
	assert_int_equal(rts_in_aliasreq(&rts_layout_freebsd, b, "tun0",
					 &local, NULL), 68);
	assert_int_equal(b[48 + 7], 252);
	assert_int_equal(u32_at(b + 64), 0);
	assert_int_equal(b[68], 0xaa); /* nothing written beyond */
}

/* in6_aliasreq: addr @16, dstaddr @44, prefixmask @72 (sockaddr_in6 with
 * the OS's AF_INET6), flags @100 = IN6_IFF_NODAD on macOS and 0 elsewhere
 * (NetBSD refuses it, FreeBSD and OpenBSD ignore it), lifetime @104 with the
 * valid and preferred times @120 and @124 = ND6_INFINITE_LIFETIME. */
static void in6_aliasreq_layouts(void **state)
{
	uint8_t b[160];
	struct tun_prefix local = prefix("fd00::1/64");

	(void)state;
	assert_int_equal(rts_in6_aliasreq(&rts_layout_darwin, b, "utun3",
					  &local, NULL), 128);
	assert_int_equal(b[16], 28);
	assert_int_equal(b[17], 30);
	assert_memory_equal(b + 16 + 8, local.ip.bytes, 16);
	assert_int_equal(b[44], 0); /* no destination */
	assert_int_equal(b[72], 28);
	assert_int_equal(b[73], 30);
	assert_int_equal(b[72 + 8 + 7], 0xff);
	assert_int_equal(b[72 + 8 + 8], 0);
	assert_int_equal(u32_at(b + 100), 0x20);
	assert_int_equal(u32_at(b + 104), 0); /* expire: time_t, 0 */
	assert_int_equal(u32_at(b + 120), 0xffffffffu);
	assert_int_equal(u32_at(b + 124), 0xffffffffu);

	assert_int_equal(rts_in6_aliasreq(&rts_layout_freebsd, b, "tun0",
					  &local, &(struct tun_ip){
						  .family = TUN_INET6,
						  .bytes = { 0xfd, [15] = 2 } }),
			 136);
	assert_int_equal(b[17], 28);
	assert_int_equal(b[44], 28);
	assert_int_equal(b[44 + 8 + 15], 2);
	assert_int_equal(u32_at(b + 100), 0);
	assert_int_equal(u32_at(b + 128), 0); /* ifra_vhid */

	assert_int_equal(rts_in6_aliasreq(&rts_layout_netbsd, b, "tun0",
					  &local, NULL), 128);
	assert_int_equal(u32_at(b + 100), 0);

	memset(b, 0xaa, sizeof(b));
	assert_int_equal(rts_in6_aliasreq(&rts_layout_openbsd, b, "tun0",
					  &local, NULL), 128);
	assert_int_equal(b[17], 24);
	assert_int_equal(u32_at(b + 100), 0);
	assert_int_equal(u32_at(b + 120), 0xffffffffu);
	assert_int_equal(b[128], 0xaa); /* nothing written beyond */
}

static void ifreq_with_address(void **state)
{
	uint8_t b[288];
	struct tun_ip a = ip("fd00::1");

	(void)state;
	assert_int_equal(rts_ifreq_addr(&rts_layout_darwin, b, sizeof(b),
					"utun3", &a), 0);
	assert_string_equal((char *)b, "utun3");
	assert_int_equal(b[16], 28);
	assert_int_equal(b[17], 30);
	assert_int_equal(rts_ifreq_addr(&rts_layout_darwin, b, 32, "utun3", &a),
			 -EINVAL); /* an ifreq has no room for sockaddr_in6 */
	assert_int_equal(rts_ifreq_addr(&rts_layout_darwin, b, 32,
					"a-name-too-long-for-it",
					&(struct tun_ip){ .family = TUN_INET }),
			 -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(layouts_match_platforms_md),
		cmocka_unit_test(sockaddr_padding),
		cmocka_unit_test(sockaddr_encoding),
		cmocka_unit_test(sockaddr_decoding),
		cmocka_unit_test(darwin_add_interface_route),
		cmocka_unit_test(freebsd_add_interface_route),
		cmocka_unit_test(openbsd_add_interface_route),
		cmocka_unit_test(netbsd_add_interface_route),
		cmocka_unit_test(darwin_add_gateway_route_v6),
		cmocka_unit_test(freebsd_add_gateway_route_v6),
		cmocka_unit_test(host_route_and_link_local_gateway),
		cmocka_unit_test(build_rejects),
		cmocka_unit_test(darwin_dump),
		cmocka_unit_test(freebsd_dump_gateway_v6),
		cmocka_unit_test(openbsd_dump_host),
		cmocka_unit_test(freebsd_dump_default_route),
		cmocka_unit_test(darwin_dump_link_local_gateway),
		cmocka_unit_test(dump_malformed),
		cmocka_unit_test(in_aliasreq_darwin),
		cmocka_unit_test(in_aliasreq_freebsd),
		cmocka_unit_test(in6_aliasreq_layouts),
		cmocka_unit_test(ifreq_with_address),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
