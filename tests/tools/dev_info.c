// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/*
 * A tool for tests, not installed: creates the TUN device NAME, then for
 * each line read on stdin prints "index N mtu M" as tun_dev_ifindex() and
 * tun_dev_mtu() find them through the open device, so that a test can
 * rename the device in between (tests/bats/library.bats).
 *
 *   dev_info NAME
 */
#include <stdio.h>
#include <string.h>

#include "tunctl.h"

int main(int argc, char *argv[])
{
	struct tun_config cfg = { .name = argc > 1 ? argv[1] : NULL };
	struct tun_ctx *ctx = NULL;
	struct tun_dev *dev = NULL;
	char line[64];
	int ret;

	if (argc != 2) {
		fprintf(stderr, "usage: dev_info NAME\n");
		return 2;
	}
	if ((ret = tun_ctx_new(&ctx)) < 0 ||
	    (ret = tun_dev_create(ctx, &cfg, &dev)) < 0)
		goto out;
	setvbuf(stdout, NULL, _IOLBF, 0);
	fprintf(stderr, "ready\n");
	while (fgets(line, sizeof(line), stdin)) {
		unsigned index, mtu;

		if ((ret = tun_dev_ifindex(ctx, dev, &index)) < 0 ||
		    (ret = tun_dev_mtu(ctx, dev, &mtu)) < 0)
			goto out;
		printf("index %u mtu %u\n", index, mtu);
	}
out:
	if (ret < 0)
		fprintf(stderr, "dev_info: %s: %s\n", strerror(-ret),
			tun_ctx_detail(ctx));
	tun_dev_close(dev);
	tun_ctx_free(ctx);
	return ret < 0;
}
