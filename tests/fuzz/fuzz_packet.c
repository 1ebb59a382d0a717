// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/*
 * libFuzzer target: the packet decoder, the checksum verifier and the
 * packet line printer (human and JSON) on any bytes. The first byte picks
 * TUN or TAP; the rest is the packet, at the very end of libFuzzer's
 * buffer so that AddressSanitizer catches any read past it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "datapath.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		abort();
}

/* What a successful decode promises about its offsets. */
static void check_offsets(const struct tun_packet *pkt, size_t len)
{
	if (pkt->layers & TUN_LAYER_NET) {
		check(pkt->net_offset + pkt->net_len <= len);
		check(pkt->net == TUN_NET_ARP || pkt->src.family == pkt->dst.family);
	}
	if (pkt->layers & TUN_LAYER_TRANSPORT) {
		check(pkt->transport_offset + pkt->transport_len <= len);
		check(pkt->payload_offset + pkt->payload_len <= len);
		check(pkt->payload_offset >= pkt->transport_offset);
	}
}

/* The line as a device's packet and as each link type capture -r reads
 * (@link from the first byte), with -e -v -X and relative TCP numbers,
 * human and JSON. */
static void print_both(FILE *out, const uint8_t *p, size_t len,
		       enum tun_mode mode, unsigned link)
{
	struct dp_packet pkt = { p, len, len + 1, mode, 1700000000, 123456,
				 (enum dp_link)(link % (DP_LINK_SLL2 + 1)) };
	struct cli cli = { .out = out };
	struct dp_printer pr;

	dp_printer_init(&pr, &cli, true);
	pr.link = link & 8;
	pr.verbose = link & 16;
	pr.relative = true;
	if (link & 32)
		pr.dump = DP_DUMP_HEX_ASCII;
	dp_print_packet(&pr, &pkt);
	cli.json = true;
	dp_print_packet(&pr, &pkt);
	check(cli.depth == 0);
	dp_printer_free(&pr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	enum tun_mode mode;
	unsigned link;
	struct tun_packet pkt;
	int ret;

	if (size < 1)
		return 0;
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	mode = data[0] & 1 ? TUN_MODE_TAP : TUN_MODE_TUN;
	link = data[0] >> 1;
	data++;
	size--;
	ret = tun_packet_decode(data, size, mode, &pkt);
	check(ret == 0 ? pkt.error == NULL : ret == -EBADMSG && pkt.error);
	check(pkt.len == size);
	if (ret == 0)
		check_offsets(&pkt, size);
	(void)tun_packet_checksums_ok(data, &pkt);
	if (devnull)
		print_both(devnull, data, size, mode, link);
	return 0;
}
