// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/* The echo responder's reply builder, against the Linux kernel's own
 * replies to the same requests. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "packets.h"
#include "tunctl.h"

#define OUT_SIZE (65535 + 64)

/* The kernel that answered in packets.h had this MAC: answering from it
 * makes our ARP and neighbour replies comparable byte for byte. */
static const uint8_t DPB[6] = { 2, 0, 0, 0, 0, 0x0b };

struct reply {
	int action;
	size_t len;
	uint8_t out[OUT_SIZE];
};

static struct tun_echo_config config(enum tun_mode mode)
{
	struct tun_echo_config cfg = { .mode = mode };

	memcpy(cfg.mac, DPB, 6);
	return cfg;
}

static struct reply *answer(const struct tun_echo_config *cfg,
			    const uint8_t *req, size_t len)
{
	struct reply *r = test_malloc(sizeof(*r));
	uint8_t *copy = test_malloc(len ? len : 1);

	memcpy(copy, req, len);
	r->action = tun_echo_reply(cfg, copy, len, r->out, sizeof(r->out),
				   &r->len);
	/* Never an amplifier: no reply is larger than its request. */
	if (r->len > len)
		fail_msg("a %zu-byte reply to %zu bytes", r->len, len);
	test_free(copy);
	return r;
}

/* A reply must always be a whole, well-formed packet. */
static void assert_well_formed(const struct reply *r, enum tun_mode mode,
			       struct tun_packet *pkt)
{
	int ret = tun_packet_decode(r->out, r->len, mode, pkt);

	if (ret != 0)
		fail_msg("reply does not decode: %s", pkt->error);
	assert_true(tun_packet_checksums_ok(r->out, pkt));
}

static void assert_action(const struct tun_echo_config *cfg,
			  const uint8_t *req, size_t len, int action)
{
	struct reply *r = answer(cfg, req, len);

	assert_int_equal(r->action, action);
	if (action != TUN_ECHO_REPLY && action != TUN_ECHO_NEIGHBOUR)
		assert_int_equal(r->len, 0);
	test_free(r);
}

static void icmp_echo_tap_matches_kernel(void **state)
{
	struct tun_echo_config cfg = config(TUN_MODE_TAP);
	struct reply *r = answer(&cfg, eth_icmp_echo_request,
				 sizeof(eth_icmp_echo_request));
	const uint8_t *want = eth_icmp_echo_reply;
	struct tun_packet pkt;

	(void)state;
	assert_int_equal(r->action, TUN_ECHO_REPLY);
	assert_int_equal(r->len, sizeof(eth_icmp_echo_reply));
	/* Ethernet: back to the sender, from us. */
	assert_memory_equal(r->out, want, 14);
	/* IPv4: same version, TOS, length, TTL, protocol, addresses; the
	 * identification is ours to choose, so is the checksum then. */
	assert_memory_equal(r->out + 14, want + 14, 4);
	assert_memory_equal(r->out + 14 + 8, want + 14 + 8, 2);
	assert_memory_equal(r->out + 14 + 12, want + 14 + 12, 8);
	/* ICMP: identical to the kernel's. */
	assert_memory_equal(r->out + 34, want + 34, 64);
	assert_well_formed(r, TUN_MODE_TAP, &pkt);
	assert_int_equal(pkt.icmp_type, 0);
	test_free(r);
}

static void icmp_echo_tun(void **state)
{
	struct tun_echo_config cfg = config(TUN_MODE_TUN);
	struct reply *r = answer(&cfg, ETH_STRIP(eth_icmp_echo_request));
	struct tun_packet pkt;

	(void)state;
	assert_int_equal(r->action, TUN_ECHO_REPLY);
	assert_int_equal(r->len, 84);
	assert_memory_equal(r->out + 20, eth_icmp_echo_reply + 34, 64);
	assert_well_formed(r, TUN_MODE_TUN, &pkt);
	assert_int_equal(pkt.ttl, 64);
	test_free(r);
}

static void icmp_echo_with_options(void **state)
{
	struct tun_echo_config cfg = config(TUN_MODE_TUN);
	struct reply *r = answer(&cfg, ETH_STRIP(eth_icmp_echo_request_rr));
	struct tun_packet pkt;

	(void)state;
	/* Options are not copied: a plain 20-byte header. */
	assert_int_equal(r->action, TUN_ECHO_REPLY);
	assert_int_equal(r->len, 20 + 64);
	assert_int_equal(r->out[0], 0x45);
	assert_well_formed(r, TUN_MODE_TUN, &pkt);
	assert_int_equal(pkt.icmp_type, 0);
	assert_int_equal(pkt.icmp_id, 20071);
	assert_memory_equal(r->out + 28, eth_icmp_echo_request_rr + 14 + 68,
			    56);
	test_free(r);
}

static void icmpv6_echo_matches_kernel(void **state)
{
	struct tun_echo_config cfg = config(TUN_MODE_TAP);
	struct reply *r = answer(&cfg, eth_icmp6_echo_request,
				 sizeof(eth_icmp6_echo_request));
	const uint8_t *want = eth_icmp6_echo_reply;
	struct tun_packet pkt;

	(void)state;
	assert_int_equal(r->action, TUN_ECHO_REPLY);
	assert_int_equal(r->len, sizeof(eth_icmp6_echo_reply));
	assert_memory_equal(r->out, want, 14);
	/* Payload length, next header, hop limit, addresses and the whole
	 * ICMPv6 message, checksum included; the flow label is the
	 * request's where the kernel picks its own. */
	assert_memory_equal(r->out + 18, want + 18, sizeof(eth_icmp6_echo_reply) - 18);
	assert_well_formed(r, TUN_MODE_TAP, &pkt);
	test_free(r);

	cfg.mode = TUN_MODE_TUN;
	r = answer(&cfg, ETH_STRIP(eth_icmp6_echo_request));
	assert_int_equal(r->action, TUN_ECHO_REPLY);
	assert_memory_equal(r->out + 4, want + 18, sizeof(eth_icmp6_echo_reply) - 18);
	test_free(r);
}

static void icmpv6_echo_past_extension_headers(void **state)
{
	/* The echo request behind a hop-by-hop header of 8 bytes. */
	const uint8_t *req = eth_icmp6_echo_request + 14;
	uint8_t p[40 + 8 + 64] = { 0 };
	struct tun_echo_config cfg = config(TUN_MODE_TUN);
	struct tun_packet pkt;
	struct reply *r;

	(void)state;
	memcpy(p, req, 40);
	p[5] = 8 + 64;
	p[6] = 0;
	p[40] = TUN_PROTO_ICMPV6;
	memcpy(p + 48, req + 40, 64);
	r = answer(&cfg, p, sizeof(p));
	assert_int_equal(r->action, TUN_ECHO_REPLY);
	assert_int_equal(r->len, 40 + 64);
	assert_memory_equal(r->out + 4, eth_icmp6_echo_reply + 18, 40 + 64 - 4);
	assert_well_formed(r, TUN_MODE_TUN, &pkt);
	test_free(r);
}

static void arp_matches_kernel(void **state)
{
	struct tun_echo_config cfg = config(TUN_MODE_TAP);
	struct reply *r = answer(&cfg, eth_arp_request, sizeof(eth_arp_request));
	uint8_t padded[60] = { 0 };

	(void)state;
	assert_int_equal(r->action, TUN_ECHO_NEIGHBOUR);
	assert_int_equal(r->len, sizeof(eth_arp_reply));
	assert_memory_equal(r->out, eth_arp_reply, sizeof(eth_arp_reply));
	test_free(r);

	memcpy(padded, eth_arp_request, sizeof(eth_arp_request));
	r = answer(&cfg, padded, sizeof(padded));
	assert_int_equal(r->action, TUN_ECHO_NEIGHBOUR);
	assert_memory_equal(r->out, eth_arp_reply, sizeof(eth_arp_reply));
	test_free(r);
}

static void arp_not_answered(void **state)
{
	struct tun_echo_config cfg = config(TUN_MODE_TAP);
	struct tun_ip own;
	uint8_t f[sizeof(eth_arp_request)];

	(void)state;
	/* A reply is not a question. */
	assert_action(&cfg, eth_arp_reply, sizeof(eth_arp_reply),
		      TUN_ECHO_DROP);
	/* The interface's own address. */
	assert_int_equal(tun_ip_parse("10.0.0.2", &own), 0);
	cfg.own = &own;
	cfg.nown = 1;
	assert_action(&cfg, eth_arp_request, sizeof(eth_arp_request),
		      TUN_ECHO_DROP);
	cfg.nown = 0;
	/* A probe (sender 0.0.0.0, RFC 5227) must not be answered. */
	memcpy(f, eth_arp_request, sizeof(f));
	memset(f + 28, 0, 4);
	assert_action(&cfg, f, sizeof(f), TUN_ECHO_DROP);
	/* Nor an announcement (sender == target). */
	memcpy(f, eth_arp_request, sizeof(f));
	f[31] = 2;
	assert_action(&cfg, f, sizeof(f), TUN_ECHO_DROP);
	/* Truncated. */
	assert_action(&cfg, eth_arp_request, 40, TUN_ECHO_MALFORMED);
}

static void neighbour_advert_matches_kernel(void **state)
{
	struct tun_echo_config cfg = config(TUN_MODE_TAP);
	struct reply *r = answer(&cfg, eth_ns, sizeof(eth_ns));
	struct tun_packet pkt;

	(void)state;
	assert_int_equal(r->action, TUN_ECHO_NEIGHBOUR);
	assert_int_equal(r->len, sizeof(eth_na));
	assert_memory_equal(r->out, eth_na, sizeof(eth_na));
	assert_well_formed(r, TUN_MODE_TAP, &pkt);
	assert_int_equal(pkt.ttl, 255);
	test_free(r);
}

/* Changes the bytes after a header field and recomputes the checksums so
 * that only the change itself is judged. */
static void fix_checksums(uint8_t *p, size_t len, enum tun_mode mode)
{
	struct tun_packet pkt;
	uint8_t *t;
	size_t at;
	uint32_t sum = 0;
	uint16_t c;

	assert_int_equal(tun_packet_decode(p, len, mode, &pkt), 0);
	if (pkt.net == TUN_NET_IPV4) {
		uint8_t *h = p + pkt.net_offset;

		h[10] = h[11] = 0;
		c = tun_checksum_fold(tun_checksum_add(0, h, (h[0] & 15) * 4u));
		h[10] = (uint8_t)(c >> 8);
		h[11] = (uint8_t)c;
	}
	t = p + pkt.transport_offset;
	at = pkt.proto == TUN_PROTO_UDP ? 6 : pkt.proto == TUN_PROTO_TCP ? 16 : 2;
	t[at] = t[at + 1] = 0;
	if (pkt.proto != TUN_PROTO_ICMP)
		sum = tun_checksum_pseudo(&pkt.src, &pkt.dst, pkt.proto,
					  (uint32_t)pkt.transport_len);
	c = tun_checksum_fold(tun_checksum_add(sum, t, pkt.transport_len));
	t[at] = (uint8_t)(c >> 8);
	t[at + 1] = (uint8_t)c;
	assert_true(tun_packet_checksums_ok(p, &pkt));
}

static void neighbour_solicit_not_answered(void **state)
{
	struct tun_echo_config cfg = config(TUN_MODE_TAP);
	uint8_t f[sizeof(eth_ns)];
	struct tun_ip own;

	(void)state;
	/* TUN devices have no neighbours. */
	cfg.mode = TUN_MODE_TUN;
	assert_action(&cfg, ETH_STRIP(eth_ns), TUN_ECHO_DROP);
	cfg.mode = TUN_MODE_TAP;
	/* Duplicate address detection: source :: */
	memcpy(f, eth_ns, sizeof(f));
	memset(f + 14 + 8, 0, 16);
	fix_checksums(f, sizeof(f), TUN_MODE_TAP);
	assert_action(&cfg, f, sizeof(f), TUN_ECHO_DROP);
	/* Hop limit below 255: not from the link (RFC 4861 7.1.1). */
	memcpy(f, eth_ns, sizeof(f));
	f[14 + 7] = 64;
	assert_action(&cfg, f, sizeof(f), TUN_ECHO_DROP);
	/* The interface's own address. */
	assert_int_equal(tun_ip_parse("fd00::2", &own), 0);
	cfg.own = &own;
	cfg.nown = 1;
	assert_action(&cfg, eth_ns, sizeof(eth_ns), TUN_ECHO_DROP);
	/* A wrong checksum. */
	cfg.nown = 0;
	memcpy(f, eth_ns, sizeof(f));
	f[sizeof(f) - 1] ^= 0x10;
	assert_action(&cfg, f, sizeof(f), TUN_ECHO_MALFORMED);
}

/* eth_ns without its source link-layer option, sent to @dst. */
static size_t solicit_without_lladdr(uint8_t *f, const char *dst)
{
	struct tun_ip ip;
	size_t len = sizeof(eth_ns) - 8;

	memcpy(f, eth_ns, len);
	f[14 + 5] = 24; /* payload length */
	assert_int_equal(tun_ip_parse(dst, &ip), 0);
	memcpy(f + 14 + 24, ip.bytes, 16);
	if (ip.bytes[0] != 0xff)
		memcpy(f, DPB, 6);
	fix_checksums(f, len, TUN_MODE_TAP);
	return len;
}

/* A reachability probe (unicast, no options, 78 bytes) gets a 78-byte
 * advert without the target's address; a multicast solicitation without
 * the sender's address is not answered, since the answer would be bigger. */
static void neighbour_solicit_without_lladdr(void **state)
{
	struct tun_echo_config cfg = config(TUN_MODE_TAP);
	uint8_t f[sizeof(eth_ns)];
	size_t len = solicit_without_lladdr(f, "fd00::2");
	struct reply *r = answer(&cfg, f, len);
	struct tun_packet pkt;

	(void)state;
	assert_int_equal(len, 78);
	assert_int_equal(r->action, TUN_ECHO_NEIGHBOUR);
	assert_int_equal(r->len, 78);
	assert_well_formed(r, TUN_MODE_TAP, &pkt);
	assert_int_equal(pkt.icmp_type, 136);
	assert_int_equal(pkt.transport_len, 24);
	assert_int_equal(r->out[14 + 40 + 4], 0x40); /* solicited only */
	assert_memory_equal(pkt.nd_target.bytes, f + 14 + 24, 16);
	assert_memory_equal(r->out, eth_ns + 6, 6); /* back to the sender */
	test_free(r);
	len = solicit_without_lladdr(f, "ff02::1:ff00:2");
	assert_action(&cfg, f, len, TUN_ECHO_DROP);
}

static void udp_reflected(void **state)
{
	struct tun_echo_config cfg = config(TUN_MODE_TUN);
	struct tun_packet pkt;
	struct reply *r;

	(void)state;
	assert_action(&cfg, ETH_STRIP(eth_udp4), TUN_ECHO_DROP);
	cfg.udp = true;
	r = answer(&cfg, ETH_STRIP(eth_udp4));
	assert_int_equal(r->action, TUN_ECHO_REPLY);
	assert_int_equal(r->len, 34);
	assert_well_formed(r, TUN_MODE_TUN, &pkt);
	{
		struct tun_ip a, b;

		assert_int_equal(tun_ip_parse("10.0.0.2", &a), 0);
		assert_int_equal(tun_ip_parse("10.0.0.1", &b), 0);
		assert_true(tun_ip_equal(&pkt.src, &a));
		assert_true(tun_ip_equal(&pkt.dst, &b));
	}
	assert_int_equal(pkt.sport, 7777);
	assert_int_equal(pkt.dport, 55013);
	assert_memory_equal(r->out + pkt.payload_offset, "hello\n", 6);
	test_free(r);

	cfg.mode = TUN_MODE_TAP;
	r = answer(&cfg, eth_udp6, sizeof(eth_udp6));
	assert_int_equal(r->action, TUN_ECHO_REPLY);
	assert_well_formed(r, TUN_MODE_TAP, &pkt);
	assert_int_equal(pkt.sport, 7777);
	assert_int_equal(pkt.dport, 59508);
	assert_memory_equal(r->out + pkt.payload_offset, "hello6\n", 7);
	test_free(r);
}

static void udp_without_checksum_answered_with_one(void **state)
{
	struct tun_echo_config cfg = config(TUN_MODE_TUN);
	uint8_t p[sizeof(eth_udp4) - 14];
	struct tun_packet pkt;
	struct reply *r;

	(void)state;
	cfg.udp = true;
	memcpy(p, eth_udp4 + 14, sizeof(p));
	p[26] = p[27] = 0; /* "no checksum" */
	r = answer(&cfg, p, sizeof(p));
	assert_int_equal(r->action, TUN_ECHO_REPLY);
	assert_well_formed(r, TUN_MODE_TUN, &pkt);
	assert_false(r->out[26] == 0 && r->out[27] == 0);
	test_free(r);
}

static void dropped(void **state)
{
	struct tun_echo_config cfg = config(TUN_MODE_TAP);

	(void)state;
	cfg.udp = true;
	/* Replies, TCP, multicast listener reports, router solicitations,
	 * error messages, fragments. */
	assert_action(&cfg, eth_icmp_echo_reply, sizeof(eth_icmp_echo_reply),
		      TUN_ECHO_DROP);
	assert_action(&cfg, eth_icmp6_echo_reply, sizeof(eth_icmp6_echo_reply),
		      TUN_ECHO_DROP);
	assert_action(&cfg, eth_tcp_syn, sizeof(eth_tcp_syn), TUN_ECHO_DROP);
	assert_action(&cfg, eth_mld_report_hbh, sizeof(eth_mld_report_hbh),
		      TUN_ECHO_DROP);
	assert_action(&cfg, eth_rs, sizeof(eth_rs), TUN_ECHO_DROP);
	assert_action(&cfg, eth_na, sizeof(eth_na), TUN_ECHO_DROP);
	assert_action(&cfg, eth_icmp6_port_unreachable,
		      sizeof(eth_icmp6_port_unreachable), TUN_ECHO_DROP);
	assert_action(&cfg, eth_icmp6_frag_first, sizeof(eth_icmp6_frag_first),
		      TUN_ECHO_DROP);
	assert_action(&cfg, eth_icmp6_frag_second,
		      sizeof(eth_icmp6_frag_second), TUN_ECHO_DROP);
}

static void broadcast_and_multicast_not_echoed(void **state)
{
	struct tun_echo_config cfg = config(TUN_MODE_TAP);
	uint8_t f[sizeof(eth_icmp_echo_request)];
	uint8_t f6[sizeof(eth_icmp6_echo_request)];

	(void)state;
	/* To the Ethernet broadcast address (ping -b). */
	memcpy(f, eth_icmp_echo_request, sizeof(f));
	memset(f, 0xff, 6);
	assert_action(&cfg, f, sizeof(f), TUN_ECHO_DROP);
	/* To 224.0.0.1 and 255.255.255.255. */
	memcpy(f, eth_icmp_echo_request, sizeof(f));
	memcpy(f + 30, (uint8_t[]){ 224, 0, 0, 1 }, 4);
	fix_checksums(f, sizeof(f), TUN_MODE_TAP);
	assert_action(&cfg, f, sizeof(f), TUN_ECHO_DROP);
	memset(f + 30, 0xff, 4);
	fix_checksums(f, sizeof(f), TUN_MODE_TAP);
	assert_action(&cfg, f, sizeof(f), TUN_ECHO_DROP);
	/* To ff02::1 over TUN. */
	memcpy(f6, eth_icmp6_echo_request, sizeof(f6));
	memcpy(f6 + 38, (uint8_t[]){ 0xff, 2 }, 2);
	memset(f6 + 40, 0, 13);
	f6[53] = 1;
	fix_checksums(f6 + 14, sizeof(f6) - 14, TUN_MODE_TUN);
	cfg.mode = TUN_MODE_TUN;
	assert_action(&cfg, f6 + 14, sizeof(f6) - 14, TUN_ECHO_DROP);
}

static void any_unicast_destination(void **state)
{
	/* "ping 10.1.2.3" routed into the device: answered from 10.1.2.3. */
	struct tun_echo_config cfg = config(TUN_MODE_TUN);
	uint8_t p[sizeof(eth_icmp_echo_request) - 14];
	struct tun_packet pkt;
	struct reply *r;

	(void)state;
	memcpy(p, eth_icmp_echo_request + 14, sizeof(p));
	memcpy(p + 16, (uint8_t[]){ 10, 1, 2, 3 }, 4);
	fix_checksums(p, sizeof(p), TUN_MODE_TUN);
	r = answer(&cfg, p, sizeof(p));
	assert_int_equal(r->action, TUN_ECHO_REPLY);
	assert_well_formed(r, TUN_MODE_TUN, &pkt);
	assert_memory_equal(pkt.src.bytes, ((uint8_t[]){ 10, 1, 2, 3 }), 4);
	test_free(r);
}

static void malformed_requests(void **state)
{
	struct tun_echo_config cfg = config(TUN_MODE_TUN);
	uint8_t p[sizeof(eth_icmp_echo_request) - 14];

	(void)state;
	memcpy(p, eth_icmp_echo_request + 14, sizeof(p));
	p[sizeof(p) - 1] ^= 0xff;
	assert_action(&cfg, p, sizeof(p), TUN_ECHO_MALFORMED);
	for (size_t len = 0; len < sizeof(p); len++)
		assert_action(&cfg, eth_icmp_echo_request + 14, len,
			      TUN_ECHO_MALFORMED);
	cfg.mode = TUN_MODE_TAP;
	for (size_t len = 0; len < sizeof(eth_ns); len++)
		assert_action(&cfg, eth_ns, len, TUN_ECHO_MALFORMED);
}

static void vlan_tags_kept(void **state)
{
	struct tun_echo_config cfg = config(TUN_MODE_TAP);
	uint8_t f[sizeof(eth_arp_request) + 4];
	struct reply *r;
	struct tun_packet pkt;

	(void)state;
	memcpy(f, eth_arp_request, 12);
	memcpy(f + 12, (uint8_t[]){ 0x81, 0x00, 0x00, 0x2a }, 4);
	memcpy(f + 16, eth_arp_request + 12, sizeof(eth_arp_request) - 12);
	r = answer(&cfg, f, sizeof(f));
	assert_int_equal(r->action, TUN_ECHO_NEIGHBOUR);
	assert_int_equal(r->len, sizeof(eth_arp_reply) + 4);
	assert_memory_equal(r->out + 12, f + 12, 4);
	assert_memory_equal(r->out + 16, eth_arp_reply + 12,
			    sizeof(eth_arp_reply) - 12);
	assert_well_formed(r, TUN_MODE_TAP, &pkt);
	assert_int_equal(pkt.vlan[0], 42);
	test_free(r);
}

static void no_room(void **state)
{
	struct tun_echo_config cfg = config(TUN_MODE_TUN);
	uint8_t out[83];
	size_t len = 7;

	(void)state;
	assert_int_equal(tun_echo_reply(&cfg, ETH_STRIP(eth_icmp_echo_request),
					out, sizeof(out), &len),
			 -ENOBUFS);
	assert_int_equal(len, 0);
}

static void stable_mac(void **state)
{
	uint8_t a[6], b[6], c[6];

	(void)state;
	tun_echo_mac("tap0", a);
	tun_echo_mac("tap0", b);
	tun_echo_mac("tap1", c);
	assert_memory_equal(a, b, 6);
	assert_memory_not_equal(a, c, 6);
	assert_int_equal(a[0] & 3, 2); /* locally administered, unicast */
	assert_int_equal(a[1], 0x74);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(icmp_echo_tap_matches_kernel),
		cmocka_unit_test(icmp_echo_tun),
		cmocka_unit_test(icmp_echo_with_options),
		cmocka_unit_test(icmpv6_echo_matches_kernel),
		cmocka_unit_test(icmpv6_echo_past_extension_headers),
		cmocka_unit_test(arp_matches_kernel),
		cmocka_unit_test(arp_not_answered),
		cmocka_unit_test(neighbour_advert_matches_kernel),
		cmocka_unit_test(neighbour_solicit_not_answered),
		cmocka_unit_test(neighbour_solicit_without_lladdr),
		cmocka_unit_test(udp_reflected),
		cmocka_unit_test(udp_without_checksum_answered_with_one),
		cmocka_unit_test(dropped),
		cmocka_unit_test(broadcast_and_multicast_not_echoed),
		cmocka_unit_test(any_unicast_destination),
		cmocka_unit_test(malformed_requests),
		cmocka_unit_test(vlan_tags_kept),
		cmocka_unit_test(no_room),
		cmocka_unit_test(stable_mac),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
