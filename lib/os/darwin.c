// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <net/if.h>
#include <unistd.h>

#include "darwin.h"

/*
 * The macOS backend's device functions: each forwards to utun (TUN) or the
 * feth pair (TAP), by the device's mode or by the name's prefix. See
 * darwin.h for the picture.
 */

enum kind {
	KIND_OTHER,
	KIND_UTUN,
	KIND_FETH,    /* the user's half of a pair: fethN, N < FETH_IO_BASE */
	KIND_FETH_IO, /* our half: hidden from listings */
};

static enum kind kind_of(const char *name)
{
	unsigned unit;

	if (name_unit(name, "utun", UTUN_UNIT_LIMIT, &unit) == 1)
		return KIND_UTUN;
	if (name_unit(name, "feth", UTUN_UNIT_LIMIT + 1, &unit) == 1)
		return unit < FETH_IO_BASE ? KIND_FETH : KIND_FETH_IO;
	return KIND_OTHER;
}

/* For a name that is none of ours: absent, or another kind of device. */
static int not_ours(struct tun_ctx *ctx, const char *name)
{
	if (!if_nametoindex(name))
		return tun_fail(ctx, -ENODEV, "no device named %s", name);
	return tun_fail(ctx, -EOPNOTSUPP,
			"%s is not a TUN/TAP device (utunN or fethN)", name);
}

int bsd_os_classify(const char *name, unsigned ifflags, struct tun_info *info)
{
	(void)ifflags;
	switch (kind_of(name)) {
	case KIND_UTUN:
		/* It exists only while its creator holds the socket. */
		info->mode = TUN_MODE_TUN;
		info->flags |= TUN_FLAG_CARRIER;
		info->queues = 1;
		return 1;
	case KIND_FETH:
		info->mode = TUN_MODE_TAP;
		info->flags |= TUN_FLAG_PERSIST;
		return 1;
	default:
		return 0;
	}
}

int tun_os_dev_create(struct tun_ctx *ctx, const struct tun_config *cfg,
		      struct tun_dev *dev)
{
	if (cfg->mode == TUN_MODE_TAP)
		return feth_create(ctx, cfg, dev);
	return utun_create(ctx, cfg, dev);
}

int tun_os_dev_attach(struct tun_ctx *ctx, const char *name, unsigned queues,
		      struct tun_dev *dev)
{
	switch (kind_of(name)) {
	case KIND_UTUN:
		if (!if_nametoindex(name))
			return not_ours(ctx, name);
		return tun_fail(ctx, -EOPNOTSUPP,
				"%s has only the descriptor of the process that "
				"created it: nothing can attach to a utun",
				name);
	case KIND_FETH:
		return feth_attach(ctx, name, queues, dev);
	case KIND_FETH_IO:
		return tun_fail(ctx, -EOPNOTSUPP,
				"%s is the I/O half of a TAP device", name);
	default:
		return not_ours(ctx, name);
	}
}

int tun_os_dev_from_fd(struct tun_ctx *ctx, int fd, struct tun_dev *dev)
{
	int ret = utun_adopt(ctx, fd, dev);

	if (ret == 0)
		ret = feth_adopt(ctx, fd, dev);
	if (ret == 0)
		return tun_fail(ctx, -ENOTTY,
				"descriptor %d is neither a utun socket nor the "
				"BPF descriptor of a feth TAP device",
				fd);
	return ret < 0 ? ret : 0;
}

void tun_os_dev_close(struct tun_dev *dev)
{
	if (dev->mode == TUN_MODE_TAP) {
		feth_close(dev);
		return;
	}
	for (unsigned i = 0; i < dev->nqueues; i++) {
		if (dev->fds[i] >= 0)
			close(dev->fds[i]);
		dev->fds[i] = -1;
	}
	dev->nqueues = 0;
}

int tun_os_dev_set_persist(struct tun_ctx *ctx, struct tun_dev *dev,
			   bool persist)
{
	if (dev->mode == TUN_MODE_TUN)
		return persist ? utun_no_persist(ctx) : 0;
	dev->os->transient = !persist;
	dev->flags = persist ? dev->flags | TUN_FLAG_PERSIST
			     : dev->flags & ~TUN_FLAG_PERSIST;
	return 0;
}

int tun_os_dev_read(struct tun_dev *dev, unsigned queue, void *buf, size_t len)
{
	if (dev->mode == TUN_MODE_TAP)
		return feth_read(dev, buf, len);
	return utun_read(dev, queue, buf, len);
}

int tun_os_dev_write(struct tun_dev *dev, unsigned queue, const void *buf,
		     size_t len)
{
	if (dev->mode == TUN_MODE_TAP)
		return feth_write(dev, buf, len);
	return utun_write(dev, queue, buf, len);
}

int tun_os_destroy(struct tun_ctx *ctx, const char *name)
{
	switch (kind_of(name)) {
	case KIND_UTUN:
		if (!if_nametoindex(name))
			return not_ours(ctx, name);
		return tun_fail(ctx, -EOPNOTSUPP,
				"%s goes away when the process that created it "
				"exits or closes it; it cannot be deleted",
				name);
	case KIND_FETH:
	case KIND_FETH_IO:
		return feth_destroy(ctx, name);
	default:
		return not_ours(ctx, name);
	}
}

int tun_os_mtu_set(struct tun_ctx *ctx, const char *ifname, unsigned mtu)
{
	if (kind_of(ifname) == KIND_FETH)
		return feth_mtu_set(ctx, ifname, mtu);
	return bsd_mtu_set(ctx, ifname, mtu);
}
