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
 * Interface configuration shared by macOS and the BSDs: ioctls on datagram
 * sockets for flags, MTU and addresses, getifaddrs for listings, packets
 * behind the family header (routes: bsd_route.c). Request bytes come from
 * the pure builders in ../rtsock.c; the layout they use is checked here
 * against this system's headers.
 */

/* ---- the layout of this system, checked against its headers ------------- */

#if defined(__APPLE__) && defined(__MACH__)
#define OSL(x) RTS_DARWIN_##x
#define OS_LAYOUT rts_layout_darwin
#define OS_SKIP (RTF_LLINFO | RTF_WASCLONED | RTF_LOCAL | RTF_BROADCAST | \
		 RTF_MULTICAST)
#elif defined(__FreeBSD__)
#define OSL(x) RTS_FREEBSD_##x
#define OS_LAYOUT rts_layout_freebsd
#define OS_SKIP (RTF_LLINFO | RTF_LOCAL | RTF_BROADCAST | RTF_MULTICAST)
#elif defined(__OpenBSD__)
#define OSL(x) RTS_OPENBSD_##x
#define OS_LAYOUT rts_layout_openbsd
#define OS_SKIP (RTF_LLINFO | RTF_CLONED | RTF_LOCAL | RTF_BROADCAST)
#elif defined(__NetBSD__)
#define OSL(x) RTS_NETBSD_##x
#define OS_LAYOUT rts_layout_netbsd
#define OS_SKIP (RTF_LLDATA | RTF_LOCAL | RTF_BROADCAST)
#else
#error "bsd_net.c is for macOS, FreeBSD, OpenBSD and NetBSD"
#endif

#define CHECK(cond) _Static_assert(cond, #cond)

CHECK(RTM_VERSION == OSL(VERSION));
CHECK(sizeof(struct rt_msghdr) == OSL(HDR_SIZE));
CHECK(offsetof(struct rt_msghdr, rtm_msglen) == 0);
CHECK(offsetof(struct rt_msghdr, rtm_version) == 2);
CHECK(offsetof(struct rt_msghdr, rtm_type) == 3);
CHECK(offsetof(struct rt_msghdr, rtm_index) == OSL(OFF_INDEX));
CHECK(offsetof(struct rt_msghdr, rtm_flags) == OSL(OFF_FLAGS));
CHECK(offsetof(struct rt_msghdr, rtm_addrs) == OSL(OFF_ADDRS));
CHECK(offsetof(struct rt_msghdr, rtm_seq) == OSL(OFF_SEQ));
CHECK(offsetof(struct rt_msghdr, rtm_errno) == OSL(OFF_ERRNO));
#if OSL(OFF_HDRLEN)
CHECK(offsetof(struct rt_msghdr, rtm_hdrlen) == OSL(OFF_HDRLEN));
#endif
CHECK(OS_SKIP == OSL(SKIP_FLAGS));
CHECK(AF_INET == RTS_AF_INET && AF_INET6 == OSL(AF_INET6));
CHECK(AF_LINK == OSL(AF_LINK));
CHECK(RTM_ADD == RTS_RTM_ADD && RTM_DELETE == RTS_RTM_DELETE &&
      RTM_GET == RTS_RTM_GET);
CHECK(RTF_UP == RTS_RTF_UP && RTF_GATEWAY == RTS_RTF_GATEWAY &&
      RTF_HOST == RTS_RTF_HOST && RTF_STATIC == RTS_RTF_STATIC);
CHECK(RTA_DST == RTS_RTA_DST && RTA_GATEWAY == RTS_RTA_GATEWAY &&
      RTA_NETMASK == RTS_RTA_NETMASK && RTA_IFP == RTS_RTA_IFP);
CHECK(sizeof(struct sockaddr_in) == RTS_SIN_LEN);
CHECK(offsetof(struct sockaddr_in, sin_addr) == 4);
CHECK(sizeof(struct sockaddr_in6) == RTS_SIN6_LEN);
CHECK(offsetof(struct sockaddr_in6, sin6_addr) == 8);
CHECK(offsetof(struct sockaddr_in6, sin6_scope_id) == 24);
#if defined(__NetBSD__) && __NetBSD_Version__ < 1000000000
CHECK(sizeof(struct sockaddr_dl) == 20); /* sdl_data[12] before NetBSD 10 */
#else
CHECK(sizeof(struct sockaddr_dl) == OSL(SDL_SIZE));
#endif
CHECK(offsetof(struct sockaddr_dl, sdl_index) == 2);
CHECK(sizeof(struct in_aliasreq) == OSL(IN_ALIASREQ_SIZE));
CHECK(offsetof(struct in_aliasreq, ifra_addr) == 16);
CHECK(offsetof(struct in_aliasreq, ifra_broadaddr) == 32);
CHECK(offsetof(struct in_aliasreq, ifra_mask) == 48);
CHECK(sizeof(struct in6_aliasreq) == OSL(IN6_ALIASREQ_SIZE));
CHECK(offsetof(struct in6_aliasreq, ifra_addr) == 16);
CHECK(offsetof(struct in6_aliasreq, ifra_dstaddr) == 44);
CHECK(offsetof(struct in6_aliasreq, ifra_prefixmask) == 72);
CHECK(offsetof(struct in6_aliasreq, ifra_flags) == 100);
CHECK(offsetof(struct in6_aliasreq, ifra_lifetime) == 104);
CHECK(offsetof(struct in6_addrlifetime, ia6t_vltime) == 16);
CHECK(offsetof(struct in6_addrlifetime, ia6t_pltime) == 20);
#ifdef IN6_IFF_NODAD
CHECK(IN6_IFF_NODAD == OSL(IN6_FLAGS));
#else
CHECK(OSL(IN6_FLAGS) == 0);
#endif
CHECK(ND6_INFINITE_LIFETIME == RTS_ND6_INFINITE_LIFETIME);
CHECK(IFNAMSIZ == TUN_NAME_MAX);

const struct rts_layout *bsd_layout(void)
{
	return &OS_LAYOUT;
}

/* ---- sockets and small ioctls ------------------------------------------- */

int bsd_socket(int domain, int type, int protocol)
{
#ifdef SOCK_CLOEXEC
	return socket(domain, type | SOCK_CLOEXEC, protocol);
#else
	int fd = socket(domain, type, protocol);

	if (fd >= 0 && fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	return fd;
#endif
}

int bsd_ctx_state(struct tun_ctx *ctx, struct tun_os_ctx **osp)
{
	if (!ctx->os) {
		ctx->os = calloc(1, sizeof(*ctx->os));
		if (!ctx->os)
			return -ENOMEM;
		ctx->os->inet = ctx->os->inet6 = ctx->os->route = -1;
	}
	*osp = ctx->os;
	return 0;
}

void tun_os_ctx_free(struct tun_os_ctx *os)
{
	if (!os)
		return;
	if (os->inet >= 0)
		close(os->inet);
	if (os->inet6 >= 0)
		close(os->inet6);
	if (os->route >= 0)
		close(os->route);
	free(os);
}

int bsd_ctx_socket(struct tun_ctx *ctx, int family)
{
	struct tun_os_ctx *os;
	int *slot, ret = bsd_ctx_state(ctx, &os);

	if (ret < 0)
		return ret;
	slot = family == AF_INET6 ? &os->inet6 : &os->inet;
	if (*slot < 0) {
		*slot = bsd_socket(family, SOCK_DGRAM, 0);
		if (*slot < 0)
			return tun_fail(ctx, -errno, "cannot open a%s socket",
					family == AF_INET6 ? "n IPv6" : "n IPv4");
	}
	return *slot;
}

int bsd_fail(struct tun_ctx *ctx, int err, const char *what, const char *name)
{
	if (err == -EPERM || err == -EACCES)
		return tun_fail(ctx, err, "%s%s%s: needs root", what,
				name ? " " : "", name ? name : "");
	return tun_fail(ctx, err, "%s%s%s", what, name ? " " : "",
			name ? name : "");
}

int bsd_ifindex(struct tun_ctx *ctx, const char *name, unsigned *index)
{
	*index = if_nametoindex(name);
	if (*index == 0)
		return tun_fail(ctx, -ENODEV, "no device named %s", name);
	return 0;
}

static void ifr_init(struct ifreq *ifr, const char *name)
{
	memset(ifr, 0, sizeof(*ifr));
	tun_strlcpy(ifr->ifr_name, name, sizeof(ifr->ifr_name));
}

static int ifr_ioctl(struct tun_ctx *ctx, unsigned long req,
		     struct ifreq *ifr)
{
	int s = bsd_ctx_socket(ctx, AF_INET);

	if (s < 0)
		return s;
	if (ioctl(s, req, ifr) < 0)
		return errno == ENXIO ? -ENODEV : -errno;
	return 0;
}

static unsigned flags_of(const struct ifreq *ifr)
{
	unsigned f = (unsigned short)ifr->ifr_flags;
#ifdef __FreeBSD__
	f |= (unsigned)(unsigned short)ifr->ifr_flagshigh << 16;
#endif
	return f;
}

int bsd_flags_get(struct tun_ctx *ctx, const char *name, unsigned *flags)
{
	struct ifreq ifr;
	int ret;

	ifr_init(&ifr, name);
	ret = ifr_ioctl(ctx, SIOCGIFFLAGS, &ifr);
	if (ret == -ENODEV)
		return tun_fail(ctx, ret, "no device named %s", name);
	if (ret < 0)
		return tun_fail(ctx, ret, "cannot read the flags of %s", name);
	*flags = flags_of(&ifr);
	return 0;
}

int bsd_flags_change(struct tun_ctx *ctx, const char *name, unsigned set,
		     unsigned clear)
{
	struct ifreq ifr;
	unsigned f;
	int ret = bsd_flags_get(ctx, name, &f);

	if (ret < 0)
		return ret;
	f = (f | set) & ~clear;
	ifr_init(&ifr, name);
	ifr.ifr_flags = (short)(f & 0xffff);
#ifdef __FreeBSD__
	ifr.ifr_flagshigh = (short)(f >> 16);
#endif
	ret = ifr_ioctl(ctx, SIOCSIFFLAGS, &ifr);
	if (ret < 0)
		return bsd_fail(ctx, ret, "cannot set the flags of", name);
	return 0;
}

int bsd_clone_create(struct tun_ctx *ctx, const char *name,
		     char out[TUN_NAME_MAX])
{
	struct ifreq ifr;
	int ret;

	ifr_init(&ifr, name);
#ifdef SIOCIFCREATE2
	ret = ifr_ioctl(ctx, SIOCIFCREATE2, &ifr);
#else
	ret = ifr_ioctl(ctx, SIOCIFCREATE, &ifr);
#endif
	if (ret == -EEXIST)
		return tun_fail(ctx, ret, "an interface named %s exists", name);
	if (ret < 0)
		return bsd_fail(ctx, ret, "cannot create", name);
	tun_strlcpy(out, ifr.ifr_name, TUN_NAME_MAX);
	return 0;
}

int bsd_clone_destroy(struct tun_ctx *ctx, const char *name)
{
	struct ifreq ifr;
	int ret;

	ifr_init(&ifr, name);
	ret = ifr_ioctl(ctx, SIOCIFDESTROY, &ifr);
	if (ret == -ENODEV)
		return tun_fail(ctx, ret, "no device named %s", name);
	if (ret < 0)
		return bsd_fail(ctx, ret, "cannot destroy", name);
	return 0;
}

void bsd_clone_destroy_quietly(const char *name)
{
	struct ifreq ifr;
	int s = bsd_socket(AF_INET, SOCK_DGRAM, 0);

	if (s < 0)
		return;
	ifr_init(&ifr, name);
	ioctl(s, SIOCIFDESTROY, &ifr);
	close(s);
}

int bsd_check_config(struct tun_ctx *ctx, const struct tun_config *cfg,
		     unsigned supported, const char *kind)
{
	static const struct {
		unsigned flag;
		const char *what;
	} names[] = {
		{ TUN_FLAG_PERSIST, "persistence" },
		{ TUN_FLAG_MULTI_QUEUE, "several queues" },
		{ TUN_FLAG_PI, "the Linux packet-information header" },
		{ TUN_FLAG_VNET_HDR, "the Linux virtio-net header (offloads)" },
	};

	for (size_t i = 0; i < TUN_ARRAY_SIZE(names); i++) {
		if ((cfg->flags & names[i].flag) && !(supported & names[i].flag))
			return tun_fail(ctx, -EOPNOTSUPP, "a %s has no %s", kind,
					names[i].what);
	}
	if (cfg->queues > 1 && !(supported & TUN_FLAG_MULTI_QUEUE))
		return tun_fail(ctx, -EOPNOTSUPP, "a %s has one queue", kind);
	if (cfg->owner >= 0 || cfg->group >= 0)
		return tun_fail(ctx, -EOPNOTSUPP,
				"a %s has no owner or group: only root opens it",
				kind);
	return 0;
}

/* ---- MTU and link state ------------------------------------------------- */

int bsd_mtu_set(struct tun_ctx *ctx, const char *name, unsigned mtu)
{
	struct ifreq ifr;
	int ret;

	ifr_init(&ifr, name);
	ifr.ifr_mtu = (int)mtu;
	ret = ifr_ioctl(ctx, SIOCSIFMTU, &ifr);
	if (ret == -ENODEV)
		return tun_fail(ctx, ret, "no device named %s", name);
	if (ret == -EINVAL)
		return tun_fail(ctx, ret, "%s refuses MTU %u", name, mtu);
	if (ret < 0)
		return bsd_fail(ctx, ret, "cannot set the MTU of", name);
	return 0;
}

int tun_os_mtu_get(struct tun_ctx *ctx, const char *ifname, unsigned *mtu)
{
	struct ifreq ifr;
	int ret;

	ifr_init(&ifr, ifname);
	ret = ifr_ioctl(ctx, SIOCGIFMTU, &ifr);
	if (ret == -ENODEV)
		return tun_fail(ctx, ret, "no device named %s", ifname);
	if (ret < 0)
		return tun_fail(ctx, ret, "cannot read the MTU of %s", ifname);
	*mtu = (unsigned)ifr.ifr_mtu;
	return 0;
}

int tun_os_link_set_up(struct tun_ctx *ctx, const char *ifname, bool up)
{
	return bsd_flags_change(ctx, ifname, up ? IFF_UP : 0,
				up ? 0 : IFF_UP);
}

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

/* ---- packets ------------------------------------------------------------ */

/* A read into @iov whose last element is one spare byte: filling it means
 * the packet was longer than the caller's buffer. */
static int read_framed(int fd, struct iovec *iov, int n, size_t hdr,
		       size_t len)
{
	ssize_t got = readv(fd, iov, n);

	if (got < 0)
		return -errno;
	if ((size_t)got < hdr)
		return -EPROTO;
	got -= (ssize_t)hdr;
	if ((size_t)got > len)
		return -EMSGSIZE;
	return (int)got;
}

int bsd_fam_read(int fd, void *buf, size_t len)
{
	uint8_t hdr[FAM_HDR_LEN], spare;
	struct iovec iov[3] = {
		{ hdr, sizeof(hdr) }, { buf, len }, { &spare, 1 }
	};

	return read_framed(fd, iov, 3, sizeof(hdr), len);
}

int bsd_fam_write(int fd, const void *buf, size_t len)
{
	uint8_t hdr[FAM_HDR_LEN];
	struct iovec iov[2] = { { hdr, sizeof(hdr) }, { (void *)buf, len } };
	ssize_t n;
	int ret = fam_hdr_put(hdr, buf, len, AF_INET6);

	if (ret < 0)
		return ret;
	n = writev(fd, iov, 2);
	if (n < 0)
		return -errno;
	if (n == 0)
		return 0; /* nothing taken: the caller may know why */
	return n < (ssize_t)sizeof(hdr) ? -EIO : (int)(n - (ssize_t)sizeof(hdr));
}

int bsd_raw_read(int fd, void *buf, size_t len)
{
	uint8_t spare;
	struct iovec iov[2] = { { buf, len }, { &spare, 1 } };

	return read_framed(fd, iov, 2, 0, len);
}

int bsd_raw_write(int fd, const void *buf, size_t len)
{
	ssize_t n = write(fd, buf, len);

	return n < 0 ? -errno : (int)n;
}

/* ---- several packets, offloads ------------------------------------------ */

/* One write per packet is all these devices take. */
int tun_os_dev_write_many(struct tun_dev *dev, unsigned queue,
			  const struct tun_buf *pkts, size_t count)
{
	return tun_dev_write_each(dev, queue, pkts, count);
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

/* ---- several steps at once ---------------------------------------------- */

/* Routing sockets and ioctls take one change at a time: nothing is faster
 * than doing the steps in turn. */
int tun_os_setup(struct tun_ctx *ctx, const char *ifname,
		 const struct tun_setup *setup,
		 struct tun_setup_failure *failure)
{
	return tun_setup_each(ctx, ifname, setup, failure);
}

int tun_os_destroy_many(struct tun_ctx *ctx, const char *const *names,
			size_t count, size_t *done)
{
	return tun_destroy_each(ctx, names, count, done);
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
