// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>

#include "internal.h"
#include "os/os.h"

int tun_holders(struct tun_ctx *ctx, const char *ifname,
		struct tun_holder **holders, size_t *count)
{
	int ret;

	if (!ctx || !holders || !count)
		return -EINVAL;
	*holders = NULL;
	*count = 0;
	tun_detail_clear(ctx);
	if (ifname && (ret = tun_check_ifname(ctx, ifname)) < 0)
		return ret;
	return tun_os_holders(ctx, ifname, holders, count);
}
