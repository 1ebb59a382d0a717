// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "os/os.h"

static struct tun_dev *dev_alloc(void)
{
	struct tun_dev *dev = calloc(1, sizeof(*dev));

	if (!dev)
		return NULL;
	for (size_t i = 0; i < TUN_ARRAY_SIZE(dev->fds); i++)
		dev->fds[i] = -1;
	return dev;
}

static int check_queues(struct tun_ctx *ctx, unsigned queues)
{
	if (queues > TUN_QUEUES_MAX)
		return tun_fail(ctx, -EINVAL, "at most %d queues",
				TUN_QUEUES_MAX);
	return 0;
}

static int check_name(struct tun_ctx *ctx, const char *name, bool template)
{
	const char *why;

	if (!name)
		return tun_fail(ctx, -EINVAL, "no device name");
	if (tun_name_validate(name, template, &why) < 0)
		return tun_fail(ctx, -EINVAL, "%s", why);
	return 0;
}

static int check_config(struct tun_ctx *ctx, const struct tun_config *cfg)
{
	unsigned queues = cfg->queues ? cfg->queues : 1;
	int ret;

	if (cfg->version != 0)
		return tun_fail(ctx, -EINVAL,
				"struct tun_config version %u is newer than this library",
				cfg->version);
	if (cfg->mode != TUN_MODE_TUN && cfg->mode != TUN_MODE_TAP)
		return tun_fail(ctx, -EINVAL, "unknown device mode");
	if (cfg->name && cfg->name[0] &&
	    (ret = check_name(ctx, cfg->name, true)) < 0)
		return ret;
	if ((ret = check_queues(ctx, queues)) < 0)
		return ret;
	if (queues > 1 && !(cfg->flags & TUN_FLAG_MULTI_QUEUE))
		return tun_fail(ctx, -EINVAL,
				"several queues need a multi-queue device");
	/* An id without its flag is a caller that meant one (or used -1
	 * for none, as before 1.0): refused rather than silently ignored. */
	if ((!cfg->has_owner && cfg->owner) || (!cfg->has_group && cfg->group))
		return tun_fail(ctx, -EINVAL,
				"an owner or group without has_owner or has_group");
	if (cfg->has_owner && !tun_id_in_range(cfg->owner))
		return tun_fail(ctx, -EINVAL, "owner %lld is not a user id",
				cfg->owner);
	if (cfg->has_group && !tun_id_in_range(cfg->group))
		return tun_fail(ctx, -EINVAL, "group %lld is not a group id",
				cfg->group);
	return 0;
}

int tun_dev_create(struct tun_ctx *ctx, const struct tun_config *cfg,
		   struct tun_dev **devp)
{
	struct tun_dev *dev;
	int ret;

	if (!ctx || !cfg || !devp)
		return -EINVAL;
	tun_detail_clear(ctx);
	if ((ret = check_config(ctx, cfg)) < 0)
		return ret;
	dev = dev_alloc();
	if (!dev)
		return -ENOMEM;
	ret = tun_os_dev_create(ctx, cfg, dev);
	if (ret < 0) {
		free(dev);
		return ret;
	}
	*devp = dev;
	return 0;
}

int tun_dev_attach(struct tun_ctx *ctx, const char *name, unsigned queues,
		   struct tun_dev **devp)
{
	struct tun_dev *dev;
	int ret;

	if (!ctx || !devp)
		return -EINVAL;
	tun_detail_clear(ctx);
	if (!queues)
		queues = 1;
	if ((ret = check_name(ctx, name, false)) < 0 ||
	    (ret = check_queues(ctx, queues)) < 0)
		return ret;
	dev = dev_alloc();
	if (!dev)
		return -ENOMEM;
	ret = tun_os_dev_attach(ctx, name, queues, dev);
	if (ret < 0) {
		free(dev);
		return ret;
	}
	*devp = dev;
	return 0;
}

int tun_dev_from_fd(struct tun_ctx *ctx, int fd, struct tun_dev **devp)
{
	struct tun_dev *dev;
	int ret;

	if (!ctx || !devp)
		return -EINVAL;
	tun_detail_clear(ctx);
	if (fd < 0)
		return tun_fail(ctx, -EBADF, "no descriptor");
	dev = dev_alloc();
	if (!dev)
		return -ENOMEM;
	ret = tun_os_dev_from_fd(ctx, fd, dev);
	if (ret < 0) {
		free(dev);
		return ret;
	}
	*devp = dev;
	return 0;
}

void tun_dev_close(struct tun_dev *dev)
{
	if (!dev)
		return;
	tun_os_dev_close(dev);
	free(dev);
}

int tun_dev_suspend(struct tun_dev *dev)
{
	if (!dev)
		return -EINVAL;
	return tun_os_dev_suspend(dev);
}

int tun_dev_set_persist(struct tun_ctx *ctx, struct tun_dev *dev,
			bool persist)
{
	if (!ctx || !dev)
		return -EINVAL;
	tun_detail_clear(ctx);
	return tun_os_dev_set_persist(ctx, dev, persist);
}

const char *tun_dev_name(const struct tun_dev *dev)
{
	return dev ? dev->name : "";
}

enum tun_mode tun_dev_mode(const struct tun_dev *dev)
{
	return dev ? dev->mode : TUN_MODE_TUN;
}

unsigned tun_dev_queues(const struct tun_dev *dev)
{
	return dev ? dev->nqueues : 0;
}

int tun_dev_fd(const struct tun_dev *dev, unsigned queue)
{
	return dev && queue < dev->nqueues ? dev->fds[queue] : -1;
}

/* Windows backends keep the value of an event handle in fds[] (see
 * lib/os/windows.h); it is turned back into the handle it is here. */
tun_handle tun_dev_wait_handle(const struct tun_dev *dev, unsigned queue)
{
	int fd = tun_dev_fd(dev, queue);

#ifdef _WIN32
	return fd == -1 ? NULL : (tun_handle)(intptr_t)fd;
#else
	return fd;
#endif
}

int tun_dev_set_passthrough(struct tun_dev *dev, bool on)
{
	/* Linux's packet information takes 4 bytes; a virtio header of
	 * another size than the public one was set by some other program. */
	unsigned pi = dev && dev->flags & TUN_FLAG_PI ? 4 : 0;

	if (!dev || !(dev->flags & TUN_FLAG_VNET_HDR))
		return -EINVAL;
	if (on && dev->hdrlen != pi + TUN_VNET_HDR_LEN)
		return -EPROTO;
	dev->passthrough = on;
	return 0;
}

static int dev_info(struct tun_ctx *ctx, const struct tun_dev *dev,
		    struct tun_info *info)
{
	int ret;

	if (!ctx || !dev || !dev->nqueues)
		return -EINVAL;
	tun_detail_clear(ctx);
	memset(info, 0, sizeof(*info));
	ret = tun_os_dev_info(ctx, dev, info);
	if (ret == TUN_OS_STEPWISE)
		ret = tun_os_info_get(ctx, dev->name, info);
	return ret;
}

int tun_dev_ifindex(struct tun_ctx *ctx, const struct tun_dev *dev,
		    unsigned *index)
{
	struct tun_info info;
	int ret = index ? dev_info(ctx, dev, &info) : -EINVAL;

	if (ret == 0)
		*index = info.index;
	return ret;
}

int tun_dev_mtu(struct tun_ctx *ctx, const struct tun_dev *dev, unsigned *mtu)
{
	struct tun_info info;
	int ret = mtu ? dev_info(ctx, dev, &info) : -EINVAL;

	if (ret == 0)
		*mtu = info.mtu;
	return ret;
}

int tun_dev_read(struct tun_dev *dev, unsigned queue, void *buf, size_t len)
{
	if (!dev || queue >= dev->nqueues || !buf || !len)
		return -EINVAL;
	return tun_os_dev_read(dev, queue, buf, len);
}

int tun_dev_write(struct tun_dev *dev, unsigned queue, const void *buf,
		  size_t len)
{
	if (!dev || queue >= dev->nqueues || !buf || !len)
		return -EINVAL;
	return tun_os_dev_write(dev, queue, buf, len);
}

/* The read errors that lose one packet and leave the device as it was. */
static bool lost_one(int err)
{
	return err == -EMSGSIZE || err == -EPROTO || err == -EPROTONOSUPPORT;
}

int tun_dev_read_many(struct tun_dev *dev, unsigned queue,
		      struct tun_rbuf *bufs, size_t count, size_t headroom)
{
	size_t n;

	if (!dev || queue >= dev->nqueues || !bufs || !count || count > INT_MAX)
		return -EINVAL;
	for (n = 0; n < count; n++) {
		if (!bufs[n].data || bufs[n].size <= headroom)
			return -EINVAL;
	}
	for (n = 0; n < count; n++) {
		struct tun_rbuf *b = &bufs[n];
		int ret;

		if (n && !tun_os_dev_ready(dev, queue))
			break;
		ret = tun_os_dev_read(dev, queue, (uint8_t *)b->data + headroom,
				      b->size - headroom);
		if (ret < 0 && !lost_one(ret))
			return n ? (int)n : ret;
		b->ret = ret;
	}
	return (int)n;
}

static int write_each(struct tun_dev *dev, unsigned queue,
		      const struct tun_buf *pkts, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		int ret = tun_os_dev_write(dev, queue, pkts[i].data,
					   pkts[i].len);

		if (ret < 0)
			return i ? (int)i : ret;
	}
	return (int)count;
}

int tun_dev_write_many(struct tun_dev *dev, unsigned queue,
		       const struct tun_buf *pkts, size_t count)
{
	int ret;

	if (!dev || queue >= dev->nqueues || !pkts || !count ||
	    count > INT_MAX)
		return -EINVAL;
	ret = tun_os_dev_write_many(dev, queue, pkts, count);
	return ret == TUN_OS_STEPWISE ? write_each(dev, queue, pkts, count)
				      : ret;
}

int tun_dev_offload_stats(const struct tun_dev *dev, unsigned queue,
			  struct tun_offload_stats *stats)
{
	if (!stats)
		return -EINVAL;
	memset(stats, 0, sizeof(*stats));
	if (!dev || queue >= dev->nqueues)
		return -EINVAL;
	return tun_os_dev_offload_stats(dev, queue, stats);
}

int tun_dev_destroy(struct tun_ctx *ctx, const char *name)
{
	int ret;

	if (!ctx)
		return -EINVAL;
	tun_detail_clear(ctx);
	if ((ret = check_name(ctx, name, false)) < 0)
		return ret;
	return tun_os_destroy(ctx, name);
}

static int destroy_each(struct tun_ctx *ctx, const char *const *names,
			size_t count, size_t *done)
{
	for (*done = 0; *done < count; (*done)++) {
		int ret = tun_os_destroy(ctx, names[*done]);

		if (ret < 0)
			return ret;
	}
	return 0;
}

int tun_dev_destroy_many(struct tun_ctx *ctx, const char *const *names,
		     size_t count, size_t *done)
{
	int ret;

	if (!ctx || !done || (!names && count))
		return -EINVAL;
	tun_detail_clear(ctx);
	*done = 0;
	for (size_t i = 0; i < count; i++) {
		ret = check_name(ctx, names[i], false);
		if (ret < 0) {
			/* Those before it are still removed, as promised. */
			ret = destroy_each(ctx, names, i, done);
			if (ret < 0)
				return ret;
			*done = i;
			return check_name(ctx, names[i], false);
		}
	}
	ret = tun_os_destroy_many(ctx, names, count, done);
	return ret == TUN_OS_STEPWISE ? destroy_each(ctx, names, count, done)
				      : ret;
}

int tun_dev_list(struct tun_ctx *ctx, struct tun_info **infos, size_t *count)
{
	if (!ctx || !infos || !count)
		return -EINVAL;
	tun_detail_clear(ctx);
	*infos = NULL;
	*count = 0;
	return tun_os_list(ctx, infos, count);
}

int tun_dev_info_get(struct tun_ctx *ctx, const char *name, struct tun_info *info)
{
	int ret;

	if (!ctx || !info)
		return -EINVAL;
	tun_detail_clear(ctx);
	if ((ret = check_name(ctx, name, false)) < 0)
		return ret;
	memset(info, 0, sizeof(*info));
	return tun_os_info_get(ctx, name, info);
}

int tun_netns_enter(const char *name)
{
	if (!name || !name[0] || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, "..") || strlen(name) > TUN_NETNS_NAME_MAX)
		return -EINVAL;
	return tun_os_netns_enter(name);
}

int tun_privileges_drop(long long uid, long long gid)
{
	if ((uid != -1 && !tun_id_in_range(uid)) || (gid != -1 && !tun_id_in_range(gid)))
		return -EINVAL;
	return tun_os_drop_privileges(uid, gid);
}

int tun_privileges_keep(unsigned keep)
{
	return tun_os_privileges_keep(keep);
}
