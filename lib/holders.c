// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>

#include "internal.h"
#include "os/os.h"

int tun_link_change(struct tun_ctx *ctx, const char *ifname,
		    const struct tun_link_change *ch)
{
	const char *why;
	int ret;

	if (!ctx || !ch)
		return -EINVAL;
	if ((ret = tun_check_ifname(ctx, ifname)) < 0)
		return ret;
	if (ch->name && tun_name_validate(ch->name, false, &why) < 0)
		return tun_fail(ctx, -EINVAL, "%s: %s", ch->name, why);
	if ((ch->set_owner && !tun_id_in_range(ch->owner)) ||
	    (ch->set_group && !tun_id_in_range(ch->group)))
		return tun_fail(ctx, -EINVAL, "owner or group out of range");
	if (ch->set_mac && (ch->mac[0] & 1))
		return tun_fail(ctx, -EINVAL, "a multicast MAC address");
	return tun_os_link_change(ctx, ifname, ch);
}

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
