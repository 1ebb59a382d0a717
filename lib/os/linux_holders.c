// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/if_tun.h>

#include "linux_netlink.h"
#include "os.h"

/*
 * Who holds a device: every process's descriptors of /dev/net/tun, whose
 * /proc/PID/fdinfo/FD names the device ("iff:"). A name is only unique
 * within a network namespace, so each descriptor's device must be in ours:
 * asked exactly with a copy of the descriptor (pidfd_getfd) and
 * TUNGETDEVNETNS, else judged by the process's own namespace.
 */

#define TUN_CLONE "/dev/net/tun"

struct ns_id {
	dev_t dev;
	ino_t ino;
};

static bool ns_of_fd(int fd, struct ns_id *id)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return false;
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	return true;
}

static bool ns_of_path(const char *path, struct ns_id *id)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return false;
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	return true;
}

/* The network namespace of the device behind descriptor @fd of @pid. */
static bool device_ns(long pid, int fd, struct ns_id *id)
{
	int pidfd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
	int copy = -1, ns = -1;
	bool ok = false;
	char path[64];

	if (pidfd >= 0)
		copy = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	if (copy >= 0)
		ns = ioctl(copy, TUNGETDEVNETNS);
	if (ns >= 0) {
		ok = ns_of_fd(ns, id);
		close(ns);
	}
	if (copy >= 0)
		close(copy);
	if (pidfd >= 0)
		close(pidfd);
	if (ok)
		return true;
	snprintf(path, sizeof(path), "/proc/%ld/ns/net", pid);
	return ns_of_path(path, id);
}

/* The "iff:" of a descriptor's fdinfo: the device it is attached to. */
static bool fd_device(long pid, int fd, char *name, size_t len)
{
	char path[64], line[128];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/fdinfo/%d", pid, fd);
	if (!(f = fopen(path, "re")))
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "iff:", 4))
			continue;
		line[strcspn(line, "\n")] = '\0';
		tun_strlcpy(name, line + 4 + strspn(line + 4, " \t"), len);
		found = name[0] != '\0';
	}
	fclose(f);
	return found;
}

static void read_comm(long pid, char *comm, size_t len)
{
	char path[64];
	FILE *f;

	comm[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%ld/comm", pid);
	if ((f = fopen(path, "re"))) {
		if (fgets(comm, (int)len, f))
			comm[strcspn(comm, "\n")] = '\0';
		fclose(f);
	}
}

static bool is_clone_device(int dirfd, const char *fd)
{
	char target[sizeof(TUN_CLONE) + 1];
	ssize_t n = readlinkat(dirfd, fd, target, sizeof(target) - 1);

	if (n != (ssize_t)strlen(TUN_CLONE))
		return false;
	target[n] = '\0';
	return !strcmp(target, TUN_CLONE);
}

static int scan_process(long pid, const char *ifname, const struct ns_id *ours,
			struct tun_vec *v)
{
	struct dirent *d;
	char path[64];
	DIR *dir;
	int ret = 0;

	snprintf(path, sizeof(path), "/proc/%ld/fd", pid);
	if (!(dir = opendir(path)))
		return 0; /* gone, or not ours to see */
	while (ret == 0 && (d = readdir(dir))) {
		struct tun_holder h = { .pid = pid }, *slot;
		struct ns_id ns;

		if (d->d_name[0] == '.' || !is_clone_device(dirfd(dir), d->d_name))
			continue;
		h.fd = atoi(d->d_name);
		if (!fd_device(pid, h.fd, h.ifname, sizeof(h.ifname)) ||
		    (ifname && strcmp(h.ifname, ifname)))
			continue;
		if (!device_ns(pid, h.fd, &ns) || ns.dev != ours->dev ||
		    ns.ino != ours->ino)
			continue;
		read_comm(pid, h.comm, sizeof(h.comm));
		if (!(slot = tun_vec_push(v)))
			ret = -ENOMEM;
		else
			*slot = h;
	}
	closedir(dir);
	return ret;
}

int linux_fail_busy(struct tun_ctx *ctx, const char *name, const char *why)
{
	struct tun_holder *h;
	size_t n, others = 0;
	int ret;

	if (tun_os_holders(ctx, name, &h, &n) < 0 || n == 0) {
		free(n ? h : NULL);
		return tun_fail(ctx, -EBUSY, "%s", why);
	}
	for (size_t i = 1; i < n; i++)
		others += h[i].pid != h[0].pid;
	if (others)
		ret = tun_fail(ctx, -EBUSY, "%s is held by pid %lld (%s) and %zu more",
			       name, h[0].pid, h[0].comm, others);
	else
		ret = tun_fail(ctx, -EBUSY, "%s is held by pid %lld (%s)", name,
			       h[0].pid, h[0].comm);
	free(h);
	return ret;
}

int tun_os_holders(struct tun_ctx *ctx, const char *ifname,
		   struct tun_holder **holders, size_t *count)
{
	struct tun_vec v = { .size = sizeof(struct tun_holder) };
	struct ns_id ours;
	struct dirent *d;
	DIR *proc;
	int ret = 0;

	if (!ns_of_path("/proc/self/ns/net", &ours))
		return tun_fail(ctx, -errno, "cannot read /proc/self/ns/net");
	if (!(proc = opendir("/proc")))
		return tun_fail(ctx, -errno, "cannot read /proc");
	while (ret == 0 && (d = readdir(proc))) {
		char *end;
		long pid = strtol(d->d_name, &end, 10);

		if (*end || pid <= 0)
			continue;
		ret = scan_process(pid, ifname, &ours, &v);
	}
	closedir(proc);
	if (ret < 0) {
		free(v.items);
		return ret;
	}
	*holders = v.items;
	*count = v.count;
	return 0;
}

/* ---- changing a device in place ------------------------------------------ */

/* Owner and group are set through a descriptor of the device, which only a
 * persistent device that nobody holds lends: attaching beside a holder
 * would make us one more reader of its traffic. */
static int change_owner(struct tun_ctx *ctx, const struct tun_info *info,
			const struct tun_link_change *ch)
{
	struct tun_holder *h;
	size_t n;
	int ret;

	if (!(info->flags & TUN_FLAG_PERSIST))
		return linux_fail_busy(ctx, info->name,
				       "not persistent: its owner and group are its creator's");
	if ((ret = tun_os_holders(ctx, info->name, &h, &n)) < 0)
		return ret;
	free(h);
	if (n)
		return linux_fail_busy(ctx, info->name, "held by another program");
	return linux_set_owner(ctx, info, ch->set_owner ? ch->owner : -1,
			       ch->set_group ? ch->group : -1);
}

static int open_netns(struct tun_ctx *ctx, const char *name)
{
	char path[256];
	int fd;

	if (snprintf(path, sizeof(path), "/run/netns/%s", name) >=
	    (int)sizeof(path))
		return tun_fail(ctx, -ENAMETOOLONG, "%s: name too long", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return tun_fail(ctx, -errno, "no network namespace %s", name);
	return fd;
}

int tun_os_link_change(struct tun_ctx *ctx, const char *ifname,
		       const struct tun_link_change *ch)
{
	char buf[NL_REQUEST_MAX];
	struct tun_info info;
	int ret = tun_os_info_get(ctx, ifname, &info), nsfd;

	if (ret < 0)
		return ret;
	if (ch->set_mac && info.mode != TUN_MODE_TAP)
		return tun_fail(ctx, -EOPNOTSUPP, "a TUN device has no MAC address");
	if (ch->name && (info.flags & TUN_FLAG_UP))
		return tun_fail(ctx, -EBUSY,
				"%s is up: renaming needs it down (tunctl down %s)",
				ifname, ifname);
	if ((ch->set_owner || ch->set_group) &&
	    (ret = change_owner(ctx, &info, ch)) < 0)
		return ret;
	if (ch->name || ch->set_txqueuelen || ch->set_mac) {
		ret = nl_transact(ctx, nl_build_link_change(buf, info.index, ch, -1),
				  NULL, NULL);
		if (ret < 0)
			return ret;
	}
	if (!ch->netns)
		return 0;
	if ((nsfd = open_netns(ctx, ch->netns)) < 0)
		return nsfd;
	ret = nl_transact(ctx, nl_build_link_change(buf, info.index, ch, nsfd),
			  NULL, NULL);
	close(nsfd);
	return ret;
}
