// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <sys/param.h>
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/sockio.h>
#include <sys/uio.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <ifaddrs.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <net/if.h>
#include <net/if_dl.h>
#include <net/route.h>
#include <netinet/in.h>
#include <netinet/in_var.h>
#include <netinet6/in6_var.h>
#include <netinet6/nd6.h>

#include "bsd_net.h"

/*
 * Interface configuration shared by macOS and the BSDs: address ioctls,
 * getifaddrs for listings, and the tun_os_* functions that are the same on
 * all of them (helpers: bsd_base.c; routes: bsd_route.c). Request bytes
 * come from the pure builders in ../rtsock.c.
 */

/* ---- listings: getifaddrs ----------------------------------------------- */

/* The sockaddr's bytes as the pure parsers read them. */
static const uint8_t *sa_bytes(const struct sockaddr *sa, size_t *len)
{
	*len = sa ? sa->sa_len : 0;
	return (const uint8_t *)sa;
}

static void link_info(const struct ifaddrs *ifa, struct tun_info *info)
{
	const struct sockaddr_dl *sdl = (const struct sockaddr_dl *)ifa->ifa_addr;
	const struct if_data *data = ifa->ifa_data;

	tun_strlcpy(info->name, ifa->ifa_name, sizeof(info->name));
	info->index = sdl->sdl_index;
	if (data)
		info->mtu = (unsigned)data->ifi_mtu;
	if (ifa->ifa_flags & IFF_UP)
		info->flags |= TUN_FLAG_UP;
	if (sdl->sdl_alen == 6) {
		info->has_mac = true;
		memcpy(info->mac, LLADDR(sdl), 6);
	}
}

/* Every device of this backend (@only: that one), from AF_LINK entries. */
static int links(struct tun_ctx *ctx, const char *only,
		 struct tun_info **infos, size_t *count)
{
	struct ifaddrs *all, *ifa;
	struct tun_vec v = { .size = sizeof(struct tun_info) };
	struct tun_info info, *slot;
	int ret = 0;

	*infos = NULL;
	*count = 0;
	if (getifaddrs(&all) < 0)
		return tun_fail(ctx, -errno, "cannot list the interfaces");
	for (ifa = all; ifa; ifa = ifa->ifa_next) {
		if (!ifa->ifa_addr || ifa->ifa_addr->sa_family != AF_LINK ||
		    (only && strcmp(only, ifa->ifa_name)))
			continue;
		memset(&info, 0, sizeof(info));
		info.owner = info.group = -1;
		if (!bsd_os_classify(ifa->ifa_name, ifa->ifa_flags, &info))
			continue;
		link_info(ifa, &info);
		if (!(slot = tun_vec_push(&v))) {
			ret = -ENOMEM;
			break;
		}
		*slot = info;
	}
	freeifaddrs(all);
	if (ret < 0) {
		free(v.items);
		return ret;
	}
	*infos = v.items;
	*count = v.count;
	return 0;
}

int tun_os_list(struct tun_ctx *ctx, struct tun_info **infos, size_t *count)
{
	return links(ctx, NULL, infos, count);
}

int tun_os_info_get(struct tun_ctx *ctx, const char *name,
		    struct tun_info *info)
{
	struct tun_info *found;
	size_t n;
	int ret = links(ctx, name, &found, &n);

	if (ret < 0)
		return ret;
	if (n == 0) {
		ret = if_nametoindex(name)
			      ? tun_fail(ctx, -EOPNOTSUPP,
					 "%s is not a TUN/TAP device", name)
			      : tun_fail(ctx, -ENODEV, "no device named %s",
					 name);
	} else {
		*info = found[0];
	}
	free(found);
	return ret;
}

/* ---- addresses ---------------------------------------------------------- */

/* The index of @name from its AF_LINK entry among @all, rather than an
 * if_nametoindex() per address: a system call at best, a whole new
 * getifaddrs() in the KAME version that the BSD libcs started from. */
static unsigned link_index(const struct ifaddrs *all, const char *name)
{
	for (const struct ifaddrs *ifa = all; ifa; ifa = ifa->ifa_next) {
		if (ifa->ifa_addr && ifa->ifa_addr->sa_family == AF_LINK &&
		    !strcmp(ifa->ifa_name, name))
			return ((const struct sockaddr_dl *)ifa->ifa_addr)
				->sdl_index;
	}
	return 0;
}

static int addr_from_ifa(const struct ifaddrs *all, const struct ifaddrs *ifa,
			 struct tun_addr *a)
{
	const struct rts_layout *l = bsd_layout();
	const uint8_t *sa;
	size_t len;

	memset(a, 0, sizeof(*a));
	sa = sa_bytes(ifa->ifa_addr, &len);
	if (rts_get_ip(l, sa, len, &a->local.ip) < 0)
		return 0;
	a->local.len = a->local.ip.family == TUN_INET ? 32 : 128;
	sa = sa_bytes(ifa->ifa_netmask, &len);
	if (sa && rts_get_mask(l, sa, len, a->local.ip.family,
			       &a->local.len) < 0)
		return 0;
	sa = sa_bytes(ifa->ifa_dstaddr, &len);
	if ((ifa->ifa_flags & IFF_POINTOPOINT) && sa &&
	    rts_get_ip(l, sa, len, &a->peer) == 0 &&
	    (a->peer.family != a->local.ip.family ||
	     tun_ip_equal(&a->peer, &a->local.ip)))
		a->peer.family = TUN_FAMILY_NONE; /* our own address: no peer */
	tun_strlcpy(a->ifname, ifa->ifa_name, sizeof(a->ifname));
	a->ifindex = link_index(all, ifa->ifa_name);
	return 1;
}

static bool is_ours(const struct ifaddrs *ifa, const char *ifname)
{
	struct tun_info info;

	if (ifname)
		return strcmp(ifname, ifa->ifa_name) == 0;
	memset(&info, 0, sizeof(info));
	return bsd_os_classify(ifa->ifa_name, ifa->ifa_flags, &info) == 1;
}

int tun_os_addr_list(struct tun_ctx *ctx, const char *ifname,
		     struct tun_addr **addrs, size_t *count)
{
	struct ifaddrs *all, *ifa;
	struct tun_vec v = { .size = sizeof(struct tun_addr) };
	struct tun_addr a, *slot;
	unsigned index;
	int ret = 0;

	if (ifname && (ret = bsd_ifindex(ctx, ifname, &index)) < 0)
		return ret;
	if (getifaddrs(&all) < 0)
		return tun_fail(ctx, -errno, "cannot list the addresses");
	for (ifa = all; ifa; ifa = ifa->ifa_next) {
		if (!ifa->ifa_addr || !is_ours(ifa, ifname) ||
		    !addr_from_ifa(all, ifa, &a))
			continue;
		if (!(slot = tun_vec_push(&v))) {
			ret = -ENOMEM;
			break;
		}
		*slot = a;
	}
	freeifaddrs(all);
	if (ret < 0) {
		free(v.items);
		return ret;
	}
	*addrs = v.items;
	*count = v.count;
	return 0;
}

/* The subnet of @local as a route destination, or false for a host
 * prefix, which needs no route of its own. */
static bool subnet_of(const struct tun_prefix *local, struct tun_route *r)
{
	memset(r, 0, sizeof(*r));
	r->dst = *local;
	tun_prefix_mask(&r->dst);
	return local->len < (local->ip.family == TUN_INET ? 32u : 128u);
}

static int addr_ioctl(struct tun_ctx *ctx, const char *ifname,
		      const struct tun_prefix *local, const struct tun_ip *dst)
{
	union {
		struct in_aliasreq in;
		struct in6_aliasreq in6;
	} req;
	bool v4 = local->ip.family == TUN_INET;
	int s = bsd_ctx_socket(ctx, v4 ? AF_INET : AF_INET6);
	int n;

	if (s < 0)
		return s;
	if (v4)
		n = rts_in_aliasreq(bsd_layout(), (uint8_t *)&req.in, ifname,
				    local, dst);
	else
		n = rts_in6_aliasreq(bsd_layout(), (uint8_t *)&req.in6, ifname,
				     local, dst);
	if (n < 0)
		return tun_fail(ctx, n, "cannot express this address");
	if (ioctl(s, v4 ? SIOCAIFADDR : SIOCAIFADDR_IN6, &req) < 0)
		return -errno;
	return 0;
}

static int addr_del_ioctl(struct tun_ctx *ctx, const char *ifname,
			  const struct tun_ip *ip)
{
	union {
		struct ifreq ifr;
		struct in6_ifreq ifr6;
	} req;
	bool v4 = ip->family == TUN_INET;
	int s = bsd_ctx_socket(ctx, v4 ? AF_INET : AF_INET6);

	if (s < 0)
		return s;
	if (rts_ifreq_addr(bsd_layout(), (uint8_t *)&req,
			   v4 ? sizeof(req.ifr) : sizeof(req.ifr6), ifname,
			   ip) < 0)
		return tun_fail(ctx, -EINVAL, "cannot express this address");
	if (ioctl(s, v4 ? SIOCDIFADDR : SIOCDIFADDR_IN6, &req) < 0)
		return -errno;
	return 0;
}

/*
 * On a point-to-point device (utun, BSD tun) an IPv4 address needs a
 * destination: the peer when given, else our own address, as wg-quick does.
 * Such a device gets no route for the subnet from the kernel, so it is
 * added here, making `--addr 10.0.0.1/24` route 10.0.0.0/24 into the device
 * the way it does on Linux.
 */
int tun_os_addr_add(struct tun_ctx *ctx, const char *ifname,
		    const struct tun_prefix *local, const struct tun_ip *peer)
{
	const struct tun_ip *dst = peer;
	struct tun_route subnet;
	unsigned flags, index;
	bool p2p;
	int ret;

	if ((ret = bsd_ifindex(ctx, ifname, &index)) < 0 ||
	    (ret = bsd_flags_get(ctx, ifname, &flags)) < 0)
		return ret;
	p2p = flags & IFF_POINTOPOINT;
	if (!dst && p2p && local->ip.family == TUN_INET)
		dst = &local->ip;
	ret = addr_ioctl(ctx, ifname, local, dst);
	if (ret == -EEXIST)
		return tun_fail(ctx, ret, "address already on %s", ifname);
	if (ret < 0)
		return bsd_fail(ctx, ret, "cannot add the address to", ifname);
	if (!p2p || !subnet_of(local, &subnet))
		return 0;
	ret = bsd_route_write(ctx, RTS_RTM_ADD, index, &subnet);
	if (ret == 0 || ret == -EEXIST)
		return 0;
	addr_del_ioctl(ctx, ifname, &local->ip);
	return bsd_fail(ctx, ret, "cannot route the address's subnet into",
			ifname);
}

/* Does another address of @addrs (not @skip) lie in @subnet? */
static bool subnet_shared(const struct tun_addr *addrs, size_t n,
			  const struct tun_addr *skip,
			  const struct tun_route *subnet)
{
	for (size_t i = 0; i < n; i++) {
		struct tun_prefix p = { addrs[i].local.ip, subnet->dst.len };

		if (&addrs[i] == skip || p.ip.family != subnet->dst.ip.family)
			continue;
		tun_prefix_mask(&p);
		if (tun_ip_equal(&p.ip, &subnet->dst.ip))
			return true;
	}
	return false;
}

int tun_os_addr_del(struct tun_ctx *ctx, const char *ifname,
		    const struct tun_addr *addr, const struct tun_addr *all,
		    size_t count)
{
	struct tun_route subnet;
	unsigned flags;
	int ret = addr_del_ioctl(ctx, ifname, &addr->local.ip);

	if (ret < 0)
		return bsd_fail(ctx, ret, "cannot remove the address from",
				ifname);
	/* Take back the subnet route tun_os_addr_add() made, unless another
	 * address still needs it. */
	if (bsd_flags_get(ctx, ifname, &flags) == 0 &&
	    (flags & IFF_POINTOPOINT) && subnet_of(&addr->local, &subnet) &&
	    !subnet_shared(all, count, addr, &subnet))
		bsd_route_write(ctx, RTS_RTM_DELETE, addr->ifindex, &subnet);
	tun_detail_clear(ctx);
	return 0;
}

/* ---- several packets, offloads ------------------------------------------ */

/* One write per packet is all these devices take. */
int tun_os_dev_write_many(struct tun_dev *dev, unsigned queue,
			  const struct tun_buf *pkts, size_t count)
{
	(void)dev;
	(void)queue;
	(void)pkts;
	(void)count;
	return TUN_OS_STEPWISE;
}

/* No offloads here: tun_dev_offload_stats() reports zeros. */
int tun_os_dev_offload_stats(const struct tun_dev *dev, unsigned queue,
			     struct tun_offload_stats *stats)
{
	(void)dev;
	(void)queue;
	(void)stats;
	return 0;
}

/* Only what the descriptor has: nothing is held here. */
bool tun_os_dev_ready(const struct tun_dev *dev, unsigned queue)
{
	struct pollfd p = { .fd = dev->fds[queue], .events = POLLIN };

	return poll(&p, 1, 0) > 0;
}

/* Found by name: tun_dev_mtu() and tun_dev_ifindex() use tun_os_info_get(). */
int tun_os_dev_info(struct tun_ctx *ctx, const struct tun_dev *dev,
		    struct tun_info *info)
{
	(void)ctx;
	(void)dev;
	(void)info;
	return TUN_OS_STEPWISE;
}

/* ---- several steps at once ---------------------------------------------- */

/* Routing sockets and ioctls take one change at a time: nothing is faster
 * than doing the steps in turn. */
int tun_os_setup(struct tun_ctx *ctx, const char *ifname,
		 const struct tun_setup *setup,
		 struct tun_setup_failure *failure)
{
	(void)ctx;
	(void)ifname;
	(void)setup;
	(void)failure;
	return TUN_OS_STEPWISE;
}

int tun_os_destroy_many(struct tun_ctx *ctx, const char *const *names,
			size_t count, size_t *done)
{
	(void)ctx;
	(void)names;
	(void)count;
	(void)done;
	return TUN_OS_STEPWISE;
}

/* ---- what the BSDs lack ------------------------------------------------- */

/* Descriptors are handed over here (create -- COMMAND, tun_dev_from_fd),
 * so there is nothing to suspend. */
int tun_os_dev_suspend(struct tun_dev *dev)
{
	(void)dev;
	return 0;
}

int tun_os_dns_set(struct tun_ctx *ctx, const char *ifname,
		   const struct tun_ip *servers, size_t count)
{
	(void)ifname;
	(void)servers;
	(void)count;
#if defined(__APPLE__)
	return tun_fail(ctx, -EOPNOTSUPP,
			"set DNS with scutil (a resolver for the tunnel's "
			"domains: /etc/resolver) on macOS");
#else
	return tun_fail(ctx, -EOPNOTSUPP, "set DNS with resolvconf(8) on %s",
			bsd_layout()->os);
#endif
}

int tun_os_netns_enter(const char *name)
{
	(void)name;
	return -EOPNOTSUPP;
}

/* No capabilities here: a program is root or it is not. */
int tun_os_privileges_keep(unsigned keep)
{
	(void)keep;
	return 0;
}

int tun_os_drop_privileges(long long uid, long long gid)
{
	gid_t g;

	if (uid < 0)
		return 0;
	if (gid < 0)
		return -EINVAL;
	g = (gid_t)gid;
	if (setgroups(1, &g) < 0 || setgid(g) < 0 || setuid((uid_t)uid) < 0)
		return -errno;
	/* Make sure root cannot be regained. */
	if (uid != 0 && setuid(0) == 0)
		return -EPERM;
	return 0;
}
