// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/*
 * libFuzzer target: the virtio header and packet that a read of a device
 * with offloads gives, through what the Linux backend does with them
 * (lib/gso.c): the first byte picks TUN or TAP (bit 0) and a small output
 * buffer (bit 1, its size from the other bits); then come the 10 bytes of
 * the virtio header and the packet, at the very end of libFuzzer's buffer.
 *
 * Every segment cut must fit the room given, decode whole, and carry
 * correct checksums; their data adds up to the packet's. The segments that
 * join again must give, cut once more, the same segments.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gso.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SEGS_KEPT 8

static void check(bool ok)
{
	if (!ok)
		abort();
}

/* A segment decodes whole, with right checksums; its payload length. */
static size_t check_segment(const uint8_t *seg, size_t len, enum tun_mode mode)
{
	struct tun_packet p;

	check(tun_packet_decode(seg, len, mode, &p) == 0);
	check(p.layers & TUN_LAYER_TRANSPORT);
	check(tun_packet_checksums_ok(seg, &p));
	return p.payload_len;
}

/* Join the first segments kept, cut the result: the same segments. */
static void check_join(uint8_t *const *segs, const size_t *lens, unsigned n,
		       enum tun_mode mode)
{
	static uint8_t joined[GSO_PACKET_MAX], again[GSO_PACKET_MAX];
	struct vnet_hdr vh;
	struct gro r;
	struct gso g;
	size_t at;

	if (n == 0 || !gro_start(&r, segs[0], lens[0], mode))
		return;
	while (r.count < n && gro_append(&r, segs[r.count], lens[r.count]))
		;
	gro_finish(&r, joined, &vh);
	at = r.hdr_end;
	for (unsigned i = 0; i < r.count; i++) {
		size_t pl = check_segment(segs[i], lens[i], mode);

		memcpy(joined + at, segs[i] + r.hdr_end, pl);
		at += pl;
	}
	check(gso_start(&g, &vh, joined, at, mode) == (int)r.count);
	for (unsigned i = 0; i < r.count; i++) {
		int len = gso_next(&g, again, sizeof(again));

		check(len == (int)lens[i] && !memcmp(again, segs[i], lens[i]));
	}
	check(gso_done(&g));
}

static void cut(const struct vnet_hdr *vh, const uint8_t *pkt, size_t len,
		enum tun_mode mode, size_t room)
{
	uint8_t *out = malloc(room), *segs[SEGS_KEPT];
	size_t lens[SEGS_KEPT], payload = 0;
	unsigned kept = 0;
	struct gso g;
	int count, n;

	count = gso_start(&g, vh, pkt, len, mode);
	check(count > 0 || count == -EBADMSG || count == -EPROTONOSUPPORT);
	if (!out || count <= 0) {
		free(out);
		return;
	}
	while ((n = gso_next(&g, out, room)) != -ENOENT) {
		check(n == -EMSGSIZE || (n > 0 && (size_t)n <= room));
		count--;
		if (n < 0)
			continue;
		payload += check_segment(out, (size_t)n, mode);
		/* Only whole runs: a skipped segment leaves a gap. */
		if (kept < SEGS_KEPT && kept == (unsigned)(g.index - 1) &&
		    (segs[kept] = malloc((size_t)n))) {
			memcpy(segs[kept], out, (size_t)n);
			lens[kept++] = (size_t)n;
		}
	}
	check(count == 0 && gso_done(&g));
	check(payload <= g.end - g.hdr_end);
	if (room >= GSO_PACKET_MAX)
		check(payload == g.end - g.hdr_end);
	check_join(segs, lens, kept, mode);
	for (unsigned i = 0; i < kept; i++)
		free(segs[i]);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum tun_mode mode;
	struct vnet_hdr vh;
	size_t room = GSO_PACKET_MAX;
	uint8_t *copy;

	if (size < 1 + VNET_HDR_LEN)
		return 0;
	mode = data[0] & 1 ? TUN_MODE_TAP : TUN_MODE_TUN;
	if (data[0] & 2)
		room = 40 + (size_t)(data[0] >> 2) * 24;
	vnet_hdr_get(&vh, data + 1);
	data += 1 + VNET_HDR_LEN;
	size -= 1 + VNET_HDR_LEN;
	cut(&vh, data, size, mode, room);
	/* Finishing a checksum writes into the packet: a copy of it. */
	copy = malloc(size ? size : 1);
	if (copy) {
		memcpy(copy, data, size);
		check(vnet_csum_complete(&vh, copy, size) == 0 ||
		      (vh.flags & VNET_F_NEEDS_CSUM));
		free(copy);
	}
	return 0;
}
