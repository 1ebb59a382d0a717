// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>

#include "commands.h"

static const char add_usage[] =
	"route add NAME PREFIX [--via GATEWAY] [--metric N] [--table N] "
	"[--src ADDR] [--exist-ok]";
static const char del_usage[] =
	"route del NAME PREFIX [--via GATEWAY] [--metric N] [--table N]";
static const char show_usage[] = "route show [NAME] [--table N]";
static const char flush_usage[] = "route flush NAME [--table N]";

enum { OPT_VIA, OPT_METRIC, OPT_TABLE, OPT_SRC, OPT_EXIST_OK };

#define TABLE_OPTION \
	{ "table", 0, "N", "routing table N (1-4294967295; 254 is main)" }

/* "route del" takes the first three, "route add" all. */
static const struct cli_option add_options[] = {
	[OPT_VIA] = { "via", 0, "GATEWAY", "send through this next hop" },
	[OPT_METRIC] = { "metric", 0, "N", "the route's metric (preference)" },
	[OPT_TABLE] = TABLE_OPTION,
	[OPT_SRC] = { "src", 0, "ADDR",
		      "the source address for packets sent this way" },
	[OPT_EXIST_OK] = { "exist-ok", 0, NULL,
			   "succeed if the very same route is already there" },
	{ NULL, 0, NULL, NULL },
};

static const struct cli_option del_options[] = {
	[OPT_VIA] = { "via", 0, "GATEWAY", "send through this next hop" },
	[OPT_METRIC] = { "metric", 0, "N", "the route's metric (preference)" },
	[OPT_TABLE] = TABLE_OPTION,
	{ NULL, 0, NULL, NULL },
};

static const struct cli_option table_options[] = {
	TABLE_OPTION,
	{ NULL, 0, NULL, NULL },
};

/* --table N: 0 for the main table, as struct tun_route has it. */
static int parse_table(struct cli *cli, const char *s, uint32_t *table)
{
	unsigned long long v;
	int ret;

	*table = 0;
	if (!s)
		return 0;
	if ((ret = cli_parse_uint(cli, "the table", s, 1, 4294967295ULL, &v)))
		return ret;
	*table = v == 254 ? 0 : (uint32_t)v;
	return 0;
}

static bool same_route(const struct tun_route *have,
		       const struct tun_route *want)
{
	if (!tun_ip_equal(&have->dst.ip, &want->dst.ip) ||
	    have->dst.len != want->dst.len)
		return false;
	if (want->gateway.family ? !tun_ip_equal(&have->gateway, &want->gateway)
				 : have->gateway.family != TUN_FAMILY_NONE)
		return false;
	if (have->table != want->table)
		return false;
	/* Without --metric any metric counts as the same; a route listed
	 * without one has metric 0. */
	return !want->has_metric ||
	       (have->has_metric ? have->metric : 0) == want->metric;
}

int route_add_one(struct cli *cli, struct tun_ctx *ctx, const char *ifname,
		  const char *text, const struct tun_route *route,
		  bool exist_ok)
{
	struct tun_route *routes;
	size_t n;
	bool same = false;
	int ret = tun_route_add(ctx, ifname, route);

	if (ret == -ENETDOWN) {
		cli_say(cli, text, "%s is down: bring it up first (tunctl up %s)",
			ifname, ifname);
		return EXIT_SYSTEM;
	}
	if (ret == -ENODEV)
		return cli_device_fail(cli, ifname, ret);
	if (ret != -EEXIST)
		return ret < 0 ? cli_fail(cli, text, ret) : EXIT_OK;
	/* The kernel also says EEXIST for a route to the same destination
	 * and metric through another device or gateway. */
	if (tun_route_list(ctx, ifname, &routes, &n) == 0) {
		for (size_t i = 0; i < n && !same; i++)
			same = same_route(&routes[i], route);
		tun_free(routes);
	}
	if (same && exist_ok)
		return EXIT_OK;
	if (same)
		cli_say(cli, text, "already exists on %s (--exist-ok accepts that)",
			ifname);
	else
		cli_say(cli, text,
			"a route to the same destination with the same metric "
			"already exists through another device or gateway");
	return EXIT_SYSTEM;
}

static int parse_route(struct cli *cli, const char *dst, const char **opts,
		       bool add, struct tun_route *r)
{
	int ret = cli_parse_route_dst(cli, dst, &r->dst);

	if (ret || (ret = parse_table(cli, opts[OPT_TABLE], &r->table)))
		return ret;
	if (add && opts[OPT_SRC]) {
		if (cli_parse_ip(cli, opts[OPT_SRC], &r->src))
			return EXIT_USAGE;
		if (r->src.family != r->dst.ip.family)
			return cli_usage_error(cli, opts[OPT_SRC],
					       "source and %s are of different families",
					       dst);
	}
	if (opts[OPT_VIA]) {
		if (cli_parse_ip(cli, opts[OPT_VIA], &r->gateway))
			return EXIT_USAGE;
		if (r->gateway.family != r->dst.ip.family)
			return cli_usage_error(cli, opts[OPT_VIA],
					       "gateway and %s are of different families",
					       dst);
	}
	if (opts[OPT_METRIC]) {
		r->has_metric = true;
		return cli_parse_metric(cli, opts[OPT_METRIC], &r->metric);
	}
	return 0;
}

static int route_change(struct cli *cli, int argc, char *argv[], bool add)
{
	static const char *const names[] = { "NAME", "PREFIX" };
	const char *words[2], *opts[5] = { NULL, NULL, NULL, NULL, NULL };
	struct tun_route route = { 0 };
	struct tun_info info;
	int ret = cli_words(cli, argc, argv, add ? add_usage : del_usage,
			    add ? add_options : del_options, opts, names, 2, 2,
			    words);

	if (ret != EXIT_OK)
		return ret == CLI_HELP ? EXIT_OK : ret;
	if ((ret = cli_check_device_first(cli, words[0], words[1],
					  add ? add_usage : del_usage)) ||
	    (ret = cli_parse_name(cli, words[0], false)) ||
	    (ret = parse_route(cli, words[1], opts, add, &route)))
		return ret;
	if ((ret = cli_check_device(cli, words[0], true, NULL, &info)))
		return ret;
	if (add)
		return route_add_one(cli, cli->ctx, words[0], words[1], &route,
				     opts[OPT_EXIST_OK] != NULL);
	ret = tun_route_del(cli->ctx, words[0], &route);
	if (ret == -ENODEV)
		return cli_device_fail(cli, words[0], ret);
	if (ret < 0)
		return cli_fail(cli, words[1], ret);
	return EXIT_OK;
}

static int route_add(struct cli *cli, int argc, char *argv[])
{
	return route_change(cli, argc, argv, true);
}

static int route_del(struct cli *cli, int argc, char *argv[])
{
	return route_change(cli, argc, argv, false);
}

static const char *origin_name(enum tun_route_origin o)
{
	switch (o) {
	case TUN_ROUTE_KERNEL:
		return "kernel";
	case TUN_ROUTE_BOOT:
		return "boot";
	case TUN_ROUTE_STATIC:
		return "static";
	default:
		return "other";
	}
}

void print_route_fields(struct cli *cli, const struct tun_route *r)
{
	char buf[TUN_PREFIXSTRLEN];

	print_str(cli, "dst", "%s",
		  r->dst.len ? tun_prefix_format(&r->dst, buf, sizeof(buf))
			     : "default");
	print_str(cli, "family", NULL, cli_family_name(r->dst.ip.family));
	print_str(cli, "dev", " dev %s", r->ifname);
	if (r->gateway.family)
		print_str(cli, "gateway", " via %s",
			  tun_ip_format(&r->gateway, buf, sizeof(buf)));
	if (r->has_metric)
		print_uint(cli, "metric", " metric %llu", r->metric);
	if (r->table)
		print_uint(cli, "table", " table %llu", r->table);
	if (r->src.family)
		print_str(cli, "prefsrc", " src %s",
			  tun_ip_format(&r->src, buf, sizeof(buf)));
	print_str(cli, "protocol", " proto %s", origin_name(r->origin));
}

static void print_route(struct cli *cli, const struct tun_route *r)
{
	print_open(cli, NULL, '{');
	print_route_fields(cli, r);
	print_text(cli, "\n");
	print_close(cli, '{');
}

static int route_show(struct cli *cli, int argc, char *argv[])
{
	static const char *const names[] = { "NAME" };
	const char *name, *table_text;
	struct tun_route *routes;
	struct tun_info info;
	uint32_t table;
	size_t n;
	int ret = cli_words(cli, argc, argv, show_usage, table_options,
			    &table_text, names, 0, 1, &name);

	if (ret != EXIT_OK)
		return ret == CLI_HELP ? EXIT_OK : ret;
	if ((name && ((ret = cli_parse_name(cli, name, false)) ||
		      (ret = cli_check_device(cli, name, false, NULL, &info)))) ||
	    (ret = parse_table(cli, table_text, &table)))
		return ret;
	if (!cli_ctx(cli))
		return EXIT_SYSTEM;
	ret = tun_route_list(cli->ctx, name, &routes, &n);
	if (ret < 0)
		return cli_device_fail(cli, name, ret);
	print_open(cli, NULL, '[');
	for (size_t i = 0; i < n; i++) {
		if (routes[i].table == table)
			print_route(cli, &routes[i]);
	}
	print_close(cli, '[');
	print_end(cli);
	tun_free(routes);
	return EXIT_OK;
}

/* The routes through a device, except those the system made for its
 * addresses: they belong to the addresses (addr flush). */
static int route_flush(struct cli *cli, int argc, char *argv[])
{
	static const char *const names[] = { "NAME" };
	const char *name, *table_text;
	struct tun_route *routes;
	struct tun_info info;
	struct tun_ctx *ctx;
	uint32_t table;
	size_t n;
	int ret = cli_words(cli, argc, argv, flush_usage, table_options,
			    &table_text, names, 1, 1, &name);

	if (ret != EXIT_OK)
		return ret == CLI_HELP ? EXIT_OK : ret;
	if ((ret = cli_parse_name(cli, name, false)) ||
	    (ret = parse_table(cli, table_text, &table)))
		return ret;
	if ((ret = cli_check_device(cli, name, true, NULL, &info)))
		return ret;
	ctx = cli->ctx;
	if ((ret = tun_route_list(ctx, name, &routes, &n)) < 0)
		return cli_device_fail(cli, name, ret);
	for (size_t i = 0; i < n; i++) {
		char text[TUN_PREFIXSTRLEN];

		if (routes[i].origin == TUN_ROUTE_KERNEL ||
		    routes[i].table != table)
			continue;
		ret = tun_route_del(ctx, name, &routes[i]);
		if (ret < 0 && ret != -ESRCH) {
			ret = cli_fail(cli, tun_prefix_format(&routes[i].dst, text,
							      sizeof(text)),
				       ret);
			tun_free(routes);
			return ret;
		}
	}
	tun_free(routes);
	return EXIT_OK;
}

static const struct subcommand route_verbs[] = {
	{ "add", route_add, add_usage, add_options },
	{ "del", route_del, del_usage, del_options },
	{ "show", route_show, show_usage, table_options },
	{ "flush", route_flush, flush_usage, table_options },
	{ NULL, NULL, NULL, NULL },
};

int route_main(struct cli *cli, int argc, char *argv[])
{
	return run_subcommand(cli, "route", route_verbs, argc, argv);
}
