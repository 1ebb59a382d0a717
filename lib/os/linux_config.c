// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/rtnetlink.h>

#include "linux_netlink.h"
#include "os.h"

/* Interface configuration through rtnetlink. */

/* Run a dump, restarting it when the kernel says it changed underneath
 * (NLM_F_DUMP_INTR makes libmnl report EINTR): a half-consistent listing
 * would show an address without its device. */
static int dump_with(struct tun_ctx *ctx, uint16_t type, mnl_cb_t cb,
		     void *data, void (*reset)(void *data))
{
	char buf[NL_REQUEST_MAX];
	int ret;

	for (int tries = 0; tries < 10; tries++) {
		reset(data);
		ret = nl_transact(ctx, nl_build_dump(buf, type), cb, data);
		if (ret != -EINTR)
			return ret;
	}
	return ret;
}

static void vec_reset(void *data)
{
	((struct tun_vec *)data)->count = 0;
}

static int dump(struct tun_ctx *ctx, uint16_t type, mnl_cb_t cb,
		struct tun_vec *v)
{
	return dump_with(ctx, type, cb, v, vec_reset);
}

/* Append @item (v->size bytes) to @v, from a dump callback. */
static int push(struct tun_vec *v, const void *item)
{
	void *slot = tun_vec_push(v);

	if (!slot) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	memcpy(slot, item, v->size);
	return MNL_CB_OK;
}

/* ---- links -------------------------------------------------------------- */

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct tun_info info;

	return nl_parse_link(nlh, &info) > 0 ? push(data, &info) : MNL_CB_OK;
}

int tun_os_list(struct tun_ctx *ctx, struct tun_info **infos, size_t *count)
{
	struct tun_vec v = { .size = sizeof(struct tun_info) };
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
	char buf[NL_REQUEST_MAX];
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
	char buf[NL_REQUEST_MAX];
	struct tun_info info;
	int ret = tun_os_info_get(ctx, name, &info);

	if (ret < 0)
		return ret;
	return nl_transact(ctx, nl_build_dellink(buf, info.index), NULL, NULL);
}

static int link_set(struct tun_ctx *ctx, const char *ifname, int up,
		    unsigned mtu)
{
	char buf[NL_REQUEST_MAX];
	unsigned index;
	int ret = nl_ifindex(ctx, ifname, &index);

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
	char buf[NL_REQUEST_MAX];
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
	char buf[NL_REQUEST_MAX];
	unsigned index;
	int ret = nl_ifindex(ctx, ifname, &index);

	if (ret < 0)
		return ret;
	ret = nl_transact(ctx, nl_build_addr(buf, RTM_NEWADDR, index, local, peer),
			  NULL, NULL);
	if (ret == -EEXIST && !tun_ctx_detail(ctx)[0])
		tun_fail(ctx, ret, "address already on %s", ifname);
	return ret;
}

/* A listing of addresses or routes: what the dump keeps, and the devices
 * it keeps them for. */
struct listing {
	struct tun_vec v;
	struct tun_info *devs;
	size_t ndevs;
};

static void listing_reset(void *data)
{
	((struct listing *)data)->v.count = 0;
}

static const char *listed_name(const struct listing *l, unsigned index)
{
	for (size_t i = 0; i < l->ndevs; i++) {
		if (l->devs[i].index == index)
			return l->devs[i].name;
	}
	return NULL;
}

/* The devices a listing covers: @ifname alone, or every TUN/TAP device. */
static int listing_start(struct tun_ctx *ctx, const char *ifname,
			 struct listing *l, size_t size)
{
	int ret;

	memset(l, 0, sizeof(*l));
	l->v.size = size;
	if (!ifname)
		return tun_os_list(ctx, &l->devs, &l->ndevs);
	l->devs = calloc(1, sizeof(*l->devs));
	if (!l->devs)
		return -ENOMEM;
	l->ndevs = 1;
	tun_strlcpy(l->devs[0].name, ifname, sizeof(l->devs[0].name));
	ret = nl_ifindex(ctx, ifname, &l->devs[0].index);
	if (ret < 0)
		free(l->devs);
	return ret;
}

/* Hands the items to the caller, or frees them when @ret says failure. */
static int listing_end(struct listing *l, int ret, void **items,
		       size_t *count)
{
	free(l->devs);
	if (ret < 0) {
		free(l->v.items);
		return ret;
	}
	*items = l->v.items;
	*count = l->v.count;
	return 0;
}

static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
	struct listing *l = data;
	struct tun_addr addr;
	const char *name;

	if (nl_parse_addr(nlh, &addr) <= 0 ||
	    !(name = listed_name(l, addr.ifindex)))
		return MNL_CB_OK;
	tun_strlcpy(addr.ifname, name, sizeof(addr.ifname));
	return push(&l->v, &addr);
}

int tun_os_addr_list(struct tun_ctx *ctx, const char *ifname,
		     struct tun_addr **addrs, size_t *count)
{
	struct listing l;
	int ret = listing_start(ctx, ifname, &l, sizeof(**addrs));

	if (ret < 0)
		return ret;
	ret = dump_with(ctx, RTM_GETADDR, addr_cb, &l, listing_reset);
	return listing_end(&l, ret, (void **)addrs, count);
}

int tun_os_addr_del(struct tun_ctx *ctx, const char *ifname,
		    const struct tun_addr *addr, const struct tun_addr *all,
		    size_t count)
{
	char buf[NL_REQUEST_MAX];
	const struct tun_ip *peer = addr->peer.family ? &addr->peer : NULL;

	(void)ifname;
	(void)all;
	(void)count;
	return nl_transact(ctx,
			   nl_build_addr(buf, RTM_DELADDR, addr->ifindex,
					 &addr->local, peer),
			   NULL, NULL);
}

/* ---- routes ------------------------------------------------------------- */

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	struct listing *l = data;
	struct tun_route route;
	const char *name;
	unsigned oif;

	if (nl_parse_route(nlh, &route, &oif) <= 0 ||
	    !(name = listed_name(l, oif)))
		return MNL_CB_OK;
	tun_strlcpy(route.ifname, name, sizeof(route.ifname));
	return push(&l->v, &route);
}

int tun_os_route_list(struct tun_ctx *ctx, const char *ifname,
		      struct tun_route **routes, size_t *count)
{
	struct listing l;
	int ret = listing_start(ctx, ifname, &l, sizeof(**routes));

	if (ret < 0)
		return ret;
	ret = dump_with(ctx, RTM_GETROUTE, route_cb, &l, listing_reset);
	return listing_end(&l, ret, (void **)routes, count);
}

static int route_change(struct tun_ctx *ctx, uint16_t type,
			const char *ifname, const struct tun_route *route)
{
	char buf[NL_REQUEST_MAX];
	unsigned index;
	int ret = nl_ifindex(ctx, ifname, &index);

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

/* ---- in one go ---------------------------------------------------------- */

/* The requests of a setup, in the order the kernel must handle them. */
struct setup_plan {
	char *buf;
	size_t len;
	size_t nsteps;
	struct tun_setup_failure *steps; /* what each request does */
};

static void plan_add(struct setup_plan *p, struct nlmsghdr *nlh,
		     enum tun_setup_step step, size_t index)
{
	p->len += nlh->nlmsg_len;
	p->steps[p->nsteps].step = step;
	p->steps[p->nsteps].index = index;
	p->nsteps++;
}

static int plan_setup(struct setup_plan *p, unsigned index,
		      const struct tun_setup *s)
{
	size_t max = 2 + s->naddrs + s->nroutes;

	p->buf = calloc(max, NL_REQUEST_MAX);
	p->steps = calloc(max, sizeof(*p->steps));
	if (!p->buf || !p->steps)
		return -ENOMEM;
	if (s->mtu)
		plan_add(p, nl_build_link(p->buf + p->len, index, -1, s->mtu),
			 TUN_SETUP_MTU, 0);
	for (size_t i = 0; i < s->naddrs; i++) {
		const struct tun_setup_addr *a = &s->addrs[i];

		plan_add(p,
			 nl_build_addr(p->buf + p->len, RTM_NEWADDR, index,
				       &a->local, a->peer.family ? &a->peer : NULL),
			 TUN_SETUP_ADDR, i);
	}
	if (s->up)
		plan_add(p, nl_build_link(p->buf + p->len, index, 1, 0),
			 TUN_SETUP_UP, 0);
	for (size_t i = 0; i < s->nroutes; i++)
		plan_add(p,
			 nl_build_route(p->buf + p->len, RTM_NEWROUTE, index,
					&s->routes[i]),
			 TUN_SETUP_ROUTE, i);
	return 0;
}

int tun_os_setup(struct tun_ctx *ctx, const char *ifname,
		 const struct tun_setup *setup, struct tun_setup_failure *failure)
{
	struct setup_plan plan = { 0 };
	size_t failed = 0;
	unsigned index;
	int ret = nl_ifindex(ctx, ifname, &index);

	if (ret == 0)
		ret = plan_setup(&plan, index, setup);

	if (ret == 0 && plan.nsteps)
		ret = nl_exchange(ctx, plan.buf, plan.len, NULL, NULL, &failed);
	if (ret < 0 && failure && failed < plan.nsteps)
		*failure = plan.steps[failed];
	free(plan.buf);
	free(plan.steps);
	return ret;
}

/* ---- removing many ------------------------------------------------------ */

struct group_scan {
	struct tun_vec tuns;   /* struct tun_info of every TUN/TAP device */
	struct tun_vec groups; /* uint32_t: every group a device is in */
};

static int group_scan_cb(const struct nlmsghdr *nlh, void *data)
{
	struct group_scan *g = data;
	const struct nlattr *attr;
	uint32_t group;

	mnl_attr_for_each(attr, nlh, sizeof(struct ifinfomsg)) {
		if (mnl_attr_get_type(attr) != IFLA_GROUP ||
		    mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			continue;
		group = mnl_attr_get_u32(attr);
		if (push(&g->groups, &group) != MNL_CB_OK)
			return MNL_CB_ERROR;
	}
	return link_cb(nlh, &g->tuns);
}

static const struct tun_info *find_tun(const struct tun_vec *tuns,
				       const char *name)
{
	const struct tun_info *t = tuns->items;

	for (size_t i = 0; i < tuns->count; i++) {
		if (!strcmp(t[i].name, name))
			return &t[i];
	}
	return NULL;
}

/* An interface group no device is in, to gather ours in: deleting the
 * group deletes every member, so it must hold nothing else. */
static uint32_t free_group(const struct group_scan *g)
{
	const uint32_t *used = g->groups.items;
	uint32_t group = 0x74756e00; /* "tun" */

	for (size_t i = 0; i < g->groups.count; i++) {
		if (used[i] == group) {
			group++;
			i = (size_t)-1; /* check the new one against all */
		}
	}
	return group;
}

static struct nlmsghdr *build_set_group(void *buf, unsigned index,
					uint32_t group)
{
	struct nlmsghdr *nlh = nl_build_link(buf, index, -1, 0);

	mnl_attr_put_u32(nlh, IFLA_GROUP, group);
	return nlh;
}

static struct nlmsghdr *build_del_group(void *buf, uint32_t group)
{
	struct nlmsghdr *nlh = nl_build_dellink(buf, 0);

	mnl_attr_put_u32(nlh, IFLA_GROUP, group);
	return nlh;
}

static void group_scan_reset(void *data)
{
	struct group_scan *g = data;

	g->tuns.count = 0;
	g->groups.count = 0;
}

/*
 * Unregistering a device waits for every CPU to leave the network stack
 * (an RCU grace period); the kernel does that once for all the devices of
 * a group. So: move the devices into an unused group, then delete the
 * group, all in one exchange.
 */
int tun_os_destroy_many(struct tun_ctx *ctx, const char *const *names,
			size_t count, size_t *done)
{
	struct group_scan g = { .tuns = { .size = sizeof(struct tun_info) },
				.groups = { .size = sizeof(uint32_t) } };
	struct tun_info info;
	size_t len = 0, valid, failed = 0;
	char *buf = NULL;
	uint32_t group;
	int ret;

	*done = 0;
	if (count < 2)
		return TUN_OS_STEPWISE;
	ret = dump_with(ctx, RTM_GETLINK, group_scan_cb, &g, group_scan_reset);
	if (ret == 0 && !(buf = calloc(count + 1, NL_REQUEST_MAX)))
		ret = -ENOMEM;
	if (ret < 0)
		goto out;
	group = free_group(&g);
	for (valid = 0; valid < count; valid++) {
		const struct tun_info *t = find_tun(&g.tuns, names[valid]);
		bool repeated = false;

		for (size_t i = 0; i < valid; i++)
			repeated |= !strcmp(names[i], names[valid]);
		if (!t || repeated)
			break;
		len += build_set_group(buf + len, t->index, group)->nlmsg_len;
	}
	if (valid) {
		len += build_del_group(buf + len, group)->nlmsg_len;
		ret = nl_exchange(ctx, buf, len, NULL, NULL, &failed);
		if (ret < 0) {
			/* Only if a device vanished meanwhile. */
			*done = failed < valid ? failed : 0;
			goto out;
		}
		*done = valid;
	}
	if (valid < count) {
		/* Its own error, as if removed alone: missing, or not ours. */
		ret = tun_os_info_get(ctx, names[valid], &info);
		if (ret == 0)
			ret = tun_fail(ctx, -ENODEV, "already removed");
	}
out:
	free(buf);
	free(g.tuns.items);
	free(g.groups.items);
	return ret;
}
