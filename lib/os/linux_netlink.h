/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The tunctl authors. */
#ifndef TUNCTL_LINUX_NETLINK_H
#define TUNCTL_LINUX_NETLINK_H

#include <libmnl/libmnl.h>
#include <linux/netlink.h>

#include "../internal.h"

#ifndef MNL_SOCKET_DUMP_SIZE
#define MNL_SOCKET_DUMP_SIZE 32768 /* libmnl 1.0.4 lacks it */
#endif

struct tun_os_ctx {
	struct mnl_socket *nl;
	unsigned portid;
	unsigned seq;
	int sock; /* AF_INET datagram socket for interface ioctls */
	char *buf;
};

/* -EBUSY for device @name, with a detail naming who holds it (linux_holders.c),
 * or @why when nobody can be seen. */
int linux_fail_busy(struct tun_ctx *ctx, const char *name, const char *why);

/* Owner and group of a device nobody holds, through a descriptor of its own
 * (linux.c). */
int linux_set_owner(struct tun_ctx *ctx, const struct tun_info *info,
		    long long owner, long long group);

/* The backend state of @ctx, opening its sockets on first use. */
int nl_state(struct tun_ctx *ctx, struct tun_os_ctx **osp);
int nl_ifindex(struct tun_ctx *ctx, const char *name, unsigned *index);

/*
 * Send @nlh and read the answer: every data message goes to @cb (may be
 * NULL) until the acknowledgement or the end of a dump. An error reply
 * fills the context's detail with the kernel's extended-ack message.
 */
int nl_transact(struct tun_ctx *ctx, struct nlmsghdr *nlh, mnl_cb_t cb,
		void *data);
/*
 * Several requests at once: @buf holds @len bytes of requests built one
 * after another. They go to the kernel in one send; the first error (its
 * index in *@failed) is returned once every request has been answered.
 */
int nl_exchange(struct tun_ctx *ctx, void *buf, size_t len, mnl_cb_t cb,
		void *data, size_t *failed);

/* The most bytes one of the builders below writes. */
#define NL_REQUEST_MAX 256

/* Message builders: pure, each writes one request at @buf, which must hold
 * NL_REQUEST_MAX bytes. */
struct nlmsghdr *nl_build_addr(void *buf, uint16_t type, unsigned ifindex,
			       const struct tun_prefix *local,
			       const struct tun_ip *peer);
struct nlmsghdr *nl_build_route(void *buf, uint16_t type, unsigned ifindex,
				const struct tun_route *route);
/* @up: 1 up, 0 down, -1 unchanged; @mtu: 0 unchanged */
struct nlmsghdr *nl_build_link(void *buf, unsigned ifindex, int up,
			       unsigned mtu);
struct nlmsghdr *nl_build_getlink(void *buf, const char *name);
/* Name, queue length and MAC (each when given) of @ifindex; or, with
 * @netns_fd >= 0, only a move into that namespace. */
struct nlmsghdr *nl_build_link_change(void *buf, unsigned ifindex,
				      const struct tun_link_change *ch,
				      int netns_fd);
struct nlmsghdr *nl_build_dellink(void *buf, unsigned ifindex);
struct nlmsghdr *nl_build_dump(void *buf, uint16_t type);

/* Message parsers: pure; they take the NEW and the DEL form. Return 1 when
 * @nlh was parsed into the result, 0 when it is of no interest (another
 * kind of link, a route that is not unicast), -EBADMSG when malformed. */
int nl_parse_link(const struct nlmsghdr *nlh, struct tun_info *info);
int nl_parse_addr(const struct nlmsghdr *nlh, struct tun_addr *addr);
/* TUN_ADDR_* of an address message already accepted by nl_parse_addr(). */
unsigned nl_parse_addr_flags(const struct nlmsghdr *nlh);
int nl_parse_route(const struct nlmsghdr *nlh, struct tun_route *route,
		   unsigned *oif);

#endif
