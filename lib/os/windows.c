// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "windows.h"

/* The Windows backend's device calls, which go to wintun or
 * tap-windows6. */

/* ---- devices ------------------------------------------------------------ */

void tun_os_ctx_free(struct tun_os_ctx *os)
{
	(void)os; /* the backend keeps nothing per context */
}

static int check_config(struct tun_ctx *ctx, const struct tun_config *cfg)
{
	if (cfg->has_owner || cfg->has_group)
		return tun_fail(ctx, -EOPNOTSUPP,
				"owner and group are not supported on Windows");
	if (cfg->flags & TUN_FLAG_MULTI_QUEUE || cfg->queues > 1)
		return tun_fail(ctx, -EOPNOTSUPP,
				"multi-queue devices are not supported on Windows");
	if (cfg->flags & TUN_FLAG_VNET_HDR)
		return tun_fail(ctx, -EOPNOTSUPP,
				"offloads (virtio-net header) are Linux-only");
	if (cfg->flags & TUN_FLAG_PI)
		return tun_fail(ctx, -EOPNOTSUPP,
				"the packet-information header is Linux-only");
	return 0;
}

static struct tun_os_dev *os_dev_new(void)
{
	struct tun_os_dev *os = calloc(1, sizeof(*os));

	if (os)
		os->file = INVALID_HANDLE_VALUE;
	return os;
}

/* tun_dev_fd(): the handle to wait on, as an int (see windows.h); -1
 * while suspended. */
static void sync_wait_handle(struct tun_dev *dev)
{
	struct tun_os_dev *os = dev->os;
	HANDLE h = NULL;

	if (os->driver == WIN_WINTUN)
		h = os->session ? os->read_event : NULL;
	else if (os->file != INVALID_HANDLE_VALUE)
		h = os->read_done;
	dev->fds[0] = h ? (int)(intptr_t)h : -1;
}

static int wintun_no_persist(struct tun_ctx *ctx)
{
	return tun_fail(ctx, -EOPNOTSUPP,
			"a wintun adapter lives only as long as the program "
			"that made it: use create ... -- COMMAND");
}

/* A device is one queue. */
static void dev_opened(struct tun_dev *dev)
{
	dev->nqueues = 1;
	sync_wait_handle(dev);
}

/*
 * TUN: an existing tap-windows6 adapter of that name is taken in TUN mode;
 * anything else is a wintun adapter (made new, or an idle one of the same
 * name reused). TAP: tap-windows6 adapters are installed ahead (OpenVPN's
 * tapctl), so "create" takes a free one: the named one, or the first.
 */
int tun_os_dev_create(struct tun_ctx *ctx, const struct tun_config *cfg,
		      struct tun_dev *dev)
{
	const char *name = cfg->name && cfg->name[0] ? cfg->name : NULL;
	int ret = check_config(ctx, cfg);

	if (ret < 0)
		return ret;
	dev->os = os_dev_new();
	if (!dev->os)
		return -ENOMEM;
	if (cfg->mode == TUN_MODE_TAP)
		ret = tap_open(ctx, name && !strchr(name, '%') ? name : NULL,
			       TUN_MODE_TAP, dev);
	else if (name && !strchr(name, '%') &&
		 win_driver_of_name(name, NULL) == WIN_TAP)
		ret = tap_open(ctx, name, TUN_MODE_TUN, dev);
	else if (cfg->flags & TUN_FLAG_PERSIST)
		ret = wintun_no_persist(ctx);
	else
		ret = wintun_create(ctx, name ? name : "tun%d", dev);
	if (ret < 0) {
		free(dev->os);
		dev->os = NULL;
		return ret;
	}
	dev_opened(dev);
	return 0;
}

/* A tap-windows6 adapter opens in @mode; wintun is always TUN. */
static int attach(struct tun_ctx *ctx, const char *name, enum tun_mode mode,
		  struct tun_dev *dev)
{
	int ret;

	dev->os = os_dev_new();
	if (!dev->os)
		return -ENOMEM;
	if (win_driver_of_name(name, NULL) == WIN_TAP)
		ret = tap_open(ctx, name, mode, dev);
	else
		ret = wintun_attach(ctx, name, dev);
	if (ret < 0) {
		free(dev->os);
		dev->os = NULL;
		return ret;
	}
	dev_opened(dev);
	return 0;
}

int tun_os_dev_attach(struct tun_ctx *ctx, const char *name, unsigned queues,
		      struct tun_dev *dev)
{
	if (queues > 1)
		return tun_fail(ctx, -EOPNOTSUPP,
				"multi-queue devices are not supported on Windows");
	return attach(ctx, name, TUN_MODE_TAP, dev);
}

/* "NAME\tMODE" (tun or tap), read to its end from the pipe @h. */
static int read_handover(HANDLE h, char *name, size_t n, enum tun_mode *mode)
{
	char buf[64], *tab;
	size_t used = 0;
	DWORD got;

	while (used < sizeof(buf) - 1) {
		if (!ReadFile(h, buf + used, (DWORD)(sizeof(buf) - 1 - used),
			      &got, NULL) ||
		    got == 0)
			break; /* ERROR_BROKEN_PIPE: the writer is done */
		used += got;
	}
	buf[used] = '\0';
	tab = strchr(buf, '\t');
	if (!tab || (strcmp(tab + 1, "tun") && strcmp(tab + 1, "tap")))
		return -EBADMSG;
	*tab = '\0';
	*mode = !strcmp(tab + 1, "tap") ? TUN_MODE_TAP : TUN_MODE_TUN;
	if (tun_name_validate(buf, false, NULL) < 0)
		return -EBADMSG;
	tun_strlcpy(name, buf, n);
	return 0;
}

/*
 * A wintun session or tap-windows6 handle cannot be inherited, so what
 * `tunctl create -- COMMAND` hands down as TUNCTL_FD is the value of an
 * inherited pipe handle holding "NAME<tab>MODE"; the device is then opened
 * by that name. The pipe is closed once read.
 */
int tun_os_dev_from_fd(struct tun_ctx *ctx, int fd, struct tun_dev *dev)
{
	HANDLE h = (HANDLE)(intptr_t)fd;
	char name[TUN_NAME_MAX];
	enum tun_mode mode;
	int ret;

	if (GetFileType(h) != FILE_TYPE_PIPE ||
	    read_handover(h, name, sizeof(name), &mode) < 0)
		return tun_fail(ctx, -EBADF,
				"%d is not a device handed over by tunctl "
				"create (a pipe holding the device's name)",
				fd);
	ret = attach(ctx, name, mode, dev);
	if (ret == 0)
		CloseHandle(h);
	return ret;
}

void tun_os_dev_close(struct tun_dev *dev)
{
	struct tun_os_dev *os = dev->os;

	if (!os)
		return;
	if (os->driver == WIN_WINTUN)
		wintun_close(os);
	else if (os->driver == WIN_TAP)
		tap_close(os);
	free(os);
	dev->os = NULL;
	dev->nqueues = 0;
}

int tun_os_dev_suspend(struct tun_dev *dev)
{
	struct tun_os_dev *os = dev->os;

	if (!os)
		return 0;
	if (os->driver == WIN_WINTUN)
		wintun_suspend(os);
	else if (os->driver == WIN_TAP)
		tap_suspend(os);
	sync_wait_handle(dev);
	return 0;
}

/* A wintun adapter exists only while its creator holds it; a tap-windows6
 * adapter is installed and stays anyway. */
int tun_os_dev_set_persist(struct tun_ctx *ctx, struct tun_dev *dev,
			   bool persist)
{
	if (!persist || dev->os->driver == WIN_TAP)
		return 0;
	return wintun_no_persist(ctx);
}

/* Either may resume a suspended device, whose wait handle then changes. */
int tun_os_dev_read(struct tun_dev *dev, unsigned queue, void *buf, size_t len)
{
	int ret;

	(void)queue;
	if (dev->os->driver == WIN_TAP)
		ret = tap_read(dev, buf, len);
	else
		ret = wintun_read(dev->os, buf, len);
	sync_wait_handle(dev);
	return ret;
}

int tun_os_dev_write(struct tun_dev *dev, unsigned queue, const void *buf,
		     size_t len)
{
	int ret;

	(void)queue;
	if (dev->os->driver == WIN_TAP)
		ret = tap_write(dev, buf, len);
	else
		ret = wintun_write(dev->os, buf, len);
	sync_wait_handle(dev);
	return ret;
}

int tun_os_dev_write_many(struct tun_dev *dev, unsigned queue,
			  const struct tun_buf *pkts, size_t count)
{
	(void)dev;
	(void)queue;
	(void)pkts;
	(void)count;
	return TUN_OS_STEPWISE;
}

/* No offloads here: tun_dev_offload_stats() reports zeros. */
int tun_os_dev_offload_stats(const struct tun_dev *dev, unsigned queue,
			     struct tun_offload_stats *stats)
{
	(void)dev;
	(void)queue;
	(void)stats;
	return 0;
}

/* Reads never block here: one that finds nothing says -EAGAIN. */
bool tun_os_dev_ready(const struct tun_dev *dev, unsigned queue)
{
	(void)dev;
	(void)queue;
	return true;
}

/* Found by name: tun_dev_mtu() and tun_dev_ifindex() use tun_os_info_get(). */
int tun_os_dev_info(struct tun_ctx *ctx, const struct tun_dev *dev,
		    struct tun_info *info)
{
	(void)ctx;
	(void)dev;
	(void)info;
	return TUN_OS_STEPWISE;
}

/* ---- namespaces and privileges ------------------------------------------ */

int tun_os_netns_enter(const char *name)
{
	(void)name;
	return -EOPNOTSUPP; /* Windows has no network namespaces */
}

/* Windows grants by token, not by capability: an elevated token stays what
 * it is, and there is no user to switch to without a password. */
int tun_os_drop_privileges(long long uid, long long gid)
{
	(void)gid;
	return uid >= 0 ? -EOPNOTSUPP : 0;
}

int tun_os_privileges_keep(unsigned keep)
{
	(void)keep;
	return 0;
}
