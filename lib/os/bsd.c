// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/sockio.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <net/if.h>
#include <net/if_tun.h>
#if defined(__FreeBSD__) || defined(__NetBSD__)
#include <net/if_tap.h>
#endif

#include "bsd_net.h"

/*
 * FreeBSD, OpenBSD and NetBSD tun and tap: the interface is made with
 * SIOCIFCREATE(2) and then its character device /dev/tunN or /dev/tapN is
 * opened. Made that way the interface outlives the descriptor on all three
 * (an interface that OpenBSD creates on open dies with the descriptor), so
 * a device that should not persist is destroyed when it is closed.
 *
 * tun carries the 4-byte family header: always on OpenBSD, after
 * TUNSIFHEAD(1) on FreeBSD and NetBSD (without it only IPv4 can be
 * written). tap carries bare Ethernet frames.
 */

#if !defined(__FreeBSD__) && !defined(__OpenBSD__) && !defined(__NetBSD__)
#error "bsd.c is for FreeBSD, OpenBSD and NetBSD"
#endif

#if defined(__FreeBSD__) && !defined(TUNSTRANSIENT)
/* FreeBSD 14: the interface dies with its last descriptor. */
#define TUNSTRANSIENT _IOW('t', 98, int)
#endif

#define UNIT_LIMIT 32768
#define SEARCH_UNITS 256 /* units tried where the kernel picks none */

struct tun_os_dev {
	bool transient; /* destroy the interface when closed */
	int sock;	/* for the IFF_UP check after a dropped write */
};

static const char *prefix_of(enum tun_mode mode)
{
	return mode == TUN_MODE_TAP ? "tap" : "tun";
}

/* TUN_MODE_TUN or TUN_MODE_TAP for tunN / tapN, else -1. */
static int mode_of(const char *name)
{
	unsigned unit;

	if (name_unit(name, "tun", UNIT_LIMIT, &unit) == 1)
		return TUN_MODE_TUN;
	if (name_unit(name, "tap", UNIT_LIMIT, &unit) == 1)
		return TUN_MODE_TAP;
	return -1;
}

static int not_ours(struct tun_ctx *ctx, const char *name)
{
	if (!if_nametoindex(name))
		return tun_fail(ctx, -ENODEV, "no device named %s", name);
	return tun_fail(ctx, -EOPNOTSUPP,
			"%s is not a TUN/TAP device (tunN or tapN)", name);
}

int bsd_os_classify(const char *name, unsigned ifflags, struct tun_info *info)
{
	int mode = mode_of(name);

	if (mode < 0)
		return 0;
	info->mode = (enum tun_mode)mode;
	info->flags |= TUN_FLAG_PERSIST;
	/* The driver marks the interface running while its device is open. */
	if (ifflags & IFF_RUNNING) {
		info->flags |= TUN_FLAG_CARRIER;
		info->queues = 1;
	}
	return 1;
}

/* Create @want ("tunN"), or any free unit when @want is NULL. */
static int make_interface(struct tun_ctx *ctx, enum tun_mode mode,
			  const char *want, char out[TUN_NAME_MAX])
{
#if defined(__FreeBSD__)
	/* FreeBSD picks a free unit for a bare "tun" and writes it back. */
	return bsd_clone_create(ctx, want ? want : prefix_of(mode), out);
#else
	char name[TUN_NAME_MAX];
	int ret = -EEXIST;

	if (want)
		return bsd_clone_create(ctx, want, out);
	for (unsigned u = 0; u < SEARCH_UNITS && ret == -EEXIST; u++) {
		snprintf(name, sizeof(name), "%s%u", prefix_of(mode), u);
		ret = bsd_clone_create(ctx, name, out);
	}
	if (ret == -EEXIST)
		return tun_fail(ctx, -ENOSPC, "no free %s unit below %d",
				prefix_of(mode), SEARCH_UNITS);
	return ret;
#endif
}

static int open_device(struct tun_ctx *ctx, const char *name)
{
	char path[32];
	int fd;

	snprintf(path, sizeof(path), "/dev/%s", name);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd >= 0)
		return fd;
	if (errno == EBUSY)
		return tun_fail(ctx, -EBUSY, "another program is already its reader");
	return bsd_fail(ctx, -errno, "cannot open", path);
}

/* The framing of a freshly opened device: the family header on tun. */
static int set_framing(struct tun_ctx *ctx, struct tun_dev *dev, int fd)
{
	dev->hdrlen = 0;
	if (dev->mode == TUN_MODE_TAP)
		return 0;
#ifdef TUNSIFMODE
	{
		/* Point-to-point with multicast, as ifconfig shows a tun; the
		 * kernel refuses a change while the interface is up. */
		int mode = IFF_POINTOPOINT | IFF_MULTICAST;

		ioctl(fd, TUNSIFMODE, &mode);
	}
#endif
#ifdef TUNSIFHEAD
	{
		int one = 1;

		if (ioctl(fd, TUNSIFHEAD, &one) < 0)
			return tun_fail(ctx, -errno,
					"TUNSIFHEAD refused: IPv6 would not work");
	}
#else
	(void)ctx;
	(void)fd; /* OpenBSD: the header is always there */
#endif
	dev->hdrlen = FAM_HDR_LEN;
	return 0;
}

/* Keep the interface (and, on FreeBSD, a tap's addresses) after the last
 * close, or not. */
static void apply_persist(struct tun_ctx *ctx, struct tun_dev *dev,
			  bool persist)
{
	dev->os->transient = !persist;
	dev->flags = persist ? dev->flags | TUN_FLAG_PERSIST
			     : dev->flags & ~TUN_FLAG_PERSIST;
#if defined(__FreeBSD__)
	{
		int transient = !persist;

		/* FreeBSD 14 and later; older kernels answer ENOTTY and
		 * tun_os_dev_close() destroys the interface instead. */
		ioctl(dev->fds[0], TUNSTRANSIENT, &transient);
		/* Without IFF_LINK0 a tap loses its addresses at the last
		 * close; a tun always does (if_tuntap.c tundtor). */
		if (persist && dev->mode == TUN_MODE_TAP)
			bsd_flags_change(ctx, dev->name, IFF_LINK0, 0);
	}
#else
	(void)ctx;
#endif
}

/* Fill @dev around an open descriptor of interface @name. On failure @fd
 * is left open for the caller. */
static int adopt(struct tun_ctx *ctx, struct tun_dev *dev, int fd,
		 const char *name)
{
	int ret;

	tun_strlcpy(dev->name, name, sizeof(dev->name));
	dev->mode = (enum tun_mode)mode_of(name);
	dev->os = calloc(1, sizeof(*dev->os));
	if (!dev->os)
		return -ENOMEM;
	dev->os->sock = -1;
	ret = set_framing(ctx, dev, fd);
	if (ret < 0) {
		free(dev->os);
		dev->os = NULL;
		return ret;
	}
	dev->fds[0] = fd;
	dev->nqueues = 1;
	return 0;
}

int tun_os_dev_create(struct tun_ctx *ctx, const struct tun_config *cfg,
		      struct tun_dev *dev)
{
	char name[TUN_NAME_MAX];
	const char *kind = prefix_of(cfg->mode);
	unsigned unit;
	int fd, ret = bsd_check_config(ctx, cfg, TUN_FLAG_PERSIST, kind);

	if (ret < 0)
		return ret;
	ret = name_unit(cfg->name, kind, UNIT_LIMIT, &unit);
	if (ret < 0)
		return tun_fail(ctx, -EINVAL, "a %s device is named %sN or %s%%d",
				kind, kind, kind);
	if ((ret = make_interface(ctx, cfg->mode, ret == 1 ? cfg->name : NULL,
				  name)) < 0)
		return ret;
	fd = open_device(ctx, name);
	if (fd < 0) {
		bsd_clone_destroy_quietly(name);
		return fd;
	}
	ret = adopt(ctx, dev, fd, name);
	if (ret < 0) {
		close(fd);
		bsd_clone_destroy_quietly(name);
		return ret;
	}
	apply_persist(ctx, dev, cfg->flags & TUN_FLAG_PERSIST);
	return 0;
}

int tun_os_dev_attach(struct tun_ctx *ctx, const char *name, unsigned queues,
		      struct tun_dev *dev)
{
	int fd, ret;

	if (mode_of(name) < 0 || !if_nametoindex(name))
		return not_ours(ctx, name);
	if (queues > 1)
		return tun_fail(ctx, -EOPNOTSUPP, "a BSD %s has one queue",
				prefix_of((enum tun_mode)mode_of(name)));
	fd = open_device(ctx, name);
	if (fd < 0)
		return fd;
	ret = adopt(ctx, dev, fd, name);
	if (ret < 0) {
		close(fd);
		return ret;
	}
	dev->flags = TUN_FLAG_PERSIST;
	return 0;
}

/* The interface behind a descriptor: the driver's own ioctl where there is
 * one, else the device node's name (/dev/tun0 belongs to tun0). */
static int fd_name(int fd, char name[TUN_NAME_MAX])
{
	struct stat st;
	const char *dn;

#if defined(TUNGIFNAME) || defined(TAPGIFNAME)
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
#if defined(TUNGIFNAME)
	if (ioctl(fd, TUNGIFNAME, &ifr) == 0) {
#else
	if (ioctl(fd, TAPGIFNAME, &ifr) == 0) {
#endif
		tun_strlcpy(name, ifr.ifr_name, TUN_NAME_MAX);
		return 0;
	}
#endif
	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISCHR(st.st_mode))
		return -ENOTTY;
	dn = devname(st.st_rdev, S_IFCHR);
	if (!dn)
		return -ENOTTY;
	tun_strlcpy(name, dn, TUN_NAME_MAX);
	return 0;
}

int tun_os_dev_from_fd(struct tun_ctx *ctx, int fd, struct tun_dev *dev)
{
	char name[TUN_NAME_MAX];
	int ret = fd_name(fd, name);

	if (ret < 0 || mode_of(name) < 0)
		return tun_fail(ctx, -ENOTTY,
				"descriptor %d is not a tun or tap device", fd);
	return adopt(ctx, dev, fd, name);
}

void tun_os_dev_close(struct tun_dev *dev)
{
	for (unsigned i = 0; i < dev->nqueues; i++) {
		if (dev->fds[i] >= 0)
			close(dev->fds[i]);
		dev->fds[i] = -1;
	}
	dev->nqueues = 0;
	if (!dev->os)
		return;
	if (dev->os->sock >= 0)
		close(dev->os->sock);
	if (dev->os->transient)
		bsd_clone_destroy_quietly(dev->name);
	free(dev->os);
	dev->os = NULL;
}

int tun_os_dev_set_persist(struct tun_ctx *ctx, struct tun_dev *dev,
			   bool persist)
{
	apply_persist(ctx, dev, persist);
	return 0;
}

int tun_os_dev_read(struct tun_dev *dev, unsigned queue, void *buf, size_t len)
{
	if (dev->hdrlen)
		return bsd_fam_read(dev->fds[queue], buf, len);
	return bsd_raw_read(dev->fds[queue], buf, len);
}

static bool is_down(struct tun_dev *dev)
{
	struct ifreq ifr;

	if (dev->os->sock < 0)
		dev->os->sock = bsd_socket(AF_INET, SOCK_DGRAM, 0);
	if (dev->os->sock < 0)
		return false;
	memset(&ifr, 0, sizeof(ifr));
	tun_strlcpy(ifr.ifr_name, dev->name, sizeof(ifr.ifr_name));
	return ioctl(dev->os->sock, SIOCGIFFLAGS, &ifr) == 0 &&
	       !(ifr.ifr_flags & IFF_UP);
}

/* FreeBSD drops a write to an interface that is down: write() takes
 * nothing and reports no error (if_tuntap.c tunwrite: "ignore silently").
 * Only such a write looks at IFF_UP, to say why; every packet would
 * otherwise cost a second system call. */
int tun_os_dev_write(struct tun_dev *dev, unsigned queue, const void *buf,
		     size_t len)
{
	int ret = dev->hdrlen ? bsd_fam_write(dev->fds[queue], buf, len)
			      : bsd_raw_write(dev->fds[queue], buf, len);

	if (ret == 0 && len > 0)
		return is_down(dev) ? -ENETDOWN : -EIO;
	return ret;
}

int tun_os_destroy(struct tun_ctx *ctx, const char *name)
{
	if (mode_of(name) < 0)
		return not_ours(ctx, name);
	return bsd_clone_destroy(ctx, name);
}

int tun_os_mtu_set(struct tun_ctx *ctx, const char *ifname, unsigned mtu)
{
	return bsd_mtu_set(ctx, ifname, mtu);
}
