// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/* The packet decoder and the Internet checksum, on real packet bytes. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "packets.h"
#include "tunctl.h"

static void assert_ip(const struct tun_ip *ip, const char *text)
{
	struct tun_ip want;

	assert_int_equal(tun_ip_parse(text, &want), 0);
	if (!tun_ip_equal(ip, &want)) {
		char buf[TUN_ADDRSTRLEN];

		fail_msg("address %s, expected %s",
			 tun_ip_format(ip, buf, sizeof(buf)), text);
	}
}

static void decode_ok(const uint8_t *p, size_t len, enum tun_mode mode,
		      struct tun_packet *pkt)
{
	int ret = tun_packet_decode(p, len, mode, pkt);

	if (ret != 0)
		fail_msg("decode failed: %s", pkt->error);
	assert_null(pkt->error);
	assert_int_equal(pkt->len, len);
}

static const unsigned ALL_LAYERS =
	TUN_LAYER_ETH | TUN_LAYER_NET | TUN_LAYER_TRANSPORT;

static void icmp_echo_over_tap(void **state)
{
	static const uint8_t dpa[6] = { 2, 0, 0, 0, 0, 0x0a };
	static const uint8_t dpb[6] = { 2, 0, 0, 0, 0, 0x0b };
	struct tun_packet pkt;

	(void)state;
	decode_ok(eth_icmp_echo_request, sizeof(eth_icmp_echo_request),
		  TUN_MODE_TAP, &pkt);
	assert_int_equal(pkt.layers, ALL_LAYERS);
	assert_memory_equal(pkt.eth_src, dpa, 6);
	assert_memory_equal(pkt.eth_dst, dpb, 6);
	assert_int_equal(pkt.ethertype, 0x0800);
	assert_int_equal(pkt.nvlan, 0);
	assert_int_equal(pkt.net, TUN_NET_IPV4);
	assert_int_equal(pkt.net_offset, 14);
	assert_int_equal(pkt.net_len, 84);
	assert_ip(&pkt.src, "10.0.0.1");
	assert_ip(&pkt.dst, "10.0.0.2");
	assert_int_equal(pkt.ttl, 64);
	assert_int_equal(pkt.ip_id, 0x96ec);
	assert_int_equal(pkt.proto, TUN_PROTO_ICMP);
	assert_false(pkt.fragment);
	assert_int_equal(pkt.transport_offset, 34);
	assert_int_equal(pkt.transport_len, 64);
	assert_int_equal(pkt.icmp_type, 8);
	assert_int_equal(pkt.icmp_code, 0);
	assert_int_equal(pkt.icmp_id, 20070);
	assert_int_equal(pkt.icmp_seq, 1);
	assert_int_equal(pkt.payload_offset, 42);
	assert_int_equal(pkt.payload_len, 56);
	assert_true(tun_packet_checksums_ok(eth_icmp_echo_request, &pkt));

	decode_ok(eth_icmp_echo_reply, sizeof(eth_icmp_echo_reply),
		  TUN_MODE_TAP, &pkt);
	assert_int_equal(pkt.icmp_type, 0);
	assert_int_equal(pkt.icmp_id, 20070);
	assert_ip(&pkt.src, "10.0.0.2");
	assert_true(tun_packet_checksums_ok(eth_icmp_echo_reply, &pkt));
}

static void icmp_echo_over_tun(void **state)
{
	struct tun_packet pkt;

	(void)state;
	decode_ok(ETH_STRIP(eth_icmp_echo_request), TUN_MODE_TUN, &pkt);
	assert_int_equal(pkt.layers, TUN_LAYER_NET | TUN_LAYER_TRANSPORT);
	assert_int_equal(pkt.net_offset, 0);
	assert_int_equal(pkt.transport_offset, 20);
	assert_int_equal(pkt.icmp_seq, 1);
	assert_true(tun_packet_checksums_ok(eth_icmp_echo_request + 14, &pkt));
}

static void ipv4_options(void **state)
{
	struct tun_packet pkt;

	(void)state;
	decode_ok(ETH_STRIP(eth_icmp_echo_request_rr), TUN_MODE_TUN, &pkt);
	assert_int_equal(pkt.net_len, 124);
	assert_int_equal(pkt.transport_offset, 60); /* IHL 15 */
	assert_int_equal(pkt.transport_len, 64);
	assert_int_equal(pkt.icmp_type, 8);
	assert_int_equal(pkt.icmp_id, 20071);
	assert_true(tun_packet_checksums_ok(eth_icmp_echo_request_rr + 14,
					    &pkt));
}

static void icmpv6_echo(void **state)
{
	struct tun_packet pkt;

	(void)state;
	decode_ok(eth_icmp6_echo_request, sizeof(eth_icmp6_echo_request),
		  TUN_MODE_TAP, &pkt);
	assert_int_equal(pkt.layers, ALL_LAYERS);
	assert_int_equal(pkt.ethertype, 0x86dd);
	assert_int_equal(pkt.net, TUN_NET_IPV6);
	assert_ip(&pkt.src, "fd00::1");
	assert_ip(&pkt.dst, "fd00::2");
	assert_int_equal(pkt.ttl, 64);
	assert_int_equal(pkt.proto, TUN_PROTO_ICMPV6);
	assert_int_equal(pkt.transport_offset, 54);
	assert_int_equal(pkt.icmp_type, 128);
	assert_int_equal(pkt.icmp_id, 20072);
	assert_int_equal(pkt.icmp_seq, 1);
	assert_int_equal(pkt.payload_len, 56);
	assert_true(tun_packet_checksums_ok(eth_icmp6_echo_request, &pkt));

	decode_ok(ETH_STRIP(eth_icmp6_echo_reply), TUN_MODE_TUN, &pkt);
	assert_int_equal(pkt.icmp_type, 129);
	assert_int_equal(pkt.transport_offset, 40);
	assert_true(tun_packet_checksums_ok(eth_icmp6_echo_reply + 14, &pkt));
}

static void ipv6_hop_by_hop(void **state)
{
	struct tun_packet pkt;

	(void)state;
	decode_ok(eth_mld_report_hbh, sizeof(eth_mld_report_hbh), TUN_MODE_TAP,
		  &pkt);
	assert_ip(&pkt.src, "fe80::ff:fe00:a");
	assert_ip(&pkt.dst, "ff02::16");
	assert_int_equal(pkt.ttl, 1);
	assert_int_equal(pkt.proto, TUN_PROTO_ICMPV6);
	assert_int_equal(pkt.transport_offset, 14 + 40 + 8);
	assert_int_equal(pkt.transport_len, 48);
	assert_int_equal(pkt.icmp_type, 143); /* MLDv2 report */
	assert_true(tun_packet_checksums_ok(eth_mld_report_hbh, &pkt));
}

static void ipv6_fragments(void **state)
{
	struct tun_packet pkt;

	(void)state;
	decode_ok(eth_icmp6_frag_first, sizeof(eth_icmp6_frag_first),
		  TUN_MODE_TAP, &pkt);
	assert_true(pkt.fragment);
	assert_true(pkt.more_fragments);
	assert_int_equal(pkt.frag_offset, 0);
	assert_int_equal(pkt.proto, TUN_PROTO_ICMPV6);
	assert_int_equal(pkt.transport_offset, 14 + 40 + 8);
	assert_int_equal(pkt.icmp_type, 128);
	assert_int_equal(pkt.icmp_id, 20073);

	decode_ok(eth_icmp6_frag_second, sizeof(eth_icmp6_frag_second),
		  TUN_MODE_TAP, &pkt);
	assert_true(pkt.fragment);
	assert_false(pkt.more_fragments);
	assert_int_equal(pkt.frag_offset, 1448);
	assert_int_equal(pkt.proto, TUN_PROTO_ICMPV6);
	assert_int_equal(pkt.layers, TUN_LAYER_ETH | TUN_LAYER_NET);
	assert_int_equal(pkt.payload_len, 60);
	/* Nothing to verify in a piece of a datagram. */
	assert_true(tun_packet_checksums_ok(eth_icmp6_frag_second, &pkt));
}

/* IPv6 routing and destination-options headers, which no capture above
 * has: the MLD report with its hop-by-hop header rebuilt around them. */
static void ipv6_routing_and_dstopts(void **state)
{
	uint8_t p[40 + 8 + 24 + 8 + 8];
	struct tun_packet pkt;

	(void)state;
	memcpy(p, eth_icmp6_echo_request + 14, 40);
	p[4] = 0;
	p[5] = sizeof(p) - 40;
	p[6] = 0; /* hop-by-hop */
	memset(p + 40, 0, sizeof(p) - 40);
	p[40] = 43; /* next: routing, 8 bytes of padding options */
	p[40 + 2] = 1;
	p[40 + 3] = 4;
	p[48] = 60; /* routing type 0 with one address: 24 bytes */
	p[49] = 2;
	p[72] = 17; /* destination options, then UDP */
	p[73] = 0;
	p[80 + 3] = 53; /* UDP 0 -> 53, length 8 */
	p[80 + 5] = 8;
	decode_ok(p, sizeof(p), TUN_MODE_TUN, &pkt);
	assert_int_equal(pkt.proto, TUN_PROTO_UDP);
	assert_int_equal(pkt.transport_offset, 80);
	assert_int_equal(pkt.dport, 53);
	assert_int_equal(pkt.payload_len, 0);

	p[49] = 5; /* routing header now runs past the end */
	assert_int_equal(tun_packet_decode(p, sizeof(p), TUN_MODE_TUN, &pkt),
			 -EBADMSG);
	assert_string_equal(pkt.error, "truncated IPv6 extension header");
	assert_int_equal(pkt.layers, TUN_LAYER_NET);
}

static void ipv6_two_fragment_headers(void **state)
{
	uint8_t p[sizeof(eth_icmp6_frag_second) - 14 + 8];
	const uint8_t *f = eth_icmp6_frag_second + 14;
	struct tun_packet pkt;

	(void)state;
	/* A second fragment header behind the first, which says offset 0. */
	memcpy(p, f, 40);
	memcpy(p + 40, f + 40, 8);
	p[40] = 44;
	p[42] = p[43] = 0;
	memcpy(p + 48, f + 40, sizeof(p) - 48);
	p[5] = (uint8_t)(p[5] + 8);
	assert_int_equal(tun_packet_decode(p, sizeof(p), TUN_MODE_TUN, &pkt),
			 -EBADMSG);
	assert_string_equal(pkt.error, "two IPv6 fragment headers");
	assert_int_equal(pkt.frag_header, 40);
}

static void udp(void **state)
{
	struct tun_packet pkt;

	(void)state;
	decode_ok(ETH_STRIP(eth_udp4), TUN_MODE_TUN, &pkt);
	assert_int_equal(pkt.proto, TUN_PROTO_UDP);
	assert_int_equal(pkt.sport, 55013);
	assert_int_equal(pkt.dport, 7777);
	assert_int_equal(pkt.transport_len, 14);
	assert_int_equal(pkt.payload_len, 6);
	assert_memory_equal(eth_udp4 + 14 + pkt.payload_offset, "hello\n", 6);
	assert_true(tun_packet_checksums_ok(eth_udp4 + 14, &pkt));

	decode_ok(eth_udp6, sizeof(eth_udp6), TUN_MODE_TAP, &pkt);
	assert_int_equal(pkt.sport, 59508);
	assert_int_equal(pkt.dport, 7777);
	assert_int_equal(pkt.payload_len, 7);
	assert_memory_equal(eth_udp6 + pkt.payload_offset, "hello6\n", 7);
	assert_true(tun_packet_checksums_ok(eth_udp6, &pkt));
}

static void tcp(void **state)
{
	struct tun_packet pkt;

	(void)state;
	decode_ok(eth_tcp_syn, sizeof(eth_tcp_syn), TUN_MODE_TAP, &pkt);
	assert_int_equal(pkt.proto, TUN_PROTO_TCP);
	assert_int_equal(pkt.sport, 39258);
	assert_int_equal(pkt.dport, 8080);
	assert_int_equal(pkt.tcp_seq, 2193861613u);
	assert_int_equal(pkt.tcp_ack, 0);
	assert_int_equal(pkt.tcp_flags, TUN_TCP_SYN);
	assert_int_equal(pkt.tcp_win, 64240);
	assert_int_equal(pkt.payload_offset, 34 + 40); /* with options */
	assert_int_equal(pkt.payload_len, 0);

	decode_ok(eth_tcp_synack, sizeof(eth_tcp_synack), TUN_MODE_TAP, &pkt);
	assert_int_equal(pkt.tcp_flags, TUN_TCP_SYN | TUN_TCP_ACK);
	assert_int_equal(pkt.tcp_ack, 2193861614u);

	decode_ok(ETH_STRIP(eth_tcp_psh), TUN_MODE_TUN, &pkt);
	assert_int_equal(pkt.tcp_flags, TUN_TCP_PSH | TUN_TCP_ACK);
	assert_int_equal(pkt.payload_len, 2);
}

static void arp(void **state)
{
	static const uint8_t dpa[6] = { 2, 0, 0, 0, 0, 0x0a };
	uint8_t padded[60] = { 0 };
	struct tun_packet pkt;

	(void)state;
	decode_ok(eth_arp_request, sizeof(eth_arp_request), TUN_MODE_TAP,
		  &pkt);
	assert_int_equal(pkt.layers, TUN_LAYER_ETH | TUN_LAYER_NET);
	assert_int_equal(pkt.net, TUN_NET_ARP);
	assert_int_equal(pkt.arp_op, 1);
	assert_memory_equal(pkt.arp_sha, dpa, 6);
	assert_ip(&pkt.src, "10.0.0.1");
	assert_ip(&pkt.dst, "10.0.0.2");

	/* On the wire a short frame is padded to 60 bytes. */
	memcpy(padded, eth_arp_request, sizeof(eth_arp_request));
	decode_ok(padded, sizeof(padded), TUN_MODE_TAP, &pkt);
	assert_int_equal(pkt.net_len, 28);

	decode_ok(eth_arp_reply, sizeof(eth_arp_reply), TUN_MODE_TAP, &pkt);
	assert_int_equal(pkt.arp_op, 2);
	assert_ip(&pkt.src, "10.0.0.2");

	/* ARP for something other than IPv4 over Ethernet. */
	memcpy(padded, eth_arp_request, sizeof(eth_arp_request));
	padded[14 + 2] = 0x86;
	padded[14 + 3] = 0xdd;
	assert_int_equal(tun_packet_decode(padded, 60, TUN_MODE_TAP, &pkt),
			 -EBADMSG);
	assert_int_equal(pkt.net, TUN_NET_ARP);
	assert_int_equal(pkt.layers, TUN_LAYER_ETH);
}

static void neighbour_discovery(void **state)
{
	struct tun_packet pkt;

	(void)state;
	decode_ok(eth_ns, sizeof(eth_ns), TUN_MODE_TAP, &pkt);
	assert_int_equal(pkt.icmp_type, 135);
	assert_int_equal(pkt.ttl, 255);
	assert_ip(&pkt.dst, "ff02::1:ff00:2");
	assert_ip(&pkt.nd_target, "fd00::2");
	assert_int_equal(pkt.payload_len, 8); /* the source link-layer option */
	assert_true(tun_packet_checksums_ok(eth_ns, &pkt));

	decode_ok(eth_na, sizeof(eth_na), TUN_MODE_TAP, &pkt);
	assert_int_equal(pkt.icmp_type, 136);
	assert_ip(&pkt.nd_target, "fd00::2");

	decode_ok(eth_rs, sizeof(eth_rs), TUN_MODE_TAP, &pkt);
	assert_int_equal(pkt.icmp_type, 133);
	assert_int_equal(pkt.nd_target.family, TUN_FAMILY_NONE);

	decode_ok(eth_icmp6_port_unreachable,
		  sizeof(eth_icmp6_port_unreachable), TUN_MODE_TAP, &pkt);
	assert_int_equal(pkt.icmp_type, 1);
	assert_int_equal(pkt.icmp_code, 4);
}

/* The ICMP request with a tag (or two) inserted after the MAC addresses. */
static size_t tagged(uint8_t *out, const uint16_t *tpids, size_t ntags)
{
	size_t n = 12;

	memcpy(out, eth_icmp_echo_request, 12);
	for (size_t i = 0; i < ntags; i++) {
		out[n++] = (uint8_t)(tpids[i] >> 8);
		out[n++] = (uint8_t)tpids[i];
		out[n++] = 0x20; /* priority 1 */
		out[n++] = (uint8_t)(10 * (i + 1));
	}
	memcpy(out + n, eth_icmp_echo_request + 12,
	       sizeof(eth_icmp_echo_request) - 12);
	return n + sizeof(eth_icmp_echo_request) - 12;
}

static void vlan(void **state)
{
	static const uint16_t q[] = { 0x8100 };
	static const uint16_t qinq[] = { 0x88a8, 0x8100 };
	static const uint16_t three[] = { 0x88a8, 0x8100, 0x8100 };
	uint8_t frame[sizeof(eth_icmp_echo_request) + 12];
	struct tun_packet pkt;
	size_t len;

	(void)state;
	len = tagged(frame, q, 1);
	decode_ok(frame, len, TUN_MODE_TAP, &pkt);
	assert_int_equal(pkt.nvlan, 1);
	assert_int_equal(pkt.vlan[0], 10);
	assert_int_equal(pkt.ethertype, 0x0800);
	assert_int_equal(pkt.net_offset, 18);
	assert_int_equal(pkt.icmp_seq, 1);

	len = tagged(frame, qinq, 2);
	decode_ok(frame, len, TUN_MODE_TAP, &pkt);
	assert_int_equal(pkt.nvlan, 2);
	assert_int_equal(pkt.vlan[0], 10);
	assert_int_equal(pkt.vlan[1], 20);
	assert_int_equal(pkt.net_offset, 22);
	assert_true(tun_packet_checksums_ok(frame, &pkt));

	len = tagged(frame, three, 3);
	assert_int_equal(tun_packet_decode(frame, len, TUN_MODE_TAP, &pkt),
			 -EBADMSG);
	assert_string_equal(pkt.error, "more than two VLAN tags");

	assert_int_equal(tun_packet_decode(frame, 16, TUN_MODE_TAP, &pkt),
			 -EBADMSG);
	assert_string_equal(pkt.error, "truncated VLAN tag");
}

static void other_ethertype(void **state)
{
	uint8_t frame[60] = { 0 };
	struct tun_packet pkt;

	(void)state;
	memcpy(frame, eth_arp_request, 12);
	frame[12] = 0x88; /* LLDP */
	frame[13] = 0xcc;
	decode_ok(frame, sizeof(frame), TUN_MODE_TAP, &pkt);
	assert_int_equal(pkt.net, TUN_NET_OTHER);
	assert_int_equal(pkt.ethertype, 0x88cc);
	assert_int_equal(pkt.layers, TUN_LAYER_ETH);
}

static void ethernet_padding(void **state)
{
	uint8_t frame[sizeof(eth_udp4) + 12] = { 0 };
	struct tun_packet pkt;

	(void)state;
	memcpy(frame, eth_udp4, sizeof(eth_udp4));
	memset(frame + sizeof(eth_udp4), 0xee, 12);
	decode_ok(frame, sizeof(frame), TUN_MODE_TAP, &pkt);
	assert_int_equal(pkt.net_len, 34);
	assert_int_equal(pkt.payload_len, 6);
	assert_true(tun_packet_checksums_ok(frame, &pkt));
}

static const struct sample {
	const char *name;
	const uint8_t *frame;
	size_t len;
} samples[] = {
#define SAMPLE(f) { #f, f, sizeof(f) }
	SAMPLE(eth_mld_report_hbh),    SAMPLE(eth_arp_request),
	SAMPLE(eth_arp_reply),	       SAMPLE(eth_icmp_echo_request),
	SAMPLE(eth_icmp_echo_reply),   SAMPLE(eth_icmp_echo_request_rr),
	SAMPLE(eth_ns),		       SAMPLE(eth_na),
	SAMPLE(eth_icmp6_echo_request), SAMPLE(eth_icmp6_echo_reply),
	SAMPLE(eth_icmp6_frag_first),  SAMPLE(eth_icmp6_frag_second),
	SAMPLE(eth_udp4),	       SAMPLE(eth_udp6),
	SAMPLE(eth_icmp6_port_unreachable), SAMPLE(eth_tcp_syn),
	SAMPLE(eth_tcp_synack),	       SAMPLE(eth_tcp_psh),
	SAMPLE(eth_rs),
#undef SAMPLE
};

/* Every shorter prefix of every sample is reported, never read beyond. The
 * copy is exactly as long as the prefix, so sanitizers catch an overread. */
static void truncated_everywhere(void **state)
{
	(void)state;
	for (size_t s = 0; s < sizeof(samples) / sizeof(samples[0]); s++) {
		for (size_t len = 0; len < samples[s].len; len++) {
			for (int tap = 0; tap < 2; tap++) {
				size_t skip = tap ? 0 : 14;
				struct tun_packet pkt;
				uint8_t *copy;
				int ret;

				if (len < skip)
					continue;
				copy = test_malloc(len > skip ? len - skip : 1);
				memcpy(copy, samples[s].frame + skip, len - skip);
				ret = tun_packet_decode(copy, len - skip,
							tap ? TUN_MODE_TAP
							    : TUN_MODE_TUN,
							&pkt);
				if (ret != -EBADMSG || !pkt.error)
					fail_msg("%s cut to %zu bytes (%s): %d",
						 samples[s].name, len,
						 tap ? "tap" : "tun", ret);
				test_free(copy);
			}
		}
	}
}

static void malformed(void **state)
{
	uint8_t p[sizeof(eth_tcp_syn) - 14] = { 0 };
	struct tun_packet pkt;

	(void)state;
	assert_int_equal(tun_packet_decode(p, 0, TUN_MODE_TUN, &pkt), -EBADMSG);
	assert_string_equal(pkt.error, "empty packet");

	memcpy(p, eth_tcp_syn + 14, sizeof(p));
	p[0] = 0x55; /* version 5 */
	assert_int_equal(tun_packet_decode(p, sizeof(p), TUN_MODE_TUN, &pkt),
			 -EBADMSG);
	assert_string_equal(pkt.error, "neither IPv4 nor IPv6");

	p[0] = 0x44; /* IHL 4 */
	assert_int_equal(tun_packet_decode(p, sizeof(p), TUN_MODE_TUN, &pkt),
			 -EBADMSG);
	assert_string_equal(pkt.error, "IPv4 header length below 20");

	p[0] = 0x45;
	p[2] = 0;
	p[3] = 10; /* total length shorter than the header */
	assert_int_equal(tun_packet_decode(p, sizeof(p), TUN_MODE_TUN, &pkt),
			 -EBADMSG);
	assert_string_equal(pkt.error,
			    "IPv4 total length shorter than its header");

	memcpy(p, eth_tcp_syn + 14, sizeof(p));
	p[20 + 12] = 0x40; /* TCP data offset 4 words */
	assert_int_equal(tun_packet_decode(p, sizeof(p), TUN_MODE_TUN, &pkt),
			 -EBADMSG);
	assert_string_equal(pkt.error, "TCP header length below 20");
	assert_int_equal(pkt.layers, TUN_LAYER_NET);
	assert_ip(&pkt.src, "10.0.0.1"); /* what came before is kept */

	p[20 + 12] = 0xf0; /* 60 bytes of header in 40 */
	assert_int_equal(tun_packet_decode(p, sizeof(p), TUN_MODE_TUN, &pkt),
			 -EBADMSG);
	assert_string_equal(pkt.error, "truncated TCP options");
}

static void udp_length_lies(void **state)
{
	uint8_t p[sizeof(eth_udp4) - 14];
	struct tun_packet pkt;

	(void)state;
	memcpy(p, eth_udp4 + 14, sizeof(p));
	p[20 + 5] = 7;
	assert_int_equal(tun_packet_decode(p, sizeof(p), TUN_MODE_TUN, &pkt),
			 -EBADMSG);
	assert_string_equal(pkt.error, "UDP length below 8");
	p[20 + 5] = 15;
	assert_int_equal(tun_packet_decode(p, sizeof(p), TUN_MODE_TUN, &pkt),
			 -EBADMSG);
	assert_string_equal(pkt.error, "UDP length beyond the packet");
}

static void bad_checksums(void **state)
{
	uint8_t f[sizeof(eth_icmp_echo_request)];
	struct tun_packet pkt;

	(void)state;
	memcpy(f, eth_icmp_echo_request, sizeof(f));
	f[sizeof(f) - 1] ^= 1; /* last data byte */
	decode_ok(f, sizeof(f), TUN_MODE_TAP, &pkt);
	assert_false(tun_packet_checksums_ok(f, &pkt));

	memcpy(f, eth_icmp_echo_request, sizeof(f));
	f[14 + 8] = 1; /* TTL, covered by the header checksum */
	decode_ok(f, sizeof(f), TUN_MODE_TAP, &pkt);
	assert_false(tun_packet_checksums_ok(f, &pkt));

	{
		uint8_t u[sizeof(eth_udp6)];

		memcpy(u, eth_udp6, sizeof(u));
		u[14 + 40 + 6] = u[14 + 40 + 7] = 0; /* none: wrong in IPv6 */
		decode_ok(u, sizeof(u), TUN_MODE_TAP, &pkt);
		assert_false(tun_packet_checksums_ok(u, &pkt));
	}
	{
		uint8_t u[sizeof(eth_udp4)];

		memcpy(u, eth_udp4, sizeof(u));
		u[14 + 20 + 6] = u[14 + 20 + 7] = 0; /* none: fine in IPv4 */
		decode_ok(u, sizeof(u), TUN_MODE_TAP, &pkt);
		assert_true(tun_packet_checksums_ok(u, &pkt));
	}
}

static void checksum_rfc1071(void **state)
{
	/* The example of RFC 1071 section 3: the sum is 0xddf2. */
	static const uint8_t words[] = { 0x00, 0x01, 0xf2, 0x03,
					 0xf4, 0xf5, 0xf6, 0xf7 };
	static const uint8_t odd[] = { 0x01, 0x02, 0x03 };
	uint32_t sum;

	(void)state;
	assert_int_equal(tun_checksum_fold(tun_checksum_add(0, words, 8)),
			 (uint16_t)~0xddf2);
	/* In two pieces, the second at an even offset. */
	sum = tun_checksum_add(0, words, 4);
	sum = tun_checksum_add(sum, words + 4, 4);
	assert_int_equal(tun_checksum_fold(sum), (uint16_t)~0xddf2);
	/* An odd byte counts as the high half of a word. */
	assert_int_equal(tun_checksum_fold(tun_checksum_add(0, odd, 3)),
			 (uint16_t)~(0x0102 + 0x0300));
	assert_int_equal(tun_checksum_fold(0), 0xffff);
}

static void checksum_pseudo_header(void **state)
{
	struct tun_packet pkt;
	const uint8_t *u = eth_udp4 + 14;
	uint32_t sum;

	(void)state;
	decode_ok(ETH_STRIP(eth_udp4), TUN_MODE_TUN, &pkt);
	sum = tun_checksum_pseudo(&pkt.src, &pkt.dst, TUN_PROTO_UDP, 14);
	assert_int_equal(tun_checksum_fold(tun_checksum_add(sum, u + 20, 14)),
			 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(icmp_echo_over_tap),
		cmocka_unit_test(icmp_echo_over_tun),
		cmocka_unit_test(ipv4_options),
		cmocka_unit_test(icmpv6_echo),
		cmocka_unit_test(ipv6_hop_by_hop),
		cmocka_unit_test(ipv6_fragments),
		cmocka_unit_test(ipv6_routing_and_dstopts),
		cmocka_unit_test(ipv6_two_fragment_headers),
		cmocka_unit_test(udp),
		cmocka_unit_test(tcp),
		cmocka_unit_test(arp),
		cmocka_unit_test(neighbour_discovery),
		cmocka_unit_test(vlan),
		cmocka_unit_test(other_ethertype),
		cmocka_unit_test(ethernet_padding),
		cmocka_unit_test(truncated_everywhere),
		cmocka_unit_test(malformed),
		cmocka_unit_test(udp_length_lies),
		cmocka_unit_test(bad_checksums),
		cmocka_unit_test(checksum_rfc1071),
		cmocka_unit_test(checksum_pseudo_header),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
