// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>

#include "commands.h"

static const char add_usage[] =
	"addr add NAME PREFIX [--peer ADDR] [--exist-ok]";
static const char del_usage[] = "addr del NAME PREFIX";
static const char show_usage[] = "addr show [NAME]";
static const char flush_usage[] = "addr flush NAME [--inet | --inet6]";

enum { OPT_PEER, OPT_EXIST_OK };
enum { OPT_INET, OPT_INET6 };

static const struct cli_option flush_options[] = {
	[OPT_INET] = { "inet", 0, NULL, "only the IPv4 addresses" },
	[OPT_INET6] = { "inet6", 0, NULL, "only the IPv6 addresses" },
	{ NULL, 0, NULL, NULL },
};

static const struct cli_option add_options[] = {
	[OPT_PEER] = { "peer", 0, "ADDR", "the far end of a point-to-point link" },
	[OPT_EXIST_OK] = { "exist-ok", 0, NULL,
			   "succeed if the device already has this address" },
	{ NULL, 0, NULL, NULL },
};

static bool same_addr(const struct tun_addr *a, const struct tun_prefix *local,
		      const struct tun_ip *peer)
{
	if (!tun_ip_equal(&a->local.ip, &local->ip) || a->local.len != local->len)
		return false;
	if (!peer || !peer->family)
		return !a->peer.family;
	return tun_ip_equal(&a->peer, peer);
}

/* The kernel says EEXIST for an IPv4 address with the same local address,
 * prefix length and peer, but for an IPv6 one with the same local address
 * alone: look at what is there before calling it the same. */
int addr_present(struct cli *cli, struct tun_ctx *ctx, const char *ifname,
		 const char *text, const struct tun_prefix *local,
		 const struct tun_ip *peer, bool exist_ok)
{
	struct tun_addr *addrs;
	size_t n;
	int ret = tun_addr_list(ctx, ifname, &addrs, &n);

	if (ret < 0)
		return cli_fail(cli, ret == -ENODEV ? ifname : text, ret);
	ret = -1;
	for (size_t i = 0; i < n && ret < 0; i++) {
		char buf[TUN_PREFIXSTRLEN], pbuf[TUN_ADDRSTRLEN];

		if (same_addr(&addrs[i], local, peer)) {
			ret = exist_ok ? EXIT_OK : EXIT_SYSTEM;
			if (!exist_ok)
				cli_say(cli, text,
					"already exists on %s (--exist-ok accepts that)",
					ifname);
		} else if (tun_ip_equal(&addrs[i].local.ip, &local->ip)) {
			tun_prefix_format(&addrs[i].local, buf, sizeof(buf));
			if (addrs[i].peer.family)
				cli_say(cli, text, "already exists on %s as %s peer %s",
					ifname, buf,
					tun_ip_format(&addrs[i].peer, pbuf,
						      sizeof(pbuf)));
			else
				cli_say(cli, text, "already exists on %s as %s",
					ifname, buf);
			ret = EXIT_SYSTEM;
		}
	}
	tun_free(addrs);
	return ret;
}

int addr_add_one(struct cli *cli, struct tun_ctx *ctx, const char *ifname,
		 const char *text, const struct tun_prefix *local,
		 const struct tun_ip *peer, bool exist_ok)
{
	int ret = tun_addr_add(ctx, ifname, local, peer);

	if (ret == -EEXIST) {
		ret = addr_present(cli, ctx, ifname, text, local, peer, exist_ok);
		return ret < 0 ? cli_fail(cli, text, -EEXIST) : ret;
	}
	if (ret == -ENODEV)
		return cli_device_fail(cli, ifname, ret);
	if (ret < 0)
		return cli_fail(cli, text, ret);
	return EXIT_OK;
}

static int addr_change(struct cli *cli, int argc, char *argv[], bool add)
{
	static const char *const names[] = { "NAME", "PREFIX" };
	const char *words[2], *opts[2] = { NULL, NULL }, *peer_text;
	struct tun_prefix local;
	struct tun_ip peer = { 0 };
	struct tun_info info;
	int ret = cli_words(cli, argc, argv, add ? add_usage : del_usage,
			    add ? add_options : NULL, opts, names, 2, 2,
			    words);

	if (ret != EXIT_OK)
		return ret == CLI_HELP ? EXIT_OK : ret;
	peer_text = opts[OPT_PEER];
	if ((ret = cli_check_device_first(cli, words[0], words[1],
					  add ? add_usage : del_usage)) ||
	    (ret = cli_parse_name(cli, words[0], false)) ||
	    (ret = cli_parse_prefix(cli, words[1], &local)) ||
	    (peer_text && (ret = cli_parse_ip(cli, peer_text, &peer))))
		return ret;
	if (peer_text && peer.family != local.ip.family)
		return cli_usage_error(cli, peer_text,
				       "peer and address %s are of different families",
				       words[1]);
	if ((ret = cli_check_device(cli, words[0], true, NULL, &info)))
		return ret;
	if (add)
		return addr_add_one(cli, cli->ctx, words[0], words[1], &local,
				    peer_text ? &peer : NULL,
				    opts[OPT_EXIST_OK] != NULL);
	ret = tun_addr_del(cli->ctx, words[0], &local);
	if (ret == -ENODEV)
		return cli_device_fail(cli, words[0], ret);
	if (ret < 0)
		return cli_fail(cli, words[1], ret);
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
	struct tun_info info;
	size_t n;
	int ret = cli_words(cli, argc, argv, show_usage, NULL, NULL, names, 0,
			    1, &name);

	if (ret != EXIT_OK)
		return ret == CLI_HELP ? EXIT_OK : ret;
	if (name && ((ret = cli_parse_name(cli, name, false)) ||
		     (ret = cli_check_device(cli, name, false, NULL, &info))))
		return ret;
	if (!cli_ctx(cli))
		return EXIT_SYSTEM;
	ret = tun_addr_list(cli->ctx, name, &addrs, &n);
	if (ret < 0)
		return cli_device_fail(cli, name, ret);
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

/* Every address of a TUN/TAP device, or those of one family. */
static int addr_flush(struct cli *cli, int argc, char *argv[])
{
	static const char *const names[] = { "NAME" };
	const char *name, *opts[2];
	enum tun_family only = TUN_FAMILY_NONE;
	struct tun_addr *addrs;
	struct tun_info info;
	struct tun_ctx *ctx;
	size_t n;
	int ret = cli_words(cli, argc, argv, flush_usage, flush_options, opts,
			    names, 1, 1, &name);

	if (ret != EXIT_OK)
		return ret == CLI_HELP ? EXIT_OK : ret;
	if ((ret = cli_parse_name(cli, name, false)))
		return ret;
	if (opts[OPT_INET] && opts[OPT_INET6])
		return cli_usage_error(cli, "--inet6",
				       "give --inet or --inet6, not both");
	if (opts[OPT_INET] || opts[OPT_INET6])
		only = opts[OPT_INET] ? TUN_INET : TUN_INET6;
	if ((ret = cli_check_device(cli, name, true, NULL, &info)))
		return ret;
	ctx = cli->ctx;
	if ((ret = tun_addr_list(ctx, name, &addrs, &n)) < 0)
		return cli_device_fail(cli, name, ret);
	for (size_t i = 0; i < n; i++) {
		char text[TUN_PREFIXSTRLEN];

		if (only && addrs[i].local.ip.family != only)
			continue;
		ret = tun_addr_del(ctx, name, &addrs[i].local);
		/* Removing an IPv4 primary address may take its secondaries
		 * with it. */
		if (ret < 0 && ret != -EADDRNOTAVAIL) {
			ret = cli_fail(cli, tun_prefix_format(&addrs[i].local, text,
							      sizeof(text)),
				       ret);
			tun_free(addrs);
			return ret;
		}
	}
	tun_free(addrs);
	return EXIT_OK;
}

static const struct subcommand addr_verbs[] = {
	{ "add", addr_add, add_usage, add_options },
	{ "del", addr_del, del_usage, NULL },
	{ "show", addr_show, show_usage, NULL },
	{ "flush", addr_flush, flush_usage, flush_options },
	{ NULL, NULL, NULL, NULL },
};

int addr_main(struct cli *cli, int argc, char *argv[])
{
	return run_subcommand(cli, "addr", addr_verbs, argc, argv);
}
