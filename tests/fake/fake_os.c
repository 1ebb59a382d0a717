// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fake_os.h"

struct fake_system fake;

void fake_reset(void)
{
	for (size_t i = 0; i < FAKE_DEVS; i++) {
		for (size_t q = 0; q < TUN_QUEUES_MAX; q++) {
			if (fake.devs[i].used && fake.devs[i].peer[q] > 0)
				close(fake.devs[i].peer[q]);
		}
	}
	memset(&fake, 0, sizeof(fake));
}

void fake_fail(enum fake_op op, int err, unsigned after)
{
	fake.fail_err[op] = err;
	fake.fail_after[op] = after;
}

/* Counts a call of @op; its injected failure, or 0. */
static int call(enum fake_op op)
{
	fake.calls[op]++;
	if (!fake.fail_err[op])
		return 0;
	if (fake.fail_after[op]) {
		fake.fail_after[op]--;
		return 0;
	}
	return fake.fail_err[op];
}

static void logstep(const char *step)
{
	size_t n = strlen(fake.log);

	snprintf(fake.log + n, sizeof(fake.log) - n, "%s ", step);
}

struct fake_dev *fake_find(const char *name)
{
	for (size_t i = 0; i < FAKE_DEVS; i++) {
		if (fake.devs[i].used && !strcmp(fake.devs[i].name, name))
			return &fake.devs[i];
	}
	return NULL;
}

static int no_device(struct tun_ctx *ctx, const char *name)
{
	return tun_fail(ctx, -ENODEV, "%s: no such device", name);
}

static int open_queues(struct fake_dev *d, struct tun_dev *dev,
		       unsigned queues)
{
	for (unsigned q = 0; q < queues; q++) {
		int sv[2];

		if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) < 0)
			return -errno;
		dev->fds[q] = sv[0];
		d->peer[q] = sv[1];
		dev->nqueues++;
	}
	tun_strlcpy(dev->name, d->name, sizeof(dev->name));
	dev->mode = d->mode;
	dev->flags = d->flags;
	return 0;
}

void tun_os_ctx_free(struct tun_os_ctx *os)
{
	(void)os;
}

int tun_os_netns_enter(const char *name)
{
	(void)name;
	return -EOPNOTSUPP;
}

int tun_os_dev_create(struct tun_ctx *ctx, const struct tun_config *cfg,
		      struct tun_dev *dev)
{
	struct fake_dev *d = NULL;
	int ret = call(FAKE_CREATE);

	if (ret < 0)
		return tun_fail(ctx, ret, "injected");
	if (cfg->name && cfg->name[0] && fake_find(cfg->name))
		return tun_fail(ctx, -EEXIST, "%s exists", cfg->name);
	for (size_t i = 0; i < FAKE_DEVS && !d; i++) {
		if (!fake.devs[i].used)
			d = &fake.devs[i];
	}
	if (!d)
		return -ENOSPC;
	*d = (struct fake_dev){ .used = true, .mode = cfg->mode,
				.flags = cfg->flags, .mtu = 1500,
				.owner = cfg->has_owner ? cfg->owner : -1,
				.group = cfg->has_group ? cfg->group : -1 };
	if (cfg->name && cfg->name[0] && !strchr(cfg->name, '%'))
		tun_strlcpy(d->name, cfg->name, sizeof(d->name));
	else
		snprintf(d->name, sizeof(d->name), "tun%d", (int)(d - fake.devs));
	ret = open_queues(d, dev, cfg->queues ? cfg->queues : 1);
	if (ret < 0) {
		tun_os_dev_close(dev);
		d->used = false;
	}
	return ret;
}

int tun_os_dev_attach(struct tun_ctx *ctx, const char *name, unsigned queues,
		      struct tun_dev *dev)
{
	struct fake_dev *d = fake_find(name);
	int ret = call(FAKE_ATTACH);

	if (ret < 0)
		return tun_fail(ctx, ret, "injected");
	if (!d)
		return no_device(ctx, name);
	return open_queues(d, dev, queues);
}

int tun_os_dev_from_fd(struct tun_ctx *ctx, int fd, struct tun_dev *dev)
{
	(void)dev;
	return tun_fail(ctx, -ENOTTY, "descriptor %d is not a device", fd);
}

void tun_os_dev_close(struct tun_dev *dev)
{
	for (unsigned q = 0; q < dev->nqueues; q++) {
		if (dev->fds[q] >= 0)
			close(dev->fds[q]);
	}
}

int tun_os_dev_set_persist(struct tun_ctx *ctx, struct tun_dev *dev,
			   bool persist)
{
	(void)ctx;
	(void)dev;
	(void)persist;
	return 0;
}

int tun_os_dev_read(struct tun_dev *dev, unsigned queue, void *buf,
		    size_t len)
{
	ssize_t n = recv(dev->fds[queue], buf, len, MSG_DONTWAIT | MSG_TRUNC);

	if (n < 0)
		return -errno;
	return (size_t)n > len ? -EMSGSIZE : (int)n;
}

int tun_os_dev_write(struct tun_dev *dev, unsigned queue, const void *buf,
		     size_t len)
{
	int ret = call(FAKE_WRITE);

	if (ret < 0)
		return ret;
	return send(dev->fds[queue], buf, len, 0) < 0 ? -errno : (int)len;
}

int tun_os_dev_write_many(struct tun_dev *dev, unsigned queue,
			  const struct tun_buf *pkts, size_t count)
{
	int ret = call(FAKE_WRITE_MANY);

	if (ret < 0 || !fake.batch)
		return ret < 0 ? ret : TUN_OS_STEPWISE;
	/* "in one go": the packets joined into one message */
	size_t len = 0;
	char joined[4096];

	for (size_t i = 0; i < count && len < sizeof(joined); i++) {
		size_t n = pkts[i].len < sizeof(joined) - len ?
				   pkts[i].len : sizeof(joined) - len;

		memcpy(joined + len, pkts[i].data, n);
		len += n;
	}
	if (send(dev->fds[queue], joined, len, 0) < 0)
		return -errno;
	return (int)count;
}

int tun_os_dev_offload_stats(const struct tun_dev *dev, unsigned queue,
			     struct tun_offload_stats *stats)
{
	(void)dev;
	(void)queue;
	(void)stats;
	return 0;
}

/* Only what the descriptor has: nothing is held here. */
bool tun_os_dev_ready(const struct tun_dev *dev, unsigned queue)
{
	struct pollfd p = { .fd = dev->fds[queue], .events = POLLIN };

	return poll(&p, 1, 0) > 0;
}

int tun_os_dev_info(struct tun_ctx *ctx, const struct tun_dev *dev,
		    struct tun_info *info)
{
	(void)ctx;
	(void)dev;
	(void)info;
	return TUN_OS_STEPWISE;
}

int tun_os_dev_suspend(struct tun_dev *dev)
{
	(void)dev;
	return 0;
}

int tun_os_destroy(struct tun_ctx *ctx, const char *name)
{
	struct fake_dev *d = fake_find(name);
	int ret = call(FAKE_DESTROY);

	if (ret < 0)
		return tun_fail(ctx, ret, "injected");
	if (!d)
		return no_device(ctx, name);
	for (size_t q = 0; q < TUN_QUEUES_MAX; q++) {
		if (d->peer[q] > 0)
			close(d->peer[q]);
	}
	memset(d, 0, sizeof(*d));
	return 0;
}

int tun_os_destroy_many(struct tun_ctx *ctx, const char *const *names,
			size_t count, size_t *done)
{
	int ret = call(FAKE_DESTROY_MANY);

	(void)ctx;
	(void)names;
	(void)count;
	(void)done;
	return ret < 0 ? ret : TUN_OS_STEPWISE;
}

static void fill_info(const struct fake_dev *d, struct tun_info *info)
{
	tun_strlcpy(info->name, d->name, sizeof(info->name));
	info->index = (unsigned)(d - fake.devs) + 1;
	info->mode = d->mode;
	info->flags = d->flags | (d->up ? TUN_FLAG_UP : 0);
	info->mtu = d->mtu;
	info->owner = d->owner;
	info->group = d->group;
}

int tun_os_list(struct tun_ctx *ctx, struct tun_info **infos, size_t *count)
{
	struct tun_vec v = { .size = sizeof(**infos) };

	(void)ctx;
	for (size_t i = 0; i < FAKE_DEVS; i++) {
		struct tun_info *info;

		if (!fake.devs[i].used)
			continue;
		info = tun_vec_push(&v);
		if (!info) {
			free(v.items);
			return -ENOMEM;
		}
		fill_info(&fake.devs[i], info);
	}
	*infos = v.items;
	*count = v.count;
	return 0;
}

int tun_os_info_get(struct tun_ctx *ctx, const char *name,
		    struct tun_info *info)
{
	struct fake_dev *d = fake_find(name);

	if (!d)
		return no_device(ctx, name);
	fill_info(d, info);
	return 0;
}

int tun_os_addr_add(struct tun_ctx *ctx, const char *ifname,
		    const struct tun_prefix *local, const struct tun_ip *peer)
{
	struct fake_dev *d = fake_find(ifname);
	int ret = call(FAKE_ADDR_ADD);
	struct tun_addr *a;

	if (ret < 0)
		return tun_fail(ctx, ret, "injected");
	if (!d)
		return no_device(ctx, ifname);
	if (d->naddrs == FAKE_ADDRS)
		return -ENOSPC;
	for (size_t i = 0; i < d->naddrs; i++) {
		if (tun_ip_equal(&d->addrs[i].local.ip, &local->ip))
			return -EEXIST;
	}
	a = &d->addrs[d->naddrs++];
	*a = (struct tun_addr){ .local = *local };
	tun_strlcpy(a->ifname, ifname, sizeof(a->ifname));
	if (peer)
		a->peer = *peer;
	logstep("addr");
	return 0;
}

int tun_os_addr_del(struct tun_ctx *ctx, const char *ifname,
		    const struct tun_addr *addr, const struct tun_addr *all,
		    size_t count)
{
	struct fake_dev *d = fake_find(ifname);
	int ret = call(FAKE_ADDR_DEL);

	(void)all;
	(void)count;
	if (ret < 0)
		return tun_fail(ctx, ret, "injected");
	for (size_t i = 0; d && i < d->naddrs; i++) {
		if (tun_ip_equal(&d->addrs[i].local.ip, &addr->local.ip)) {
			d->addrs[i] = d->addrs[--d->naddrs];
			return 0;
		}
	}
	return -EADDRNOTAVAIL;
}

int tun_os_addr_list(struct tun_ctx *ctx, const char *ifname,
		     struct tun_addr **addrs, size_t *count)
{
	struct fake_dev *d = fake_find(ifname);

	if (!d)
		return no_device(ctx, ifname);
	*addrs = calloc(d->naddrs + 1, sizeof(**addrs));
	if (!*addrs)
		return -ENOMEM;
	memcpy(*addrs, d->addrs, d->naddrs * sizeof(**addrs));
	*count = d->naddrs;
	return 0;
}

int tun_os_route_add(struct tun_ctx *ctx, const char *ifname,
		     const struct tun_route *route)
{
	struct fake_dev *d = fake_find(ifname);
	int ret = call(FAKE_ROUTE_ADD);

	if (ret < 0)
		return tun_fail(ctx, ret, "injected");
	if (!d)
		return no_device(ctx, ifname);
	if (!d->up)
		return tun_fail(ctx, -ENETDOWN, "%s is down", ifname);
	if (d->nroutes == FAKE_ADDRS)
		return -ENOSPC;
	d->routes[d->nroutes++] = *route;
	logstep("route");
	return 0;
}

int tun_os_route_del(struct tun_ctx *ctx, const char *ifname,
		     const struct tun_route *route)
{
	(void)ctx;
	(void)ifname;
	(void)route;
	return -ESRCH;
}

int tun_os_route_list(struct tun_ctx *ctx, const char *ifname,
		      struct tun_route **routes, size_t *count)
{
	(void)ctx;
	(void)ifname;
	*routes = NULL;
	*count = 0;
	return 0;
}

int tun_os_setup(struct tun_ctx *ctx, const char *ifname,
		 const struct tun_setup *setup,
		 struct tun_setup_failure *failure)
{
	int ret = call(FAKE_SETUP);

	(void)ifname;
	(void)setup;
	(void)failure;
	if (ret < 0)
		return tun_fail(ctx, ret, "injected");
	if (!fake.batch)
		return TUN_OS_STEPWISE;
	logstep("batch");
	return 0;
}

int tun_os_mtu_get(struct tun_ctx *ctx, const char *ifname, unsigned *mtu)
{
	struct fake_dev *d = fake_find(ifname);

	if (!d)
		return no_device(ctx, ifname);
	*mtu = d->mtu;
	return 0;
}

int tun_os_mtu_set(struct tun_ctx *ctx, const char *ifname, unsigned mtu)
{
	struct fake_dev *d = fake_find(ifname);
	int ret = call(FAKE_MTU_SET);

	if (ret < 0)
		return tun_fail(ctx, ret, "injected");
	if (!d)
		return no_device(ctx, ifname);
	d->mtu = mtu;
	logstep("mtu");
	return 0;
}

int tun_os_link_set_up(struct tun_ctx *ctx, const char *ifname, bool up)
{
	struct fake_dev *d = fake_find(ifname);
	int ret = call(FAKE_LINK_UP);

	if (ret < 0)
		return tun_fail(ctx, ret, "injected");
	if (!d)
		return no_device(ctx, ifname);
	d->up = up;
	logstep(up ? "up" : "down");
	return 0;
}

int tun_os_dns_set(struct tun_ctx *ctx, const char *ifname,
		   const struct tun_ip *servers, size_t count)
{
	(void)servers;
	(void)count;
	return fake_find(ifname) ? 0 : no_device(ctx, ifname);
}

int tun_os_drop_privileges(long long uid, long long gid)
{
	(void)uid;
	(void)gid;
	return 0;
}

int tun_os_privileges_keep(unsigned keep)
{
	(void)keep;
	return 0;
}
