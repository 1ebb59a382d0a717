// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/rtnetlink.h>

#include "linux_netlink.h"
#include "os.h"

/*
 * Change notifications: a netlink socket of its own, subscribed to the link,
 * address and route groups before it asks for the links and then the
 * addresses already there. Dump answers and notifications arrive in one
 * queue in the order they were made, so applying both in that order gives
 * the system's state. The devices and addresses seen are kept, to leave out
 * other interfaces, to report a device only once, and to tell a change from
 * the kernel repeating what it said.
 */

enum phase { DUMP_LINKS, DUMP_ADDRS, LIVE };

struct known_addr {
	struct tun_addr addr;
	unsigned flags;
};

struct tun_events {
	struct tun_ctx *ctx;
	struct mnl_socket *nl;
	unsigned portid;
	unsigned seq; /* of the dump under way */
	enum phase phase;
	struct tun_vec links; /* struct tun_info */
	struct tun_vec addrs; /* struct known_addr */
	char *buf;
	size_t len, off; /* received bytes, and how far they were handed out */
};

/* Big enough that a batch creating a thousand devices is not lost. */
#define EVENTS_RCVBUF (8 << 20)

static const unsigned groups[] = {
	RTNLGRP_LINK,	    RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR,
	RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE,
};

static int request_dump(struct tun_events *ev, uint16_t type)
{
	char buf[NL_REQUEST_MAX];
	struct nlmsghdr *nlh = nl_build_dump(buf, type);

	nlh->nlmsg_seq = ++ev->seq;
	if (mnl_socket_sendto(ev->nl, nlh, nlh->nlmsg_len) < 0)
		return tun_fail(ev->ctx, -errno, "cannot ask for a listing");
	return 0;
}

static int subscribe(struct tun_events *ev)
{
	int size = EVENTS_RCVBUF;

	ev->nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (!ev->nl)
		return tun_fail(ev->ctx, -errno, "cannot open a netlink socket");
	/* SO_RCVBUFFORCE passes the system's limit for a privileged caller. */
	if (setsockopt(mnl_socket_get_fd(ev->nl), SOL_SOCKET, SO_RCVBUFFORCE,
		       &size, sizeof(size)) < 0)
		setsockopt(mnl_socket_get_fd(ev->nl), SOL_SOCKET, SO_RCVBUF,
			   &size, sizeof(size));
	if (mnl_socket_bind(ev->nl, 0, MNL_SOCKET_AUTOPID) < 0)
		return tun_fail(ev->ctx, -errno, "cannot bind a netlink socket");
	ev->portid = mnl_socket_get_portid(ev->nl);
	for (size_t i = 0; i < TUN_ARRAY_SIZE(groups); i++) {
		unsigned g = groups[i];

		if (mnl_socket_setsockopt(ev->nl, NETLINK_ADD_MEMBERSHIP, &g,
					  sizeof(g)) < 0)
			return tun_fail(ev->ctx, -errno,
					"cannot subscribe to notifications");
	}
	return request_dump(ev, RTM_GETLINK);
}

int tun_os_events_open(struct tun_ctx *ctx, struct tun_events **evp)
{
	struct tun_events *ev = calloc(1, sizeof(*ev));
	int ret;

	if (!ev)
		return -ENOMEM;
	ev->ctx = ctx;
	ev->links.size = sizeof(struct tun_info);
	ev->addrs.size = sizeof(struct known_addr);
	ev->buf = malloc(MNL_SOCKET_DUMP_SIZE);
	if (!ev->buf) {
		free(ev);
		return -ENOMEM;
	}
	ret = subscribe(ev);
	if (ret < 0) {
		tun_os_events_close(ev);
		return ret;
	}
	*evp = ev;
	return 0;
}

void tun_os_events_close(struct tun_events *ev)
{
	if (!ev)
		return;
	if (ev->nl)
		mnl_socket_close(ev->nl);
	free(ev->links.items);
	free(ev->addrs.items);
	free(ev->buf);
	free(ev);
}

int tun_os_events_fd(const struct tun_events *ev)
{
	return mnl_socket_get_fd(ev->nl);
}

/* ---- what is known ------------------------------------------------------ */

static struct tun_info *find_link(struct tun_events *ev, unsigned index)
{
	struct tun_info *l = ev->links.items;

	for (size_t i = 0; i < ev->links.count; i++) {
		if (l[i].index == index)
			return &l[i];
	}
	return NULL;
}

static bool same_addr(const struct tun_addr *a, const struct tun_addr *b)
{
	return a->ifindex == b->ifindex && a->local.len == b->local.len &&
	       tun_ip_equal(&a->local.ip, &b->local.ip) &&
	       (a->peer.family ? tun_ip_equal(&a->peer, &b->peer)
			       : !b->peer.family);
}

static struct known_addr *find_addr(struct tun_events *ev,
				    const struct tun_addr *a)
{
	struct known_addr *k = ev->addrs.items;

	for (size_t i = 0; i < ev->addrs.count; i++) {
		if (same_addr(&k[i].addr, a))
			return &k[i];
	}
	return NULL;
}

/* Remove @item, an element of @v, by moving the last one into its place. */
static void vec_remove(struct tun_vec *v, void *item)
{
	char *last = (char *)v->items + (v->count - 1) * v->size;

	if ((char *)item != last)
		memcpy(item, last, v->size);
	v->count--;
}

static void forget_addrs_of(struct tun_events *ev, unsigned index)
{
	struct known_addr *k = ev->addrs.items;

	for (size_t i = ev->addrs.count; i-- > 0;) {
		if (k[i].addr.ifindex == index)
			vec_remove(&ev->addrs, &k[i]);
	}
}

static bool same_info(const struct tun_info *a, const struct tun_info *b)
{
	return !strcmp(a->name, b->name) && a->index == b->index &&
	       a->mode == b->mode && a->flags == b->flags && a->mtu == b->mtu &&
	       a->owner == b->owner && a->group == b->group &&
	       a->queues == b->queues && a->has_mac == b->has_mac &&
	       (!a->has_mac || !memcmp(a->mac, b->mac, sizeof(a->mac)));
}

/* ---- messages into events ----------------------------------------------- */

/* Each returns 1 when @e was filled, 0 for a message of no interest. */

static int link_event(struct tun_events *ev, const struct nlmsghdr *nlh,
		      struct tun_event *e)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct tun_info info, *known;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifi)))
		return 0;
	known = find_link(ev, (unsigned)ifi->ifi_index);
	if (nlh->nlmsg_type == RTM_DELLINK) {
		if (!known)
			return 0;
		e->type = TUN_EVENT_LINK_DEL;
		e->link = *known;
		forget_addrs_of(ev, known->index);
		vec_remove(&ev->links, known);
		return 1;
	}
	if (nl_parse_link(nlh, &info) <= 0)
		return 0;
	if (known && same_info(known, &info))
		return 0;
	if (known) {
		e->type = TUN_EVENT_LINK_CHANGE;
		e->old = *known;
		*known = info;
	} else {
		if (!(known = tun_vec_push(&ev->links)))
			return -ENOMEM;
		*known = info;
		e->type = TUN_EVENT_LINK_NEW;
	}
	e->link = info;
	return 1;
}

static int addr_event(struct tun_events *ev, const struct nlmsghdr *nlh,
		      struct tun_event *e)
{
	const struct tun_info *link;
	struct known_addr *known;

	if (nl_parse_addr(nlh, &e->addr) <= 0 ||
	    !(link = find_link(ev, e->addr.ifindex)))
		return 0;
	e->link = *link;
	tun_strlcpy(e->addr.ifname, link->name, sizeof(e->addr.ifname));
	e->addr_flags = nl_parse_addr_flags(nlh);
	known = find_addr(ev, &e->addr);
	if (nlh->nlmsg_type == RTM_DELADDR) {
		if (known)
			vec_remove(&ev->addrs, known);
		e->type = TUN_EVENT_ADDR_DEL;
		return 1;
	}
	if (known && known->flags == e->addr_flags)
		return 0;
	if (known) {
		e->type = TUN_EVENT_ADDR_CHANGE;
	} else {
		if (!(known = tun_vec_push(&ev->addrs)))
			return -ENOMEM;
		known->addr = e->addr;
		e->type = TUN_EVENT_ADDR_NEW;
	}
	known->flags = e->addr_flags;
	return 1;
}

static int route_event(struct tun_events *ev, const struct nlmsghdr *nlh,
		       struct tun_event *e)
{
	const struct tun_info *link;
	unsigned oif;

	if (nl_parse_route(nlh, &e->route, &oif) <= 0 ||
	    !(link = find_link(ev, oif)))
		return 0;
	e->link = *link;
	tun_strlcpy(e->route.ifname, link->name, sizeof(e->route.ifname));
	e->type = nlh->nlmsg_type == RTM_NEWROUTE ? TUN_EVENT_ROUTE_NEW
						  : TUN_EVENT_ROUTE_DEL;
	return 1;
}

/* The end of a listing: the addresses come after the links, and after
 * them the state is complete. */
static int dump_done(struct tun_events *ev, struct tun_event *e)
{
	if (ev->phase == DUMP_LINKS) {
		ev->phase = DUMP_ADDRS;
		return request_dump(ev, RTM_GETADDR);
	}
	ev->phase = LIVE;
	e->type = TUN_EVENT_SYNC;
	return 1;
}

static int handle(struct tun_events *ev, const struct nlmsghdr *nlh,
		  struct tun_event *e)
{
	bool ours = nlh->nlmsg_pid == ev->portid && nlh->nlmsg_seq == ev->seq &&
		    ev->phase != LIVE;
	const struct nlmsgerr *err;

	memset(e, 0, sizeof(*e));
	e->initial = ours;
	switch (nlh->nlmsg_type) {
	case NLMSG_DONE:
		return ours ? dump_done(ev, e) : 0;
	case NLMSG_ERROR:
		err = mnl_nlmsg_get_payload(nlh);
		if (!ours || nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err)) ||
		    err->error >= 0)
			return 0;
		return tun_fail(ev->ctx, err->error, "the listing failed");
	case RTM_NEWLINK:
	case RTM_DELLINK:
		return link_event(ev, nlh, e);
	case RTM_NEWADDR:
	case RTM_DELADDR:
		return addr_event(ev, nlh, e);
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		return route_event(ev, nlh, e);
	default:
		return 0;
	}
}

int tun_os_events_next(struct tun_events *ev, struct tun_event *e)
{
	for (;;) {
		ssize_t n;

		while (ev->off < ev->len) {
			struct nlmsghdr *nlh = (void *)(ev->buf + ev->off);
			int left = (int)(ev->len - ev->off), ret;

			if (!mnl_nlmsg_ok(nlh, left)) {
				ev->off = ev->len;
				break;
			}
			ev->off += NLMSG_ALIGN(nlh->nlmsg_len);
			ret = handle(ev, nlh, e);
			if (ret != 0)
				return ret;
		}
		n = mnl_socket_recvfrom(ev->nl, ev->buf, MNL_SOCKET_DUMP_SIZE);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return -EAGAIN;
		if (n < 0 && errno == ENOBUFS)
			return tun_fail(ev->ctx, -ENOBUFS,
					"notifications were lost: they came faster than they were read");
		if (n < 0)
			return -errno;
		ev->len = (size_t)n;
		ev->off = 0;
	}
}
