// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <string.h>

#include "commands.h"
#include "datapath.h"

/* Wait for a device's state through change notifications: subscribe, take
 * the state the subscription starts with, then apply every change until
 * all conditions hold. */

static const char wait_usage[] =
	"wait NAME [--exists] [--up] [--carrier] [--addr PREFIX]... [--gone] "
	"[--timeout SECONDS]";

enum { OPT_EXISTS, OPT_UP, OPT_CARRIER, OPT_ADDR, OPT_GONE, OPT_TIMEOUT };

static const struct cli_option wait_options[] = {
	[OPT_EXISTS] = { "exists", 0, NULL,
			 "until the device exists (the default)" },
	[OPT_UP] = { "up", 0, NULL, "until it is up" },
	[OPT_CARRIER] = { "carrier", 0, NULL,
			  "until it has carrier (a reader is attached)" },
	[OPT_ADDR] = { "addr", 0, "PREFIX",
		       "until it has this address, usable (no length: any); "
		       "may be repeated" },
	[OPT_GONE] = { "gone", 0, NULL, "until the device no longer exists" },
	[OPT_TIMEOUT] = { "timeout", 0, "SECONDS",
			  "give up after this long (may have a fraction), exit 1" },
	{ NULL, 0, NULL, NULL },
};

#define WAIT_ADDRS_MAX 16

struct wanted_addr {
	const char *text;
	struct tun_prefix prefix;
	bool any_len;
	bool seen;
	unsigned flags; /* TUN_ADDR_* while seen */
};

struct wait_for {
	const char *name;
	bool exists, up, carrier, gone;
	struct wanted_addr addrs[WAIT_ADDRS_MAX];
	size_t naddrs;
	long timeout_ms; /* -1: none */
	/* what is known of the device */
	bool present;
	struct tun_info link;
};

/* "5", "0.25": milliseconds, at most a year. */
static int parse_timeout(struct cli *cli, const char *s, long *ms)
{
	const char *dot = strchr(s, '.');
	unsigned long long whole = 0, frac = 0, scale = 1000;
	char intpart[24];
	size_t n = dot ? (size_t)(dot - s) : strlen(s);

	if (n == 0 || n >= sizeof(intpart))
		return cli_usage_error(cli, s, "the timeout must be a number of seconds");
	memcpy(intpart, s, n);
	intpart[n] = '\0';
	if (cli_parse_uint(cli, "the timeout", intpart, 0, 365 * 86400ULL, &whole))
		return EXIT_USAGE;
	for (const char *p = dot ? dot + 1 : ""; *p; p++) {
		if (*p < '0' || *p > '9' || p - dot > 3)
			return cli_usage_error(cli, s,
					       "the timeout must be seconds with at most three decimals");
		scale /= 10;
		frac += (unsigned long long)(*p - '0') * scale;
	}
	if (dot && !dot[1])
		return cli_usage_error(cli, s, "the timeout must be a number of seconds");
	*ms = (long)(whole * 1000 + frac);
	return 0;
}

static int parse_args(struct cli *cli, int argc, char *argv[],
		      struct wait_for *w)
{
	struct cli_parser p;
	int opt, ret;

	cli_parser_init(&p, argc, argv, wait_options);
	while ((opt = cli_next(cli, &p)) != CLI_END) {
		struct wanted_addr *a = &w->addrs[w->naddrs];

		switch (opt) {
		case CLI_HELP:
			cli_help(stdout, wait_usage, wait_options);
			return CLI_HELP;
		case CLI_BAD:
			return EXIT_USAGE;
		case CLI_POSITIONAL:
			if (w->name)
				return cli_extra_arg(cli, p.arg, wait_usage);
			w->name = p.arg;
			break;
		case OPT_EXISTS:
			w->exists = true;
			break;
		case OPT_UP:
			w->up = true;
			break;
		case OPT_CARRIER:
			w->carrier = true;
			break;
		case OPT_GONE:
			w->gone = true;
			break;
		case OPT_ADDR:
			if (w->naddrs == WAIT_ADDRS_MAX)
				return cli_usage_error(cli, p.arg,
						       "at most %d addresses",
						       WAIT_ADDRS_MAX);
			if ((ret = cli_parse_prefix(cli, p.arg, &a->prefix)))
				return ret;
			a->text = p.arg;
			a->any_len = !strchr(p.arg, '/');
			w->naddrs++;
			break;
		case OPT_TIMEOUT:
			if ((ret = parse_timeout(cli, p.arg, &w->timeout_ms)))
				return ret;
			break;
		}
	}
	if (p.dashdash && p.next < argc)
		return cli_extra_arg(cli, argv[p.next], wait_usage);
	if (!w->name)
		return cli_missing(cli, "NAME", wait_usage);
	if (w->gone && (w->exists || w->up || w->carrier || w->naddrs))
		return cli_usage_error(cli, "--gone",
				       "cannot be combined with conditions on the device");
	if (!w->gone && !w->up && !w->carrier && !w->naddrs)
		w->exists = true;
	return cli_parse_name(cli, w->name, false);
}

static bool addr_matches(const struct wanted_addr *a, const struct tun_addr *have)
{
	return tun_ip_equal(&a->prefix.ip, &have->local.ip) &&
	       (a->any_len || a->prefix.len == have->local.len);
}

static void forget_device(struct wait_for *w)
{
	w->present = false;
	for (size_t i = 0; i < w->naddrs; i++)
		w->addrs[i].seen = false;
}

static void apply(struct wait_for *w, const struct tun_event *e)
{
	bool ours = w->present && e->link.index == w->link.index;

	switch (e->type) {
	case TUN_EVENT_LINK_NEW:
	case TUN_EVENT_LINK_CHANGE:
		if (!strcmp(e->link.name, w->name)) {
			if (!ours)
				forget_device(w);
			w->present = true;
			w->link = e->link;
		} else if (ours) {
			forget_device(w); /* renamed away */
		}
		break;
	case TUN_EVENT_LINK_DEL:
		if (ours)
			forget_device(w);
		break;
	case TUN_EVENT_ADDR_NEW:
	case TUN_EVENT_ADDR_CHANGE:
	case TUN_EVENT_ADDR_DEL:
		for (size_t i = 0; ours && i < w->naddrs; i++) {
			if (!addr_matches(&w->addrs[i], &e->addr))
				continue;
			w->addrs[i].seen = e->type != TUN_EVENT_ADDR_DEL;
			w->addrs[i].flags = e->addr_flags;
		}
		break;
	default:
		break;
	}
}

static bool addr_usable(const struct wanted_addr *a)
{
	return a->seen &&
	       !(a->flags & (TUN_ADDR_TENTATIVE | TUN_ADDR_DADFAILED));
}

static bool satisfied(const struct wait_for *w)
{
	if (w->gone)
		return !w->present;
	if (!w->present)
		return false;
	if (w->up && !(w->link.flags & TUN_FLAG_UP))
		return false;
	if (w->carrier && !(w->link.flags & TUN_FLAG_CARRIER))
		return false;
	for (size_t i = 0; i < w->naddrs; i++) {
		if (!addr_usable(&w->addrs[i]))
			return false;
	}
	return true;
}

static void add_missing(char *buf, size_t len, const char *what)
{
	size_t used = strlen(buf);

	snprintf(buf + used, len - used, "%s%s", used ? ", " : "", what);
}

static int timed_out(struct cli *cli, const struct wait_for *w)
{
	char missing[1024] = "", item[TUN_PREFIXSTRLEN + 32];

	if (w->gone)
		add_missing(missing, sizeof(missing), "gone (it still exists)");
	else if (!w->present)
		add_missing(missing, sizeof(missing),
			    "exists (no such TUN/TAP device)");
	if (w->present && w->up && !(w->link.flags & TUN_FLAG_UP))
		add_missing(missing, sizeof(missing), "up");
	if (w->present && w->carrier && !(w->link.flags & TUN_FLAG_CARRIER))
		add_missing(missing, sizeof(missing), "carrier");
	for (size_t i = 0; !w->gone && i < w->naddrs; i++) {
		const struct wanted_addr *a = &w->addrs[i];

		if (addr_usable(a))
			continue;
		snprintf(item, sizeof(item), "addr %s%s", a->text,
			 !a->seen ? ""
			 : a->flags & TUN_ADDR_DADFAILED ? " (duplicate address detection failed)"
							 : " (tentative)");
		add_missing(missing, sizeof(missing), item);
	}
	cli_say(cli, w->name, "timed out after %ld.%03ld s; still missing: %s",
		w->timeout_ms / 1000, w->timeout_ms % 1000, missing);
	return EXIT_SYSTEM;
}

static int wait_events(struct cli *cli, struct tun_events *ev,
		       struct wait_for *w)
{
	uint64_t deadline = dp_monotonic_ms() + (uint64_t)w->timeout_ms;
	bool synced = false;
	struct tun_event e;

	for (;;) {
		int fd = tun_events_fd(ev), ret = tun_events_next(ev, &e);
		long left = -1;

		if (ret == 1) {
			apply(w, &e);
			synced |= e.type == TUN_EVENT_SYNC;
			if (synced && satisfied(w))
				return EXIT_OK;
			continue;
		}
		if (ret != -EAGAIN)
			return cli_fail(cli, w->name, ret);
		/* The starting state is read whatever the timeout: the
		 * kernel answers at once. */
		if (synced && w->timeout_ms >= 0) {
			uint64_t now = dp_monotonic_ms();

			left = deadline > now ? (long)(deadline - now) : 0;
		}
		ret = dp_wait_for(NULL, &fd, 1, left);
		if (ret == -ETIMEDOUT)
			return timed_out(cli, w);
		if (ret < 0)
			return cli_fail(cli, w->name, ret);
	}
}

int wait_main(struct cli *cli, int argc, char *argv[])
{
	struct wait_for w = { .timeout_ms = -1 };
	struct tun_events *ev;
	struct tun_info info;
	struct tun_ctx *ctx;
	int ret = parse_args(cli, argc, argv, &w);

	if (ret != EXIT_OK)
		return ret == CLI_HELP ? EXIT_OK : ret;
	if (!(ctx = cli_ctx(cli)))
		return EXIT_SYSTEM;
	if (tun_dev_info_get(ctx, w.name, &info) == -EOPNOTSUPP)
		return cli_usage_error(cli, w.name, "not a TUN/TAP device");
	ret = tun_events_open(ctx, &ev);
	if (ret < 0)
		return cli_fail(cli, w.name, ret);
	ret = wait_events(cli, ev, &w);
	tun_events_close(ev);
	return ret;
}
