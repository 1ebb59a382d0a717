// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/* The rtnetlink builders and parsers of the Linux backend, on canned
 * messages: no socket, no root. */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include "netlink_canned.h"
#include "os/linux_netlink.h"

static struct tun_prefix prefix(const char *s)
{
	struct tun_prefix p;

	assert_int_equal(tun_prefix_parse(s, &p, NULL), 0);
	return p;
}

static struct tun_ip ip(const char *s)
{
	struct tun_ip a;

	assert_int_equal(tun_ip_parse(s, &a), 0);
	return a;
}

/* The attribute of @type in @nlh after a fixed header of @hdr bytes. */
static const struct nlattr *find_attr(const struct nlmsghdr *nlh, size_t hdr,
				      uint16_t type)
{
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, hdr) {
		if (mnl_attr_get_type(attr) == type)
			return attr;
	}
	return NULL;
}

static void assert_attr_bytes(const struct nlmsghdr *nlh, size_t hdr,
			      uint16_t type, const void *bytes, size_t len)
{
	const struct nlattr *a = find_attr(nlh, hdr, type);

	assert_non_null(a);
	assert_int_equal(mnl_attr_get_payload_len(a), len);
	assert_memory_equal(mnl_attr_get_payload(a), bytes, len);
}

static void build_addr_v4_with_peer(void **state)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct tun_prefix local = prefix("10.0.0.1/24");
	struct tun_ip peer = ip("10.0.0.2");
	struct nlmsghdr *nlh = nl_build_addr(buf, RTM_NEWADDR, 7, &local, &peer);
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);

	(void)state;
	assert_int_equal(nlh->nlmsg_type, RTM_NEWADDR);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK |
						   NLM_F_CREATE | NLM_F_EXCL);
	assert_int_equal(ifa->ifa_family, AF_INET);
	assert_int_equal(ifa->ifa_prefixlen, 24);
	assert_int_equal(ifa->ifa_index, 7);
	assert_int_equal(ifa->ifa_scope, RT_SCOPE_UNIVERSE);
	assert_attr_bytes(nlh, sizeof(*ifa), IFA_LOCAL, local.ip.bytes, 4);
	assert_attr_bytes(nlh, sizeof(*ifa), IFA_ADDRESS, peer.bytes, 4);
	assert_null(find_attr(nlh, sizeof(*ifa), IFA_FLAGS));
	/* 16 header + 8 ifaddrmsg + two 8-byte attributes */
	assert_int_equal(nlh->nlmsg_len, 40);
}

static void build_addr_v6_nodad(void **state)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct tun_prefix local = prefix("fd00::1/64");
	struct nlmsghdr *nlh = nl_build_addr(buf, RTM_NEWADDR, 3, &local, NULL);
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *flags;

	(void)state;
	assert_int_equal(ifa->ifa_family, AF_INET6);
	assert_int_equal(ifa->ifa_prefixlen, 64);
	assert_attr_bytes(nlh, sizeof(*ifa), IFA_LOCAL, local.ip.bytes, 16);
	/* Not point-to-point: IFA_ADDRESS repeats our own address. */
	assert_attr_bytes(nlh, sizeof(*ifa), IFA_ADDRESS, local.ip.bytes, 16);
	flags = find_attr(nlh, sizeof(*ifa), IFA_FLAGS);
	assert_non_null(flags);
	assert_int_equal(mnl_attr_get_u32(flags), IFA_F_NODAD);
}

static void build_addr_del(void **state)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct tun_prefix local = prefix("fd00::1/64");
	struct nlmsghdr *nlh = nl_build_addr(buf, RTM_DELADDR, 3, &local, NULL);

	(void)state;
	assert_int_equal(nlh->nlmsg_type, RTM_DELADDR);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	assert_null(find_attr(nlh, sizeof(struct ifaddrmsg), IFA_FLAGS));
}

static void build_route_via_metric(void **state)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct tun_route r = { .dst = prefix("10.1.0.0/16"),
			       .gateway = ip("10.0.0.2"),
			       .has_metric = true,
			       .metric = 100 };
	struct nlmsghdr *nlh = nl_build_route(buf, RTM_NEWROUTE, 9, &r);
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;

	(void)state;
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK |
						   NLM_F_CREATE | NLM_F_EXCL);
	assert_int_equal(rtm->rtm_family, AF_INET);
	assert_int_equal(rtm->rtm_dst_len, 16);
	assert_int_equal(rtm->rtm_table, RT_TABLE_MAIN);
	assert_int_equal(rtm->rtm_protocol, RTPROT_BOOT);
	assert_int_equal(rtm->rtm_scope, RT_SCOPE_UNIVERSE);
	assert_int_equal(rtm->rtm_type, RTN_UNICAST);
	assert_attr_bytes(nlh, sizeof(*rtm), RTA_DST, r.dst.ip.bytes, 4);
	assert_attr_bytes(nlh, sizeof(*rtm), RTA_GATEWAY, r.gateway.bytes, 4);
	a = find_attr(nlh, sizeof(*rtm), RTA_OIF);
	assert_non_null(a);
	assert_int_equal(mnl_attr_get_u32(a), 9);
	a = find_attr(nlh, sizeof(*rtm), RTA_PRIORITY);
	assert_non_null(a);
	assert_int_equal(mnl_attr_get_u32(a), 100);
}

static void build_route_interface_and_default(void **state)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct tun_route r = { .dst = prefix("::/0") };
	struct nlmsghdr *nlh = nl_build_route(buf, RTM_NEWROUTE, 2, &r);
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);

	(void)state;
	assert_int_equal(rtm->rtm_family, AF_INET6);
	assert_int_equal(rtm->rtm_dst_len, 0);
	assert_int_equal(rtm->rtm_scope, RT_SCOPE_LINK);
	/* A default route carries no destination, as with ip route. */
	assert_null(find_attr(nlh, sizeof(*rtm), RTA_DST));
	assert_null(find_attr(nlh, sizeof(*rtm), RTA_GATEWAY));
	assert_null(find_attr(nlh, sizeof(*rtm), RTA_PRIORITY));
}

static void build_route_delete_matches_any(void **state)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct tun_route r = { .dst = prefix("10.1.0.0/16") };
	struct nlmsghdr *nlh = nl_build_route(buf, RTM_DELROUTE, 2, &r);
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);

	(void)state;
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	assert_int_equal(rtm->rtm_protocol, 0);
	assert_int_equal(rtm->rtm_scope, RT_SCOPE_NOWHERE);
}

static void build_link(void **state)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_build_link(buf, 4, 1, 1400);
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *mtu;

	(void)state;
	assert_int_equal(nlh->nlmsg_type, RTM_NEWLINK);
	assert_int_equal(ifi->ifi_index, 4);
	assert_int_equal(ifi->ifi_change, IFF_UP);
	assert_int_equal(ifi->ifi_flags, IFF_UP);
	mtu = find_attr(nlh, sizeof(*ifi), IFLA_MTU);
	assert_non_null(mtu);
	assert_int_equal(mnl_attr_get_u32(mtu), 1400);

	nlh = nl_build_link(buf, 4, 0, 0);
	ifi = mnl_nlmsg_get_payload(nlh);
	assert_int_equal(ifi->ifi_change, IFF_UP);
	assert_int_equal(ifi->ifi_flags, 0);
	assert_null(find_attr(nlh, sizeof(*ifi), IFLA_MTU));

	nlh = nl_build_link(buf, 4, -1, 9000);
	ifi = mnl_nlmsg_get_payload(nlh);
	assert_int_equal(ifi->ifi_change, 0);
}

static void build_route_table_src(void **state)
{
	char buf[NL_REQUEST_MAX];
	struct tun_route r = { .dst = prefix("10.5.0.0/16"), .table = 100,
			       .src = ip("10.0.0.1") };
	struct nlmsghdr *nlh = nl_build_route(buf, RTM_NEWROUTE, 3, &r);
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct tun_route back;
	unsigned oif;

	(void)state;
	assert_int_equal(rtm->rtm_table, 100);
	assert_null(find_attr(nlh, sizeof(*rtm), RTA_TABLE));
	assert_attr_bytes(nlh, sizeof(*rtm), RTA_PREFSRC, r.src.bytes, 4);
	assert_int_equal(nl_parse_route(nlh, &back, &oif), 1);
	assert_int_equal(back.table, 100);
	assert_true(tun_ip_equal(&back.src, &r.src));
	/* Beyond 255 the table goes in RTA_TABLE; main reads back as 0. */
	r.table = 1000;
	nlh = nl_build_route(buf, RTM_DELROUTE, 3, &r);
	rtm = mnl_nlmsg_get_payload(nlh);
	assert_int_equal(rtm->rtm_table, RT_TABLE_UNSPEC);
	assert_int_equal(mnl_attr_get_u32(find_attr(nlh, sizeof(*rtm), RTA_TABLE)),
			 1000);
	assert_int_equal(nl_parse_route(nlh, &back, &oif), 1);
	assert_int_equal(back.table, 1000);
	r.table = 0;
	nlh = nl_build_route(buf, RTM_NEWROUTE, 3, &r);
	assert_int_equal(nl_parse_route(nlh, &back, &oif), 1);
	assert_int_equal(back.table, 0);
}

static void build_link_change(void **state)
{
	char buf[NL_REQUEST_MAX];
	struct tun_link_change ch = { .name = "tunx", .owner = -1, .group = -1,
				      .set_txqueuelen = true, .txqueuelen = 77,
				      .set_mac = true,
				      .mac = { 2, 1, 2, 3, 4, 5 } };
	struct nlmsghdr *nlh = nl_build_link_change(buf, 9, &ch, -1);
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

	(void)state;
	assert_int_equal(nlh->nlmsg_type, RTM_NEWLINK);
	assert_int_equal(ifi->ifi_index, 9);
	assert_int_equal(ifi->ifi_change, 0); /* up or down: unchanged */
	assert_attr_bytes(nlh, sizeof(*ifi), IFLA_IFNAME, "tunx", 5);
	assert_int_equal(mnl_attr_get_u32(find_attr(nlh, sizeof(*ifi), IFLA_TXQLEN)),
			 77);
	assert_attr_bytes(nlh, sizeof(*ifi), IFLA_ADDRESS, ch.mac, 6);
	assert_null(find_attr(nlh, sizeof(*ifi), IFLA_NET_NS_FD));
	/* A move carries the namespace alone. */
	nlh = nl_build_link_change(buf, 9, &ch, 7);
	assert_int_equal(mnl_attr_get_u32(find_attr(nlh, sizeof(*ifi), IFLA_NET_NS_FD)),
			 7);
	assert_null(find_attr(nlh, sizeof(*ifi), IFLA_IFNAME));
}

/* The DEL forms parse as the NEW ones (change notifications), and an
 * address's flags say whether it can be used. */
static void parse_del_forms_and_addr_flags(void **state)
{
	char buf[NL_REQUEST_MAX];
	struct tun_prefix local = prefix("fd00::1/64");
	struct nlmsghdr *nlh = nl_build_addr(buf, RTM_NEWADDR, 4, &local, NULL);
	struct ifaddrmsg *ifa;
	uint8_t copy[sizeof(canned_link_tap7)];
	struct tun_info info;
	struct tun_addr a;

	(void)state;
	/* nl_build_addr asks for no DAD: usable at once. */
	assert_int_equal(nl_parse_addr_flags(nlh), 0);
	nlh = nl_build_addr(buf, RTM_DELADDR, 4, &local, NULL);
	ifa = mnl_nlmsg_get_payload(nlh);
	ifa->ifa_flags = IFA_F_TENTATIVE | IFA_F_DADFAILED;
	assert_int_equal(nl_parse_addr(nlh, &a), 1);
	assert_int_equal(a.ifindex, 4);
	assert_int_equal(nl_parse_addr_flags(nlh),
			 TUN_ADDR_TENTATIVE | TUN_ADDR_DADFAILED);
	memcpy(copy, canned_link_tap7, sizeof(copy));
	((struct nlmsghdr *)copy)->nlmsg_type = RTM_DELLINK;
	assert_int_equal(nl_parse_link((const void *)copy, &info), 1);
	assert_string_equal(info.name, "tap7");
	((struct nlmsghdr *)copy)->nlmsg_type = RTM_GETLINK;
	assert_int_equal(nl_parse_link((const void *)copy, &info), -EBADMSG);
}

static void parse_canned_tap_link(void **state)
{
	const struct nlmsghdr *nlh = (const void *)canned_link_tap7;
	static const uint8_t mac[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	struct tun_info info;

	(void)state;
	assert_int_equal(nl_parse_link(nlh, &info), 1);
	assert_string_equal(info.name, "tap7");
	assert_int_equal(info.mode, TUN_MODE_TAP);
	assert_int_equal(info.mtu, 1400);
	assert_int_equal(info.owner, 1000);
	assert_int_equal(info.group, -1);
	assert_true(info.flags & TUN_FLAG_UP);
	assert_true(info.flags & TUN_FLAG_PERSIST);
	assert_true(info.flags & TUN_FLAG_MULTI_QUEUE);
	assert_false(info.flags & TUN_FLAG_PI);
	assert_false(info.flags & TUN_FLAG_VNET_HDR);
	assert_false(info.flags & TUN_FLAG_CARRIER); /* nobody attached */
	assert_true(info.has_mac);
	assert_memory_equal(info.mac, mac, 6);
}

static void parse_link_not_tun(void **state)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi;
	struct nlattr *nest;
	struct tun_info info;

	(void)state;
	nlh->nlmsg_type = RTM_NEWLINK;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_index = 5;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "veth0");
	nest = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(nl_parse_link(nlh, &info), 0);

	/* No link info at all (lo): not ours either. */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "lo");
	assert_int_equal(nl_parse_link(nlh, &info), 0);
}

static void parse_malformed(void **state)
{
	uint8_t copy[sizeof(canned_link_tap7)];
	struct nlmsghdr *nlh = (void *)copy;
	struct tun_info info;
	struct tun_addr addr;
	struct tun_route route;
	unsigned oif;

	(void)state;
	memcpy(copy, canned_link_tap7, sizeof(copy));
	/* A length that cuts the fixed header short. */
	nlh->nlmsg_len = 20;
	assert_int_equal(nl_parse_link(nlh, &info), -EBADMSG);
	nlh->nlmsg_type = RTM_NEWADDR;
	assert_int_equal(nl_parse_addr(nlh, &addr), -EBADMSG);
	nlh->nlmsg_type = RTM_NEWROUTE;
	nlh->nlmsg_len = 16;
	assert_int_equal(nl_parse_route(nlh, &route, &oif), -EBADMSG);
}

static void parse_canned_addresses(void **state)
{
	struct tun_addr a;
	char buf[TUN_PREFIXSTRLEN];

	(void)state;
	assert_int_equal(nl_parse_addr((const void *)canned_addr_v4_peer, &a), 1);
	assert_string_equal(tun_prefix_format(&a.local, buf, sizeof(buf)),
			    "10.9.0.1/32");
	assert_int_equal(a.peer.family, TUN_INET);
	assert_string_equal(tun_ip_format(&a.peer, buf, sizeof(buf)),
			    "10.9.0.2");

	assert_int_equal(nl_parse_addr((const void *)canned_addr_v6, &a), 1);
	assert_string_equal(tun_prefix_format(&a.local, buf, sizeof(buf)),
			    "fd09::1/64");
	assert_int_equal(a.peer.family, TUN_FAMILY_NONE);
}

static void parse_canned_routes(void **state)
{
	struct tun_route r;
	char buf[TUN_PREFIXSTRLEN];
	unsigned oif = 0;

	(void)state;
	assert_int_equal(nl_parse_route((const void *)canned_route_v4_via, &r,
					&oif),
			 1);
	assert_int_not_equal(oif, 0);
	assert_string_equal(tun_prefix_format(&r.dst, buf, sizeof(buf)),
			    "10.8.0.0/16");
	assert_string_equal(tun_ip_format(&r.gateway, buf, sizeof(buf)),
			    "10.9.0.2");
	assert_true(r.has_metric);
	assert_int_equal(r.metric, 7);
	assert_int_equal(r.origin, TUN_ROUTE_BOOT);

	assert_int_equal(nl_parse_route((const void *)canned_route_v6, &r,
					&oif),
			 1);
	assert_string_equal(tun_prefix_format(&r.dst, buf, sizeof(buf)),
			    "fd08::/48");
	assert_int_equal(r.gateway.family, TUN_FAMILY_NONE);
	assert_int_equal(r.metric, 9);
}

/* What we build, we can read back: the builders and parsers agree. */
static void addr_roundtrip(void **state)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct tun_prefix local = prefix("fd00:1::5/96");
	struct tun_ip peer = ip("fd00:1::6");
	struct nlmsghdr *nlh = nl_build_addr(buf, RTM_NEWADDR, 11, &local, &peer);
	struct tun_addr a;

	(void)state;
	assert_int_equal(nl_parse_addr(nlh, &a), 1);
	assert_int_equal(a.ifindex, 11);
	assert_true(tun_ip_equal(&a.local.ip, &local.ip));
	assert_int_equal(a.local.len, 96);
	assert_true(tun_ip_equal(&a.peer, &peer));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(build_addr_v4_with_peer),
		cmocka_unit_test(build_addr_v6_nodad),
		cmocka_unit_test(build_addr_del),
		cmocka_unit_test(build_route_via_metric),
		cmocka_unit_test(build_route_interface_and_default),
		cmocka_unit_test(build_route_delete_matches_any),
		cmocka_unit_test(build_link),
		cmocka_unit_test(build_route_table_src),
		cmocka_unit_test(build_link_change),
		cmocka_unit_test(parse_del_forms_and_addr_flags),
		cmocka_unit_test(parse_canned_tap_link),
		cmocka_unit_test(parse_link_not_tun),
		cmocka_unit_test(parse_malformed),
		cmocka_unit_test(parse_canned_addresses),
		cmocka_unit_test(parse_canned_routes),
		cmocka_unit_test(addr_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
