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
 * The helpers every file of the macOS and BSD backends shares: this
 * system's layout checked against its headers, the context's sockets,
 * interface ioctls, packets behind the family header, and writing routing
 * messages. A leaf: it calls no other file of the backend.
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
#if defined(__APPLE__)
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
	if (cfg->has_owner || cfg->has_group)
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

/* ---- routing messages --------------------------------------------------- */

/* The routing socket, write-only: we learn a request's fate from write(),
 * and do not want every routing change of the system queued for us. */
static int route_socket(struct tun_ctx *ctx, int *seq)
{
	struct tun_os_ctx *os;
	int ret = bsd_ctx_state(ctx, &os);

	if (ret < 0)
		return ret;
	if (os->route < 0) {
		os->route = bsd_socket(PF_ROUTE, SOCK_RAW, AF_UNSPEC);
		if (os->route < 0)
			return bsd_fail(ctx, -errno, "cannot open a routing socket",
					NULL);
		shutdown(os->route, SHUT_RD);
	}
	*seq = ++os->seq;
	return os->route;
}

int bsd_route_write(struct tun_ctx *ctx, uint8_t type, unsigned index,
		    const struct tun_route *route)
{
	uint8_t msg[RTS_MSG_MAX];
	int seq, n, s = route_socket(ctx, &seq);

	if (s < 0)
		return s;
	n = rts_build_route(bsd_layout(), msg, type, index, route, seq);
	if (n < 0)
		return tun_fail(ctx, n, "cannot express this route");
	if (write(s, msg, (size_t)n) < 0)
		return -errno;
	return 0;
}
