// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>

#include "commands.h"

static const char delete_usage[] = "delete NAME [--if-exists]";

static const struct cli_option delete_options[] = {
	{ "if-exists", 0, NULL,
	  "succeed when the device is already gone (idempotent teardown)" },
	{ NULL, 0, NULL, NULL },
};

int delete_main(struct cli *cli, int argc, char *argv[])
{
	static const char *const names[] = { "NAME" };
	const char *name, *if_exists;
	struct tun_info info;
	int ret = cli_words(cli, argc, argv, delete_usage, delete_options,
			    &if_exists, names, 1, 1, &name);

	if (ret != EXIT_OK)
		return ret == CLI_HELP ? EXIT_OK : ret;
	if ((ret = cli_parse_name(cli, name, false)))
		return ret;
	if (!cli_ctx(cli))
		return EXIT_SYSTEM;
	if (if_exists && tun_dev_info_get(cli->ctx, name, &info) == -ENODEV)
		return EXIT_OK;
	if ((ret = cli_check_device(cli, name, true, NULL, &info)))
		return ret;
	ret = tun_dev_destroy(cli->ctx, name);
	if (ret == -ENODEV && if_exists)
		return EXIT_OK; /* gone since the check */
	return ret < 0 ? cli_device_fail(cli, name, ret) : EXIT_OK;
}
