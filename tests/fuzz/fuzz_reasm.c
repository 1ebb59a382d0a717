// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/*
 * libFuzzer target: fragment reassembly. The first byte picks TUN or TAP
 * (one device has one mode); then come packets, each a two-byte big-endian
 * length and that many bytes, fed to a reassembler with two slots and a
 * clock that advances a second per packet. A completed datagram must fit
 * the room given and decode at least to its IP header.
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[OUT_SIZE];
	struct tun_reasm *r;
	enum tun_mode mode;
	uint64_t now = 0;

	if (size < 1 || tun_reasm_new(&r, 2) < 0)
		return 0;
	mode = data[0] & 1 ? TUN_MODE_TAP : TUN_MODE_TUN;
	data++;
	size--;
	while (size >= 2) {
		size_t len = (size_t)data[0] << 8 | data[1];
		uint8_t *copy;
		struct tun_packet pkt;
		size_t outlen = 7;
		int ret;

		data += 2;
		size -= 2;
		if (len > size)
			len = size;
		/* An exact copy, so that reading past it is caught. */
		copy = malloc(len ? len : 1);
		if (!copy)
			break;
		memcpy(copy, data, len);
		ret = tun_reasm_add(r, now, copy, len, mode, out, sizeof(out),
				    &outlen);
		check(ret == 0 || ret == 1 || ret == -EINPROGRESS ||
		      ret == -EBADMSG || ret == -ENOBUFS || ret == -ENOMEM);
		if (ret == 1) {
			check(outlen > 0 && outlen <= sizeof(out));
			tun_packet_decode(out, outlen, mode, &pkt);
			check(pkt.layers & TUN_LAYER_NET);
		} else {
			check(outlen == 0);
		}
		free(copy);
		data += len;
		size -= len;
		now += 1000;
	}
	tun_reasm_free(r);
	return 0;
}
