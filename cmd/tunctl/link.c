// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <string.h>

#include "commands.h"

static const char mtu_usage[] = "mtu NAME [MTU]";

int mtu_main(struct cli *cli, int argc, char *argv[])
{
	static const char *const names[] = { "NAME", "MTU" };
	const char *words[2];
	struct tun_info info;
	unsigned mtu = 0;
	int ret = cli_words(cli, argc, argv, mtu_usage, NULL, NULL, names, 1, 2,
			    words);

	if (ret != EXIT_OK)
		return ret == CLI_HELP ? EXIT_OK : ret;
	if ((ret = cli_parse_name(cli, words[0], false)) ||
	    (words[1] && (ret = cli_parse_mtu(cli, words[1], &mtu))))
		return ret;
	if ((ret = cli_check_device(cli, words[0], words[1] != NULL, NULL,
				    &info)))
		return ret;
	if (words[1]) {
		ret = tun_mtu_set(cli->ctx, words[0], mtu);
		return ret < 0 ? cli_device_fail(cli, words[0], ret) : EXIT_OK;
	}
	print_open(cli, NULL, '{');
	print_str(cli, "ifname", NULL, words[0]);
	print_uint(cli, "mtu", "%llu\n", info.mtu);
	print_close(cli, '{');
	print_end(cli);
	return EXIT_OK;
}

static const char up_usage[] = "up NAME";
static const char down_usage[] = "down NAME";

/* "up" and "down" share this; argv[0] says which. */
int updown_main(struct cli *cli, int argc, char *argv[])
{
	static const char *const names[] = { "NAME" };
	bool up = !strcmp(argv[0], "up");
	const char *name;
	struct tun_info info;
	int ret = cli_words(cli, argc, argv, up ? up_usage : down_usage, NULL,
			    NULL, names, 1, 1, &name);

	if (ret != EXIT_OK)
		return ret == CLI_HELP ? EXIT_OK : ret;
	if ((ret = cli_parse_name(cli, name, false)) ||
	    (ret = cli_check_device(cli, name, true, NULL, &info)))
		return ret;
	ret = tun_link_set_up(cli->ctx, name, up);
	return ret < 0 ? cli_device_fail(cli, name, ret) : EXIT_OK;
}
