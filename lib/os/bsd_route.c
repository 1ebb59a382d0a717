// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/sysctl.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <net/if.h>
#include <net/route.h>

#include "bsd_net.h"

/*
 * Routes on macOS and the BSDs: RTM_ADD and RTM_DELETE written to a PF_ROUTE
 * socket, the table read with sysctl(NET_RT_DUMP). The messages are built
 * and parsed by ../rtsock.c with this system's layout (bsd_layout()).
 */

/* ---- listing ------------------------------------------------------------ */

/* The whole routing table (main table, every family), as the kernel dumps
 * it; grows the buffer while routes are being added. */
static int route_dump(struct tun_ctx *ctx, uint8_t **buf, size_t *len)
{
	int mib[6] = { CTL_NET, PF_ROUTE, 0, 0, NET_RT_DUMP, 0 };

	*buf = NULL;
	for (int tries = 0; tries < 10; tries++) {
		size_t need = 0;
		uint8_t *b;

		if (sysctl(mib, 6, NULL, &need, NULL, 0) < 0)
			return tun_fail(ctx, -errno, "cannot read the routes");
		need += need / 8 + 1024;
		b = malloc(need);
		if (!b)
			return -ENOMEM;
		if (sysctl(mib, 6, b, &need, NULL, 0) == 0) {
			*buf = b;
			*len = need;
			return 0;
		}
		free(b);
		if (errno != ENOMEM)
			return tun_fail(ctx, -errno, "cannot read the routes");
	}
	return tun_fail(ctx, -EAGAIN, "the routing table keeps growing");
}

/* Routes whose interface is one of @infos, named after it. */
static int routes_through(struct tun_ctx *ctx, const struct tun_info *infos,
			  size_t ninfos, struct tun_route **routes,
			  size_t *count)
{
	struct tun_vec v = { .size = sizeof(struct tun_route) };
	struct tun_route r, *slot;
	const uint8_t *msg;
	size_t len, off = 0, msglen;
	uint8_t *buf;
	unsigned index;
	int ret = route_dump(ctx, &buf, &len);

	if (ret < 0)
		return ret;
	while ((ret = rts_next(buf, len, &off, &msg, &msglen)) == 1) {
		size_t j;

		if (rts_parse_route(bsd_layout(), msg, msglen, &r, &index) != 1)
			continue;
		for (j = 0; j < ninfos && infos[j].index != index; j++)
			;
		if (j == ninfos)
			continue;
		tun_strlcpy(r.ifname, infos[j].name, sizeof(r.ifname));
		if (!(slot = tun_vec_push(&v))) {
			ret = -ENOMEM;
			break;
		}
		*slot = r;
	}
	free(buf);
	if (ret < 0) {
		free(v.items);
		return ret == -EBADMSG
			       ? tun_fail(ctx, ret, "a route in the dump is malformed")
			       : ret;
	}
	*routes = v.items;
	*count = v.count;
	return 0;
}

int tun_os_route_list(struct tun_ctx *ctx, const char *ifname,
		      struct tun_route **routes, size_t *count)
{
	struct tun_info *infos, one;
	size_t n = 1;
	int ret;

	if (ifname) {
		memset(&one, 0, sizeof(one));
		tun_strlcpy(one.name, ifname, sizeof(one.name));
		if ((ret = bsd_ifindex(ctx, ifname, &one.index)) < 0)
			return ret;
		return routes_through(ctx, &one, 1, routes, count);
	}
	if ((ret = tun_os_list(ctx, &infos, &n)) < 0)
		return ret;
	ret = routes_through(ctx, infos, n, routes, count);
	free(infos);
	return ret;
}

static int check_metric(struct tun_ctx *ctx, const struct tun_route *route)
{
	if (route->has_metric)
		return tun_fail(ctx, -EOPNOTSUPP,
				"routes have no metric on %s", bsd_layout()->os);
	return 0;
}

int tun_os_route_add(struct tun_ctx *ctx, const char *ifname,
		     const struct tun_route *route)
{
	unsigned index;
	int ret;

	if ((ret = check_metric(ctx, route)) < 0 ||
	    (ret = bsd_ifindex(ctx, ifname, &index)) < 0)
		return ret;
	ret = bsd_route_write(ctx, RTS_RTM_ADD, index, route);
	if (ret == -EEXIST)
		return tun_fail(ctx, ret, "route already present");
	if (ret == -ENETUNREACH)
		return tun_fail(ctx, ret, "the gateway is not reachable through %s",
				ifname);
	if (ret < 0 && !tun_ctx_detail(ctx)[0])
		return bsd_fail(ctx, ret, "cannot add the route through", ifname);
	return ret;
}

/* The kernel deletes by destination alone, whatever the interface: look
 * first, so that `route del tun0 0.0.0.0/0` never removes the system's
 * default route through another interface. */
int tun_os_route_del(struct tun_ctx *ctx, const char *ifname,
		     const struct tun_route *route)
{
	struct tun_route *routes;
	size_t n;
	bool found = false;
	unsigned index;
	int ret;

	if ((ret = check_metric(ctx, route)) < 0 ||
	    (ret = bsd_ifindex(ctx, ifname, &index)) < 0 ||
	    (ret = tun_os_route_list(ctx, ifname, &routes, &n)) < 0)
		return ret;
	for (size_t i = 0; i < n && !found; i++) {
		found = tun_ip_equal(&routes[i].dst.ip, &route->dst.ip) &&
			routes[i].dst.len == route->dst.len &&
			(route->gateway.family == TUN_FAMILY_NONE ||
			 tun_ip_equal(&routes[i].gateway, &route->gateway));
	}
	free(routes);
	if (!found)
		return tun_fail(ctx, -ESRCH, "no such route through %s", ifname);
	ret = bsd_route_write(ctx, RTS_RTM_DELETE, index, route);
	if (ret < 0)
		return bsd_fail(ctx, ret, "cannot remove the route through",
				ifname);
	return 0;
}
