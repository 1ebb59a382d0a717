// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stddef.h>

#include "internal.h"
#include "os/os.h"

int tun_events_open(struct tun_ctx *ctx, struct tun_events **evp)
{
	if (!ctx || !evp)
		return -EINVAL;
	tun_detail_clear(ctx);
	*evp = NULL;
	return tun_os_events_open(ctx, evp);
}

int tun_events_next(struct tun_events *ev, struct tun_event *event)
{
	if (!ev || !event)
		return -EINVAL;
	return tun_os_events_next(ev, event);
}

int tun_events_fd(const struct tun_events *ev)
{
	return ev ? tun_os_events_fd(ev) : -1;
}

void tun_events_close(struct tun_events *ev)
{
	tun_os_events_close(ev);
}
