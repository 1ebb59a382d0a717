// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/rtnetlink.h>

#include "linux_netlink.h"
#include "os.h"

/* Interface configuration through rtnetlink. */

static int resolve(struct tun_ctx *ctx, const char *ifname, unsigned *index)
{
	return nl_ifindex(ctx, ifname, index);
}

/* A growable array of fixed-size elements. */
struct vec {
	void *items;
	size_t count, cap, size;
};

static void *vec_push(struct vec *v)
{
	if (v->count == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 8;
		void *items = realloc(v->items, cap * v->size);

		if (!items)
			return NULL;
		v->items = items;
		v->cap = cap;
	}
	return memset((char *)v->items + v->size * v->count++, 0, v->size);
}

/* Run a dump, restarting it when the kernel says it changed underneath
 * (NLM_F_DUMP_INTR makes libmnl report EINTR): a half-consistent listing
 * would show an address without its device. */
static int dump(struct tun_ctx *ctx, uint16_t type, mnl_cb_t cb,
		struct vec *v)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int ret;

	for (int tries = 0; tries < 10; tries++) {
		v->count = 0;
		ret = nl_transact(ctx, nl_build_dump(buf, type), cb, v);
		if (ret != -EINTR)
			return ret;
	}
	return ret;
}

/* ---- links -------------------------------------------------------------- */

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct tun_info info, *slot;
	int ret = nl_parse_link(nlh, &info);

	if (ret <= 0)
		return MNL_CB_OK;
	slot = vec_push(data);
	if (!slot) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	*slot = info;
	return MNL_CB_OK;
}

int tun_os_list(struct tun_ctx *ctx, struct tun_info **infos, size_t *count)
{
	struct vec v = { .size = sizeof(struct tun_info) };
	int ret = dump(ctx, RTM_GETLINK, link_cb, &v);

	if (ret < 0) {
		free(v.items);
		return ret;
	}
	*infos = v.items;
	*count = v.count;
	return 0;
}

struct one_link {
	struct tun_info *info;
	int found; /* 1 a TUN/TAP device, 0 another kind */
};

static int one_link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct one_link *l = data;

	l->found = nl_parse_link(nlh, l->info);
	return MNL_CB_OK;
}

int tun_os_info_get(struct tun_ctx *ctx, const char *name,
		    struct tun_info *info)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct one_link l = { info, -1 };
	int ret = nl_transact(ctx, nl_build_getlink(buf, name), one_link_cb, &l);

	if (ret < 0)
		return ret;
	if (l.found < 0)
		return -EBADMSG;
	if (l.found == 0)
		return tun_fail(ctx, -EOPNOTSUPP, "not a TUN/TAP device");
	return 0;
}

int tun_os_destroy(struct tun_ctx *ctx, const char *name)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct tun_info info;
	int ret = tun_os_info_get(ctx, name, &info);

	if (ret < 0)
		return ret;
	return nl_transact(ctx, nl_build_dellink(buf, info.index), NULL, NULL);
}

static int link_set(struct tun_ctx *ctx, const char *ifname, int up,
		    unsigned mtu)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	unsigned index;
	int ret = resolve(ctx, ifname, &index);

	if (ret < 0)
		return ret;
	return nl_transact(ctx, nl_build_link(buf, index, up, mtu), NULL, NULL);
}

int tun_os_mtu_set(struct tun_ctx *ctx, const char *ifname, unsigned mtu)
{
	return link_set(ctx, ifname, -1, mtu);
}

int tun_os_link_set_up(struct tun_ctx *ctx, const char *ifname, bool up)
{
	return link_set(ctx, ifname, up, 0);
}

struct link_mtu {
	unsigned mtu;
	bool found;
};

static int link_mtu_cb(const struct nlmsghdr *nlh, void *data)
{
	struct link_mtu *m = data;
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, sizeof(struct ifinfomsg)) {
		if (mnl_attr_get_type(attr) == IFLA_MTU &&
		    mnl_attr_validate(attr, MNL_TYPE_U32) >= 0) {
			m->mtu = mnl_attr_get_u32(attr);
			m->found = true;
		}
	}
	return MNL_CB_OK;
}

int tun_os_mtu_get(struct tun_ctx *ctx, const char *ifname, unsigned *mtu)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct link_mtu m = { 0, false };
	int ret = nl_transact(ctx, nl_build_getlink(buf, ifname), link_mtu_cb,
			      &m);

	if (ret < 0)
		return ret;
	if (!m.found)
		return -EBADMSG;
	*mtu = m.mtu;
	return 0;
}

/* ---- addresses ---------------------------------------------------------- */

int tun_os_addr_add(struct tun_ctx *ctx, const char *ifname,
		    const struct tun_prefix *local, const struct tun_ip *peer)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	unsigned index;
	int ret = resolve(ctx, ifname, &index);

	if (ret < 0)
		return ret;
	ret = nl_transact(ctx, nl_build_addr(buf, RTM_NEWADDR, index, local, peer),
			  NULL, NULL);
	if (ret == -EEXIST && !tun_ctx_detail(ctx)[0])
		tun_fail(ctx, ret, "address already on %s", ifname);
	return ret;
}

static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
	struct tun_addr addr, *slot;

	if (nl_parse_addr(nlh, &addr) <= 0)
		return MNL_CB_OK;
	slot = vec_push(data);
	if (!slot) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	*slot = addr;
	return MNL_CB_OK;
}

/* Keep the entries whose interface is one of @infos, naming them. */
static void addr_keep(struct vec *v, const struct tun_info *infos, size_t n)
{
	struct tun_addr *a = v->items;
	size_t kept = 0;

	for (size_t i = 0; i < v->count; i++) {
		for (size_t j = 0; j < n; j++) {
			if (a[i].ifindex != infos[j].index)
				continue;
			a[kept] = a[i];
			strcpy(a[kept].ifname, infos[j].name);
			kept++;
			break;
		}
	}
	v->count = kept;
}

/* The devices a listing covers: @ifname alone, or every TUN/TAP device. */
static int listed_devices(struct tun_ctx *ctx, const char *ifname,
			  struct tun_info **infos, size_t *n)
{
	int ret;

	if (!ifname)
		return tun_os_list(ctx, infos, n);
	*infos = calloc(1, sizeof(**infos));
	if (!*infos)
		return -ENOMEM;
	*n = 1;
	ret = resolve(ctx, ifname, &(*infos)[0].index);
	if (ret < 0) {
		free(*infos);
		*infos = NULL;
		return ret;
	}
	strcpy((*infos)[0].name, ifname);
	return 0;
}

int tun_os_addr_list(struct tun_ctx *ctx, const char *ifname,
		     struct tun_addr **addrs, size_t *count)
{
	struct vec v = { .size = sizeof(struct tun_addr) };
	struct tun_info *infos;
	size_t n;
	int ret = listed_devices(ctx, ifname, &infos, &n);

	if (ret < 0)
		return ret;
	ret = dump(ctx, RTM_GETADDR, addr_cb, &v);
	if (ret == 0) {
		addr_keep(&v, infos, n);
		*addrs = v.items;
		*count = v.count;
	} else {
		free(v.items);
	}
	free(infos);
	return ret;
}

/* Deleting needs the exact entry: the kernel matches a bare IFA_LOCAL with
 * any prefix length, and a point-to-point address only with its peer. */
int tun_os_addr_del(struct tun_ctx *ctx, const char *ifname,
		    const struct tun_prefix *local)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	const struct tun_addr *found = NULL, *other = NULL;
	struct tun_addr *addrs;
	size_t n;
	int ret = tun_os_addr_list(ctx, ifname, &addrs, &n);

	if (ret < 0)
		return ret;
	for (size_t i = 0; i < n; i++) {
		if (!tun_ip_equal(&addrs[i].local.ip, &local->ip))
			continue;
		if (addrs[i].local.len == local->len)
			found = &addrs[i];
		else
			other = &addrs[i];
	}
	if (found) {
		const struct tun_ip *peer =
			found->peer.family ? &found->peer : NULL;

		ret = nl_transact(ctx,
				  nl_build_addr(buf, RTM_DELADDR,
						found->ifindex, local, peer),
				  NULL, NULL);
	} else if (other) {
		char p[TUN_PREFIXSTRLEN];

		ret = tun_fail(ctx, -EADDRNOTAVAIL, "%s has %s", ifname,
			       tun_prefix_format(&other->local, p, sizeof(p)));
	} else {
		ret = tun_fail(ctx, -EADDRNOTAVAIL, "no such address on %s",
			       ifname);
	}
	free(addrs);
	return ret;
}

/* ---- routes ------------------------------------------------------------- */

struct route_item {
	struct tun_route route;
	unsigned oif;
};

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	struct route_item item, *slot;

	if (nl_parse_route(nlh, &item.route, &item.oif) <= 0)
		return MNL_CB_OK;
	slot = vec_push(data);
	if (!slot) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	*slot = item;
	return MNL_CB_OK;
}

int tun_os_route_list(struct tun_ctx *ctx, const char *ifname,
		      struct tun_route **routes, size_t *count)
{
	struct vec v = { .size = sizeof(struct route_item) };
	struct tun_route *out = NULL;
	struct route_item *items;
	struct tun_info *infos;
	size_t n, kept = 0;
	int ret = listed_devices(ctx, ifname, &infos, &n);

	if (ret < 0)
		return ret;
	ret = dump(ctx, RTM_GETROUTE, route_cb, &v);
	items = v.items;
	if (ret == 0 && v.count) {
		out = calloc(v.count, sizeof(*out));
		if (!out)
			ret = -ENOMEM;
	}
	for (size_t i = 0; ret == 0 && i < v.count; i++) {
		for (size_t j = 0; j < n; j++) {
			if (items[i].oif != infos[j].index)
				continue;
			out[kept] = items[i].route;
			strcpy(out[kept].ifname, infos[j].name);
			kept++;
			break;
		}
	}
	free(items);
	free(infos);
	if (ret < 0) {
		free(out);
		return ret;
	}
	*routes = out;
	*count = kept;
	return 0;
}

static int route_change(struct tun_ctx *ctx, uint16_t type,
			const char *ifname, const struct tun_route *route)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	unsigned index;
	int ret = resolve(ctx, ifname, &index);

	if (ret < 0)
		return ret;
	return nl_transact(ctx, nl_build_route(buf, type, index, route), NULL,
			   NULL);
}

int tun_os_route_add(struct tun_ctx *ctx, const char *ifname,
		     const struct tun_route *route)
{
	int ret = route_change(ctx, RTM_NEWROUTE, ifname, route);

	if (ret == -EEXIST && !tun_ctx_detail(ctx)[0])
		tun_fail(ctx, ret, "route already present");
	return ret;
}

int tun_os_route_del(struct tun_ctx *ctx, const char *ifname,
		     const struct tun_route *route)
{
	int ret = route_change(ctx, RTM_DELROUTE, ifname, route);

	if (ret == -ESRCH && !tun_ctx_detail(ctx)[0])
		tun_fail(ctx, ret, "no such route through %s", ifname);
	return ret;
}

int tun_os_dns_set(struct tun_ctx *ctx, const char *ifname,
		   const struct tun_ip *servers, size_t count)
{
	(void)ifname;
	(void)servers;
	(void)count;
	return tun_fail(ctx, -EOPNOTSUPP, "set DNS with resolvectl on Linux");
}
