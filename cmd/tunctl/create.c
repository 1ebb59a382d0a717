// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

static const char create_usage[] =
	"create [NAME] [--tap] [--mtu N] [--addr PREFIX [--peer ADDR]]...\n"
	"    [--route PREFIX [--via GW] [--metric N]]... [--up] [--owner USER]\n"
	"    [--group GROUP] [--open] [--multi-queue] [--offload] [--pi]\n"
	"    [--exist-ok] [--name-file FILE] [--dns ADDR]... [-- COMMAND [ARG]...]";

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
	OPT_OPEN,
	OPT_MULTI_QUEUE,
	OPT_OFFLOAD,
	OPT_PI,
	OPT_EXIST_OK,
	OPT_NAME_FILE,
	OPT_DNS,
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
			"USER may open the device without privileges (default: the caller)" },
	[OPT_GROUP] = { "group", 0, "GROUP",
			"GROUP may open the device without privileges" },
	[OPT_OPEN] = { "open", 0, NULL,
		       "no owner and no group: any user may open the device" },
	[OPT_MULTI_QUEUE] = { "multi-queue", 0, NULL,
			      "allow several queues (readers)" },
	[OPT_OFFLOAD] = { "offload", 0, NULL,
			  "frame packets with a virtio-net header (IFF_VNET_HDR)" },
	[OPT_PI] = { "pi", 0, NULL, "keep the 4-byte packet-information header" },
	[OPT_EXIST_OK] = { "exist-ok", 0, NULL,
			   "accept an existing NAME of the same mode and flags" },
	[OPT_NAME_FILE] = { "name-file", 0, "FILE",
			    "also write the device's name to FILE" },
	[OPT_DNS] = { "dns", 0, "ADDR",
		      "a DNS server for the device (Windows); repeatable" },
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
	bool exist_ok;
	bool owned;	/* --owner or --group */
	bool open;	/* --open */
	const char *name_file;
	struct create_addr *addrs;
	struct create_route *routes;
	size_t naddrs, nroutes;
	char **command; /* after "--", NULL when none */
	struct tun_ip *dns; /* --dns, in order */
	size_t ndns;
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
		r->cfg.has_owner = true;
		r->owned = true;
		return 0;
	case OPT_GROUP:
		if (cli_os_lookup_group(arg, &gid) < 0)
			return cli_usage_error(cli, arg, "no such group");
		r->cfg.group = gid;
		r->cfg.has_group = true;
		r->owned = true;
		return 0;
	case OPT_OPEN:
		r->open = true;
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
	case OPT_EXIST_OK:
		r->exist_ok = true;
		return 0;
	case OPT_NAME_FILE:
		if (!arg[0])
			return cli_usage_error(cli, "--name-file",
					       "needs a file name");
		r->name_file = arg;
		return 0;
	case OPT_DNS:
		return cli_parse_ip(cli, arg, &r->dns[r->ndns++]);
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
	if (r->exist_ok && (!r->name || strchr(r->name, '%')))
		return cli_usage_error(cli, "--exist-ok",
				       "needs a NAME without %%d: only a fixed name can exist already");
	if (r->exist_ok && r->command)
		return cli_usage_error(cli, "--exist-ok",
				       "cannot go with -- COMMAND: a device that exists would not go away with it");
	if (r->open && r->owned)
		return cli_usage_error(cli, "--open",
				       "cannot go with --owner or --group");
	/* Secure by default: a device anyone may open gives its traffic to
	 * whoever attaches first. */
	if (!r->open && !r->owned && cli_os_default_owner() >= 0) {
		r->cfg.owner = cli_os_default_owner();
		r->cfg.has_owner = true;
	}
	r->cfg.name = r->name;
	return 0;
}

/* --exist-ok on a device that is there: step by step, so that what it
 * already has counts as done. A failure leaves what was applied. */
static int configure(struct cli *cli, struct tun_ctx *ctx,
		     const struct create_req *r, const char *name)
{
	int ret;

	if (r->mtu && (ret = tun_mtu_set(ctx, name, r->mtu)) < 0)
		return cli_fail(cli, "--mtu", ret);
	for (size_t i = 0; i < r->naddrs; i++) {
		const struct create_addr *a = &r->addrs[i];
		const struct tun_ip *peer = a->peer.family ? &a->peer : NULL;

		/* The kernel would add an IPv4 address with another prefix
		 * length or peer as a second one: that is a conflict. */
		ret = addr_present(cli, ctx, name, a->text, &a->local, peer,
				   true);
		if (ret < 0)
			ret = addr_add_one(cli, ctx, name, a->text, &a->local,
					   peer, true);
		if (ret != EXIT_OK)
			return ret;
	}
	if (r->up && (ret = tun_link_set_up(ctx, name, true)) < 0)
		return cli_fail(cli, "--up", ret);
	for (size_t i = 0; i < r->nroutes; i++) {
		ret = route_add_one(cli, ctx, name, r->routes[i].text,
				    &r->routes[i].route, r->exist_ok);
		if (ret != EXIT_OK)
			return ret;
	}
	return EXIT_OK;
}

static const char *setup_step_text(const struct create_req *r,
				   const struct tun_setup_failure *f)
{
	switch (f->step) {
	case TUN_SETUP_MTU:
		return "--mtu";
	case TUN_SETUP_ADDR:
		return r->addrs[f->index].text;
	case TUN_SETUP_UP:
		return "--up";
	case TUN_SETUP_ROUTE:
		return r->routes[f->index].text;
	}
	return NULL;
}

/* A device just made: everything in one go (one message to the kernel on
 * Linux). On failure the caller removes the device, and with it whatever
 * had been applied. */
static int setup_new(struct cli *cli, struct tun_ctx *ctx, const char *name,
		     const struct create_req *r)
{
	struct tun_setup_addr *addrs = calloc(r->naddrs + 1, sizeof(*addrs));
	struct tun_route *routes = calloc(r->nroutes + 1, sizeof(*routes));
	struct tun_setup s = { r->mtu, addrs, r->naddrs, r->up, routes,
			       r->nroutes };
	struct tun_setup_failure failure = { TUN_SETUP_MTU, 0 };
	int ret;

	if (!addrs || !routes) {
		ret = cli_fail(cli, NULL, -ENOMEM);
		goto out;
	}
	for (size_t i = 0; i < r->naddrs; i++) {
		addrs[i].local = r->addrs[i].local;
		addrs[i].peer = r->addrs[i].peer;
	}
	for (size_t i = 0; i < r->nroutes; i++)
		routes[i] = r->routes[i].route;
	ret = tun_setup_apply(ctx, name, &s, &failure);
	ret = ret < 0 ? cli_fail(cli, setup_step_text(r, &failure), ret)
		      : EXIT_OK;
out:
	free(addrs);
	free(routes);
	return ret;
}

/* --dns: where the system has no per-device DNS (Linux: resolvectl),
 * the library says so and the new device goes away again. */
static int set_dns(struct cli *cli, struct tun_ctx *ctx,
		   const struct create_req *r, const char *name)
{
	int ret = tun_dns_set(ctx, name, r->dns, r->ndns);

	return ret < 0 ? cli_fail(cli, "--dns", ret) : EXIT_OK;
}

/* --name-file: written once the device is configured; a failure here still
 * removes the device. */
static int write_name_file(struct cli *cli, const char *path, const char *name)
{
	FILE *f = fopen(path, "w");
	int err = 0;

	if (!f) {
		err = errno;
	} else {
		if (fprintf(f, "%s\n", name) < 0)
			err = errno ? errno : EIO;
		if (fclose(f) == EOF && !err)
			err = errno ? errno : EIO;
	}
	if (!err)
		return EXIT_OK;
	cli_say(cli, path, "cannot write the device's name: %s",
		cli_os_strerror(-err));
	return EXIT_SYSTEM;
}

/* The name, and whether it reached standard output: a caller that cannot
 * read it cannot use the device. */
static int print_name(struct cli *cli, const char *name)
{
	print_open(cli, NULL, '{');
	print_str(cli, "ifname", "%s\n", name);
	print_close(cli, '{');
	print_end(cli);
	return print_flush(cli);
}

/* What --exist-ok calls "the same device": the same mode, the same framing
 * and queue flags (a reader depends on them and they cannot be changed
 * without recreating the device), and the owner and group this create
 * would give it: the caller by default, none with --open. */
static const char *mismatch(const struct tun_config *cfg, bool open,
			    const struct tun_info *info, char *buf, size_t len)
{
	static const struct {
		unsigned flag;
		const char *option;
	} flags[] = {
		{ TUN_FLAG_MULTI_QUEUE, "--multi-queue" },
		{ TUN_FLAG_VNET_HDR, "--offload" },
		{ TUN_FLAG_PI, "--pi" },
	};

	if (info->mode != cfg->mode) {
		snprintf(buf, len, "it is a %s device",
			 info->mode == TUN_MODE_TAP ? "tap" : "tun");
		return buf;
	}
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		bool want = cfg->flags & flags[i].flag;

		if (want != !!(info->flags & flags[i].flag)) {
			snprintf(buf, len, "it was made %s %s", want ? "without" : "with",
				 flags[i].option);
			return buf;
		}
	}
	if (cfg->has_owner && info->owner != cfg->owner) {
		if (info->owner < 0)
			snprintf(buf, len, "it has no owner");
		else
			snprintf(buf, len, "its owner is %lld", info->owner);
		return buf;
	}
	if (cfg->has_group && info->group != cfg->group) {
		if (info->group < 0)
			snprintf(buf, len, "it has no group");
		else
			snprintf(buf, len, "its group is %lld", info->group);
		return buf;
	}
	if (open && (info->owner >= 0 || info->group >= 0)) {
		snprintf(buf, len, "it is not open: its %s is %lld",
			 info->owner >= 0 ? "owner" : "group",
			 info->owner >= 0 ? info->owner : info->group);
		return buf;
	}
	return NULL;
}

/* --exist-ok and NAME is there: check it matches, then configure it. A
 * failure leaves it as it was found plus whatever was applied before. */
static int reuse(struct cli *cli, struct tun_ctx *ctx,
		 const struct create_req *r)
{
	struct tun_info info;
	char why[64];
	int ret = cli_check_device(cli, r->name, true, NULL, &info);

	if (ret != EXIT_OK)
		return ret;
	if (mismatch(&r->cfg, r->open, &info, why, sizeof(why))) {
		cli_say(cli, r->name, "exists, but is not the same device: %s",
			why);
		return EXIT_SYSTEM;
	}
	ret = configure(cli, ctx, r, r->name);
	if (ret == EXIT_OK && r->ndns)
		ret = set_dns(cli, ctx, r, r->name);
	if (ret == EXIT_OK && r->name_file)
		ret = write_name_file(cli, r->name_file, r->name);
	if (ret == EXIT_OK && (ret = print_name(cli, r->name)) < 0) {
		cli_say(cli, "standard output", "%s", cli_os_strerror(ret));
		return EXIT_SYSTEM;
	}
	return ret;
}

/* Everything after the device exists. */
static int configure_new(struct cli *cli, struct tun_ctx *ctx,
			 const struct create_req *r, const char *name)
{
	int ret = setup_new(cli, ctx, name, r);

	if (ret == EXIT_OK && r->ndns)
		ret = set_dns(cli, ctx, r, name);
	if (ret == EXIT_OK && r->name_file)
		ret = write_name_file(cli, r->name_file, name);
	return ret;
}

/* Printed, then made persistent: the create is done. A failure of either
 * leaves a device that closing @dev removes. */
static int finish(struct cli *cli, struct tun_ctx *ctx, struct tun_dev *dev)
{
	const char *name = tun_dev_name(dev);
	int err = print_name(cli, name);

	if (err < 0) {
		cli_say(cli, "standard output", "%s; %s is removed again",
			cli_os_strerror(err), name);
		return EXIT_SYSTEM;
	}
	err = tun_dev_set_persist(ctx, dev, true);
	return err < 0 ? cli_fail(cli, name, err) : EXIT_OK;
}

/*
 * A device for later readers, made without carrier as ip tuntap makes it.
 * It is made without persist and held while it is configured, so that a
 * failure, a signal or kill -9 before the end takes it away with the
 * descriptor, and nothing another process made is touched. Then, with
 * SIGINT, SIGTERM and SIGHUP held back, its name is printed, persist set
 * and the descriptor closed. (Both of these make the kernel walk its IPv6
 * routing table once, as the device is up by then: the price of leaving
 * nothing half made, see docs/ARCHITECTURE.md.)
 */
static int create_persistent(struct cli *cli, struct tun_ctx *ctx,
			     const struct create_req *r)
{
	struct tun_config cfg = r->cfg;
	struct tun_dev *dev;
	unsigned held;
	int ret;

	cfg.flags |= TUN_FLAG_NO_CARRIER;
	ret = tun_dev_create(ctx, &cfg, &dev);
	if (ret == -EEXIST && r->exist_ok)
		return reuse(cli, ctx, r);
	if (ret < 0)
		return cli_fail(cli, r->name, ret);
	ret = configure_new(cli, ctx, r, tun_dev_name(dev));
	if (ret != EXIT_OK) {
		tun_dev_close(dev);
		return ret;
	}
	held = cli_os_hold_signals();
	ret = finish(cli, ctx, dev);
	tun_dev_close(dev);
	/* A lone create keeps them held until it exits, so that a signal
	 * from here on finds it done rather than killing it with its device
	 * made. A batch goes on, and may be interrupted again. */
	if (cli->batch_line)
		cli_os_release_signals(held);
	return ret;
}

/* create -- COMMAND: the device lives as long as the command holds it.
 * The lock on its name is given up once it is configured. */
static int create_for_command(struct cli *cli, struct tun_ctx *ctx,
			      const struct create_req *r, int *lock)
{
	struct tun_dev *dev;
	int ret = tun_dev_create(ctx, &r->cfg, &dev);

	if (ret < 0)
		return cli_fail(cli, r->name, ret);
	ret = configure_new(cli, ctx, r, tun_dev_name(dev));
	if (ret != EXIT_OK) {
		tun_dev_close(dev); /* the last descriptor: the device goes */
		return ret;
	}
	cli_os_unlock_name(*lock);
	*lock = -1;
	return cli_os_run_with_device(cli, dev, r->command);
}

/* A fixed name is created by one tunctl at a time: two creates --exist-ok
 * of it would otherwise configure the same device at once, and one's
 * failure would take the other's device. */
static int lock_name(struct cli *cli, const struct create_req *r, int *lock)
{
	int ret;

	*lock = -1;
	if (!r->name || strchr(r->name, '%'))
		return EXIT_OK;
	ret = cli_os_lock_name(r->name, lock);
	if (ret == -ETIMEDOUT) {
		cli_say(cli, r->name,
			"another tunctl has been creating it for %d s",
			CLI_LOCK_WAIT_S);
		return EXIT_SYSTEM;
	}
	return ret < 0 ? cli_fail(cli, r->name, ret) : EXIT_OK;
}

static int create(struct cli *cli, const struct create_req *r)
{
	struct tun_ctx *ctx = cli_ctx(cli);
	int lock, ret;

	if (!ctx)
		return EXIT_SYSTEM;
	ret = lock_name(cli, r, &lock);
	if (ret != EXIT_OK)
		return ret;
	ret = r->command ? create_for_command(cli, ctx, r, &lock)
			 : create_persistent(cli, ctx, r);
	cli_os_unlock_name(lock);
	return ret;
}

int create_main(struct cli *cli, int argc, char *argv[])
{
	struct create_req r = { 0 };
	int ret;

	/* Each --addr or --route takes a word, so argc bounds their count. */
	r.addrs = calloc((size_t)argc, sizeof(*r.addrs));
	r.routes = calloc((size_t)argc, sizeof(*r.routes));
	r.dns = calloc((size_t)argc, sizeof(*r.dns));
	if (!r.addrs || !r.routes || !r.dns) {
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
	free(r.dns);
	return ret;
}
