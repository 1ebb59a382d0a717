// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

static const char create_usage[] =
	"create [NAME] [--tap] [--mtu N] [--addr PREFIX [--peer ADDR]]...\n"
	"    [--route PREFIX [--via GW] [--metric N]]... [--up] [--owner USER]\n"
	"    [--group GROUP] [--multi-queue] [--offload] [--pi]\n"
	"    [-- COMMAND [ARG]...]";

enum {
	OPT_TAP,
	OPT_MTU,
	OPT_ADDR,
	OPT_PEER,
	OPT_ROUTE,
	OPT_VIA,
	OPT_METRIC,
	OPT_UP,
	OPT_OWNER,
	OPT_GROUP,
	OPT_MULTI_QUEUE,
	OPT_OFFLOAD,
	OPT_PI,
};

static const struct cli_option create_options[] = {
	[OPT_TAP] = { "tap", 0, NULL, "a TAP (Ethernet) device instead of TUN" },
	[OPT_MTU] = { "mtu", 0, "N", "set the MTU (68-65535)" },
	[OPT_ADDR] = { "addr", 0, "PREFIX", "add an address; repeatable" },
	[OPT_PEER] = { "peer", 0, "ADDR", "the far end of the last --addr" },
	[OPT_ROUTE] = { "route", 0, "PREFIX",
			"route PREFIX into the device; repeatable, needs --up" },
	[OPT_VIA] = { "via", 0, "GW", "gateway of the last --route" },
	[OPT_METRIC] = { "metric", 0, "N", "metric of the last --route" },
	[OPT_UP] = { "up", 0, NULL, "bring the device up" },
	[OPT_OWNER] = { "owner", 0, "USER",
			"USER may open the device without privileges" },
	[OPT_GROUP] = { "group", 0, "GROUP",
			"GROUP may open the device without privileges" },
	[OPT_MULTI_QUEUE] = { "multi-queue", 0, NULL,
			      "allow several queues (readers)" },
	[OPT_OFFLOAD] = { "offload", 0, NULL,
			  "frame packets with a virtio-net header (IFF_VNET_HDR)" },
	[OPT_PI] = { "pi", 0, NULL, "keep the 4-byte packet-information header" },
	{ NULL, 0, NULL, NULL },
};

struct create_addr {
	const char *text;
	struct tun_prefix local;
	struct tun_ip peer;
};

struct create_route {
	const char *text;
	struct tun_route route;
};

struct create_req {
	struct tun_config cfg;
	const char *name;
	unsigned mtu;
	bool up;
	struct create_addr *addrs;
	struct create_route *routes;
	size_t naddrs, nroutes;
	char **command; /* after "--", NULL when none */
};

static int parse_option(struct cli *cli, struct create_req *r, int opt,
			const char *arg)
{
	struct create_addr *a = r->naddrs ? &r->addrs[r->naddrs - 1] : NULL;
	struct create_route *rt = r->nroutes ? &r->routes[r->nroutes - 1] : NULL;
	long long gid;

	switch (opt) {
	case OPT_TAP:
		r->cfg.mode = TUN_MODE_TAP;
		return 0;
	case OPT_MTU:
		return cli_parse_mtu(cli, arg, &r->mtu);
	case OPT_ADDR:
		a = &r->addrs[r->naddrs++];
		a->text = arg;
		return cli_parse_prefix(cli, arg, &a->local);
	case OPT_PEER:
		if (!a)
			return cli_usage_error(cli, "--peer",
					       "must follow an --addr");
		if (a->peer.family)
			return cli_usage_error(cli, "--peer",
					       "given twice for %s", a->text);
		if (cli_parse_ip(cli, arg, &a->peer))
			return EXIT_USAGE;
		if (a->peer.family != a->local.ip.family)
			return cli_usage_error(cli, arg,
					       "peer and address %s are of different families",
					       a->text);
		return 0;
	case OPT_ROUTE:
		rt = &r->routes[r->nroutes++];
		rt->text = arg;
		return cli_parse_route_dst(cli, arg, &rt->route.dst);
	case OPT_VIA:
		if (!rt)
			return cli_usage_error(cli, "--via", "must follow a --route");
		if (cli_parse_ip(cli, arg, &rt->route.gateway))
			return EXIT_USAGE;
		if (rt->route.gateway.family != rt->route.dst.ip.family)
			return cli_usage_error(cli, arg,
					       "gateway and route %s are of different families",
					       rt->text);
		return 0;
	case OPT_METRIC:
		if (!rt)
			return cli_usage_error(cli, "--metric",
					       "must follow a --route");
		rt->route.has_metric = true;
		return cli_parse_metric(cli, arg, &rt->route.metric);
	case OPT_UP:
		r->up = true;
		return 0;
	case OPT_OWNER:
		if (cli_os_lookup_user(arg, &r->cfg.owner, NULL) < 0)
			return cli_usage_error(cli, arg, "no such user");
		return 0;
	case OPT_GROUP:
		if (cli_os_lookup_group(arg, &gid) < 0)
			return cli_usage_error(cli, arg, "no such group");
		r->cfg.group = gid;
		return 0;
	case OPT_MULTI_QUEUE:
		r->cfg.flags |= TUN_FLAG_MULTI_QUEUE;
		return 0;
	case OPT_OFFLOAD:
		r->cfg.flags |= TUN_FLAG_VNET_HDR;
		return 0;
	case OPT_PI:
		r->cfg.flags |= TUN_FLAG_PI;
		return 0;
	}
	return EXIT_USAGE;
}

static int parse(struct cli *cli, struct create_req *r, int argc, char *argv[])
{
	struct cli_parser p;
	int opt, ret;

	cli_parser_init(&p, argc, argv, create_options);
	while ((opt = cli_next(cli, &p)) != CLI_END) {
		if (opt == CLI_HELP) {
			cli_help(stdout, create_usage, create_options);
			return -1;
		}
		if (opt == CLI_BAD)
			return EXIT_USAGE;
		if (opt == CLI_POSITIONAL) {
			if (r->name)
				return cli_extra_arg(cli, p.arg, create_usage);
			if ((ret = cli_parse_name(cli, p.arg, true)))
				return ret;
			r->name = p.arg;
			continue;
		}
		if ((ret = parse_option(cli, r, opt, p.arg)))
			return ret;
	}
	if (p.dashdash) {
		if (p.next >= argc)
			return cli_usage_error(cli, "--", "needs a COMMAND after it");
		r->command = argv + p.next;
	}
	if (r->nroutes && !r->up)
		return cli_usage_error(cli, "--route",
				       "needs --up: routes go only through a device that is up");
	r->cfg.name = r->name;
	return 0;
}

/* Everything after the device exists; any failure here is undone by
 * closing the (not yet persistent) device. */
static int configure(struct cli *cli, struct tun_ctx *ctx,
		     const struct create_req *r, const char *name)
{
	int ret;

	if (r->mtu && (ret = tun_mtu_set(ctx, name, r->mtu)) < 0)
		return cli_fail(cli, "--mtu", ret);
	for (size_t i = 0; i < r->naddrs; i++) {
		const struct create_addr *a = &r->addrs[i];

		ret = tun_addr_add(ctx, name, &a->local,
				   a->peer.family ? &a->peer : NULL);
		if (ret < 0)
			return cli_fail(cli, a->text, ret);
	}
	if (r->up && (ret = tun_link_set_up(ctx, name, true)) < 0)
		return cli_fail(cli, "--up", ret);
	for (size_t i = 0; i < r->nroutes; i++) {
		ret = tun_route_add(ctx, name, &r->routes[i].route);
		if (ret < 0)
			return cli_fail(cli, r->routes[i].text, ret);
	}
	return EXIT_OK;
}

static int create(struct cli *cli, const struct create_req *r)
{
	struct tun_ctx *ctx = cli_ctx(cli);
	struct tun_dev *dev = NULL;
	const char *name;
	int ret;

	if (!ctx)
		return EXIT_SYSTEM;
	ret = tun_dev_create(ctx, &r->cfg, &dev);
	if (ret < 0)
		return cli_fail(cli, r->name, ret);
	name = tun_dev_name(dev);
	ret = configure(cli, ctx, r, name);
	if (ret != EXIT_OK)
		goto out;
	if (r->command) {
		ret = cli_os_run_with_device(cli, dev, r->command);
		dev = NULL; /* closed by the call */
		goto out;
	}
	ret = tun_dev_set_persist(ctx, dev, true);
	if (ret < 0) {
		ret = cli_fail(cli, name, ret);
		goto out;
	}
	print_open(cli, NULL, '{');
	print_str(cli, "ifname", "%s\n", name);
	print_close(cli, '{');
	print_end(cli);
	ret = EXIT_OK;
out:
	tun_dev_close(dev);
	return ret;
}

int create_main(struct cli *cli, int argc, char *argv[])
{
	struct create_req r = { .cfg = { .owner = -1, .group = -1 } };
	int ret;

	/* Each --addr or --route takes a word, so argc bounds their count. */
	r.addrs = calloc((size_t)argc, sizeof(*r.addrs));
	r.routes = calloc((size_t)argc, sizeof(*r.routes));
	if (!r.addrs || !r.routes) {
		ret = cli_fail(cli, NULL, -ENOMEM);
		goto out;
	}
	ret = parse(cli, &r, argc, argv);
	if (ret < 0)
		ret = EXIT_OK; /* help was asked for */
	else if (ret == 0)
		ret = create(cli, &r);
out:
	free(r.addrs);
	free(r.routes);
	return ret;
}
