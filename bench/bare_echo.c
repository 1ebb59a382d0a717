// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/*
 * The baseline of bench/echo.sh: the least a program can do to answer
 * pings and reflect UDP on a TUN device. One blocking read, the addresses
 * (and ports) swapped in place, the checksum patched, one write: no
 * decoding, no checks, no counters. Runs until killed.
 *
 * usage: bare_echo IFNAME    (attaches to an existing TUN device)
 */
#include <fcntl.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/if_tun.h>

static void swap(uint8_t *a, uint8_t *b, size_t n)
{
	uint8_t t[16];

	memcpy(t, a, n);
	memcpy(a, b, n);
	memcpy(b, t, n);
}

/* RFC 1624: the checksum after one 16-bit word went from @old to @new. */
static void patch(uint8_t *csum, uint16_t old, uint16_t new)
{
	uint32_t c = (uint16_t) ~(csum[0] << 8 | csum[1]);

	c += (uint16_t)~old;
	c += new;
	c = (c & 0xffff) + (c >> 16);
	c = (c & 0xffff) + (c >> 16);
	c = (uint16_t)~c;
	csum[0] = (uint8_t)(c >> 8);
	csum[1] = (uint8_t)c;
}

/* Turn the request in @p into its answer; false when there is none. */
static int answer(uint8_t *p, ssize_t n)
{
	if (n >= 28 && p[0] >> 4 == 4) {
		uint8_t *t = p + (p[0] & 15) * 4;

		if (p[9] == 1 && t[0] == 8) {
			t[0] = 0;
			patch(t + 2, 0x0800, 0);
		} else if (p[9] == 17) {
			swap(t, t + 2, 2);
		} else {
			return 0;
		}
		swap(p + 12, p + 16, 4);
		return 1;
	}
	if (n >= 48 && p[0] >> 4 == 6) {
		uint8_t *t = p + 40;

		if (p[6] == 58 && t[0] == 128) {
			t[0] = 129;
			patch(t + 2, 0x8000, 0x8100);
		} else if (p[6] == 17) {
			swap(t, t + 2, 2);
		} else {
			return 0;
		}
		swap(p + 8, p + 24, 16);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static uint8_t buf[65536];
	struct ifreq ifr;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: bare_echo IFNAME\n");
		return 2;
	}
	fd = open("/dev/net/tun", O_RDWR);
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", argv[1]);
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	if (fd < 0 || ioctl(fd, TUNSETIFF, &ifr) < 0) {
		/* A multi-queue device takes only multi-queue readers. */
		ifr.ifr_flags |= IFF_MULTI_QUEUE;
		if (fd < 0 || ioctl(fd, TUNSETIFF, &ifr) < 0) {
			perror("bare_echo: TUNSETIFF");
			return 1;
		}
	}
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0)
			return 1;
		if (answer(buf, n) && write(fd, buf, (size_t)n) < 0)
			perror("bare_echo: write");
	}
}
