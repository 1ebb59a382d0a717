// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/* Reassembly of fragments: the two real pieces of a 1500-byte ping -6, and
 * IPv4 pieces cut from a real ping. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "packets.h"
#include "tunctl.h"

#define OUT_SIZE (65535 + 64)

static uint8_t out[OUT_SIZE];

static struct tun_reasm *new_reasm(unsigned slots)
{
	struct tun_reasm *r = NULL;

	assert_int_equal(tun_reasm_new(&r, slots), 0);
	return r;
}

/* The ICMPv6 echo request whole again: 1500 data bytes, right checksum. */
static void assert_ping6(size_t len, enum tun_mode mode)
{
	struct tun_packet pkt;

	assert_int_equal(tun_packet_decode(out, len, mode, &pkt), 0);
	assert_false(pkt.fragment);
	assert_int_equal(pkt.proto, TUN_PROTO_ICMPV6);
	assert_int_equal(pkt.icmp_type, 128);
	assert_int_equal(pkt.icmp_id, 20073);
	assert_int_equal(pkt.payload_len, 1500);
	assert_true(tun_packet_checksums_ok(out, &pkt));
}

static void ipv6_in_order_and_reversed(void **state)
{
	struct tun_reasm *r = new_reasm(4);
	size_t len = 1;

	(void)state;
	assert_int_equal(tun_reasm_add(r, 0, eth_icmp6_frag_first,
				       sizeof(eth_icmp6_frag_first), TUN_MODE_TAP,
				       out, sizeof(out), &len),
			 -EINPROGRESS);
	assert_int_equal(len, 0);
	assert_int_equal(tun_reasm_add(r, 10, eth_icmp6_frag_second,
				       sizeof(eth_icmp6_frag_second),
				       TUN_MODE_TAP, out, sizeof(out), &len),
			 1);
	assert_int_equal(len, 14 + 40 + 8 + 1500);
	assert_memory_equal(out, eth_icmp6_frag_first, 14); /* link header */
	assert_ping6(len, TUN_MODE_TAP);

	/* Last piece first, over TUN. */
	assert_int_equal(tun_reasm_add(r, 20, ETH_STRIP(eth_icmp6_frag_second),
				       TUN_MODE_TUN, out, sizeof(out), &len),
			 -EINPROGRESS);
	assert_int_equal(tun_reasm_add(r, 30, ETH_STRIP(eth_icmp6_frag_first),
				       TUN_MODE_TUN, out, sizeof(out), &len),
			 1);
	assert_ping6(len, TUN_MODE_TUN);
	assert_int_equal(tun_reasm_discarded(r), 0);
	tun_reasm_free(r);
}

static void not_fragments(void **state)
{
	struct tun_reasm *r = new_reasm(1);
	size_t len;

	(void)state;
	assert_int_equal(tun_reasm_add(r, 0, eth_icmp_echo_request,
				       sizeof(eth_icmp_echo_request),
				       TUN_MODE_TAP, out, sizeof(out), &len),
			 0);
	assert_int_equal(tun_reasm_add(r, 0, eth_arp_request,
				       sizeof(eth_arp_request), TUN_MODE_TAP,
				       out, sizeof(out), &len),
			 0);
	assert_int_equal(tun_reasm_add(r, 0, eth_udp4, 20, TUN_MODE_TAP, out,
				       sizeof(out), &len),
			 0);
	tun_reasm_free(r);
}

/* Piece @i of the real ping 10.0.0.2 cut in @n pieces of 8-byte blocks;
 * the IPv4 header of each says where it goes. */
static size_t ipv4_piece(uint8_t *p, unsigned i, unsigned n)
{
	const uint8_t *ip = eth_icmp_echo_request + 14;
	size_t payload = 64, chunk = payload / n, off = i * chunk;
	size_t len = i == n - 1 ? payload - off : chunk;
	uint16_t frag = (uint16_t)(off / 8) | (i == n - 1 ? 0 : 0x2000);
	uint16_t c;

	memcpy(p, ip, 20);
	memcpy(p + 20, ip + 20 + off, len);
	p[2] = (uint8_t)((20 + len) >> 8);
	p[3] = (uint8_t)(20 + len);
	p[6] = (uint8_t)(frag >> 8);
	p[7] = (uint8_t)frag;
	p[10] = p[11] = 0;
	c = tun_checksum_fold(tun_checksum_add(0, p, 20));
	p[10] = (uint8_t)(c >> 8);
	p[11] = (uint8_t)c;
	return 20 + len;
}

static void ipv4_any_order(void **state)
{
	static const unsigned order[] = { 2, 0, 3, 1 };
	struct tun_reasm *r = new_reasm(2);
	struct tun_packet pkt;
	uint8_t piece[128];
	size_t len;

	(void)state;
	for (unsigned k = 0; k < 4; k++) {
		size_t n = ipv4_piece(piece, order[k], 4);

		assert_int_equal(tun_reasm_add(r, k, piece, n, TUN_MODE_TUN,
					       out, sizeof(out), &len),
				 k == 3 ? 1 : -EINPROGRESS);
	}
	assert_int_equal(len, 84);
	/* The original, except for DF and its header checksum. */
	assert_memory_equal(out, eth_icmp_echo_request + 14, 6);
	assert_memory_equal(out + 8, eth_icmp_echo_request + 14 + 8, 2);
	assert_memory_equal(out + 12, eth_icmp_echo_request + 14 + 12, 72);
	assert_int_equal(out[6], 0);
	assert_int_equal(tun_packet_decode(out, len, TUN_MODE_TUN, &pkt), 0);
	assert_true(tun_packet_checksums_ok(out, &pkt));
	assert_int_equal(pkt.icmp_seq, 1);
	tun_reasm_free(r);
}

static void ipv4_duplicates_are_harmless(void **state)
{
	struct tun_reasm *r = new_reasm(1);
	uint8_t piece[128];
	size_t n, len;

	(void)state;
	n = ipv4_piece(piece, 0, 2);
	assert_int_equal(tun_reasm_add(r, 0, piece, n, TUN_MODE_TUN, out,
				       sizeof(out), &len),
			 -EINPROGRESS);
	assert_int_equal(tun_reasm_add(r, 0, piece, n, TUN_MODE_TUN, out,
				       sizeof(out), &len),
			 -EINPROGRESS);
	n = ipv4_piece(piece, 1, 2);
	assert_int_equal(tun_reasm_add(r, 0, piece, n, TUN_MODE_TUN, out,
				       sizeof(out), &len),
			 1);
	assert_int_equal(len, 84);
	tun_reasm_free(r);
}

/* Piece @i of 4, with its payload moved to start @shift bytes (a multiple
 * of 8) earlier: it overlaps the piece before. */
static size_t ipv4_piece_at(uint8_t *p, unsigned i, size_t shift)
{
	size_t n = ipv4_piece(p, i, 4);
	uint16_t frag = (uint16_t)((p[6] << 8 | p[7]) - shift / 8);
	uint16_t c;

	p[6] = (uint8_t)(frag >> 8);
	p[7] = (uint8_t)frag;
	p[10] = p[11] = 0;
	c = tun_checksum_fold(tun_checksum_add(0, p, 20));
	p[10] = (uint8_t)(c >> 8);
	p[11] = (uint8_t)c;
	return n;
}

static int add(struct tun_reasm *r, const uint8_t *p, size_t n,
	       enum tun_mode mode, size_t *len)
{
	return tun_reasm_add(r, 0, p, n, mode, out, sizeof(out), len);
}

/* RFC 5722: an overlap discards the whole datagram, the pieces still to
 * come included; the same for IPv4. */
static void overlaps_discard_the_datagram(void **state)
{
	struct tun_reasm *r = new_reasm(4);
	uint8_t piece[128], v6[sizeof(eth_icmp6_frag_second)];
	size_t n, len;

	(void)state;
	/* IPv4: pieces 0 and 1, then piece 2 moved 8 bytes onto piece 1
	 * with other bytes there. */
	for (unsigned i = 0; i < 2; i++) {
		n = ipv4_piece(piece, i, 4);
		assert_int_equal(add(r, piece, n, TUN_MODE_TUN, &len), -EINPROGRESS);
	}
	n = ipv4_piece_at(piece, 2, 8);
	assert_int_equal(add(r, piece, n, TUN_MODE_TUN, &len), -EBADMSG);
	assert_int_equal(tun_reasm_discarded(r), 3);
	/* What would have completed it is dropped: all four pieces. */
	for (unsigned i = 0; i < 4; i++) {
		n = ipv4_piece(piece, i, 4);
		assert_int_equal(add(r, piece, n, TUN_MODE_TUN, &len), -EBADMSG);
	}
	assert_int_equal(len, 0);
	assert_int_equal(tun_reasm_discarded(r), 7);
	/* Its key is forgotten after the deadline. */
	n = ipv4_piece(piece, 0, 2);
	assert_int_equal(tun_reasm_add(r, 30000, piece, n, TUN_MODE_TUN, out,
				       sizeof(out), &len), -EINPROGRESS);
	n = ipv4_piece(piece, 1, 2);
	assert_int_equal(tun_reasm_add(r, 30000, piece, n, TUN_MODE_TUN, out,
				       sizeof(out), &len), 1);

	/* IPv6: the last piece moved 8 bytes back over the first. */
	memcpy(v6, eth_icmp6_frag_second, sizeof(v6));
	assert_int_equal(add(r, eth_icmp6_frag_first,
			     sizeof(eth_icmp6_frag_first), TUN_MODE_TAP, &len),
			 -EINPROGRESS);
	v6[14 + 40 + 3] = (uint8_t)(v6[14 + 40 + 3] - 8);
	assert_int_equal(add(r, v6, sizeof(v6), TUN_MODE_TAP, &len), -EBADMSG);
	assert_int_equal(add(r, eth_icmp6_frag_second,
			     sizeof(eth_icmp6_frag_second), TUN_MODE_TAP, &len),
			 -EBADMSG);
	assert_int_equal(len, 0);
	tun_reasm_free(r);
}

/* A piece that repeats what is held with other bytes is an overlap. */
static void changed_duplicate_is_an_overlap(void **state)
{
	struct tun_reasm *r = new_reasm(1);
	uint8_t piece[128];
	size_t n, len;

	(void)state;
	n = ipv4_piece(piece, 0, 2);
	assert_int_equal(add(r, piece, n, TUN_MODE_TUN, &len), -EINPROGRESS);
	piece[n - 1] ^= 1;
	assert_int_equal(add(r, piece, n, TUN_MODE_TUN, &len), -EBADMSG);
	n = ipv4_piece(piece, 1, 2);
	assert_int_equal(add(r, piece, n, TUN_MODE_TUN, &len), -EBADMSG);
	tun_reasm_free(r);
}

static void refused(void **state)
{
	struct tun_reasm *r = new_reasm(2);
	uint8_t piece[128];
	size_t n, len;

	(void)state;
	/* A middle piece that is not a multiple of 8 bytes. */
	n = ipv4_piece(piece, 0, 2);
	piece[3] -= 1;
	piece[10] = piece[11] = 0;
	assert_int_equal(tun_reasm_add(r, 0, piece, n - 1, TUN_MODE_TUN, out,
				       sizeof(out), &len),
			 -EBADMSG);
	assert_int_equal(tun_reasm_discarded(r), 1);
	/* Two last pieces that end in different places (once the refused
	 * datagram's deadline has passed, so it may come again). */
	n = ipv4_piece(piece, 1, 2);
	assert_int_equal(tun_reasm_add(r, 30000, piece, n, TUN_MODE_TUN, out,
				       sizeof(out), &len),
			 -EINPROGRESS);
	piece[3] -= 8; /* the same piece, 8 bytes shorter */
	assert_int_equal(tun_reasm_add(r, 30000, piece, n - 8, TUN_MODE_TUN, out,
				       sizeof(out), &len),
			 -EBADMSG);
	assert_int_equal(tun_reasm_discarded(r), 3);
	/* No room for the result. */
	assert_int_equal(tun_reasm_add(r, 0, eth_icmp6_frag_first,
				       sizeof(eth_icmp6_frag_first), TUN_MODE_TAP,
				       out, sizeof(out), &len),
			 -EINPROGRESS);
	assert_int_equal(tun_reasm_add(r, 0, eth_icmp6_frag_second,
				       sizeof(eth_icmp6_frag_second),
				       TUN_MODE_TAP, out, 1000, &len),
			 -ENOBUFS);
	tun_reasm_free(r);
}

static void expiry_and_eviction(void **state)
{
	struct tun_reasm *r = new_reasm(1);
	uint8_t piece[128];
	size_t n, len;

	(void)state;
	n = ipv4_piece(piece, 0, 2);
	assert_int_equal(tun_reasm_add(r, 0, piece, n, TUN_MODE_TUN, out,
				       sizeof(out), &len),
			 -EINPROGRESS);
	/* 30 s later the first piece is gone: the second cannot finish. */
	n = ipv4_piece(piece, 1, 2);
	assert_int_equal(tun_reasm_add(r, 30000, piece, n, TUN_MODE_TUN, out,
				       sizeof(out), &len),
			 -EINPROGRESS);
	assert_int_equal(tun_reasm_discarded(r), 1);
	/* One slot: the IPv6 datagram pushes the IPv4 one out. */
	assert_int_equal(tun_reasm_add(r, 30001, eth_icmp6_frag_first,
				       sizeof(eth_icmp6_frag_first), TUN_MODE_TAP,
				       out, sizeof(out), &len),
			 -EINPROGRESS);
	assert_int_equal(tun_reasm_discarded(r), 2);
	assert_int_equal(tun_reasm_add(r, 30002, eth_icmp6_frag_second,
				       sizeof(eth_icmp6_frag_second),
				       TUN_MODE_TAP, out, sizeof(out), &len),
			 1);
	tun_reasm_free(r);
}

/* A hop-by-hop header before the fragment header stays in front, and the
 * header that named the fragment header names ICMPv6 afterwards. */
static void ipv6_header_before_fragment(void **state)
{
	static uint8_t first[1600], second[200];
	const uint8_t *f1 = eth_icmp6_frag_first + 14;
	const uint8_t *f2 = eth_icmp6_frag_second + 14;
	size_t l1 = sizeof(eth_icmp6_frag_first) - 14;
	size_t l2 = sizeof(eth_icmp6_frag_second) - 14;
	struct tun_reasm *r = new_reasm(1);
	uint8_t hbh[8] = { 44, 0, 1, 4, 0, 0, 0, 0 };
	struct tun_packet pkt;
	size_t len;

	(void)state;
	memcpy(first, f1, 40);
	memcpy(first + 40, hbh, 8);
	memcpy(first + 48, f1 + 40, l1 - 40);
	first[6] = 0;
	first[5] = (uint8_t)(first[5] + 8);
	memcpy(second, f2, 40);
	memcpy(second + 40, hbh, 8);
	memcpy(second + 48, f2 + 40, l2 - 40);
	second[6] = 0;
	second[5] = (uint8_t)(second[5] + 8);
	assert_int_equal(tun_reasm_add(r, 0, first, l1 + 8, TUN_MODE_TUN, out,
				       sizeof(out), &len),
			 -EINPROGRESS);
	assert_int_equal(tun_reasm_add(r, 0, second, l2 + 8, TUN_MODE_TUN,
				       out, sizeof(out), &len),
			 1);
	assert_int_equal(len, 40 + 8 + 8 + 1500);
	assert_int_equal(out[6], 0);
	assert_int_equal(out[40], TUN_PROTO_ICMPV6);
	assert_int_equal(tun_packet_decode(out, len, TUN_MODE_TUN, &pkt), 0);
	assert_int_equal(pkt.transport_offset, 48);
	assert_true(tun_packet_checksums_ok(out, &pkt));
	tun_reasm_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ipv6_in_order_and_reversed),
		cmocka_unit_test(not_fragments),
		cmocka_unit_test(ipv4_any_order),
		cmocka_unit_test(ipv4_duplicates_are_harmless),
		cmocka_unit_test(overlaps_discard_the_datagram),
		cmocka_unit_test(changed_duplicate_is_an_overlap),
		cmocka_unit_test(refused),
		cmocka_unit_test(expiry_and_eviction),
		cmocka_unit_test(ipv6_header_before_fragment),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
