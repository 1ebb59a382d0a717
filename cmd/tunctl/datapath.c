// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "datapath.h"

/* What echo and capture share besides the packet line (packet_line.c). */

int dp_parse_count(struct cli *cli, const char *s, unsigned long long *count)
{
	return cli_parse_uint(cli, "COUNT", s, 1, 1000000000000000000ULL,
			      count);
}

int dp_check_device(struct cli *cli, const char *name, const char *nodev_hint,
		    struct tun_info *info)
{
	int ret = cli_parse_name(cli, name, false);

	return ret ? ret : cli_check_device(cli, name, true, nodev_hint, info);
}

int dp_parse_user(struct cli *cli, const char *s, long long *uid,
		  long long *gid)
{
	if (cli_os_lookup_user(s, uid, gid) < 0)
		return cli_usage_error(cli, s, "no such user");
	if (cli_os_caller_is_root())
		return EXIT_OK;
	/* A setcap install given CAP_SETUID must not turn users into
	 * others. */
	if (!cli_os_caller_is(*uid)) {
		cli_say(cli, NULL, "--user %s: only root may become another user",
			s);
		return EXIT_SYSTEM;
	}
	*uid = *gid = -1; /* the caller already */
	return EXIT_OK;
}

int dp_drop_privileges(struct cli *cli, long long uid, long long gid)
{
	int ret = tun_privileges_drop(uid, gid);

	if (ret == -EPERM && uid >= 0) {
		cli_say(cli, "--user",
			"becoming user %lld needs CAP_SETUID and CAP_SETGID (%s)",
			uid, cli_os_strerror(ret));
		return EXIT_SYSTEM;
	}
	return ret < 0 ? cli_fail(cli, "dropping privileges", ret) : EXIT_OK;
}

bool dp_read_lost(int err)
{
	return err == -EMSGSIZE || err == -EPROTO || err == -EPROTONOSUPPORT;
}

int dp_read_failed(struct cli *cli, const char *name, int err)
{
	struct tun_info info;

	if (cli->ctx && tun_dev_info_get(cli->ctx, name, &info) == -ENODEV) {
		cli_say(cli, name, "the device was deleted");
		return EXIT_SYSTEM;
	}
	return cli_fail(cli, name, err);
}

int dp_inherited_fd(struct cli *cli)
{
	const char *s = getenv("TUNCTL_FD");
	unsigned long long fd;

	if (!s || !*s) {
		cli_usage_error(cli, NULL,
				"missing NAME (and no device inherited through "
				"TUNCTL_FD from 'tunctl create ... --')");
		return -1;
	}
	if (cli_parse_uint(cli, "TUNCTL_FD", s, 0, 65535, &fd) != 0)
		return -1;
	return (int)fd;
}
