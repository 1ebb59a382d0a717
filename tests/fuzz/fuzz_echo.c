// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/*
 * libFuzzer target: the echo responder's reply builder. The first byte
 * picks TUN or TAP, UDP reflection and whether the interface owns the
 * request's target; the rest is the request. Whatever comes in, a reply
 * must be a whole packet with correct checksums, never longer than the
 * room given, and an echo reply must never be answered in turn.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tunctl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define OUT_SIZE (65535 + 64)

static void check(bool ok)
{
	if (!ok)
		abort();
}

static void check_reply(const struct tun_echo_config *cfg, const uint8_t *req,
			size_t len, const uint8_t *out, size_t outlen,
			int action)
{
	struct tun_packet in, pkt;
	uint8_t *again = malloc(OUT_SIZE);
	size_t againlen;

	check(outlen > 0 && outlen <= OUT_SIZE);
	check(tun_packet_decode(req, len, cfg->mode, &in) == 0);
	check(tun_packet_decode(out, outlen, cfg->mode, &pkt) == 0);
	check(tun_packet_checksums_ok(out, &pkt));
	if (action == TUN_ECHO_REPLY) {
		/* Back to where it came from; options and extension headers
		 * are dropped, so never longer. */
		check(outlen <= len);
		check(tun_ip_equal(&pkt.src, &in.dst));
		check(tun_ip_equal(&pkt.dst, &in.src));
		check(pkt.proto == in.proto);
		if (pkt.proto != TUN_PROTO_UDP && again) {
			check(tun_echo_reply(cfg, out, outlen, again, OUT_SIZE,
					     &againlen) == TUN_ECHO_DROP);
		}
	}
	free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[OUT_SIZE];
	struct tun_echo_config cfg = { .mac = { 0x02, 0x74, 1, 2, 3, 4 } };
	struct tun_packet pkt;
	struct tun_ip own;
	size_t outlen = 12345;
	int action;

	if (size < 1)
		return 0;
	cfg.mode = data[0] & 1 ? TUN_MODE_TAP : TUN_MODE_TUN;
	cfg.udp = data[0] & 2;
	data++;
	size--;
	/* The request's target as the interface's own address. */
	if ((data[-1] & 4) && tun_packet_decode(data, size, cfg.mode, &pkt) == 0) {
		own = pkt.nd_target.family ? pkt.nd_target : pkt.dst;
		cfg.own = &own;
		cfg.nown = 1;
	}
	action = tun_echo_reply(&cfg, data, size, out, sizeof(out), &outlen);
	check(action >= TUN_ECHO_DROP && action <= TUN_ECHO_MALFORMED);
	if (action == TUN_ECHO_REPLY || action == TUN_ECHO_NEIGHBOUR)
		check_reply(&cfg, data, size, out, outlen, action);
	else
		check(outlen == 0);
	/* Too little room is refused, never overrun. */
	if (action == TUN_ECHO_REPLY || action == TUN_ECHO_NEIGHBOUR) {
		uint8_t *small = malloc(outlen - 1 ? outlen - 1 : 1);

		if (small) {
			check(tun_echo_reply(&cfg, data, size, small, outlen - 1,
					     &outlen) == -ENOBUFS);
			free(small);
		}
	}
	return 0;
}
