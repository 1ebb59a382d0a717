// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <windows.h>

#include "cli.h"

/*
 * The command line's Windows part.
 *
 * Handing a device to `create -- COMMAND`: a wintun session and a
 * tap-windows6 handle cannot be inherited, and a wintun adapter vanishes
 * with its creator's handle. So tunctl suspends its own use of the device,
 * keeps it open, and hands COMMAND an inherited pipe that holds the
 * device's name and mode: TUNCTL_FD is that handle's value (TUNCTL_IFNAME the name,
 * as elsewhere), and libtunctl's tun_dev_from_fd() opens the device by the
 * name it reads there. So `tunctl echo` and `capture --attach` without a
 * NAME work as on every OS. When COMMAND exits, tunctl closes the device,
 * which removes a wintun adapter.
 */

/* Windows has no numeric users or groups to hand to the library; it then
 * refuses owner, group and --user as unsupported, with its reason. */
int cli_os_lookup_user(const char *s, long long *uid, long long *gid)
{
	(void)s;
	*uid = 0;
	if (gid)
		*gid = 0;
	return 0;
}

int cli_os_lookup_group(const char *s, long long *gid)
{
	(void)s;
	*gid = 0;
	return 0;
}

/* The C runtime knows only the classic errno texts. */
const char *cli_os_strerror(int err)
{
	static const struct {
		int err;
		const char *text;
	} extra[] = {
		{ EOPNOTSUPP, "Operation not supported" },
		{ EADDRNOTAVAIL, "Cannot assign requested address" },
		{ EAFNOSUPPORT, "Address family not supported" },
		{ EMSGSIZE, "Message too long" },
		{ ENOBUFS, "No buffer space available" },
		{ EPROTO, "Protocol error" },
		{ EBADMSG, "Bad message" },
		{ ETIMEDOUT, "Timed out" },
		{ EPROTONOSUPPORT, "Protocol not supported" },
		{ ENOTSUP, "Not supported" },
		{ ENODATA, "No data available" },
	};

	for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++) {
		if (extra[i].err == -err)
			return extra[i].text;
	}
	return strerror(-err);
}

const char *cli_os_privilege_hint(int err)
{
	if (err != -EPERM && err != -EACCES)
		return NULL;
	return "needs Administrator rights: run tunctl from an elevated "
	       "prompt (Run as administrator)";
}

/* Windows has no owners: an elevated prompt is the only way in. */
bool cli_os_caller_is_root(void)
{
	return true;
}

bool cli_os_caller_is(long long uid)
{
	(void)uid;
	return true;
}

bool cli_os_caller_may_open(const struct tun_info *info)
{
	(void)info;
	return true;
}

bool cli_os_open_to_all(const struct tun_info *info)
{
	(void)info;
	return false;
}

long long cli_os_default_owner(void)
{
	return -1;
}

int cli_os_open_std_fds(void)
{
	return 0;
}

const char *cli_os_other_tools(void)
{
	return "for other interfaces use netsh";
}

/* Not done on Windows: tap-windows6 adapters exist before tunctl runs, and
 * a wintun adapter goes with its creator. */
int cli_os_lock_name(const char *name, int *lock)
{
	(void)name;
	*lock = -1;
	return 0;
}

void cli_os_unlock_name(int lock)
{
	(void)lock;
}

unsigned cli_os_hold_signals(void)
{
	return 0;
}

void cli_os_release_signals(unsigned held)
{
	(void)held;
}

static void put(WCHAR *cmd, size_t *n, WCHAR c)
{
	if (cmd)
		cmd[*n] = c;
	(*n)++;
}

/* Append @arg to @cmd (or only count, when NULL) quoted the way CommandLineToArgvW and the C runtime
 * split it: backslashes are literal except before a quote. */
static size_t quote_arg(const WCHAR *arg, WCHAR *cmd)
{
	size_t n = 0;

	if (arg[0] && !wcspbrk(arg, L" \t\n\v\"")) {
		for (; *arg; arg++)
			put(cmd, &n, *arg);
		return n;
	}
	put(cmd, &n, L'"');
	for (;; arg++) {
		size_t slashes = 0;

		while (*arg == L'\\') {
			arg++;
			slashes++;
		}
		if (!*arg || *arg == L'"') {
			/* doubled before a quote, ours or the argument's */
			slashes = slashes * 2 + (*arg == L'"');
		}
		for (size_t i = 0; i < slashes; i++)
			put(cmd, &n, L'\\');
		if (!*arg)
			break;
		put(cmd, &n, *arg);
	}
	put(cmd, &n, L'"');
	return n;
}

/* One command line out of @argv (in the ANSI code page, as main() gets
 * it); NULL when out of memory or not convertible. */
static WCHAR *command_line(char **argv)
{
	WCHAR **wargs;
	WCHAR *cmd = NULL;
	size_t argc = 0, len = 0;

	while (argv[argc])
		argc++;
	wargs = calloc(argc, sizeof(*wargs));
	if (!wargs)
		return NULL;
	for (size_t i = 0; i < argc; i++) {
		int n = MultiByteToWideChar(CP_ACP, 0, argv[i], -1, NULL, 0);

		wargs[i] = n > 0 ? calloc((size_t)n, sizeof(WCHAR)) : NULL;
		if (!wargs[i] ||
		    !MultiByteToWideChar(CP_ACP, 0, argv[i], -1, wargs[i], n))
			goto out;
		len += quote_arg(wargs[i], NULL) + 1;
	}
	cmd = calloc(len + 1, sizeof(WCHAR));
	if (!cmd)
		goto out;
	len = 0;
	for (size_t i = 0; i < argc; i++) {
		if (i)
			cmd[len++] = L' ';
		len += quote_arg(wargs[i], cmd + len);
	}
	cmd[len] = L'\0';
out:
	for (size_t i = 0; i < argc; i++)
		free(wargs[i]);
	free(wargs);
	return cmd;
}

/* An inheritable pipe holding "NAME<tab>MODE" (what libtunctl's
 * tun_dev_from_fd() reads), for TUNCTL_FD; INVALID_HANDLE_VALUE on
 * failure. */
static HANDLE handover_pipe(const struct tun_dev *dev)
{
	SECURITY_ATTRIBUTES inherit = { sizeof(inherit), NULL, TRUE };
	char text[TUN_NAME_MAX + 8];
	HANDLE r, w;
	DWORD len, done = 0;
	bool ok;

	len = (DWORD)snprintf(text, sizeof(text), "%s\t%s", tun_dev_name(dev),
			      tun_dev_mode(dev) == TUN_MODE_TAP ? "tap" : "tun");
	if (!CreatePipe(&r, &w, &inherit, 0))
		return INVALID_HANDLE_VALUE;
	/* Only the reading end goes to COMMAND. */
	ok = SetHandleInformation(w, HANDLE_FLAG_INHERIT, 0) &&
	     WriteFile(w, text, len, &done, NULL) && done == len;
	CloseHandle(w);
	if (!ok) {
		CloseHandle(r);
		return INVALID_HANDLE_VALUE;
	}
	return r;
}

/* The environment COMMAND inherits: the handover pipe and the name. */
static int set_device_env(const char *name, HANDLE pipe)
{
	WCHAR wname[TUN_NAME_MAX], fd[16];

	if (!MultiByteToWideChar(CP_UTF8, 0, name, -1, wname, TUN_NAME_MAX))
		return -EINVAL;
	_snwprintf(fd, 16, L"%d", (int)(intptr_t)pipe);
	fd[15] = L'\0';
	if (!SetEnvironmentVariableW(L"TUNCTL_IFNAME", wname) ||
	    !SetEnvironmentVariableW(L"TUNCTL_FD", fd))
		return -EINVAL;
	return 0;
}

static int spawn(struct cli *cli, char **argv, PROCESS_INFORMATION *pi)
{
	STARTUPINFOW si = { .cb = sizeof(si) };
	WCHAR *cmd = command_line(argv);
	DWORD err;

	if (!cmd)
		return cli_fail(cli, argv[0], -ENOMEM);
	si.dwFlags = STARTF_USESTDHANDLES;
	si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
	si.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
	si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
	fflush(NULL);
	/* Only inheritable handles pass: the standard ones and the handover
	 * pipe, never the device's, which tunctl opens non-inheritable. */
	if (CreateProcessW(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si,
			   pi)) {
		free(cmd);
		return EXIT_OK;
	}
	err = GetLastError();
	free(cmd);
	if (err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND) {
		cli_say(cli, argv[0], "command not found");
		return 127;
	}
	cli_say(cli, argv[0], "cannot run it (Windows error %lu)",
		(unsigned long)err);
	return 126;
}

int cli_os_run_with_device(struct cli *cli, struct tun_dev *dev, char **argv)
{
	PROCESS_INFORMATION pi;
	DWORD code = EXIT_SYSTEM;
	HANDLE pipe;
	int ret;

	tun_dev_suspend(dev); /* the command becomes the device's reader */
	pipe = handover_pipe(dev);
	if (pipe == INVALID_HANDLE_VALUE ||
	    set_device_env(tun_dev_name(dev), pipe) < 0) {
		if (pipe != INVALID_HANDLE_VALUE)
			CloseHandle(pipe);
		ret = cli_fail(cli, tun_dev_name(dev), -EIO);
		tun_dev_close(dev);
		return ret;
	}
	ret = spawn(cli, argv, &pi);
	CloseHandle(pipe); /* COMMAND has its own copy */
	if (ret != EXIT_OK) {
		tun_dev_close(dev);
		return ret;
	}
	/* Ctrl-C reaches the command, which shares our console; we wait for
	 * it to end and then remove the device. */
	SetConsoleCtrlHandler(NULL, TRUE);
	WaitForSingleObject(pi.hProcess, INFINITE);
	GetExitCodeProcess(pi.hProcess, &code);
	SetConsoleCtrlHandler(NULL, FALSE);
	CloseHandle(pi.hThread);
	CloseHandle(pi.hProcess);
	tun_dev_close(dev);
	return (int)code;
}
