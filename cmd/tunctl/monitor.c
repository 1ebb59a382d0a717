// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <string.h>

#include "commands.h"
#include "datapath.h"

/* One line (JSON: one object) per change of a TUN/TAP device. The devices
 * already there come first as "exists", so that the lines describe every
 * device, including those made while the monitor was starting. */

static const char monitor_usage[] = "monitor [NAME] [-c COUNT]";

enum { OPT_COUNT };

static const struct cli_option monitor_options[] = {
	[OPT_COUNT] = { "count", 'c', "COUNT",
			"stop after COUNT changes (lines other than exists)" },
	{ NULL, 0, NULL, NULL },
};

struct monitor {
	struct cli *cli;
	const char *name; /* NULL: every device */
	unsigned long long count, changes;
	struct dp_printer clock; /* only its local-time cache is used */
};

/* The start of a line: time and device, then @event. */
static void line_start(struct monitor *m, const char *ifname,
		       const char *event)
{
	struct cli *cli = m->cli;
	long long sec;
	long usec;

	dp_now(&sec, &usec);
	print_open(cli, NULL, '{');
	if (cli->json) {
		char when[32];

		snprintf(when, sizeof(when), "%lld.%06ld", sec, usec);
		print_number(cli, "time", NULL, when);
	} else {
		if (sec != m->clock.sec) {
			dp_clock(sec, m->clock.hms);
			m->clock.sec = sec;
		}
		print_text(cli, "%s.%06ld ", m->clock.hms, usec);
	}
	print_str(cli, "ifname", "%s:", ifname);
	print_str(cli, "event", " %s", event);
}

static void line_end(struct monitor *m, bool change)
{
	print_text(m->cli, "\n");
	print_close(m->cli, '{');
	if (m->cli->json)
		fputc('\n', m->cli->out);
	if (change)
		m->changes++;
}

static void print_link(struct monitor *m, const struct tun_info *l,
		       const char *event)
{
	struct cli *cli = m->cli;

	line_start(m, l->name, event);
	print_uint(cli, "ifindex", NULL, l->index);
	print_str(cli, "mode", " mode %s", l->mode == TUN_MODE_TAP ? "tap" : "tun");
	print_uint(cli, "mtu", " mtu %llu", l->mtu);
	print_flags(cli, l->flags);
	if (l->owner >= 0)
		print_int(cli, "owner", " owner %lld", l->owner);
	if (l->group >= 0)
		print_int(cli, "group", " group %lld", l->group);
	line_end(m, strcmp(event, "exists") != 0);
}

static void print_id(struct monitor *m, const struct tun_info *l,
		     const char *event, long long id)
{
	line_start(m, l->name, event);
	if (id >= 0)
		print_int(m->cli, event, " %lld", id);
	else
		print_text(m->cli, " none");
	line_end(m, true);
}

static void print_on_off(struct monitor *m, const struct tun_info *l,
			 const char *event, bool on)
{
	line_start(m, l->name, event);
	print_bool(m->cli, event, NULL, on);
	print_text(m->cli, " %s", on ? "on" : "off");
	line_end(m, true);
}

/* A change of a device: one line for each thing that changed. */
static void print_link_change(struct monitor *m, const struct tun_info *old,
			      const struct tun_info *l)
{
	unsigned changed = old->flags ^ l->flags;

	if (strcmp(old->name, l->name)) {
		line_start(m, l->name, "renamed");
		print_str(m->cli, "old_ifname", " from %s", old->name);
		line_end(m, true);
	}
	if (changed & TUN_FLAG_UP) {
		line_start(m, l->name, l->flags & TUN_FLAG_UP ? "up" : "down");
		line_end(m, true);
	}
	if (changed & TUN_FLAG_CARRIER)
		print_on_off(m, l, "carrier", l->flags & TUN_FLAG_CARRIER);
	if (changed & TUN_FLAG_PERSIST)
		print_on_off(m, l, "persist", l->flags & TUN_FLAG_PERSIST);
	if (old->mtu != l->mtu) {
		line_start(m, l->name, "mtu");
		print_uint(m->cli, "mtu", " %llu", l->mtu);
		line_end(m, true);
	}
	if (old->owner != l->owner)
		print_id(m, l, "owner", l->owner);
	if (old->group != l->group)
		print_id(m, l, "group", l->group);
}

static void print_addr_flags(struct cli *cli, unsigned flags)
{
	print_open(cli, "flags", '[');
	if (flags & TUN_ADDR_TENTATIVE) {
		print_str(cli, NULL, NULL, "tentative");
		print_text(cli, " tentative");
	}
	if (flags & TUN_ADDR_DADFAILED) {
		print_str(cli, NULL, NULL, "dadfailed");
		print_text(cli, " dadfailed");
	}
	print_close(cli, '[');
}

static const char *addr_event_name(enum tun_event_type t)
{
	return t == TUN_EVENT_ADDR_NEW	  ? "addr_added"
	       : t == TUN_EVENT_ADDR_DEL ? "addr_deleted"
					 : "addr_changed";
}

static void print_event(struct monitor *m, const struct tun_event *e)
{
	switch (e->type) {
	case TUN_EVENT_LINK_NEW:
		print_link(m, &e->link, e->initial ? "exists" : "created");
		break;
	case TUN_EVENT_LINK_DEL:
		line_start(m, e->link.name, "deleted");
		line_end(m, true);
		break;
	case TUN_EVENT_LINK_CHANGE:
		print_link_change(m, &e->old, &e->link);
		break;
	case TUN_EVENT_ADDR_NEW:
	case TUN_EVENT_ADDR_CHANGE:
	case TUN_EVENT_ADDR_DEL:
		if (e->initial)
			break;
		line_start(m, e->link.name, addr_event_name(e->type));
		print_text(m->cli, " ");
		print_addr_fields(m->cli, &e->addr);
		if (e->type != TUN_EVENT_ADDR_DEL)
			print_addr_flags(m->cli, e->addr_flags);
		line_end(m, true);
		break;
	case TUN_EVENT_ROUTE_NEW:
	case TUN_EVENT_ROUTE_DEL:
		line_start(m, e->link.name, e->type == TUN_EVENT_ROUTE_NEW
						    ? "route_added"
						    : "route_deleted");
		print_text(m->cli, " ");
		print_route_fields(m->cli, &e->route);
		line_end(m, true);
		break;
	default:
		break;
	}
}

static bool wanted(const struct monitor *m, const struct tun_event *e)
{
	if (!m->name)
		return true;
	return !strcmp(e->link.name, m->name) ||
	       (e->type == TUN_EVENT_LINK_CHANGE && !strcmp(e->old.name, m->name));
}

static int flush_output(struct monitor *m)
{
	if (fflush(m->cli->out) == 0 && !ferror(m->cli->out))
		return EXIT_OK;
	cli_say(m->cli, NULL, "cannot write the output: %s",
		cli_os_strerror(-errno));
	return EXIT_SYSTEM;
}

static int monitor_loop(struct monitor *m, struct tun_events *ev,
			struct dp_stop *stop)
{
	struct tun_event e;

	for (;;) {
		int fd = tun_events_fd(ev), ret = tun_events_next(ev, &e);

		if (ret == 1) {
			if (wanted(m, &e))
				print_event(m, &e);
			if (m->count && m->changes >= m->count)
				return flush_output(m);
			continue;
		}
		if (ret != -EAGAIN)
			return cli_fail(m->cli, m->name, ret);
		if ((ret = flush_output(m)) != EXIT_OK)
			return ret;
		ret = dp_wait(stop, &fd, 1);
		if (ret == -EINTR)
			return EXIT_OK;
		if (ret < 0)
			return cli_fail(m->cli, m->name, ret);
	}
}

int monitor_main(struct cli *cli, int argc, char *argv[])
{
	static const char *const names[] = { "NAME" };
	struct monitor m = { .cli = cli };
	const char *count;
	struct tun_events *ev;
	struct dp_stop *stop;
	struct tun_ctx *ctx;
	int ret = cli_words(cli, argc, argv, monitor_usage, monitor_options,
			    &count, names, 0, 1, &m.name);

	if (ret != EXIT_OK)
		return ret == CLI_HELP ? EXIT_OK : ret;
	if (m.name && (ret = cli_parse_name(cli, m.name, false)))
		return ret;
	if (count && (ret = dp_parse_count(cli, count, &m.count)))
		return ret;
	if (!(ctx = cli_ctx(cli)))
		return EXIT_SYSTEM;
	dp_printer_init(&m.clock, cli, false);
	ret = tun_events_open(ctx, &ev);
	if (ret < 0)
		return cli_fail(cli, m.name, ret);
	ret = dp_stop_begin(&stop);
	if (ret < 0) {
		tun_events_close(ev);
		return cli_fail(cli, NULL, ret);
	}
	ret = monitor_loop(&m, ev, stop);
	dp_stop_end(stop);
	tun_events_close(ev);
	return ret;
}
