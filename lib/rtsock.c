// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <string.h>

#include "internal.h"
#include "rtsock.h"

/* Pure code: no system headers beyond the C library, so that it builds and
 * is tested on every OS. See rtsock.h for what it covers. */

#define RTS_LAYOUT(P, name)                                              \
	{                                                                \
		.os = name, .version = P##_VERSION,                      \
		.hdr_size = P##_HDR_SIZE, .off_hdrlen = P##_OFF_HDRLEN,  \
		.off_index = P##_OFF_INDEX, .off_flags = P##_OFF_FLAGS,  \
		.off_addrs = P##_OFF_ADDRS, .off_seq = P##_OFF_SEQ,      \
		.off_errno = P##_OFF_ERRNO, .sa_align = P##_SA_ALIGN,    \
		.af_inet6 = P##_AF_INET6, .af_link = P##_AF_LINK,        \
		.sdl_size = P##_SDL_SIZE,                                \
		.in_aliasreq_size = P##_IN_ALIASREQ_SIZE,                \
		.in6_aliasreq_size = P##_IN6_ALIASREQ_SIZE,              \
		.in6_flags = P##_IN6_FLAGS,                              \
		.skip_flags = P##_SKIP_FLAGS,                            \
	}

const struct rts_layout rts_layout_darwin = RTS_LAYOUT(RTS_DARWIN, "macOS");
const struct rts_layout rts_layout_freebsd =
	RTS_LAYOUT(RTS_FREEBSD, "FreeBSD");
const struct rts_layout rts_layout_openbsd =
	RTS_LAYOUT(RTS_OPENBSD, "OpenBSD");
const struct rts_layout rts_layout_netbsd = RTS_LAYOUT(RTS_NETBSD, "NetBSD");

/* Offsets inside sockaddrs, the same on every BSD. */
#define SA_LEN 0
#define SA_FAMILY 1
#define SIN_ADDR 4
#define SIN6_ADDR 8
#define SIN6_SCOPE 24
#define SDL_INDEX 2

/* Offsets inside the address requests, the same on every BSD. */
#define IFRA_NAME 0
#define IFRA_ADDR 16
#define IFRA_DST4 32
#define IFRA_MASK4 48
#define IFRA_DST6 44
#define IFRA_MASK6 72
#define IFRA_FLAGS6 100
#define IFRA_VLTIME6 120 /* after two time_t: expire, preferred */
#define IFRA_PLTIME6 124

static void put_u16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, sizeof(v));
}

static void put_u32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

static uint16_t get_u16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t get_u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static size_t addr_len(enum tun_family family)
{
	return family == TUN_INET ? 4 : 16;
}

static bool is_link_local6(const uint8_t *a)
{
	return a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
}

/* ---- sockaddrs -------------------------------------------------------- */

size_t rts_sa_space(const struct rts_layout *l, size_t sa_len)
{
	size_t a = l->sa_align;

	if (sa_len == 0)
		return a;
	return (sa_len + a - 1) / a * a;
}

size_t rts_put_ip(const struct rts_layout *l, uint8_t *out,
		  const struct tun_ip *ip, uint32_t scope)
{
	if (ip->family == TUN_INET) {
		memset(out, 0, RTS_SIN_LEN);
		out[SA_LEN] = RTS_SIN_LEN;
		out[SA_FAMILY] = RTS_AF_INET;
		memcpy(out + SIN_ADDR, ip->bytes, 4);
		return RTS_SIN_LEN;
	}
	memset(out, 0, RTS_SIN6_LEN);
	out[SA_LEN] = RTS_SIN6_LEN;
	out[SA_FAMILY] = l->af_inet6;
	memcpy(out + SIN6_ADDR, ip->bytes, 16);
	put_u32(out + SIN6_SCOPE, scope);
	return RTS_SIN6_LEN;
}

size_t rts_put_mask(const struct rts_layout *l, uint8_t *out,
		    enum tun_family family, unsigned len)
{
	struct tun_ip mask = { .family = family };

	for (unsigned i = 0; i < len / 8; i++)
		mask.bytes[i] = 0xff;
	if (len % 8)
		mask.bytes[len / 8] = (uint8_t)(0xff00 >> (len % 8));
	return rts_put_ip(l, out, &mask, 0);
}

size_t rts_put_link(const struct rts_layout *l, uint8_t *out,
		    unsigned ifindex)
{
	memset(out, 0, l->sdl_size);
	out[SA_LEN] = l->sdl_size;
	out[SA_FAMILY] = l->af_link;
	put_u16(out + SDL_INDEX, (uint16_t)ifindex);
	return l->sdl_size;
}

int rts_get_ip(const struct rts_layout *l, const uint8_t *sa, size_t avail,
	       struct tun_ip *ip)
{
	size_t len, off;

	if (avail < 2 || sa[SA_LEN] < 2 || sa[SA_LEN] > avail)
		return -EBADMSG;
	len = sa[SA_LEN];
	memset(ip, 0, sizeof(*ip));
	if (sa[SA_FAMILY] == RTS_AF_INET) {
		ip->family = TUN_INET;
		off = SIN_ADDR;
	} else if (sa[SA_FAMILY] == l->af_inet6) {
		ip->family = TUN_INET6;
		off = SIN6_ADDR;
	} else {
		return -EAFNOSUPPORT;
	}
	if (len > off) {
		size_t n = len - off;

		if (n > addr_len(ip->family))
			n = addr_len(ip->family);
		memcpy(ip->bytes, sa + off, n);
	}
	if (ip->family == TUN_INET6 && is_link_local6(ip->bytes)) {
		ip->bytes[2] = 0;
		ip->bytes[3] = 0;
	}
	return 0;
}

static int mask_bits(const uint8_t *m, size_t n, unsigned *len)
{
	unsigned bits = 0;
	size_t i = 0;

	while (i < n && m[i] == 0xff) {
		bits += 8;
		i++;
	}
	if (i < n) {
		uint8_t b = m[i++];

		while (b & 0x80) {
			bits++;
			b = (uint8_t)(b << 1);
		}
		if (b)
			return -EINVAL;
	}
	for (; i < n; i++) {
		if (m[i])
			return -EINVAL;
	}
	*len = bits;
	return 0;
}

int rts_get_mask(const struct rts_layout *l, const uint8_t *sa, size_t avail,
		 enum tun_family family, unsigned *len)
{
	uint8_t bytes[16] = { 0 };
	size_t off = family == TUN_INET ? SIN_ADDR : SIN6_ADDR;
	size_t salen;

	(void)l;
	if (avail < 1 || sa[SA_LEN] > avail)
		return -EBADMSG;
	salen = sa[SA_LEN];
	if (salen > off) {
		size_t n = salen - off;

		if (n > addr_len(family))
			n = addr_len(family);
		memcpy(bytes, sa + off, n);
	}
	return mask_bits(bytes, addr_len(family), len);
}

/* ---- routing messages -------------------------------------------------- */

static bool is_host_prefix(const struct tun_prefix *p)
{
	return p->len == (p->ip.family == TUN_INET ? 32u : 128u);
}

/* Append a sockaddr of @len bytes already written at @buf + *@off. */
static void advance(const struct rts_layout *l, size_t *off, size_t len)
{
	*off += rts_sa_space(l, len);
}

int rts_build_route(const struct rts_layout *l, uint8_t *buf, uint8_t type,
		    unsigned ifindex, const struct tun_route *route, int seq)
{
	const struct tun_prefix *dst = &route->dst;
	bool gw = route->gateway.family != TUN_FAMILY_NONE;
	bool host = is_host_prefix(dst);
	int flags = RTS_RTF_UP | RTS_RTF_STATIC;
	int addrs = RTS_RTA_DST | RTS_RTA_GATEWAY;
	size_t off = l->hdr_size;

	if (dst->ip.family != TUN_INET && dst->ip.family != TUN_INET6)
		return -EINVAL;
	if (gw && route->gateway.family != dst->ip.family)
		return -EINVAL;
	if (ifindex == 0 || ifindex > 0xffff)
		return -EINVAL;
	memset(buf, 0, RTS_MSG_MAX);
	/* RTAX order: destination, gateway, netmask, interface. */
	advance(l, &off, rts_put_ip(l, buf + off, &dst->ip, 0));
	if (gw) {
		struct tun_ip g = route->gateway;

		flags |= RTS_RTF_GATEWAY;
		if (g.family == TUN_INET6 && is_link_local6(g.bytes)) {
			/* KAME: the kernel finds the link in bytes 2-3. */
			g.bytes[2] = (uint8_t)(ifindex >> 8);
			g.bytes[3] = (uint8_t)ifindex;
		}
		advance(l, &off, rts_put_ip(l, buf + off, &g, 0));
	} else {
		advance(l, &off, rts_put_link(l, buf + off, ifindex));
	}
	if (host) {
		flags |= RTS_RTF_HOST;
	} else {
		addrs |= RTS_RTA_NETMASK;
		advance(l, &off, rts_put_mask(l, buf + off, dst->ip.family,
					      dst->len));
	}
	if (gw) {
		addrs |= RTS_RTA_IFP;
		advance(l, &off, rts_put_link(l, buf + off, ifindex));
	}
	put_u16(buf, (uint16_t)off);
	buf[2] = l->version;
	buf[3] = type;
	if (l->off_hdrlen)
		put_u16(buf + l->off_hdrlen, l->hdr_size);
	/* The kernel takes the interface from the sockaddrs; rtm_index stays
	 * 0 as route(8) leaves it. */
	put_u32(buf + l->off_flags, (uint32_t)flags);
	put_u32(buf + l->off_addrs, (uint32_t)addrs);
	put_u32(buf + l->off_seq, (uint32_t)seq);
	return (int)off;
}

int rts_next(const uint8_t *buf, size_t size, size_t *off,
	     const uint8_t **msg, size_t *len)
{
	size_t n;

	if (*off >= size)
		return 0;
	if (size - *off < 4)
		return -EBADMSG;
	n = get_u16(buf + *off);
	if (n < 4 || n > size - *off)
		return -EBADMSG;
	*msg = buf + *off;
	*len = n;
	*off += n;
	return 1;
}

/* Where each present sockaddr starts (NULL when absent). */
static int split_addrs(const struct rts_layout *l, const uint8_t *msg,
		       size_t len, const uint8_t *sa[RTS_RTAX_MAX],
		       size_t avail[RTS_RTAX_MAX])
{
	uint32_t addrs = get_u32(msg + l->off_addrs);
	size_t off = l->off_hdrlen ? get_u16(msg + l->off_hdrlen) : l->hdr_size;

	for (int i = 0; i < RTS_RTAX_MAX; i++) {
		sa[i] = NULL;
		avail[i] = 0;
		if (!(addrs & (1u << i)))
			continue;
		if (off >= len)
			return -EBADMSG;
		sa[i] = msg + off;
		avail[i] = len - off;
		off += rts_sa_space(l, msg[off]);
	}
	/* Each read checks its own sockaddr against what is left. */
	return 0;
}

static int parse_gateway(const struct rts_layout *l, const uint8_t *sa,
			 size_t avail, uint32_t flags, struct tun_route *route)
{
	struct tun_ip ip;
	int ret;

	route->gateway.family = TUN_FAMILY_NONE;
	if (!sa || !(flags & RTS_RTF_GATEWAY) || avail < 2 ||
	    sa[SA_FAMILY] == l->af_link)
		return 0; /* an interface route */
	ret = rts_get_ip(l, sa, avail, &ip);
	if (ret == -EAFNOSUPPORT)
		return 0;
	if (ret < 0)
		return ret;
	if (ip.family != route->dst.ip.family)
		return -EBADMSG;
	route->gateway = ip;
	return 0;
}

int rts_parse_route(const struct rts_layout *l, const uint8_t *msg,
		    size_t len, struct tun_route *route, unsigned *ifindex)
{
	const uint8_t *sa[RTS_RTAX_MAX];
	size_t avail[RTS_RTAX_MAX];
	uint32_t flags;
	unsigned max;
	int ret;

	if (len < l->hdr_size || get_u16(msg) != len)
		return -EBADMSG;
	if (msg[2] != l->version)
		return 0;
	flags = get_u32(msg + l->off_flags);
	if (flags & l->skip_flags)
		return 0;
	if ((ret = split_addrs(l, msg, len, sa, avail)) < 0)
		return ret;
	if (!sa[0])
		return 0;
	memset(route, 0, sizeof(*route));
	ret = rts_get_ip(l, sa[0], avail[0], &route->dst.ip);
	if (ret == -EAFNOSUPPORT)
		return 0;
	if (ret < 0)
		return ret;
	max = route->dst.ip.family == TUN_INET ? 32 : 128;
	route->dst.len = max;
	if (sa[2] && !(flags & RTS_RTF_HOST) &&
	    rts_get_mask(l, sa[2], avail[2], route->dst.ip.family,
			 &route->dst.len) < 0)
		return -EBADMSG;
	if ((ret = parse_gateway(l, sa[1], avail[1], flags, route)) < 0)
		return ret;
	route->origin = flags & RTS_RTF_STATIC ? TUN_ROUTE_STATIC
					       : TUN_ROUTE_KERNEL;
	*ifindex = get_u16(msg + l->off_index);
	return 1;
}

/* ---- interface addresses ---------------------------------------------- */

static int put_name(uint8_t *buf, const char *ifname)
{
	size_t n = strlen(ifname);

	if (n == 0 || n >= TUN_NAME_MAX)
		return -EINVAL;
	memcpy(buf + IFRA_NAME, ifname, n);
	return 0;
}

int rts_in_aliasreq(const struct rts_layout *l, uint8_t *buf,
		    const char *ifname, const struct tun_prefix *local,
		    const struct tun_ip *dst)
{
	memset(buf, 0, l->in_aliasreq_size);
	if (local->ip.family != TUN_INET || local->len > 32 ||
	    (dst && dst->family != TUN_INET) || put_name(buf, ifname) < 0)
		return -EINVAL;
	rts_put_ip(l, buf + IFRA_ADDR, &local->ip, 0);
	if (dst)
		rts_put_ip(l, buf + IFRA_DST4, dst, 0);
	rts_put_mask(l, buf + IFRA_MASK4, TUN_INET, local->len);
	return l->in_aliasreq_size;
}

int rts_in6_aliasreq(const struct rts_layout *l, uint8_t *buf,
		     const char *ifname, const struct tun_prefix *local,
		     const struct tun_ip *dst)
{
	memset(buf, 0, l->in6_aliasreq_size);
	if (local->ip.family != TUN_INET6 || local->len > 128 ||
	    (dst && dst->family != TUN_INET6) || put_name(buf, ifname) < 0)
		return -EINVAL;
	rts_put_ip(l, buf + IFRA_ADDR, &local->ip, 0);
	if (dst)
		rts_put_ip(l, buf + IFRA_DST6, dst, 0);
	rts_put_mask(l, buf + IFRA_MASK6, TUN_INET6, local->len);
	put_u32(buf + IFRA_FLAGS6, l->in6_flags);
	put_u32(buf + IFRA_VLTIME6, RTS_ND6_INFINITE_LIFETIME);
	put_u32(buf + IFRA_PLTIME6, RTS_ND6_INFINITE_LIFETIME);
	return l->in6_aliasreq_size;
}

int rts_ifreq_addr(const struct rts_layout *l, uint8_t *buf, size_t size,
		   const char *ifname, const struct tun_ip *ip)
{
	size_t need = IFRA_ADDR + (ip->family == TUN_INET ? RTS_SIN_LEN
							  : RTS_SIN6_LEN);

	if (size < need)
		return -EINVAL;
	memset(buf, 0, size);
	if (put_name(buf, ifname) < 0 ||
	    (ip->family != TUN_INET && ip->family != TUN_INET6))
		return -EINVAL;
	rts_put_ip(l, buf + IFRA_ADDR, ip, 0);
	return 0;
}
