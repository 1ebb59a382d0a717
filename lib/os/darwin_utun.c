// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/kern_control.h>
#include <sys/socket.h>
#include <sys/sys_domain.h>

#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <unistd.h>

#if __has_include(<net/if_utun.h>)
#include <net/if_utun.h> /* macOS; the iOS SDK lacks it */
#endif
#ifndef UTUN_CONTROL_NAME
#define UTUN_CONTROL_NAME "com.apple.net.utun_control"
#endif
#ifndef UTUN_OPT_IFNAME
#define UTUN_OPT_IFNAME 2
#endif

#include "darwin.h"

/*
 * macOS TUN: utun, a kernel control (xnu bsd/net/if_utun.c). Connecting a
 * PF_SYSTEM socket to "com.apple.net.utun_control" creates utunN; closing
 * its last descriptor destroys it, so a utun cannot outlive its creator.
 * Each packet on the socket carries the 4-byte family header.
 */

_Static_assert(sizeof(struct sockaddr_ctl) == 32, "sockaddr_ctl");
_Static_assert(CTLIOCGINFO == 0xC0644E03, "CTLIOCGINFO");

int utun_no_persist(struct tun_ctx *ctx)
{
	return tun_fail(ctx, -EOPNOTSUPP,
			"a utun exists only while the process that created it "
			"holds it: run the program that uses it with `tunctl "
			"create ... -- COMMAND`");
}

/* The kernel's id for the utun control, asked through socket @fd. */
static int utun_ctl_id(int fd, uint32_t *id)
{
	struct ctl_info info;

	memset(&info, 0, sizeof(info));
	tun_strlcpy(info.ctl_name, UTUN_CONTROL_NAME, sizeof(info.ctl_name));
	if (ioctl(fd, CTLIOCGINFO, &info) < 0)
		return -errno;
	*id = info.ctl_id;
	return 0;
}

/* Connect a new control socket: unit 0 lets the kernel choose, N + 1 asks
 * for utunN (if_utun.c names it "utun%d" with unit - 1). */
static int utun_connect(struct tun_ctx *ctx, uint32_t sc_unit, int *fdp)
{
	struct sockaddr_ctl sc;
	uint32_t id;
	int err, fd = bsd_socket(PF_SYSTEM, SOCK_DGRAM, SYSPROTO_CONTROL);

	if (fd < 0)
		return bsd_fail(ctx, -errno, "cannot open a kernel-control socket",
				NULL);
	err = utun_ctl_id(fd, &id);
	if (err < 0) {
		close(fd);
		return tun_fail(ctx, err, "the kernel has no utun control");
	}
	memset(&sc, 0, sizeof(sc));
	sc.sc_len = sizeof(sc);
	sc.sc_family = AF_SYSTEM;
	sc.ss_sysaddr = AF_SYS_CONTROL;
	sc.sc_id = id;
	sc.sc_unit = sc_unit;
	if (connect(fd, (struct sockaddr *)&sc, sizeof(sc)) < 0) {
		err = -errno;
		close(fd);
		if (err == -EBUSY)
			return tun_fail(ctx, -EEXIST, "utun%u exists",
					(unsigned)(sc_unit - 1));
		return bsd_fail(ctx, err, "cannot create a utun", NULL);
	}
	*fdp = fd;
	return 0;
}

/* The interface name of a connected utun socket; -ENOPROTOOPT (or
 * ENOTSOCK, EINVAL) when @fd is no utun. */
static int utun_ifname(int fd, char name[TUN_NAME_MAX])
{
	socklen_t len = TUN_NAME_MAX;

	memset(name, 0, TUN_NAME_MAX);
	if (getsockopt(fd, SYSPROTO_CONTROL, UTUN_OPT_IFNAME, name, &len) < 0)
		return -errno;
	name[TUN_NAME_MAX - 1] = '\0';
	return name[0] ? 0 : -ENOPROTOOPT;
}

static void utun_fill(struct tun_dev *dev, int fd)
{
	dev->mode = TUN_MODE_TUN;
	dev->hdrlen = FAM_HDR_LEN;
	dev->fds[0] = fd;
	dev->nqueues = 1;
}

int utun_create(struct tun_ctx *ctx, const struct tun_config *cfg,
		struct tun_dev *dev)
{
	unsigned unit = 0;
	int fd, ret;

	if (cfg->flags & TUN_FLAG_PERSIST)
		return utun_no_persist(ctx);
	if ((ret = bsd_check_config(ctx, cfg, 0, "utun")) < 0)
		return ret;
	ret = name_unit(cfg->name, "utun", UTUN_UNIT_LIMIT, &unit);
	if (ret < 0)
		return tun_fail(ctx, -EINVAL,
				"on macOS a TUN device is utunN or utun%%d: "
				"the kernel names it");
	ret = utun_connect(ctx, ret == 1 ? unit + 1 : 0, &fd);
	if (ret < 0)
		return ret;
	ret = utun_ifname(fd, dev->name);
	if (ret < 0) {
		close(fd);
		return tun_fail(ctx, ret, "cannot read the new utun's name");
	}
	utun_fill(dev, fd);
	return 0;
}

int utun_adopt(struct tun_ctx *ctx, int fd, struct tun_dev *dev)
{
	int ret = utun_ifname(fd, dev->name);

	(void)ctx;
	if (ret < 0)
		return 0;
	utun_fill(dev, fd);
	return 1;
}

int utun_read(struct tun_dev *dev, unsigned queue, void *buf, size_t len)
{
	return bsd_fam_read(dev->fds[queue], buf, len);
}

int utun_write(struct tun_dev *dev, unsigned queue, const void *buf,
	       size_t len)
{
	return bsd_fam_write(dev->fds[queue], buf, len);
}

/* ---- iOS: the packet-tunnel provider's descriptor ----------------------- */

/*
 * NEPacketTunnelProvider hides its utun socket behind packetFlow; the
 * socket is still one of the process's descriptors. It is the one whose
 * peer is the utun kernel control: getpeername() gives a sockaddr_ctl, and
 * CTLIOCGINFO on that same socket gives the control's id to compare (the
 * sandbox may forbid opening a PF_SYSTEM socket of our own).
 */
int tun_utun_find_fd(void)
{
	uint32_t id = 0;

	for (int fd = 0; fd < 1024; fd++) {
		struct sockaddr_ctl sc;
		socklen_t len = sizeof(sc);

		memset(&sc, 0, sizeof(sc));
		if (getpeername(fd, (struct sockaddr *)&sc, &len) < 0 ||
		    sc.sc_family != AF_SYSTEM || sc.ss_sysaddr != AF_SYS_CONTROL)
			continue;
		if (id == 0 && utun_ctl_id(fd, &id) < 0)
			continue;
		if (sc.sc_id == id)
			return fd;
	}
	return -ENOENT;
}
