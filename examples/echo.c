// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/*
 * echo NAME: creates the TUN device NAME (root or CAP_NET_ADMIN) and
 * answers every ping routed into it, from any address, until killed.
 * Give NAME an address and bring it up with tunctl or ip, then ping any
 * other address of its subnet. tun_echo_reply() decodes the request,
 * checks it and builds the reply; this loop only moves bytes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <tunctl.h>

int main(int argc, char *argv[])
{
	struct tun_config cfg = { .name = argv[1] }; /* TUN, no owner */
	struct tun_echo_config echo = { .mode = TUN_MODE_TUN };
	static unsigned char in[65536], out[65536 + 64];
	struct tun_ctx *ctx = NULL;
	struct tun_dev *dev = NULL;
	int n = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: echo NAME\n");
		return 2;
	}
	if (tun_ctx_new(&ctx) < 0 || (n = tun_dev_create(ctx, &cfg, &dev)) < 0) {
		fprintf(stderr, "echo: %s: %s\n", strerror(-n), tun_ctx_detail(ctx));
		return 1;
	}
	fprintf(stderr, "answering on %s\n", tun_dev_name(dev));
	/* A blocking descriptor: each read waits for the next packet. */
	for (;;) {
		size_t len;

		n = tun_dev_read(dev, 0, in, sizeof(in));
		if (n == -EINTR || n == -EMSGSIZE || n == -EPROTO ||
		    n == -EPROTONOSUPPORT)
			continue; /* one packet lost, or none read */
		if (n < 0)
			break;
		if (tun_echo_reply(&echo, in, (size_t)n, out, sizeof(out), &len) ==
		    TUN_ECHO_REPLY)
			tun_dev_write(dev, 0, out, len);
	}
	fprintf(stderr, "echo: %s\n", strerror(-n));
	tun_dev_close(dev);
	tun_ctx_free(ctx);
	return 1;
}
