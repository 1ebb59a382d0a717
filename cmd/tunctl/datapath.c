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

	if (ret)
		return ret;
	if (!cli_ctx(cli))
		return EXIT_SYSTEM;
	ret = tun_info_get(cli->ctx, name, info);
	if (ret == -ENODEV)
		return cli_usage_error(cli, name, "no such device%s", nodev_hint);
	if (ret == -EOPNOTSUPP)
		return cli_usage_error(cli, name, "not a TUN/TAP device");
	if (ret < 0)
		return cli_fail(cli, name, ret);
	return EXIT_OK;
}

bool dp_read_lost(int err)
{
	return err == -EMSGSIZE || err == -EPROTO || err == -EPROTONOSUPPORT;
}

int dp_read_failed(struct cli *cli, const char *name, int err)
{
	struct tun_info info;

	if (cli->ctx && tun_info_get(cli->ctx, name, &info) == -ENODEV) {
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
