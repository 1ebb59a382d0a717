// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include "commands.h"

static const char delete_usage[] = "delete NAME";

int delete_main(struct cli *cli, int argc, char *argv[])
{
	static const char *const names[] = { "NAME" };
	const char *name;
	struct tun_info info;
	int ret = cli_words(cli, argc, argv, delete_usage, NULL, NULL, names, 1,
			    1, &name);

	if (ret != EXIT_OK)
		return ret == CLI_HELP ? EXIT_OK : ret;
	if ((ret = cli_parse_name(cli, name, false)) ||
	    (ret = cli_check_device(cli, name, true, NULL, &info)))
		return ret;
	ret = tun_destroy(cli->ctx, name);
	return ret < 0 ? cli_device_fail(cli, name, ret) : EXIT_OK;
}
