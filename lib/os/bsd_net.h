/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The tunctl authors. */
#ifndef TUNCTL_BSD_NET_H
#define TUNCTL_BSD_NET_H

/*
 * What the macOS backend (darwin*.c) and the FreeBSD/OpenBSD/NetBSD backend
 * (bsd.c) share, on top of the pure wire formats in ../rtsock.h and
 * ../bsdwire.h: interface ioctls, addresses, routes through PF_ROUTE,
 * listings through getifaddrs and sysctl, and reading and writing packets
 * behind the 4-byte family header. The helpers below live in bsd_base.c,
 * which calls no other file; bsd_net.c and bsd_route.c implement every
 * tun_os_* function that is the same on all of them (write_many and
 * offload_stats among them); the OS files implement the other device
 * functions and the hook below.
 */

#include <stddef.h>
#include <stdint.h>

#include "../bsdwire.h"
#include "../rtsock.h"
#include "os.h"

struct tun_os_ctx {
	int inet;  /* AF_INET datagram socket: interface ioctls */
	int inet6; /* AF_INET6 datagram socket: SIOCAIFADDR_IN6 and friends */
	int route; /* PF_ROUTE socket, write-only */
	int seq;   /* rtm_seq of the next routing message */
};

/* ---- hooks each OS file implements ---------------------------------------- */

/*
 * Is @name one of this backend's devices? When it is, fill what only the
 * backend knows into @info (mode, TUN_FLAG_PERSIST, queues) and return 1;
 * return 0 for any other interface. @ifflags are its IFF_* flags.
 */
int bsd_os_classify(const char *name, unsigned ifflags, struct tun_info *info);

/* ---- shared helpers ------------------------------------------------------ */

/* This system's routing-socket layout (checked against its headers). */
const struct rts_layout *bsd_layout(void);

/* The context's backend state, allocated on first use. */
int bsd_ctx_state(struct tun_ctx *ctx, struct tun_os_ctx **osp);
/* A socket with close-on-exec, on systems with and without SOCK_CLOEXEC. */
int bsd_socket(int domain, int type, int protocol);
/* The context's socket for @family (AF_INET, AF_INET6), opened on first
 * use; a negative errno with a detail on failure. */
int bsd_ctx_socket(struct tun_ctx *ctx, int family);
/* The index of interface @name; -ENODEV with a detail when absent. */
int bsd_ifindex(struct tun_ctx *ctx, const char *name, unsigned *index);
/* IFF_* flags of @name (FreeBSD's high half included). */
int bsd_flags_get(struct tun_ctx *ctx, const char *name, unsigned *flags);
int bsd_flags_change(struct tun_ctx *ctx, const char *name, unsigned set,
		     unsigned clear);
/* Create a cloned interface: @name is "tun" (any unit; the kernel writes
 * the name back), "tunN", "feth" ...; @out receives the final name. */
int bsd_clone_create(struct tun_ctx *ctx, const char *name,
		     char out[TUN_NAME_MAX]);
/* SIOCIFDESTROY; -ENODEV when absent. */
int bsd_clone_destroy(struct tun_ctx *ctx, const char *name);
/* The same without a context or a result: undoing a step, closing a
 * device. */
void bsd_clone_destroy_quietly(const char *name);
int bsd_mtu_set(struct tun_ctx *ctx, const char *name, unsigned mtu);
/* A failure explained: "needs root" for EPERM/EACCES, else @what. */
int bsd_fail(struct tun_ctx *ctx, int err, const char *what, const char *name);
/* Config flags this backend cannot honour: -EOPNOTSUPP with a detail. */
int bsd_check_config(struct tun_ctx *ctx, const struct tun_config *cfg,
		     unsigned supported, const char *kind);

/* Write an RTM_ADD or RTM_DELETE for @route through
 * interface @index; the kernel's errno (-EEXIST, -ESRCH, ...) comes back. */
int bsd_route_write(struct tun_ctx *ctx, uint8_t type, unsigned index,
		    const struct tun_route *route);

/* One packet behind the family header (utun, BSD tun): strips it on read,
 * adds it on write. -EMSGSIZE when @len was too small (the packet is
 * lost). A write returns 0 when the kernel took nothing of it (FreeBSD
 * does so for an interface that is down). */
int bsd_fam_read(int fd, void *buf, size_t len);
int bsd_fam_write(int fd, const void *buf, size_t len);
/* One frame with no header (tap), with the same truncation check. */
int bsd_raw_read(int fd, void *buf, size_t len);
int bsd_raw_write(int fd, const void *buf, size_t len);

#endif
