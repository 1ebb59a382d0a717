// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "windows.h"

/*
 * Interface configuration through the IP Helper API, on the interface's
 * LUID: addresses (Create/DeleteUnicastIpAddressEntry), routes
 * (Create/DeleteIpForwardEntry2), MTU (Get/SetIpInterfaceEntry), listing
 * (GetAdaptersAddresses), DNS (SetInterfaceDnsSettings). No netsh.
 */

/* ---- names, LUIDs, drivers ---------------------------------------------- */

int win_luid(struct tun_ctx *ctx, const char *name, NET_LUID *luid)
{
	WCHAR wname[TUN_NAME_MAX];

	if (win_to_wide(name, wname, TUN_NAME_MAX) < 0 ||
	    ConvertInterfaceAliasToLuid(wname, luid) != NO_ERROR)
		return tun_fail(ctx, -ENODEV, "no interface named %s", name);
	return 0;
}

bool win_name_taken(const char *name)
{
	NET_LUID luid;

	return win_luid(NULL, name, &luid) == 0;
}

enum win_driver win_driver_of_name(const char *name, char *guid)
{
	char buf[WIN_GUID_LEN];
	NET_LUID luid;
	GUID g;

	if (win_luid(NULL, name, &luid) < 0 ||
	    ConvertInterfaceLuidToGuid(&luid, &g) != NO_ERROR)
		return 0;
	win_guid_format(&g, buf);
	if (guid)
		tun_strlcpy(guid, buf, WIN_GUID_LEN);
	return win_driver_of(buf);
}

/* ---- addresses in the API's form ---------------------------------------- */

static void to_sockaddr(const struct tun_ip *ip, SOCKADDR_INET *sa)
{
	memset(sa, 0, sizeof(*sa));
	if (ip->family == TUN_INET) {
		sa->Ipv4.sin_family = AF_INET;
		memcpy(&sa->Ipv4.sin_addr, ip->bytes, 4);
	} else {
		sa->Ipv6.sin6_family = AF_INET6;
		memcpy(&sa->Ipv6.sin6_addr, ip->bytes, 16);
	}
}

static bool from_sockaddr(const SOCKADDR_INET *sa, struct tun_ip *ip)
{
	memset(ip, 0, sizeof(*ip));
	if (sa->si_family == AF_INET) {
		ip->family = TUN_INET;
		memcpy(ip->bytes, &sa->Ipv4.sin_addr, 4);
		return true;
	}
	if (sa->si_family == AF_INET6) {
		ip->family = TUN_INET6;
		memcpy(ip->bytes, &sa->Ipv6.sin6_addr, 16);
		return true;
	}
	return false;
}

static bool ip_is_zero(const struct tun_ip *ip)
{
	static const uint8_t zero[16];

	return !memcmp(ip->bytes, zero, ip->family == TUN_INET ? 4 : 16);
}

static bool same_luid(const NET_LUID *a, const NET_LUID *b)
{
	return a->Value == b->Value;
}

int win_first_ipv4(const NET_LUID *luid, uint8_t addr[4], unsigned *len)
{
	MIB_UNICASTIPADDRESS_TABLE *t;
	int ret = -ENOENT;

	if (GetUnicastIpAddressTable(AF_INET, &t) != NO_ERROR)
		return -EIO;
	for (ULONG i = 0; i < t->NumEntries && ret; i++) {
		const MIB_UNICASTIPADDRESS_ROW *r = &t->Table[i];

		if (!same_luid(&r->InterfaceLuid, luid))
			continue;
		memcpy(addr, &r->Address.Ipv4.sin_addr, 4);
		*len = r->OnLinkPrefixLength;
		ret = 0;
	}
	FreeMibTable(t);
	return ret;
}

/* ---- devices ------------------------------------------------------------ */

static int get_adapters(struct tun_ctx *ctx, IP_ADAPTER_ADDRESSES **out)
{
	ULONG flags = GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST |
		      GAA_FLAG_SKIP_DNS_SERVER | GAA_FLAG_SKIP_UNICAST;
	ULONG size = 16384;
	DWORD err;

	for (int tries = 0; tries < 4; tries++) {
		IP_ADAPTER_ADDRESSES *buf = malloc(size);

		if (!buf)
			return -ENOMEM;
		err = GetAdaptersAddresses(AF_UNSPEC, flags, NULL, buf, &size);
		if (err == ERROR_SUCCESS) {
			*out = buf;
			return 0;
		}
		free(buf);
		if (err == ERROR_NO_DATA) {
			*out = NULL;
			return 0;
		}
		if (err != ERROR_BUFFER_OVERFLOW)
			break;
	}
	return win_fail(ctx, err, "GetAdaptersAddresses");
}

/* A wintun or tap-windows6 adapter whose name tunctl can use. */
static bool device_of(const IP_ADAPTER_ADDRESSES *a, struct tun_info *info)
{
	enum win_driver driver = win_driver_of(a->AdapterName);
	bool up = a->OperStatus == IfOperStatusUp;

	if (!driver)
		return false;
	memset(info, 0, sizeof(*info));
	if (win_from_wide(a->FriendlyName, info->name, sizeof(info->name)) <
		    0 ||
	    tun_name_validate(info->name, false, NULL) < 0)
		return false; /* rename it to a short name to manage it */
	info->index = a->IfIndex ? a->IfIndex : a->Ipv6IfIndex;
	info->mode = driver == WIN_TAP ? TUN_MODE_TAP : TUN_MODE_TUN;
	info->mtu = a->Mtu;
	/* wintun and tap-windows6 are connected while a program reads them */
	info->flags = up ? TUN_FLAG_UP | TUN_FLAG_CARRIER : 0;
	if (driver == WIN_TAP)
		info->flags |= TUN_FLAG_PERSIST;
	info->owner = info->group = -1;
	info->queues = up ? 1 : 0;
	if (a->PhysicalAddressLength == 6) {
		info->has_mac = true;
		memcpy(info->mac, a->PhysicalAddress, 6);
	}
	return true;
}

/* Every TUN/TAP device with its LUID, in @infos/@luids (both to free). */
static int devices(struct tun_ctx *ctx, struct tun_info **infos,
		   NET_LUID **luids, size_t *count)
{
	IP_ADAPTER_ADDRESSES *all, *a;
	size_t n = 0, cap = 0;
	int ret = get_adapters(ctx, &all);

	*infos = NULL;
	*luids = NULL;
	*count = 0;
	if (ret < 0)
		return ret;
	for (a = all; a; a = a->Next)
		cap++;
	if (cap) {
		*infos = calloc(cap, sizeof(**infos));
		*luids = calloc(cap, sizeof(**luids));
		if (!*infos || !*luids)
			ret = -ENOMEM;
	}
	for (a = all; a && ret == 0; a = a->Next) {
		if (!device_of(a, &(*infos)[n]))
			continue;
		(*luids)[n++] = a->Luid;
	}
	free(all);
	if (ret < 0) {
		free(*infos);
		free(*luids);
		*infos = NULL;
		*luids = NULL;
		return ret;
	}
	*count = n;
	return 0;
}

void win_each_tap(bool (*fn)(const char *name, const char *guid, void *arg),
		  void *arg)
{
	IP_ADAPTER_ADDRESSES *all;
	struct tun_info info;

	if (get_adapters(NULL, &all) < 0)
		return;
	for (IP_ADAPTER_ADDRESSES *a = all; a; a = a->Next) {
		if (device_of(a, &info) && info.mode == TUN_MODE_TAP &&
		    fn(info.name, a->AdapterName, arg))
			break;
	}
	free(all);
}

int tun_os_list(struct tun_ctx *ctx, struct tun_info **infos, size_t *count)
{
	NET_LUID *luids;
	int ret = devices(ctx, infos, &luids, count);

	free(luids);
	return ret;
}

int tun_os_info_get(struct tun_ctx *ctx, const char *name,
		    struct tun_info *info)
{
	struct tun_info *infos;
	size_t n;
	int ret = tun_os_list(ctx, &infos, &n);

	if (ret < 0)
		return ret;
	ret = -ENODEV;
	for (size_t i = 0; i < n && ret; i++) {
		if (!_stricmp(infos[i].name, name)) {
			*info = infos[i];
			ret = 0;
		}
	}
	free(infos);
	if (ret && win_name_taken(name))
		return tun_fail(ctx, -EOPNOTSUPP, "not a TUN/TAP device");
	if (ret)
		return tun_fail(ctx, ret, "no interface named %s", name);
	return 0;
}

int tun_os_destroy(struct tun_ctx *ctx, const char *name)
{
	switch (win_driver_of_name(name, NULL)) {
	case WIN_WINTUN:
		return tun_fail(ctx, -EOPNOTSUPP,
				"a wintun adapter goes away when the program "
				"that holds it exits");
	case WIN_TAP:
		return tun_fail(ctx, -EOPNOTSUPP,
				"tap-windows6 adapters are removed with "
				"OpenVPN's tapctl delete");
	default:
		if (win_name_taken(name))
			return tun_fail(ctx, -EOPNOTSUPP,
					"not a TUN/TAP device");
		return tun_fail(ctx, -ENODEV, "no interface named %s", name);
	}
}

/* Up and down follow the program that holds the adapter: wintun is
 * connected while a session exists, tap-windows6 while its handle is open
 * (media status). There is nothing to switch by name. */
int tun_os_link_set_up(struct tun_ctx *ctx, const char *ifname, bool up)
{
	NET_LUID luid;
	int ret = win_luid(ctx, ifname, &luid);

	if (ret < 0 || up)
		return ret;
	return tun_fail(ctx, -EOPNOTSUPP,
			"on Windows a TUN/TAP adapter is up while a program "
			"holds it: end that program to take it down");
}

/* ---- addresses ---------------------------------------------------------- */

int tun_os_addr_add(struct tun_ctx *ctx, const char *ifname,
		    const struct tun_prefix *local, const struct tun_ip *peer)
{
	MIB_UNICASTIPADDRESS_ROW row;
	DWORD err;
	int ret;

	if (peer)
		return tun_fail(ctx, -EOPNOTSUPP,
				"Windows has no point-to-point addresses: use a "
				"prefix that holds the peer, or a route to it");
	InitializeUnicastIpAddressEntry(&row);
	ret = win_luid(ctx, ifname, &row.InterfaceLuid);
	if (ret < 0)
		return ret;
	to_sockaddr(&local->ip, &row.Address);
	row.OnLinkPrefixLength = (UINT8)local->len;
	row.DadState = IpDadStatePreferred; /* ours alone: skip DAD */
	err = CreateUnicastIpAddressEntry(&row);
	if (err == ERROR_OBJECT_ALREADY_EXISTS)
		return tun_fail(ctx, -EEXIST, "address already on %s", ifname);
	if (err != NO_ERROR)
		return win_fail(ctx, err, "CreateUnicastIpAddressEntry");
	return 0;
}

/* The rows of @t whose interface is one of @luids, as tun_addr entries. */
static int keep_addrs(const MIB_UNICASTIPADDRESS_TABLE *t,
		      const struct tun_info *infos, const NET_LUID *luids,
		      size_t n, struct tun_addr **addrs, size_t *count)
{
	struct tun_addr *out = calloc(t->NumEntries ? t->NumEntries : 1,
				      sizeof(*out));
	size_t kept = 0;

	if (!out)
		return -ENOMEM;
	for (ULONG i = 0; i < t->NumEntries; i++) {
		const MIB_UNICASTIPADDRESS_ROW *r = &t->Table[i];

		for (size_t j = 0; j < n; j++) {
			struct tun_addr *a = &out[kept];

			if (!same_luid(&r->InterfaceLuid, &luids[j]) ||
			    !from_sockaddr(&r->Address, &a->local.ip))
				continue;
			memcpy(a->ifname, infos[j].name, sizeof(a->ifname));
			a->ifindex = infos[j].index;
			a->local.len = r->OnLinkPrefixLength;
			kept++;
			break;
		}
	}
	*addrs = out;
	*count = kept;
	return 0;
}

/* The devices a listing covers: @ifname alone, or every TUN/TAP device. */
static int listed(struct tun_ctx *ctx, const char *ifname,
		  struct tun_info **infos, NET_LUID **luids, size_t *n)
{
	int ret;

	if (!ifname)
		return devices(ctx, infos, luids, n);
	*infos = calloc(1, sizeof(**infos));
	*luids = calloc(1, sizeof(**luids));
	ret = *infos && *luids ? win_luid(ctx, ifname, *luids) : -ENOMEM;
	if (ret == 0) {
		NET_IFINDEX index = 0;

		ConvertInterfaceLuidToIndex(*luids, &index);
		tun_strlcpy((*infos)[0].name, ifname, sizeof((*infos)[0].name));
		(*infos)[0].index = index;
		*n = 1;
		return 0;
	}
	free(*infos);
	free(*luids);
	*infos = NULL;
	*luids = NULL;
	return ret;
}

int tun_os_addr_list(struct tun_ctx *ctx, const char *ifname,
		     struct tun_addr **addrs, size_t *count)
{
	MIB_UNICASTIPADDRESS_TABLE *t;
	struct tun_info *infos;
	NET_LUID *luids;
	size_t n;
	DWORD err;
	int ret = listed(ctx, ifname, &infos, &luids, &n);

	if (ret < 0)
		return ret;
	err = GetUnicastIpAddressTable(AF_UNSPEC, &t);
	if (err == NO_ERROR) {
		ret = keep_addrs(t, infos, luids, n, addrs, count);
		FreeMibTable(t);
	} else {
		ret = win_fail(ctx, err, "GetUnicastIpAddressTable");
	}
	free(infos);
	free(luids);
	return ret;
}

/* A row names an address by interface and address alone. */
int tun_os_addr_del(struct tun_ctx *ctx, const char *ifname,
		    const struct tun_addr *addr, const struct tun_addr *all,
		    size_t count)
{
	MIB_UNICASTIPADDRESS_ROW row;
	DWORD err;
	int ret;

	(void)all;
	(void)count;
	InitializeUnicastIpAddressEntry(&row);
	ret = win_luid(ctx, ifname, &row.InterfaceLuid);
	if (ret < 0)
		return ret;
	to_sockaddr(&addr->local.ip, &row.Address);
	row.OnLinkPrefixLength = (UINT8)addr->local.len;
	err = DeleteUnicastIpAddressEntry(&row);
	return err == NO_ERROR ? 0
			       : win_fail(ctx, err, "DeleteUnicastIpAddressEntry");
}

/* ---- routes ------------------------------------------------------------- */

static enum tun_route_origin origin_of(NL_ROUTE_PROTOCOL protocol)
{
	switch ((int)protocol) {
	case MIB_IPPROTO_LOCAL:
		return TUN_ROUTE_KERNEL; /* made for an address */
	case MIB_IPPROTO_NETMGMT:
		return TUN_ROUTE_BOOT; /* added by a tool, as tunctl does */
	case MIB_IPPROTO_NT_STATIC:
	case MIB_IPPROTO_NT_STATIC_NON_DOD:
		return TUN_ROUTE_STATIC;
	default:
		return TUN_ROUTE_OTHER;
	}
}

static bool route_of(const MIB_IPFORWARD_ROW2 *r, struct tun_route *out)
{
	memset(out, 0, sizeof(*out));
	if (!from_sockaddr(&r->DestinationPrefix.Prefix, &out->dst.ip))
		return false;
	out->dst.len = r->DestinationPrefix.PrefixLength;
	if (from_sockaddr(&r->NextHop, &out->gateway) &&
	    ip_is_zero(&out->gateway))
		out->gateway.family = TUN_FAMILY_NONE; /* on-link */
	out->has_metric = true;
	out->metric = r->Metric;
	out->origin = origin_of(r->Protocol);
	return true;
}

static bool route_matches(const struct tun_route *have,
			  const struct tun_route *want)
{
	return have->dst.len == want->dst.len &&
	       tun_ip_equal(&have->dst.ip, &want->dst.ip) &&
	       (want->gateway.family == TUN_FAMILY_NONE
			? have->gateway.family == TUN_FAMILY_NONE
			: tun_ip_equal(&have->gateway, &want->gateway)) &&
	       (!want->has_metric || have->metric == want->metric);
}

int tun_os_route_list(struct tun_ctx *ctx, const char *ifname,
		      struct tun_route **routes, size_t *count)
{
	MIB_IPFORWARD_TABLE2 *t;
	struct tun_route *out = NULL;
	struct tun_info *infos;
	NET_LUID *luids;
	size_t n, kept = 0;
	DWORD err;
	int ret = listed(ctx, ifname, &infos, &luids, &n);

	if (ret < 0)
		return ret;
	err = GetIpForwardTable2(AF_UNSPEC, &t);
	if (err != NO_ERROR) {
		ret = win_fail(ctx, err, "GetIpForwardTable2");
		goto out;
	}
	out = calloc(t->NumEntries ? t->NumEntries : 1, sizeof(*out));
	if (!out)
		ret = -ENOMEM;
	for (ULONG i = 0; ret == 0 && i < t->NumEntries; i++) {
		for (size_t j = 0; j < n; j++) {
			if (!same_luid(&t->Table[i].InterfaceLuid, &luids[j]) ||
			    !route_of(&t->Table[i], &out[kept]))
				continue;
			memcpy(out[kept].ifname, infos[j].name,
			       sizeof(out[kept].ifname));
			kept++;
			break;
		}
	}
	FreeMibTable(t);
out:
	free(infos);
	free(luids);
	if (ret < 0) {
		free(out);
		return ret;
	}
	*routes = out;
	*count = kept;
	return 0;
}

int tun_os_route_add(struct tun_ctx *ctx, const char *ifname,
		     const struct tun_route *route)
{
	MIB_IPFORWARD_ROW2 r;
	DWORD err;
	int ret;

	InitializeIpForwardEntry(&r);
	ret = win_luid(ctx, ifname, &r.InterfaceLuid);
	if (ret < 0)
		return ret;
	to_sockaddr(&route->dst.ip, &r.DestinationPrefix.Prefix);
	r.DestinationPrefix.PrefixLength = (UINT8)route->dst.len;
	if (route->gateway.family != TUN_FAMILY_NONE) {
		to_sockaddr(&route->gateway, &r.NextHop);
	} else {
		struct tun_ip any = { route->dst.ip.family, { 0 } };

		to_sockaddr(&any, &r.NextHop); /* unspecified: on-link */
	}
	/* Windows adds the interface's metric to this one. */
	r.Metric = route->has_metric ? route->metric : 0;
	r.Protocol = (NL_ROUTE_PROTOCOL)MIB_IPPROTO_NETMGMT;
	err = CreateIpForwardEntry2(&r);
	if (err == ERROR_OBJECT_ALREADY_EXISTS)
		return tun_fail(ctx, -EEXIST, "route already present");
	if (err != NO_ERROR)
		return win_fail(ctx, err, "CreateIpForwardEntry2");
	return 0;
}

int tun_os_route_del(struct tun_ctx *ctx, const char *ifname,
		     const struct tun_route *route)
{
	MIB_IPFORWARD_TABLE2 *t;
	NET_LUID luid;
	DWORD err;
	int ret = win_luid(ctx, ifname, &luid);

	if (ret < 0)
		return ret;
	err = GetIpForwardTable2(AF_UNSPEC, &t);
	if (err != NO_ERROR)
		return win_fail(ctx, err, "GetIpForwardTable2");
	ret = tun_fail(ctx, -ESRCH, "no such route through %s", ifname);
	for (ULONG i = 0; i < t->NumEntries; i++) {
		struct tun_route have;

		if (!same_luid(&t->Table[i].InterfaceLuid, &luid) ||
		    !route_of(&t->Table[i], &have) ||
		    !route_matches(&have, route))
			continue;
		tun_detail_clear(ctx);
		err = DeleteIpForwardEntry2(&t->Table[i]);
		ret = err == NO_ERROR
			      ? 0
			      : win_fail(ctx, err, "DeleteIpForwardEntry2");
		break;
	}
	FreeMibTable(t);
	return ret;
}

/* ---- MTU ---------------------------------------------------------------- */

/* The IP interface of one family; ERROR_NOT_FOUND when the interface has
 * that protocol unbound. */
static DWORD ip_interface(const NET_LUID *luid, ADDRESS_FAMILY family,
			  MIB_IPINTERFACE_ROW *row)
{
	InitializeIpInterfaceEntry(row);
	row->Family = family;
	row->InterfaceLuid = *luid;
	return GetIpInterfaceEntry(row);
}

int tun_os_mtu_get(struct tun_ctx *ctx, const char *ifname, unsigned *mtu)
{
	MIB_IPINTERFACE_ROW row;
	NET_LUID luid;
	DWORD err;
	int ret = win_luid(ctx, ifname, &luid);

	if (ret < 0)
		return ret;
	err = ip_interface(&luid, AF_INET, &row);
	if (err == ERROR_NOT_FOUND)
		err = ip_interface(&luid, AF_INET6, &row);
	if (err != NO_ERROR)
		return win_fail(ctx, err, "GetIpInterfaceEntry");
	*mtu = row.NlMtu;
	return 0;
}

/* IPv4 and IPv6 each have their own MTU; both are set, except that IPv6
 * does not go below its minimum of 1280. */
int tun_os_mtu_set(struct tun_ctx *ctx, const char *ifname, unsigned mtu)
{
	static const ADDRESS_FAMILY families[] = { AF_INET, AF_INET6 };
	MIB_IPINTERFACE_ROW row;
	NET_LUID luid;
	bool done = false;
	int ret = win_luid(ctx, ifname, &luid);

	for (size_t i = 0; ret == 0 && i < TUN_ARRAY_SIZE(families); i++) {
		DWORD err = ip_interface(&luid, families[i], &row);

		if (err == ERROR_NOT_FOUND ||
		    (families[i] == AF_INET6 && mtu < 1280))
			continue;
		if (err != NO_ERROR)
			return win_fail(ctx, err, "GetIpInterfaceEntry");
		row.NlMtu = mtu;
		/* Set refuses IPv4 rows that carry a site prefix length. */
		row.SitePrefixLength = 0;
		err = SetIpInterfaceEntry(&row);
		if (err != NO_ERROR)
			return win_fail(ctx, err, "SetIpInterfaceEntry (%s)",
					families[i] == AF_INET ? "IPv4"
							       : "IPv6");
		done = true;
	}
	if (ret == 0 && !done)
		ret = tun_fail(ctx, -EOPNOTSUPP,
			       "%s has neither IPv4 nor IPv6 bound", ifname);
	return ret;
}

/* ---- DNS ---------------------------------------------------------------- */

/* DNS_INTERFACE_SETTINGS (version 1) and SetInterfaceDnsSettings, as
 * documented for netioapi.h; older SDKs such as mingw-w64 10 lack them. */
struct dns_settings {
	ULONG Version;
	ULONG64 Flags;
	PWSTR Domain;
	PWSTR NameServer;
	PWSTR SearchList;
	ULONG RegistrationEnabled;
	ULONG RegisterAdapterName;
	ULONG EnableLLMNR;
	ULONG QueryAdapterName;
	PWSTR ProfileNameServer;
};

#define DNS_SETTINGS_VERSION1 1
#define DNS_FLAG_IPV6 0x0001
#define DNS_FLAG_NAMESERVER 0x0002

typedef DWORD(WINAPI set_dns_fn)(GUID iface, const struct dns_settings *s);

/* "a,b,c" of the servers of one family, as UTF-16. */
static int server_list(const struct tun_ip *servers, size_t count,
		       enum tun_family family, WCHAR *out, size_t n)
{
	char text[16 * TUN_ADDRSTRLEN] = "";
	size_t used = 0;

	for (size_t i = 0; i < count; i++) {
		char one[TUN_ADDRSTRLEN];
		int len;

		if (servers[i].family != family)
			continue;
		len = snprintf(text + used, sizeof(text) - used, "%s%s",
			       used ? "," : "",
			       tun_ip_format(&servers[i], one, sizeof(one)));
		if (len < 0 || (size_t)len >= sizeof(text) - used)
			return -E2BIG;
		used += (size_t)len;
	}
	return win_to_wide(text, out, n);
}

int tun_os_dns_set(struct tun_ctx *ctx, const char *ifname,
		   const struct tun_ip *servers, size_t count)
{
	static const enum tun_family families[] = { TUN_INET, TUN_INET6 };
	HMODULE iphlpapi = GetModuleHandleW(L"iphlpapi.dll");
	FARPROC proc = iphlpapi ? GetProcAddress(iphlpapi,
						 "SetInterfaceDnsSettings")
				: NULL;
	set_dns_fn *set_dns;
	NET_LUID luid;
	GUID guid;
	int ret = win_luid(ctx, ifname, &luid);

	if (ret < 0)
		return ret;
	if (!proc)
		return tun_fail(ctx, -EOPNOTSUPP,
				"setting DNS servers needs Windows 10 2004 or "
				"later (SetInterfaceDnsSettings)");
	memcpy(&set_dns, &proc, sizeof(proc));
	if (ConvertInterfaceLuidToGuid(&luid, &guid) != NO_ERROR)
		return tun_fail(ctx, -ENODEV, "no interface named %s", ifname);
	/* Each family gets its list, an empty one clearing what was there. */
	for (size_t i = 0; i < TUN_ARRAY_SIZE(families); i++) {
		WCHAR list[16 * TUN_ADDRSTRLEN];
		struct dns_settings s = { 0 };
		DWORD err;

		ret = server_list(servers, count, families[i], list,
				  TUN_ARRAY_SIZE(list));
		if (ret < 0)
			return tun_fail(ctx, ret, "too many DNS servers");
		s.Version = DNS_SETTINGS_VERSION1;
		s.Flags = DNS_FLAG_NAMESERVER |
			  (families[i] == TUN_INET6 ? DNS_FLAG_IPV6 : 0);
		s.NameServer = list;
		err = set_dns(guid, &s);
		if (err != NO_ERROR)
			return win_fail(ctx, err, "SetInterfaceDnsSettings");
	}
	return 0;
}

/* ---- in one go ---------------------------------------------------------- */

/* The IP Helper API changes one thing per call; the generic loops do. */
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
