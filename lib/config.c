// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <string.h>

#include "internal.h"
#include "os/os.h"

int tun_check_ifname(struct tun_ctx *ctx, const char *ifname)
{
	const char *why;

	if (!ctx)
		return -EINVAL;
	tun_detail_clear(ctx);
	if (!ifname)
		return tun_fail(ctx, -EINVAL, "no device name");
	if (tun_name_validate(ifname, false, &why) < 0)
		return tun_fail(ctx, -EINVAL, "%s", why);
	return 0;
}

static int check_prefix(struct tun_ctx *ctx, const struct tun_prefix *p)
{
	unsigned max;

	if (!p)
		return tun_fail(ctx, -EINVAL, "no address");
	max = p->ip.family == TUN_INET ? 32 : 128;
	if (p->ip.family != TUN_INET && p->ip.family != TUN_INET6)
		return tun_fail(ctx, -EAFNOSUPPORT, "unknown address family");
	if (p->len > max)
		return tun_fail(ctx, -EINVAL, "prefix length must be 0-%u",
				max);
	return 0;
}

int tun_addr_add(struct tun_ctx *ctx, const char *ifname,
		 const struct tun_prefix *local, const struct tun_ip *peer)
{
	int ret;

	if ((ret = tun_check_ifname(ctx, ifname)) < 0 ||
	    (ret = check_prefix(ctx, local)) < 0)
		return ret;
	if (peer && peer->family == TUN_FAMILY_NONE)
		peer = NULL;
	if (peer && peer->family != local->ip.family)
		return tun_fail(ctx, -EINVAL,
				"peer and address are of different families");
	return tun_os_addr_add(ctx, ifname, local, peer);
}

/* Deleting takes the exact entry, so that a wrong prefix length is an
 * error that says what is there, and a point-to-point address goes with
 * its peer (the kernels match an address alone loosely, or not at all). */
int tun_addr_del(struct tun_ctx *ctx, const char *ifname,
		 const struct tun_prefix *local)
{
	const struct tun_addr *found = NULL, *other = NULL;
	struct tun_addr *addrs;
	char p[TUN_PREFIXSTRLEN];
	size_t n;
	int ret;

	if ((ret = tun_check_ifname(ctx, ifname)) < 0 ||
	    (ret = check_prefix(ctx, local)) < 0 ||
	    (ret = tun_os_addr_list(ctx, ifname, &addrs, &n)) < 0)
		return ret;
	for (size_t i = 0; i < n; i++) {
		if (!tun_ip_equal(&addrs[i].local.ip, &local->ip))
			continue;
		if (addrs[i].local.len == local->len)
			found = &addrs[i];
		else
			other = &addrs[i];
	}
	if (found)
		ret = tun_os_addr_del(ctx, ifname, found, addrs, n);
	else if (other)
		ret = tun_fail(ctx, -EADDRNOTAVAIL, "%s has %s", ifname,
			       tun_prefix_format(&other->local, p, sizeof(p)));
	else
		ret = tun_fail(ctx, -EADDRNOTAVAIL, "no such address on %s",
			       ifname);
	tun_free(addrs);
	return ret;
}

int tun_addr_list(struct tun_ctx *ctx, const char *ifname,
		  struct tun_addr **addrs, size_t *count)
{
	int ret;

	if (!ctx || !addrs || !count)
		return -EINVAL;
	*addrs = NULL;
	*count = 0;
	tun_detail_clear(ctx);
	if (ifname && (ret = tun_check_ifname(ctx, ifname)) < 0)
		return ret;
	return tun_os_addr_list(ctx, ifname, addrs, count);
}

static int check_route(struct tun_ctx *ctx, const char *ifname,
		       const struct tun_route *r)
{
	int ret;

	if ((ret = tun_check_ifname(ctx, ifname)) < 0)
		return ret;
	if (!r)
		return tun_fail(ctx, -EINVAL, "no route");
	if ((ret = check_prefix(ctx, &r->dst)) < 0)
		return ret;
	if (tun_prefix_has_host_bits(&r->dst))
		return tun_fail(ctx, -EINVAL,
				"destination has bits set beyond its prefix length");
	if (r->gateway.family != TUN_FAMILY_NONE &&
	    r->gateway.family != r->dst.ip.family)
		return tun_fail(ctx, -EINVAL,
				"gateway and destination are of different families");
	if (r->src.family != TUN_FAMILY_NONE && r->src.family != r->dst.ip.family)
		return tun_fail(ctx, -EINVAL,
				"source and destination are of different families");
#ifndef __linux__
	/* Only the Linux backend passes these on: refuse, never ignore. */
	if (r->table || r->src.family != TUN_FAMILY_NONE)
		return tun_fail(ctx, -EOPNOTSUPP,
				"routing tables and source addresses are not supported on this system");
#endif
	return 0;
}

int tun_route_add(struct tun_ctx *ctx, const char *ifname,
		  const struct tun_route *route)
{
	int ret = check_route(ctx, ifname, route);

	return ret < 0 ? ret : tun_os_route_add(ctx, ifname, route);
}

int tun_route_del(struct tun_ctx *ctx, const char *ifname,
		  const struct tun_route *route)
{
	int ret = check_route(ctx, ifname, route);

	return ret < 0 ? ret : tun_os_route_del(ctx, ifname, route);
}

int tun_route_list(struct tun_ctx *ctx, const char *ifname,
		   struct tun_route **routes, size_t *count)
{
	int ret;

	if (!ctx || !routes || !count)
		return -EINVAL;
	*routes = NULL;
	*count = 0;
	tun_detail_clear(ctx);
	if (ifname && (ret = tun_check_ifname(ctx, ifname)) < 0)
		return ret;
	return tun_os_route_list(ctx, ifname, routes, count);
}

int tun_mtu_get(struct tun_ctx *ctx, const char *ifname, unsigned *mtu)
{
	int ret = tun_check_ifname(ctx, ifname);

	if (ret == 0 && !mtu)
		ret = tun_fail(ctx, -EINVAL, "nowhere to put the MTU");
	return ret < 0 ? ret : tun_os_mtu_get(ctx, ifname, mtu);
}

int tun_mtu_set(struct tun_ctx *ctx, const char *ifname, unsigned mtu)
{
	int ret = tun_check_ifname(ctx, ifname);

	if (ret < 0)
		return ret;
	if (mtu < 68 || mtu > 65535)
		return tun_fail(ctx, -EINVAL, "MTU must be 68-65535");
	return tun_os_mtu_set(ctx, ifname, mtu);
}

int tun_link_set_up(struct tun_ctx *ctx, const char *ifname, bool up)
{
	int ret = tun_check_ifname(ctx, ifname);

	return ret < 0 ? ret : tun_os_link_set_up(ctx, ifname, up);
}

static int setup_fail(struct tun_setup_failure *failure,
		      enum tun_setup_step step, size_t index, int err)
{
	if (failure) {
		failure->step = step;
		failure->index = index;
	}
	return err;
}

/* Checked here so that no backend starts on a setup it cannot finish. */
static int check_setup(struct tun_ctx *ctx, const char *ifname,
		       const struct tun_setup *s,
		       struct tun_setup_failure *failure)
{
	int ret;

	if ((s->naddrs && !s->addrs) || (s->nroutes && !s->routes))
		return tun_fail(ctx, -EINVAL, "a count without its array");
	if (s->mtu && (s->mtu < 68 || s->mtu > 65535))
		return setup_fail(failure, TUN_SETUP_MTU, 0,
				  tun_fail(ctx, -EINVAL, "MTU must be 68-65535"));
	for (size_t i = 0; i < s->naddrs; i++) {
		const struct tun_setup_addr *a = &s->addrs[i];

		ret = check_prefix(ctx, &a->local);
		if (ret == 0 && a->peer.family &&
		    a->peer.family != a->local.ip.family)
			ret = tun_fail(ctx, -EINVAL,
				       "peer and address are of different families");
		if (ret < 0)
			return setup_fail(failure, TUN_SETUP_ADDR, i, ret);
	}
	for (size_t i = 0; i < s->nroutes; i++) {
		ret = check_route(ctx, ifname, &s->routes[i]);
		if (ret < 0)
			return setup_fail(failure, TUN_SETUP_ROUTE, i, ret);
	}
	return 0;
}

static int setup_each(struct tun_ctx *ctx, const char *ifname,
		      const struct tun_setup *s,
		      struct tun_setup_failure *failure)
{
	int ret;

	if (s->mtu && (ret = tun_os_mtu_set(ctx, ifname, s->mtu)) < 0)
		return setup_fail(failure, TUN_SETUP_MTU, 0, ret);
	for (size_t i = 0; i < s->naddrs; i++) {
		const struct tun_setup_addr *a = &s->addrs[i];

		ret = tun_os_addr_add(ctx, ifname, &a->local,
				      a->peer.family ? &a->peer : NULL);
		if (ret < 0)
			return setup_fail(failure, TUN_SETUP_ADDR, i, ret);
	}
	if (s->up && (ret = tun_os_link_set_up(ctx, ifname, true)) < 0)
		return setup_fail(failure, TUN_SETUP_UP, 0, ret);
	for (size_t i = 0; i < s->nroutes; i++) {
		ret = tun_os_route_add(ctx, ifname, &s->routes[i]);
		if (ret < 0)
			return setup_fail(failure, TUN_SETUP_ROUTE, i, ret);
	}
	return 0;
}

int tun_setup_apply(struct tun_ctx *ctx, const char *ifname,
	      const struct tun_setup *setup, struct tun_setup_failure *failure)
{
	int ret = tun_check_ifname(ctx, ifname);

	if (ret == 0 && !setup)
		ret = tun_fail(ctx, -EINVAL, "nothing to set up");
	if (ret == 0)
		ret = check_setup(ctx, ifname, setup, failure);
	if (ret < 0 || (!setup->mtu && !setup->naddrs && !setup->up &&
			!setup->nroutes))
		return ret;
	ret = tun_os_setup(ctx, ifname, setup, failure);
	return ret == TUN_OS_STEPWISE ? setup_each(ctx, ifname, setup, failure)
				      : ret;
}
