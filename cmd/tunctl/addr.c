// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>

#include "commands.h"

static const char add_usage[] = "addr add NAME PREFIX [--peer ADDR]";
static const char del_usage[] = "addr del NAME PREFIX";
static const char show_usage[] = "addr show [NAME]";

static const struct cli_option add_options[] = {
	{ "peer", 0, "ADDR", "the far end of a point-to-point link" },
	{ NULL, 0, NULL, NULL },
};

static int addr_change(struct cli *cli, int argc, char *argv[], bool add)
{
	static const char *const names[] = { "NAME", "PREFIX" };
	const char *words[2], *peer_text = NULL;
	struct tun_prefix local;
	struct tun_ip peer = { 0 };
	struct tun_ctx *ctx;
	int ret = cli_words(cli, argc, argv, add ? add_usage : del_usage,
			    add ? add_options : NULL, &peer_text, names, 2, 2,
			    words);

	if (ret != EXIT_OK)
		return ret == CLI_HELP ? EXIT_OK : ret;
	if ((ret = cli_parse_name(cli, words[0], false)) ||
	    (ret = cli_parse_prefix(cli, words[1], &local)) ||
	    (peer_text && (ret = cli_parse_ip(cli, peer_text, &peer))))
		return ret;
	if (peer_text && peer.family != local.ip.family)
		return cli_usage_error(cli, peer_text,
				       "peer and address %s are of different families",
				       words[1]);
	if (!(ctx = cli_ctx(cli)))
		return EXIT_SYSTEM;
	ret = add ? tun_addr_add(ctx, words[0], &local, peer_text ? &peer : NULL)
		  : tun_addr_del(ctx, words[0], &local);
	if (ret < 0)
		return cli_fail(cli, ret == -ENODEV ? words[0] : words[1], ret);
	return EXIT_OK;
}

static int addr_add(struct cli *cli, int argc, char *argv[])
{
	return addr_change(cli, argc, argv, true);
}

static int addr_del(struct cli *cli, int argc, char *argv[])
{
	return addr_change(cli, argc, argv, false);
}

static int addr_show(struct cli *cli, int argc, char *argv[])
{
	static const char *const names[] = { "NAME" };
	const char *name;
	struct tun_addr *addrs;
	struct tun_ctx *ctx;
	size_t n;
	int ret = cli_words(cli, argc, argv, show_usage, NULL, NULL, names, 0,
			    1, &name);

	if (ret != EXIT_OK)
		return ret == CLI_HELP ? EXIT_OK : ret;
	if (name && (ret = cli_parse_name(cli, name, false)))
		return ret;
	if (!(ctx = cli_ctx(cli)))
		return EXIT_SYSTEM;
	ret = tun_addr_list(ctx, name, &addrs, &n);
	if (ret < 0)
		return cli_fail(cli, name, ret);
	print_open(cli, NULL, '[');
	for (size_t i = 0; i < n; i++) {
		print_open(cli, NULL, '{');
		print_str(cli, "ifname", "%s ", addrs[i].ifname);
		print_addr_fields(cli, &addrs[i]);
		print_text(cli, "\n");
		print_close(cli, '{');
	}
	print_close(cli, '[');
	print_end(cli);
	tun_free(addrs);
	return EXIT_OK;
}

static const struct subcommand addr_verbs[] = {
	{ "add", addr_add, add_usage, add_options },
	{ "del", addr_del, del_usage, NULL },
	{ "show", addr_show, show_usage, NULL },
	{ NULL, NULL, NULL, NULL },
};

int addr_main(struct cli *cli, int argc, char *argv[])
{
	return run_subcommand(cli, "addr", addr_verbs, argc, argv);
}
