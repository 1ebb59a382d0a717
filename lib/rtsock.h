/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The tunctl authors. */
#ifndef TUNCTL_RTSOCK_H
#define TUNCTL_RTSOCK_H

/*
 * The BSD socket ABI that macOS, FreeBSD, OpenBSD and NetBSD share, written
 * once as pure functions over byte buffers: routing-socket messages (PF_ROUTE
 * rt_msghdr + sockaddrs), sockaddrs with sa_len, and the in_aliasreq /
 * in6_aliasreq / ifreq requests that add and remove interface addresses.
 *
 * What differs between the systems (the size of rt_msghdr and where its
 * fields sit, the sockaddr padding, the value of AF_INET6) is a struct
 * rts_layout, so the code compiles and is unit-tested on any OS. The backends
 * check each layout against the real headers with _Static_assert
 * (lib/os/bsd_net.c), which `make cross-check` compiles for all four.
 * Integers in messages are in host order, as the kernel reads them.
 */

#include <stddef.h>
#include <stdint.h>

#include "tunctl.h"

/* The layout of one system. The RTS_<OS>_* constants below are the same
 * numbers, usable in _Static_assert. */
struct rts_layout {
	const char *os;
	uint8_t version;	/* RTM_VERSION */
	uint16_t hdr_size;	/* sizeof(struct rt_msghdr) */
	uint8_t off_hdrlen;	/* rtm_hdrlen (OpenBSD only), else 0 */
	uint8_t off_index;	/* rtm_index (u_short) */
	uint8_t off_flags;	/* rtm_flags (int) */
	uint8_t off_addrs;	/* rtm_addrs (int) */
	uint8_t off_seq;	/* rtm_seq (int) */
	uint8_t off_errno;	/* rtm_errno (int) */
	uint8_t sa_align;	/* each sockaddr is padded to this */
	uint8_t af_inet6;	/* AF_INET6 here */
	uint8_t af_link;	/* AF_LINK */
	uint8_t sdl_size;	/* sizeof(struct sockaddr_dl) */
	uint8_t in_aliasreq_size;
	uint8_t in6_aliasreq_size;
	uint32_t in6_flags;	/* ifra_flags of an added IPv6 address */
	uint32_t skip_flags;	/* RTF_* of entries a listing leaves out:
				   ARP/ND entries, clones, local, broadcast */
};

/* macOS (xnu bsd/net/route.h, rtsock.c ROUNDUP32; sizes [cc]). */
#define RTS_DARWIN_VERSION 5
#define RTS_DARWIN_HDR_SIZE 92
#define RTS_DARWIN_OFF_HDRLEN 0
#define RTS_DARWIN_OFF_INDEX 4
#define RTS_DARWIN_OFF_FLAGS 8
#define RTS_DARWIN_OFF_ADDRS 12
#define RTS_DARWIN_OFF_SEQ 20
#define RTS_DARWIN_OFF_ERRNO 24
#define RTS_DARWIN_SA_ALIGN 4
#define RTS_DARWIN_AF_INET6 30
#define RTS_DARWIN_AF_LINK 18
#define RTS_DARWIN_SDL_SIZE 20
#define RTS_DARWIN_IN_ALIASREQ_SIZE 64
#define RTS_DARWIN_IN6_ALIASREQ_SIZE 128
#define RTS_DARWIN_IN6_FLAGS RTS_IN6_IFF_NODAD
/* RTF_LLINFO | RTF_WASCLONED | RTF_LOCAL | RTF_BROADCAST | RTF_MULTICAST */
#define RTS_DARWIN_SKIP_FLAGS 0xe20400u

/* FreeBSD (sys/net/route.h SA_SIZE: sizeof(long); sizes [cc]). */
#define RTS_FREEBSD_VERSION 5
#define RTS_FREEBSD_HDR_SIZE 152
#define RTS_FREEBSD_OFF_HDRLEN 0
#define RTS_FREEBSD_OFF_INDEX 4
#define RTS_FREEBSD_OFF_FLAGS 8
#define RTS_FREEBSD_OFF_ADDRS 12
#define RTS_FREEBSD_OFF_SEQ 20
#define RTS_FREEBSD_OFF_ERRNO 24
#define RTS_FREEBSD_SA_ALIGN 8
#define RTS_FREEBSD_AF_INET6 28
#define RTS_FREEBSD_AF_LINK 18
#define RTS_FREEBSD_SDL_SIZE 54
#define RTS_FREEBSD_IN_ALIASREQ_SIZE 68
#define RTS_FREEBSD_IN6_ALIASREQ_SIZE 136
/* The kernel keeps ifra_flags as given and never reads IN6_IFF_NODAD. */
#define RTS_FREEBSD_IN6_FLAGS 0
/* RTF_LLINFO | RTF_LOCAL | RTF_BROADCAST | RTF_MULTICAST */
#define RTS_FREEBSD_SKIP_FLAGS 0xe00400u

/* OpenBSD (sys/net/route.h: rtm_hdrlen, rtm_tableid, priority; ROUNDUP
 * to sizeof(long); sizes [cc] on 7.8-beta headers). */
#define RTS_OPENBSD_VERSION 5
#define RTS_OPENBSD_HDR_SIZE 96
#define RTS_OPENBSD_OFF_HDRLEN 4
#define RTS_OPENBSD_OFF_INDEX 6
#define RTS_OPENBSD_OFF_FLAGS 16
#define RTS_OPENBSD_OFF_ADDRS 12
#define RTS_OPENBSD_OFF_SEQ 28
#define RTS_OPENBSD_OFF_ERRNO 32
#define RTS_OPENBSD_SA_ALIGN 8
#define RTS_OPENBSD_AF_INET6 24
#define RTS_OPENBSD_AF_LINK 18
#define RTS_OPENBSD_SDL_SIZE 32
#define RTS_OPENBSD_IN_ALIASREQ_SIZE 64
#define RTS_OPENBSD_IN6_ALIASREQ_SIZE 128
/* No IN6_IFF_NODAD: the kernel stores ifra_flags as given, and runs DAD
 * only when the interface is already up and running. */
#define RTS_OPENBSD_IN6_FLAGS 0
/* RTF_LLINFO | RTF_CLONED | RTF_LOCAL | RTF_BROADCAST */
#define RTS_OPENBSD_SKIP_FLAGS 0x610400u

/* NetBSD (sys/net/route.h: 64-bit aligned rt_msghdr, RTM_VERSION 4,
 * RT_ROUNDUP to 8). sockaddr_dl is 32 bytes since 2022 (sdl_data[24], NetBSD
 * 10); 20 before, which a kernel of either age takes as an sdl_len. */
#define RTS_NETBSD_VERSION 4
#define RTS_NETBSD_HDR_SIZE 120
#define RTS_NETBSD_OFF_HDRLEN 0
#define RTS_NETBSD_OFF_INDEX 4
#define RTS_NETBSD_OFF_FLAGS 8
#define RTS_NETBSD_OFF_ADDRS 12
#define RTS_NETBSD_OFF_SEQ 20
#define RTS_NETBSD_OFF_ERRNO 24
#define RTS_NETBSD_SA_ALIGN 8
#define RTS_NETBSD_AF_INET6 24
#define RTS_NETBSD_AF_LINK 18
#define RTS_NETBSD_SDL_SIZE 32
#define RTS_NETBSD_IN_ALIASREQ_SIZE 64
#define RTS_NETBSD_IN6_ALIASREQ_SIZE 128
/* SIOCAIFADDR_IN6 refuses IN6_IFF_NODAD as a read-only flag (EINVAL). */
#define RTS_NETBSD_IN6_FLAGS 0
/* RTF_LLDATA | RTF_LOCAL | RTF_BROADCAST */
#define RTS_NETBSD_SKIP_FLAGS 0xc0400u

extern const struct rts_layout rts_layout_darwin;
extern const struct rts_layout rts_layout_freebsd;
extern const struct rts_layout rts_layout_openbsd;
extern const struct rts_layout rts_layout_netbsd;

/* Values every one of the four systems shares. */
#define RTS_AF_INET 2
#define RTS_RTM_ADD 1
#define RTS_RTM_DELETE 2
#define RTS_RTM_GET 4
#define RTS_RTF_UP 0x1
#define RTS_RTF_GATEWAY 0x2
#define RTS_RTF_HOST 0x4
#define RTS_RTF_STATIC 0x800
#define RTS_RTA_DST 0x1
#define RTS_RTA_GATEWAY 0x2
#define RTS_RTA_NETMASK 0x4
#define RTS_RTA_IFP 0x10
#define RTS_RTAX_MAX 8 /* sockaddr slots a parser looks at */
#define RTS_SIN_LEN 16
#define RTS_SIN6_LEN 28
#define RTS_IN6_IFF_NODAD 0x20
#define RTS_ND6_INFINITE_LIFETIME 0xffffffffu

/* Room for any message rts_build_route() writes. */
#define RTS_MSG_MAX 512

/* ---- sockaddrs -------------------------------------------------------- */

/* The bytes a sockaddr of @sa_len takes in a routing message, padding
 * included; a zero length still takes one unit (ROUNDUP32 / SA_SIZE). */
size_t rts_sa_space(const struct rts_layout *l, size_t sa_len);
/* sockaddr_in (16 bytes) or sockaddr_in6 (28) for @ip at @out; returns its
 * length. @scope goes into sin6_scope_id. */
size_t rts_put_ip(const struct rts_layout *l, uint8_t *out,
		  const struct tun_ip *ip, uint32_t scope);
/* The netmask of a /@len prefix of @family as a full sockaddr. */
size_t rts_put_mask(const struct rts_layout *l, uint8_t *out,
		    enum tun_family family, unsigned len);
/* A sockaddr_dl naming interface @ifindex (what `route -interface` and
 * RTA_IFP carry). */
size_t rts_put_link(const struct rts_layout *l, uint8_t *out,
		    unsigned ifindex);
/*
 * Read an address from a sockaddr of @avail bytes. Kernels shorten
 * sockaddrs to their last non-zero byte (sa_len < 16 for 10.0.0.0), so
 * missing bytes are zero. The KAME scope that BSD kernels embed in bytes 2-3
 * of a link-local IPv6 address is cleared. Returns 0, -EAFNOSUPPORT for
 * another family, -EBADMSG when malformed.
 */
int rts_get_ip(const struct rts_layout *l, const uint8_t *sa, size_t avail,
	       struct tun_ip *ip);
/* The prefix length of a netmask sockaddr of @family; a mask whose family
 * the kernel left out (sa_len 0, or only the first bytes) is read by the
 * family it is for. -EINVAL when the ones are not contiguous. */
int rts_get_mask(const struct rts_layout *l, const uint8_t *sa, size_t avail,
		 enum tun_family family, unsigned *len);

/* ---- routing messages -------------------------------------------------- */

/*
 * Build an RTM_ADD or RTM_DELETE for @route through interface @ifindex at
 * @buf (RTS_MSG_MAX bytes). A route without a gateway is an interface route
 * (gateway: a sockaddr_dl with the index, as `route add -interface` sends);
 * one with a gateway also carries RTA_IFP so that the kernel uses this
 * interface. A host prefix (/32, /128) is sent as RTF_HOST without a mask.
 * A link-local gateway gets the interface's scope embedded, the KAME way.
 * Returns the message's length, or -EINVAL.
 */
int rts_build_route(const struct rts_layout *l, uint8_t *buf, uint8_t type,
		    unsigned ifindex, const struct tun_route *route, int seq);

/* The message at @buf + *@off of a dump (sysctl NET_RT_DUMP) or a read
 * from a routing socket; advances *@off. Returns 1 with @msg and @len set,
 * 0 at the end, -EBADMSG when a length does not fit. */
int rts_next(const uint8_t *buf, size_t size, size_t *off,
	     const uint8_t **msg, size_t *len);

/*
 * Parse one route of a dump: 1 when @route and @ifindex were filled, 0 when
 * the entry is of no interest (another family, the wrong version, an ARP
 * entry or another of the layout's skip_flags), -EBADMSG when malformed.
 * A gateway that is a sockaddr_dl, or an address without RTF_GATEWAY, is
 * an interface route. Without a netmask, a route is a host route.
 */
int rts_parse_route(const struct rts_layout *l, const uint8_t *msg,
		    size_t len, struct tun_route *route, unsigned *ifindex);

/* ---- interface addresses ---------------------------------------------- */

/*
 * SIOCAIFADDR's struct in_aliasreq at @buf (l->in_aliasreq_size bytes):
 * name, address, destination (@dst, for point-to-point interfaces; NULL
 * leaves the kernel's broadcast default), mask. Returns its size or
 * -EINVAL.
 */
int rts_in_aliasreq(const struct rts_layout *l, uint8_t *buf,
		    const char *ifname, const struct tun_prefix *local,
		    const struct tun_ip *dst);
/* SIOCAIFADDR_IN6's struct in6_aliasreq (l->in6_aliasreq_size bytes), with
 * l->in6_flags (IN6_IFF_NODAD on macOS, the one system that honours it
 * there) and infinite lifetimes, as `ifconfig inet6 ... alias`. */
int rts_in6_aliasreq(const struct rts_layout *l, uint8_t *buf,
		     const char *ifname, const struct tun_prefix *local,
		     const struct tun_ip *dst);
/* An ifreq / in6_ifreq for SIOCDIFADDR(_IN6): the name, then the address
 * at offset 16. @size is the request's size; returns 0 or -EINVAL. */
int rts_ifreq_addr(const struct rts_layout *l, uint8_t *buf, size_t size,
		   const char *ifname, const struct tun_ip *ip);

#endif
