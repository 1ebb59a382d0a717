/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The tunctl authors. */
#ifndef TUNCTL_DARWIN_H
#define TUNCTL_DARWIN_H

/*
 * The macOS backend is two devices behind one set of tun_os_* functions
 * (darwin.c), chosen at run time by mode or by name:
 *
 *   TUN  utunN  darwin_utun.c: a kernel-control socket; the device lives as
 *               long as that socket. Packets carry the 4-byte family header.
 *   TAP  fethN  darwin_feth.c: a pair of fake-Ethernet interfaces, fethN
 *               (the user's) peered with feth(N+16384) (ours, hidden), whose
 *               frames we read with BPF and write with an AF_NDRV socket.
 *               The pair persists until deleted.
 *
 * Everything else (addresses, routes, MTU, listings) is bsd_net.c.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bsd_net.h"

/* utun units the kernel accepts; fethN for the user is N < FETH_IO_BASE,
 * and feth(N + FETH_IO_BASE) is its I/O half (IF_MAXUNIT is 0x7fff). */
#define UTUN_UNIT_LIMIT 0x7fff
#define FETH_IO_BASE 16384

/* A TAP device's I/O state; utun devices have none (dev->os is NULL). */
struct tun_os_dev {
	int ndrv;	     /* AF_NDRV socket bound to the I/O half: writes */
	bool transient;	     /* destroy the pair when closed */
	char io[TUN_NAME_MAX]; /* the I/O half's name */
	uint8_t *buf;	     /* the last BPF read, handed out frame by frame */
	size_t bufsize, pos, end;
};

/* darwin_utun.c */
/* -EOPNOTSUPP, saying why a utun cannot persist and what to do instead. */
int utun_no_persist(struct tun_ctx *ctx);
int utun_create(struct tun_ctx *ctx, const struct tun_config *cfg,
		struct tun_dev *dev);
/* 1 when @fd is a utun control socket and @dev now holds it, 0 when @fd is
 * something else, or a negative errno. */
int utun_adopt(struct tun_ctx *ctx, int fd, struct tun_dev *dev);
int utun_read(struct tun_dev *dev, unsigned queue, void *buf, size_t len);
int utun_write(struct tun_dev *dev, unsigned queue, const void *buf,
	       size_t len);

/* darwin_feth.c */
int feth_create(struct tun_ctx *ctx, const struct tun_config *cfg,
		struct tun_dev *dev);
int feth_attach(struct tun_ctx *ctx, const char *name, unsigned queues,
		struct tun_dev *dev);
/* Like utun_adopt(), for the BPF descriptor of a TAP device (what
 * `tunctl create --tap -- COMMAND` hands to COMMAND). */
int feth_adopt(struct tun_ctx *ctx, int fd, struct tun_dev *dev);
void feth_close(struct tun_dev *dev);
int feth_read(struct tun_dev *dev, void *buf, size_t len);
int feth_write(struct tun_dev *dev, const void *buf, size_t len);
int feth_destroy(struct tun_ctx *ctx, const char *name);
int feth_mtu_set(struct tun_ctx *ctx, const char *name, unsigned mtu);

#endif
