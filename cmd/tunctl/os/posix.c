// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

/* The command line's POSIX part: users, groups, running a command. */

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
	}
	return true;
}

int cli_os_lookup_user(const char *s, long long *uid, long long *gid)
{
	struct passwd *pw = getpwnam(s);

	if (!pw && all_digits(s) && strlen(s) < 11) {
		long long v = atoll(s);

		if (v > 0xfffffffeLL)
			return -EINVAL;
		*uid = v;
		pw = getpwuid((uid_t)v);
		if (gid)
			*gid = pw ? (long long)pw->pw_gid : v;
		return 0;
	}
	if (!pw)
		return -ENOENT;
	*uid = pw->pw_uid;
	if (gid)
		*gid = pw->pw_gid;
	return 0;
}

int cli_os_lookup_group(const char *s, long long *gid)
{
	struct group *gr = getgrnam(s);

	if (!gr && all_digits(s) && strlen(s) < 11) {
		long long v = atoll(s);

		if (v > 0xfffffffeLL)
			return -EINVAL;
		*gid = v;
		return 0;
	}
	if (!gr)
		return -ENOENT;
	*gid = gr->gr_gid;
	return 0;
}

const char *cli_os_strerror(int err)
{
	return strerror(-err);
}

const char *cli_os_privilege_hint(int err)
{
#if defined(__linux__)
	/* A missing capability is EPERM; EACCES is a file's permissions,
	 * which no capability of ours should get around. */
	if (err != -EPERM)
		return NULL;
	return "needs CAP_NET_ADMIN: run as root, or give the binary the "
	       "capability with setcap cap_net_admin+ep";
#else
	if (err != -EPERM && err != -EACCES)
		return NULL;
	/* macOS and the BSDs have no capabilities to grant. */
	return "needs root: run it with sudo (or doas)";
#endif
}

/* ---- the caller: the rules of a setcap install (docs/SECURITY.md) ------- */

/* Real ids: the user who ran tunctl. A binary with file capabilities runs
 * with the same effective ids, which are the ones the kernel compares. */
bool cli_os_caller_is_root(void)
{
	return getuid() == 0;
}

bool cli_os_caller_is(long long uid)
{
	return uid == (long long)getuid();
}

#if defined(__linux__)
static bool in_group(gid_t gid)
{
	int n = getgroups(0, NULL);
	gid_t *groups = n > 0 ? calloc((size_t)n, sizeof(*groups)) : NULL;
	bool found = getgid() == gid || getegid() == gid;

	if (groups)
		n = getgroups(n, groups);
	for (int i = 0; groups && i < n && !found; i++)
		found = groups[i] == gid;
	free(groups);
	return found;
}
#endif

bool cli_os_caller_may_open(const struct tun_info *info)
{
#if defined(__linux__)
	/* tun_not_capable(): neither set, or the owner, or in the group. */
	if (info->owner < 0 && info->group < 0)
		return true;
	return (info->owner >= 0 && info->owner == (long long)getuid()) ||
	       (info->group >= 0 && in_group((gid_t)info->group));
#else
	(void)info;
	return false; /* only root opens a tun or tap here */
#endif
}

bool cli_os_open_to_all(const struct tun_info *info)
{
#if defined(__linux__)
	return info->owner < 0 && info->group < 0;
#else
	(void)info;
	return false;
#endif
}

long long cli_os_default_owner(void)
{
#if defined(__linux__)
	return (long long)getuid();
#else
	return -1;
#endif
}

int cli_os_open_std_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		int null;

		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		null = open("/dev/null", fd ? O_RDONLY : O_WRONLY);
		if (null < 0)
			return -errno;
		if (null != fd) { /* a lower one was closed too: opened above */
			close(null);
			return -EBADF;
		}
	}
	return 0;
}

const char *cli_os_other_tools(void)
{
#if defined(__linux__)
	return "for other interfaces use ip link, ip addr or ip route";
#else
	return "for other interfaces use ifconfig or route";
#endif
}

#if defined(__linux__)
/* An abstract socket name belongs to the network namespace and is given up
 * when its holder exits, even by kill -9: a lock that cannot be left
 * behind. Binding it is the lock; who waits polls. */
int cli_os_lock_name(const char *name, int *lock)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int len = snprintf(sa.sun_path + 1, sizeof(sa.sun_path) - 1,
			   "tunctl/create/%s", name);
	socklen_t salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
				      1 + (size_t)len);
	struct timespec pause = { 0, 1000000 }; /* 1 ms, then longer */
	long waited_ms = 0;
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	*lock = -1;
	if (fd < 0)
		return -errno;
	while (bind(fd, (struct sockaddr *)&sa, salen) < 0) {
		int err = errno;

		if (err == EADDRINUSE && waited_ms < CLI_LOCK_WAIT_S * 1000L) {
			nanosleep(&pause, NULL);
			waited_ms += pause.tv_nsec / 1000000;
			if (pause.tv_nsec < 16000000)
				pause.tv_nsec *= 2;
			continue;
		}
		close(fd);
		return err == EADDRINUSE ? -ETIMEDOUT : -err;
	}
	*lock = fd;
	return 0;
}
#else
int cli_os_lock_name(const char *name, int *lock)
{
	(void)name;
	*lock = -1;
	return 0;
}
#endif

void cli_os_unlock_name(int lock)
{
	if (lock >= 0)
		close(lock);
}

static const int held_signals[] = { SIGINT, SIGTERM, SIGHUP };

unsigned cli_os_hold_signals(void)
{
	sigset_t set, old;
	unsigned held = 0;

	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(held_signals) / sizeof(held_signals[0]); i++)
		sigaddset(&set, held_signals[i]);
	if (sigprocmask(SIG_BLOCK, &set, &old) < 0)
		return 0;
	for (size_t i = 0; i < sizeof(held_signals) / sizeof(held_signals[0]); i++) {
		if (!sigismember(&old, held_signals[i]))
			held |= 1u << i;
	}
	return held;
}

void cli_os_release_signals(unsigned held)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(held_signals) / sizeof(held_signals[0]); i++) {
		if (held & (1u << i))
			sigaddset(&set, held_signals[i]);
	}
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static void exec_child(struct tun_dev *dev, char **argv,
		       const sigset_t *oldmask)
{
	int fd = tun_dev_fd(dev, 0);
	char ifname[TUN_NAME_MAX];

	snprintf(ifname, sizeof(ifname), "%s", tun_dev_name(dev));
	if (fd == 3)
		fcntl(fd, F_SETFD, 0);
	else if (dup2(fd, 3) < 0)
		_exit(127);
	if (setenv("TUNCTL_FD", "3", 1) < 0 ||
	    setenv("TUNCTL_IFNAME", ifname, 1) < 0)
		_exit(127);
	sigprocmask(SIG_SETMASK, oldmask, NULL);
	execvp(argv[0], argv);
	fprintf(stderr, "tunctl: create: %s: %s\n", argv[0], strerror(errno));
	_exit(errno == ENOENT ? 127 : 126);
}

static int exit_status(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return EXIT_SYSTEM;
}

/*
 * Signals: SIGINT and SIGQUIT from the terminal reach the command too (same
 * process group), so we only wait for it; SIGTERM and SIGHUP sent to us are
 * passed on. sigwait() keeps this free of handlers and global state.
 */
int cli_os_run_with_device(struct cli *cli, struct tun_dev *dev, char **argv)
{
	sigset_t set, old;
	int status = 0, sig;
	pid_t pid;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGQUIT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	/* An inherited SIG_IGN would reap the child before we could wait. */
	signal(SIGCHLD, SIG_DFL);
	sigprocmask(SIG_BLOCK, &set, &old);
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		int err = -errno;

		sigprocmask(SIG_SETMASK, &old, NULL);
		tun_dev_close(dev);
		return cli_fail(cli, argv[0], err);
	}
	if (pid == 0)
		exec_child(dev, argv, &old);
	/* Our copy stays open until the command exits: where the kernel does
	 * not tie the device to its descriptors (a macOS feth pair, a BSD
	 * tun), closing it is what removes the device, and FreeBSD wants the
	 * process that opened a tun to be the one that closes it last. */
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (sig == SIGTERM || sig == SIGHUP) {
			kill(pid, sig);
			continue;
		}
		if (sig != SIGCHLD)
			continue;
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	tun_dev_close(dev);
	return exit_status(status);
}
