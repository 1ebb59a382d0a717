// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>

#include "internal.h"
#include "os/os.h"

/* At most this many servers, as resolvers use only the first few. */
#define TUN_DNS_MAX 8

int tun_dns_set(struct tun_ctx *ctx, const char *ifname,
		const struct tun_ip *servers, size_t count)
{
	int ret = tun_check_ifname(ctx, ifname);

	if (ret < 0)
		return ret;
	if (count && !servers)
		return tun_fail(ctx, -EINVAL, "a count without its array");
	if (count > TUN_DNS_MAX)
		return tun_fail(ctx, -E2BIG, "at most %d DNS servers",
				TUN_DNS_MAX);
	for (size_t i = 0; i < count; i++) {
		if (servers[i].family != TUN_INET &&
		    servers[i].family != TUN_INET6)
			return tun_fail(ctx, -EAFNOSUPPORT,
					"unknown address family");
	}
	return tun_os_dns_set(ctx, ifname, servers, count);
}
