// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/if_link.h>
#include <linux/if_tun.h>
#include <linux/rtnetlink.h>

#include "linux_netlink.h"
#include "os.h"

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000 /* linux/if.h; clashes with net/if.h */
#endif

/* ---- the socket --------------------------------------------------------- */

static void nl_close(struct tun_os_ctx *os)
{
	if (os->nl)
		mnl_socket_close(os->nl);
	os->nl = NULL;
}

void tun_os_ctx_free(struct tun_os_ctx *os)
{
	if (!os)
		return;
	nl_close(os);
	if (os->sock >= 0)
		close(os->sock);
	free(os->buf);
	free(os);
}

static int nl_open(struct tun_ctx *ctx, struct tun_os_ctx *os)
{
	int one = 1;

	os->nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!os->nl)
		return tun_fail(ctx, -errno, "cannot open a netlink socket");
	/* Acks without a copy of the request, but with the kernel's reason. */
	mnl_socket_setsockopt(os->nl, NETLINK_CAP_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(os->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	if (mnl_socket_bind(os->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int err = -errno;

		nl_close(os);
		return tun_fail(ctx, err, "cannot bind a netlink socket");
	}
	os->portid = mnl_socket_get_portid(os->nl);
	return 0;
}

int nl_state(struct tun_ctx *ctx, struct tun_os_ctx **osp)
{
	struct tun_os_ctx *os = ctx->os;
	int ret;

	if (!os) {
		os = calloc(1, sizeof(*os));
		if (!os)
			return -ENOMEM;
		os->sock = -1;
		os->buf = malloc(MNL_SOCKET_DUMP_SIZE);
		if (!os->buf) {
			free(os);
			return -ENOMEM;
		}
		ctx->os = os;
	}
	if (!os->nl && (ret = nl_open(ctx, os)) < 0)
		return ret;
	if (os->sock < 0) {
		os->sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (os->sock < 0)
			return tun_fail(ctx, -errno, "cannot open a socket");
	}
	*osp = os;
	return 0;
}

int nl_ifindex(struct tun_ctx *ctx, const char *name, unsigned *index)
{
	struct tun_os_ctx *os;
	struct ifreq ifr = { 0 };
	int ret = nl_state(ctx, &os);

	if (ret < 0)
		return ret;
	tun_strlcpy(ifr.ifr_name, name, sizeof(ifr.ifr_name));
	if (ioctl(os->sock, SIOCGIFINDEX, &ifr) < 0)
		return -errno;
	*index = (unsigned)ifr.ifr_ifindex;
	return 0;
}

/* ---- requests and their answers ----------------------------------------- */

struct nl_run {
	struct tun_ctx *ctx;
	mnl_cb_t cb;
	void *data;
	unsigned last_seq;   /* the answer to this request ends the exchange */
	int err;	     /* the first error reply, 0 when none */
	unsigned failed_seq; /* the request that got it */
};

static int extack_attr_cb(const struct nlattr *attr, void *data)
{
	struct tun_ctx *ctx = data;

	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
		tun_fail(ctx, 0, "%s", mnl_attr_get_str(attr));
	return MNL_CB_OK;
}

static void nl_extack(struct tun_ctx *ctx, const struct nlmsghdr *nlh,
		      const struct nlmsgerr *err)
{
	unsigned off = sizeof(*err);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if (mnl_nlmsg_size(off) <= nlh->nlmsg_len)
		mnl_attr_parse(nlh, off, extack_attr_cb, ctx);
}

static void nl_record(struct nl_run *run, const struct nlmsghdr *nlh, int err)
{
	if (err >= 0 || run->err)
		return;
	run->err = err;
	run->failed_seq = nlh->nlmsg_seq;
}

/* Errors are recorded, not returned: the exchange goes on to the answer of
 * the last request, so nothing is left unread on the socket. */
static int nl_error_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nl_run *run = data;
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (err->error < 0 && !run->err)
		nl_extack(run->ctx, nlh, err);
	nl_record(run, nlh, err->error);
	return nlh->nlmsg_seq == run->last_seq ? MNL_CB_STOP : MNL_CB_OK;
}

static int nl_done_cb(const struct nlmsghdr *nlh, void *data)
{
	/* A dump that failed part way says so in the DONE payload. */
	if (nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(int)))
		nl_record(data, nlh, *(const int *)mnl_nlmsg_get_payload(nlh));
	return MNL_CB_STOP;
}

static int nl_noop_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

static int nl_overrun_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	errno = ENOSPC;
	return MNL_CB_ERROR;
}

static int nl_data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nl_run *run = data;

	return run->cb ? run->cb(nlh, run->data) : MNL_CB_OK;
}

static const mnl_cb_t nl_ctl_cb[NLMSG_MIN_TYPE] = {
	[NLMSG_NOOP] = nl_noop_cb,
	[NLMSG_ERROR] = nl_error_cb,
	[NLMSG_DONE] = nl_done_cb,
	[NLMSG_OVERRUN] = nl_overrun_cb,
};

/* NLM_F_DUMP's bits are also NLM_F_EXCL|NLM_F_REPLACE in a NEW request:
 * only a GET can be a dump. */
static bool is_dump(const struct nlmsghdr *nlh)
{
	return nlh->nlmsg_type >= RTM_BASE &&
	       (nlh->nlmsg_type - RTM_BASE) % 4 == 2 &&
	       (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
}

/* Number the requests in @buf; only the last asks for an acknowledgement,
 * because the kernel answers every failing request anyway and handles them
 * in order: the last one's answer means all are done. */
static unsigned number_requests(struct tun_os_ctx *os, void *buf, size_t len)
{
	struct nlmsghdr *nlh = buf, *last = NULL;
	int left = (int)len;

	for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
		nlh->nlmsg_seq = ++os->seq;
		nlh->nlmsg_flags |= NLM_F_REQUEST;
		nlh->nlmsg_flags &= (uint16_t)~NLM_F_ACK;
		last = nlh;
	}
	if (last && !is_dump(last))
		last->nlmsg_flags |= NLM_F_ACK;
	return last ? last->nlmsg_seq : 0;
}

int nl_exchange(struct tun_ctx *ctx, void *buf, size_t len, mnl_cb_t cb,
		void *data, size_t *failed)
{
	struct nl_run run = { ctx, cb, data, 0, 0, 0 };
	struct tun_os_ctx *os;
	unsigned first;
	int ret = nl_state(ctx, &os);

	if (ret < 0)
		return ret;
	first = os->seq + 1;
	run.last_seq = number_requests(os, buf, len);
	if (mnl_socket_sendto(os->nl, buf, len) < 0) {
		ret = -errno;
		nl_close(os);
		return ret;
	}
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(os->nl, os->buf,
						MNL_SOCKET_DUMP_SIZE);

		if (n < 0) {
			ret = -errno;
			break;
		}
		/* Sequence numbers are checked by the callbacks, which see
		 * each answer of a multi-request exchange. */
		ret = mnl_cb_run2(os->buf, (size_t)n, 0, os->portid, nl_data_cb,
				  &run, (mnl_cb_t *)nl_ctl_cb, NLMSG_MIN_TYPE);
		if (ret == MNL_CB_STOP) {
			if (failed && run.err)
				*failed = run.failed_seq - first;
			return run.err;
		}
		if (ret == MNL_CB_ERROR) {
			ret = errno ? -errno : -EIO;
			break;
		}
	}
	/* Something broke mid-exchange (an interrupted dump, a full buffer):
	 * answers may be left unread, so start afresh next time. */
	nl_close(os);
	return ret;
}

int nl_transact(struct tun_ctx *ctx, struct nlmsghdr *nlh, mnl_cb_t cb,
		void *data)
{
	return nl_exchange(ctx, nlh, nlh->nlmsg_len, cb, data, NULL);
}

/* ---- builders ----------------------------------------------------------- */

/* A zeroed buffer with a header: libmnl leaves attribute padding as it
 * finds it, and uninitialised bytes must not go to the kernel. */
static struct nlmsghdr *put_header(void *buf, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh;

	memset(buf, 0, NL_REQUEST_MAX);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	return nlh;
}

static int os_family(enum tun_family f)
{
	return f == TUN_INET ? AF_INET : AF_INET6;
}

static size_t ip_len(enum tun_family f)
{
	return f == TUN_INET ? 4 : 16;
}

struct nlmsghdr *nl_build_addr(void *buf, uint16_t type, unsigned ifindex,
			       const struct tun_prefix *local,
			       const struct tun_ip *peer)
{
	struct nlmsghdr *nlh = put_header(buf, type, NLM_F_REQUEST | NLM_F_ACK);
	struct ifaddrmsg *ifa;
	size_t n = ip_len(local->ip.family);

	if (type == RTM_NEWADDR)
		nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_EXCL;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (uint8_t)os_family(local->ip.family);
	ifa->ifa_prefixlen = (uint8_t)local->len;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = ifindex;
	/* IFA_LOCAL is our end; IFA_ADDRESS is the peer on a point-to-point
	 * link and our own address otherwise. */
	mnl_attr_put(nlh, IFA_LOCAL, n, local->ip.bytes);
	mnl_attr_put(nlh, IFA_ADDRESS, n, peer ? peer->bytes : local->ip.bytes);
	/* A virtual link has nobody to collide with: skip the second of
	 * duplicate address detection that would make the address unusable. */
	if (type == RTM_NEWADDR && local->ip.family == TUN_INET6)
		mnl_attr_put_u32(nlh, IFA_FLAGS, IFA_F_NODAD);
	return nlh;
}

struct nlmsghdr *nl_build_route(void *buf, uint16_t type, unsigned ifindex,
				const struct tun_route *route)
{
	struct nlmsghdr *nlh = put_header(buf, type, NLM_F_REQUEST | NLM_F_ACK);
	bool gw = route->gateway.family != TUN_FAMILY_NONE;
	size_t n = ip_len(route->dst.ip.family);
	struct rtmsg *rtm;

	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (uint8_t)os_family(route->dst.ip.family);
	rtm->rtm_dst_len = (uint8_t)route->dst.len;
	rtm->rtm_table = route->table == 0	   ? RT_TABLE_MAIN
			 : route->table < 256 ? (uint8_t)route->table
					      : RT_TABLE_UNSPEC;
	rtm->rtm_type = RTN_UNICAST;
	if (type == RTM_NEWROUTE) {
		nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_EXCL;
		rtm->rtm_protocol = RTPROT_BOOT;
		rtm->rtm_scope = gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
	} else {
		/* Deleting: any protocol, any scope. */
		rtm->rtm_protocol = 0;
		rtm->rtm_scope = RT_SCOPE_NOWHERE;
	}
	if (route->dst.len)
		mnl_attr_put(nlh, RTA_DST, n, route->dst.ip.bytes);
	mnl_attr_put_u32(nlh, RTA_OIF, ifindex);
	if (gw)
		mnl_attr_put(nlh, RTA_GATEWAY, n, route->gateway.bytes);
	if (route->has_metric)
		mnl_attr_put_u32(nlh, RTA_PRIORITY, route->metric);
	if (route->table >= 256)
		mnl_attr_put_u32(nlh, RTA_TABLE, route->table);
	if (route->src.family)
		mnl_attr_put(nlh, RTA_PREFSRC, n, route->src.bytes);
	return nlh;
}

struct nlmsghdr *nl_build_link(void *buf, unsigned ifindex, int up,
			       unsigned mtu)
{
	struct nlmsghdr *nlh = put_header(buf, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK);
	struct ifinfomsg *ifi;

	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = (int)ifindex;
	if (up >= 0) {
		ifi->ifi_change = IFF_UP;
		ifi->ifi_flags = up ? IFF_UP : 0;
	}
	if (mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	return nlh;
}

struct nlmsghdr *nl_build_link_change(void *buf, unsigned ifindex,
				      const struct tun_link_change *ch,
				      int netns_fd)
{
	struct nlmsghdr *nlh = nl_build_link(buf, ifindex, -1, 0);

	if (netns_fd >= 0) {
		mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t)netns_fd);
		return nlh;
	}
	if (ch->name)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, ch->name);
	if (ch->set_txqueuelen)
		mnl_attr_put_u32(nlh, IFLA_TXQLEN, ch->txqueuelen);
	if (ch->set_mac)
		mnl_attr_put(nlh, IFLA_ADDRESS, sizeof(ch->mac), ch->mac);
	return nlh;
}

struct nlmsghdr *nl_build_getlink(void *buf, const char *name)
{
	struct nlmsghdr *nlh = put_header(buf, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK);
	struct ifinfomsg *ifi;

	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return nlh;
}

struct nlmsghdr *nl_build_dellink(void *buf, unsigned ifindex)
{
	struct nlmsghdr *nlh = put_header(buf, RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK);
	struct ifinfomsg *ifi;

	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = (int)ifindex;
	return nlh;
}

struct nlmsghdr *nl_build_dump(void *buf, uint16_t type)
{
	struct nlmsghdr *nlh = put_header(buf, type, NLM_F_REQUEST | NLM_F_DUMP);
	size_t hdr = type == RTM_GETLINK   ? sizeof(struct ifinfomsg)
		     : type == RTM_GETADDR ? sizeof(struct ifaddrmsg)
					   : sizeof(struct rtmsg);

	/* Family AF_UNSPEC (zero): IPv4 and IPv6 together. */
	mnl_nlmsg_put_extra_header(nlh, hdr);
	return nlh;
}

/* ---- parsers ------------------------------------------------------------ */

struct attrs {
	const struct nlattr *tb[64];
	int max;
};

static int attr_collect_cb(const struct nlattr *attr, void *data)
{
	struct attrs *a = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, (uint16_t)a->max) > 0 && type < 64)
		a->tb[type] = attr;
	return MNL_CB_OK;
}

static bool attr_u32(const struct nlattr *attr, uint32_t *v)
{
	if (!attr || mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
		return false;
	*v = mnl_attr_get_u32(attr);
	return true;
}

static bool attr_u8(const struct nlattr *attr, uint8_t *v)
{
	if (!attr || mnl_attr_validate(attr, MNL_TYPE_U8) < 0)
		return false;
	*v = mnl_attr_get_u8(attr);
	return true;
}

static bool attr_ip(const struct nlattr *attr, int os_fam, struct tun_ip *ip)
{
	enum tun_family f = os_fam == AF_INET ? TUN_INET : TUN_INET6;

	if (!attr || mnl_attr_get_payload_len(attr) != ip_len(f))
		return false;
	ip->family = f;
	memcpy(ip->bytes, mnl_attr_get_payload(attr), ip_len(f));
	return true;
}

static void parse_tun_data(const struct nlattr *nest, struct tun_info *info)
{
	struct attrs a = { .max = IFLA_TUN_MAX };
	uint32_t v32;
	uint8_t v8;

	mnl_attr_parse_nested(nest, attr_collect_cb, &a);
	if (attr_u8(a.tb[IFLA_TUN_TYPE], &v8))
		info->mode = v8 == IFF_TAP ? TUN_MODE_TAP : TUN_MODE_TUN;
	if (attr_u8(a.tb[IFLA_TUN_PI], &v8) && v8)
		info->flags |= TUN_FLAG_PI;
	if (attr_u8(a.tb[IFLA_TUN_VNET_HDR], &v8) && v8)
		info->flags |= TUN_FLAG_VNET_HDR;
	if (attr_u8(a.tb[IFLA_TUN_PERSIST], &v8) && v8)
		info->flags |= TUN_FLAG_PERSIST;
	if (attr_u8(a.tb[IFLA_TUN_MULTI_QUEUE], &v8) && v8)
		info->flags |= TUN_FLAG_MULTI_QUEUE;
	if (attr_u32(a.tb[IFLA_TUN_OWNER], &v32))
		info->owner = v32;
	if (attr_u32(a.tb[IFLA_TUN_GROUP], &v32))
		info->group = v32;
	if (attr_u32(a.tb[IFLA_TUN_NUM_QUEUES], &v32))
		info->queues = v32;
}

static void parse_stats(const struct nlattr *attr, struct tun_stats *st)
{
	struct rtnl_link_stats64 k;

	if (!attr || mnl_attr_get_payload_len(attr) < sizeof(k))
		return;
	memcpy(&k, mnl_attr_get_payload(attr), sizeof(k));
	st->valid = true;
	st->rx_bytes = k.rx_bytes;
	st->rx_packets = k.rx_packets;
	st->rx_errors = k.rx_errors;
	st->rx_dropped = k.rx_dropped;
	st->rx_over_errors = k.rx_over_errors;
	st->rx_missed_errors = k.rx_missed_errors;
	st->multicast = k.multicast;
	st->rx_length_errors = k.rx_length_errors;
	st->rx_crc_errors = k.rx_crc_errors;
	st->rx_frame_errors = k.rx_frame_errors;
	st->rx_fifo_errors = k.rx_fifo_errors;
	st->tx_bytes = k.tx_bytes;
	st->tx_packets = k.tx_packets;
	st->tx_errors = k.tx_errors;
	st->tx_dropped = k.tx_dropped;
	st->tx_carrier_errors = k.tx_carrier_errors;
	st->collisions = k.collisions;
	st->tx_aborted_errors = k.tx_aborted_errors;
	st->tx_fifo_errors = k.tx_fifo_errors;
	st->tx_window_errors = k.tx_window_errors;
	st->tx_heartbeat_errors = k.tx_heartbeat_errors;
}

int nl_parse_link(const struct nlmsghdr *nlh, struct tun_info *info)
{
	struct attrs a = { .max = IFLA_MAX }, li = { .max = IFLA_INFO_MAX };
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	const char *name;
	uint32_t mtu = 0;

	if ((nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK) ||
	    nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifi)))
		return -EBADMSG;
	if (mnl_attr_parse(nlh, sizeof(*ifi), attr_collect_cb, &a) < 0 ||
	    !a.tb[IFLA_IFNAME] ||
	    mnl_attr_validate(a.tb[IFLA_IFNAME], MNL_TYPE_NUL_STRING) < 0)
		return -EBADMSG;
	if (!a.tb[IFLA_LINKINFO] ||
	    mnl_attr_parse_nested(a.tb[IFLA_LINKINFO], attr_collect_cb, &li) <
		    0 ||
	    !li.tb[IFLA_INFO_KIND] ||
	    mnl_attr_validate(li.tb[IFLA_INFO_KIND], MNL_TYPE_NUL_STRING) < 0 ||
	    strcmp(mnl_attr_get_str(li.tb[IFLA_INFO_KIND]), "tun"))
		return 0;
	memset(info, 0, sizeof(*info));
	name = mnl_attr_get_str(a.tb[IFLA_IFNAME]);
	tun_strlcpy(info->name, name, sizeof(info->name));
	info->index = (unsigned)ifi->ifi_index;
	info->owner = info->group = -1;
	if (ifi->ifi_flags & IFF_UP)
		info->flags |= TUN_FLAG_UP;
	if (ifi->ifi_flags & IFF_LOWER_UP)
		info->flags |= TUN_FLAG_CARRIER;
	if (attr_u32(a.tb[IFLA_MTU], &mtu))
		info->mtu = mtu;
	if (a.tb[IFLA_ADDRESS] && mnl_attr_get_payload_len(a.tb[IFLA_ADDRESS]) ==
					  sizeof(info->mac)) {
		memcpy(info->mac, mnl_attr_get_payload(a.tb[IFLA_ADDRESS]),
		       sizeof(info->mac));
		info->has_mac = true;
	}
	if (li.tb[IFLA_INFO_DATA])
		parse_tun_data(li.tb[IFLA_INFO_DATA], info);
	parse_stats(a.tb[IFLA_STATS64], &info->stats);
	return 1;
}

int nl_parse_addr(const struct nlmsghdr *nlh, struct tun_addr *addr)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct attrs a = { .max = IFA_MAX };
	struct tun_ip local, address;
	bool has_local, has_address;

	if ((nlh->nlmsg_type != RTM_NEWADDR && nlh->nlmsg_type != RTM_DELADDR) ||
	    nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifa)))
		return -EBADMSG;
	if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6)
		return 0;
	if (mnl_attr_parse(nlh, sizeof(*ifa), attr_collect_cb, &a) < 0)
		return -EBADMSG;
	has_local = attr_ip(a.tb[IFA_LOCAL], ifa->ifa_family, &local);
	has_address = attr_ip(a.tb[IFA_ADDRESS], ifa->ifa_family, &address);
	if (!has_local && !has_address)
		return -EBADMSG;
	memset(addr, 0, sizeof(*addr));
	addr->ifindex = ifa->ifa_index;
	addr->local.ip = has_local ? local : address;
	addr->local.len = ifa->ifa_prefixlen;
	if (has_local && has_address && !tun_ip_equal(&local, &address))
		addr->peer = address;
	return 1;
}

unsigned nl_parse_addr_flags(const struct nlmsghdr *nlh)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct attrs a = { .max = IFA_MAX };
	uint32_t flags = ifa->ifa_flags;
	unsigned out = 0;

	/* IFA_FLAGS holds all 32 bits; ifa_flags only the first 8. */
	if (mnl_attr_parse(nlh, sizeof(*ifa), attr_collect_cb, &a) >= 0)
		attr_u32(a.tb[IFA_FLAGS], &flags);
	if (flags & IFA_F_TENTATIVE)
		out |= TUN_ADDR_TENTATIVE;
	if (flags & IFA_F_DADFAILED)
		out |= TUN_ADDR_DADFAILED;
	return out;
}

static enum tun_route_origin route_origin(uint8_t proto)
{
	switch (proto) {
	case RTPROT_KERNEL:
		return TUN_ROUTE_KERNEL;
	case RTPROT_BOOT:
		return TUN_ROUTE_BOOT;
	case RTPROT_STATIC:
		return TUN_ROUTE_STATIC;
	default:
		return TUN_ROUTE_OTHER;
	}
}

int nl_parse_route(const struct nlmsghdr *nlh, struct tun_route *route,
		   unsigned *oif)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct attrs a = { .max = RTA_MAX };
	uint32_t table, v;

	if ((nlh->nlmsg_type != RTM_NEWROUTE &&
	     nlh->nlmsg_type != RTM_DELROUTE) ||
	    nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*rtm)))
		return -EBADMSG;
	if (rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6)
		return 0;
	if (mnl_attr_parse(nlh, sizeof(*rtm), attr_collect_cb, &a) < 0)
		return -EBADMSG;
	if (!attr_u32(a.tb[RTA_TABLE], &table))
		table = rtm->rtm_table;
	if (rtm->rtm_type != RTN_UNICAST || !attr_u32(a.tb[RTA_OIF], &v))
		return 0;
	memset(route, 0, sizeof(*route));
	*oif = v;
	route->dst.ip.family = rtm->rtm_family == AF_INET ? TUN_INET : TUN_INET6;
	route->dst.len = rtm->rtm_dst_len;
	if (a.tb[RTA_DST] &&
	    !attr_ip(a.tb[RTA_DST], rtm->rtm_family, &route->dst.ip))
		return -EBADMSG;
	if (a.tb[RTA_GATEWAY] &&
	    !attr_ip(a.tb[RTA_GATEWAY], rtm->rtm_family, &route->gateway))
		return -EBADMSG;
	if (attr_u32(a.tb[RTA_PRIORITY], &v)) {
		route->has_metric = true;
		route->metric = v;
	}
	if (a.tb[RTA_PREFSRC] &&
	    !attr_ip(a.tb[RTA_PREFSRC], rtm->rtm_family, &route->src))
		return -EBADMSG;
	route->table = table == RT_TABLE_MAIN ? 0 : table;
	route->origin = route_origin(rtm->rtm_protocol);
	return 1;
}
