// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stddef.h>

#include "os.h"

/* What the backends of macOS, the BSDs and Windows do not have yet: change
 * notifications (tun_events_open() says so, and nothing else can be
 * reached without a subscription) and the list of holders. */

int tun_os_events_open(struct tun_ctx *ctx, struct tun_events **evp)
{
	(void)evp;
	return tun_fail(ctx, -EOPNOTSUPP,
			"change notifications are not supported on this system");
}

int tun_os_events_next(struct tun_events *ev, struct tun_event *event)
{
	(void)ev;
	(void)event;
	return -EOPNOTSUPP;
}

int tun_os_events_fd(const struct tun_events *ev)
{
	(void)ev;
	return -1;
}

void tun_os_events_close(struct tun_events *ev)
{
	(void)ev;
}

int tun_os_link_change(struct tun_ctx *ctx, const char *ifname,
		       const struct tun_link_change *ch)
{
	(void)ifname;
	(void)ch;
	return tun_fail(ctx, -EOPNOTSUPP,
			"changing a device in place is not supported on this system");
}

int tun_os_holders(struct tun_ctx *ctx, const char *ifname,
		   struct tun_holder **holders, size_t *count)
{
	(void)ifname;
	*holders = NULL;
	*count = 0;
	return tun_fail(ctx, -EOPNOTSUPP,
			"listing who holds a device is not supported on this system");
}
