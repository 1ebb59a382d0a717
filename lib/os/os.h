/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The tunctl authors. */
#ifndef TUNCTL_OS_H
#define TUNCTL_OS_H

/*
 * The one interface every backend implements (lib/os/<os>*.c, chosen by the
 * Makefile). The files in lib/ check arguments and call these; a backend that lacks a
 * feature returns -EOPNOTSUPP with a detail saying so.
 *
 * Devices arrive zeroed with every fd set to -1; on failure a backend closes
 * whatever it opened, so the caller only frees the struct.
 *
 * Backends only call down (the system, and the pure helpers of lib/ such as
 * the packet decoder), never the wrappers of lib/. An operation made of
 * several steps that a backend cannot do faster than step by step returns
 * TUN_OS_STEPWISE before doing anything, and lib/ does the steps itself.
 */

#include <errno.h>

#include "../internal.h"

#define TUN_OS_STEPWISE (-ENOSYS)

void tun_os_ctx_free(struct tun_os_ctx *os);
int tun_os_netns_enter(const char *name);

int tun_os_dev_create(struct tun_ctx *ctx, const struct tun_config *cfg,
		      struct tun_dev *dev);
int tun_os_dev_attach(struct tun_ctx *ctx, const char *name, unsigned queues,
		      struct tun_dev *dev);
int tun_os_dev_from_fd(struct tun_ctx *ctx, int fd, struct tun_dev *dev);
void tun_os_dev_close(struct tun_dev *dev);
int tun_os_dev_set_persist(struct tun_ctx *ctx, struct tun_dev *dev,
			   bool persist);
int tun_os_dev_read(struct tun_dev *dev, unsigned queue, void *buf,
		    size_t len);
int tun_os_dev_write(struct tun_dev *dev, unsigned queue, const void *buf,
		     size_t len);
/* Would another read of @queue return at once: a packet held (the rest of
 * a GSO packet, frames of one BPF read), or one waiting on the descriptor?
 * tun_dev_read_many() reads on only while it is so. */
bool tun_os_dev_ready(const struct tun_dev *dev, unsigned queue);
/* Several packets, or TUN_OS_STEPWISE. */
int tun_os_dev_write_many(struct tun_dev *dev, unsigned queue,
			  const struct tun_buf *pkts, size_t count);
/* Only Linux has offloads; elsewhere it returns 0 and leaves @stats zero. */
int tun_os_dev_offload_stats(const struct tun_dev *dev, unsigned queue,
			     struct tun_offload_stats *stats);
/* The open device as the system sees it now, found through its
 * descriptor, so that a rename cannot make it another device; or
 * TUN_OS_STEPWISE, and lib/dev.c asks tun_os_info_get() by name. */
int tun_os_dev_info(struct tun_ctx *ctx, const struct tun_dev *dev,
		    struct tun_info *info);
int tun_os_destroy(struct tun_ctx *ctx, const char *name);

int tun_os_list(struct tun_ctx *ctx, struct tun_info **infos, size_t *count);
int tun_os_info_get(struct tun_ctx *ctx, const char *name,
		    struct tun_info *info);

int tun_os_addr_add(struct tun_ctx *ctx, const char *ifname,
		    const struct tun_prefix *local, const struct tun_ip *peer);
/* @addr is the exact entry to remove (with its peer), found among @all,
 * the @count addresses of the device. */
int tun_os_addr_del(struct tun_ctx *ctx, const char *ifname,
		    const struct tun_addr *addr, const struct tun_addr *all,
		    size_t count);
int tun_os_addr_list(struct tun_ctx *ctx, const char *ifname,
		     struct tun_addr **addrs, size_t *count);

int tun_os_route_add(struct tun_ctx *ctx, const char *ifname,
		     const struct tun_route *route);
int tun_os_route_del(struct tun_ctx *ctx, const char *ifname,
		     const struct tun_route *route);
int tun_os_route_list(struct tun_ctx *ctx, const char *ifname,
		      struct tun_route **routes, size_t *count);

/* Configuring and removing in one go, or TUN_OS_STEPWISE. */
int tun_os_setup(struct tun_ctx *ctx, const char *ifname,
		 const struct tun_setup *setup,
		 struct tun_setup_failure *failure);
int tun_os_destroy_many(struct tun_ctx *ctx, const char *const *names,
			size_t count, size_t *done);

int tun_os_mtu_get(struct tun_ctx *ctx, const char *ifname, unsigned *mtu);
int tun_os_mtu_set(struct tun_ctx *ctx, const char *ifname, unsigned mtu);
int tun_os_link_set_up(struct tun_ctx *ctx, const char *ifname, bool up);

/* The device-name check of the wrappers in lib/config.c and lib/dns.c:
 * clears the detail, then -EINVAL with a detail for a bad or missing name. */
int tun_check_ifname(struct tun_ctx *ctx, const char *ifname);

/* Handing a device over by name (lib/dev.c); DNS servers (lib/dns.c). */
int tun_os_dev_suspend(struct tun_dev *dev);
int tun_os_dns_set(struct tun_ctx *ctx, const char *ifname,
		   const struct tun_ip *servers, size_t count);

/* Change notifications (lib/events.c); struct tun_events is each
 * backend's own. lib/os/unsupported.c is for backends without them. */
int tun_os_events_open(struct tun_ctx *ctx, struct tun_events **evp);
int tun_os_events_next(struct tun_events *ev, struct tun_event *event);
int tun_os_events_fd(const struct tun_events *ev);
void tun_os_events_close(struct tun_events *ev);
/* lib/holders.c; lib/os/unsupported.c for backends without them. */
int tun_os_link_change(struct tun_ctx *ctx, const char *ifname,
		       const struct tun_link_change *ch);
int tun_os_holders(struct tun_ctx *ctx, const char *ifname,
		   struct tun_holder **holders, size_t *count);

int tun_os_drop_privileges(long long uid, long long gid);
int tun_os_privileges_keep(unsigned keep);

#endif
