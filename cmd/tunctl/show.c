// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

static const char show_usage[] = "show [NAME] [--names]";

static const struct cli_option show_options[] = {
	{ "names", 0, NULL, "print only the names, one per line" },
	{ NULL, 0, NULL, NULL },
};

void print_addr_fields(struct cli *cli, const struct tun_addr *a)
{
	char buf[TUN_ADDRSTRLEN];

	print_str(cli, "family", "%s ", cli_family_name(a->local.ip.family));
	print_str(cli, "local", "%s",
		  tun_ip_format(&a->local.ip, buf, sizeof(buf)));
	print_uint(cli, "prefixlen", "/%llu", a->local.len);
	if (a->peer.family)
		print_str(cli, "address", " peer %s",
			  tun_ip_format(&a->peer, buf, sizeof(buf)));
}

void print_flags(struct cli *cli, unsigned flags)
{
	static const struct {
		unsigned flag;
		const char *name;
	} names[] = {
		{ TUN_FLAG_UP, "up" },
		{ TUN_FLAG_CARRIER, "carrier" },
		{ TUN_FLAG_PERSIST, "persist" },
		{ TUN_FLAG_MULTI_QUEUE, "multi_queue" },
		{ TUN_FLAG_PI, "pi" },
		{ TUN_FLAG_VNET_HDR, "vnet_hdr" },
	};
	const char *sep = " flags ";

	print_open(cli, "flags", '[');
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(flags & names[i].flag))
			continue;
		print_str(cli, NULL, NULL, names[i].name);
		print_text(cli, "%s%s", sep, names[i].name);
		sep = ",";
	}
	print_close(cli, '[');
	if (!cli->json && sep[0] == ' ')
		print_text(cli, " flags -");
}

/* A count as `ip -h` prints it: exact below 1000, else three significant
 * digits and k, M, G, ... */
static const char *human(uint64_t v, char *buf, size_t len)
{
	const char *prefix = "kMGTPE";
	uint64_t scale = 1000, digits = 10;
	int precision = 2;

	if (v < 1000) {
		snprintf(buf, len, "%llu", (unsigned long long)v);
		return buf;
	}
	while (v / 1000 >= scale && prefix[1]) {
		scale *= 1000;
		prefix++;
	}
	for (; precision > 0 && v / scale >= digits; precision--)
		digits *= 10;
	snprintf(buf, len, "%.*f%c", precision, (double)v / (double)scale,
		 *prefix);
	return buf;
}

struct counter {
	const char *key;  /* ip -j's name; NULL: text only */
	const char *head; /* the column's heading; NULL: JSON only */
	size_t offset;	  /* in struct tun_stats */
};

#define COUNTER(k, h, f) { k, h, offsetof(struct tun_stats, f) }

/* The rows of ip -s -s link, text and JSON alike: per direction the
 * counters, then with -s -s the kinds of error. */
static const struct counter rx_counters[] = {
	COUNTER("bytes", "bytes", rx_bytes),
	COUNTER("packets", "packets", rx_packets),
	COUNTER("errors", "errors", rx_errors),
	COUNTER("dropped", "dropped", rx_dropped),
	COUNTER("over_errors", NULL, rx_over_errors),
	COUNTER(NULL, "missed", rx_missed_errors),
	COUNTER("multicast", "mcast", multicast),
	{ NULL, NULL, 0 },
}, rx_errors[] = {
	COUNTER("length_errors", "length", rx_length_errors),
	COUNTER("crc_errors", "crc", rx_crc_errors),
	COUNTER("frame_errors", "frame", rx_frame_errors),
	COUNTER("fifo_errors", "fifo", rx_fifo_errors),
	COUNTER(NULL, "overrun", rx_over_errors),
	COUNTER("missed_errors", NULL, rx_missed_errors),
	{ NULL, NULL, 0 },
}, tx_counters[] = {
	COUNTER("bytes", "bytes", tx_bytes),
	COUNTER("packets", "packets", tx_packets),
	COUNTER("errors", "errors", tx_errors),
	COUNTER("dropped", "dropped", tx_dropped),
	COUNTER("carrier_errors", "carrier", tx_carrier_errors),
	COUNTER("collisions", "collsns", collisions),
	{ NULL, NULL, 0 },
}, tx_errors[] = {
	COUNTER("aborted_errors", "aborted", tx_aborted_errors),
	COUNTER("fifo_errors", "fifo", tx_fifo_errors),
	COUNTER("window_errors", "window", tx_window_errors),
	COUNTER("heartbeat_errors", "heartbt", tx_heartbeat_errors),
	{ NULL, NULL, 0 },
};

static uint64_t counter_value(const struct tun_stats *st, const struct counter *c)
{
	uint64_t v;

	memcpy(&v, (const char *)st + c->offset, sizeof(v));
	return v;
}

/* Text: a heading line and a line of human numbers; JSON: exact values. */
static void print_counters(struct cli *cli, const char *title,
			   const struct tun_stats *st, const struct counter *c)
{
	char buf[32];

	print_text(cli, "\t%-11s", title);
	for (const struct counter *h = c; h->key || h->head; h++) {
		if (h->head)
			print_text(cli, " %7s", h->head);
	}
	print_text(cli, "\n\t%-11s", "");
	for (; c->key || c->head; c++) {
		if (c->key)
			print_uint(cli, c->key, NULL, counter_value(st, c));
		if (c->head)
			print_text(cli, " %7s",
				   human(counter_value(st, c), buf, sizeof(buf)));
	}
	print_text(cli, "\n");
}

static void print_stats(struct cli *cli, const struct tun_stats *st)
{
	if (!cli->stats || !st->valid)
		return;
	print_open(cli, "stats64", '{');
	print_open(cli, "rx", '{');
	print_counters(cli, "RX:", st, rx_counters);
	if (cli->stats > 1)
		print_counters(cli, "RX errors:", st, rx_errors);
	print_close(cli, '{');
	print_open(cli, "tx", '{');
	print_counters(cli, "TX:", st, tx_counters);
	if (cli->stats > 1)
		print_counters(cli, "TX errors:", st, tx_errors);
	print_close(cli, '{');
	print_close(cli, '{');
}

/* The processes holding @d, one line each. */
static void print_holders(struct cli *cli, const struct tun_info *d,
			  const struct tun_holder *h, size_t n)
{
	print_open(cli, "holders", '[');
	for (size_t i = 0; i < n; i++) {
		if (strcmp(h[i].ifname, d->name))
			continue;
		print_open(cli, NULL, '{');
		print_int(cli, "pid", "\theld by pid %lld", h[i].pid);
		print_str(cli, "comm", " (%s)", h[i].comm);
		print_int(cli, "fd", " fd %lld\n", h[i].fd);
		print_close(cli, '{');
	}
	print_close(cli, '[');
}

/* The kernel counts the queues of a multi-queue device only: a
 * single-queue one has one while anybody holds it. */
static unsigned queues_of(const struct tun_info *d, const struct tun_holder *h,
			  size_t n)
{
	if (d->flags & TUN_FLAG_MULTI_QUEUE)
		return d->queues;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(h[i].ifname, d->name))
			return 1;
	}
	return 0;
}

static void print_device(struct cli *cli, const struct tun_info *d,
			 const struct tun_addr *addrs, size_t naddrs,
			 const struct tun_holder *holders, size_t nholders)
{
	print_open(cli, NULL, '{');
	print_str(cli, "ifname", "%s:", d->name);
	print_uint(cli, "ifindex", NULL, d->index);
	print_str(cli, "mode", " mode %s",
		  d->mode == TUN_MODE_TAP ? "tap" : "tun");
	print_uint(cli, "mtu", " mtu %llu", d->mtu);
	print_flags(cli, d->flags);
	/* Who may open it without privileges: a device that anyone may open
	 * gives its traffic to whoever attaches first. */
	if (d->owner >= 0)
		print_int(cli, "owner", " owner %lld", d->owner);
	if (d->group >= 0)
		print_int(cli, "group", " group %lld", d->group);
	print_bool(cli, "open", NULL, cli_os_open_to_all(d));
	if (cli_os_open_to_all(d))
		print_text(cli, " owner none");
	print_uint(cli, "queues", " queues %llu",
		   queues_of(d, holders, nholders));
	print_text(cli, "\n");
	if (d->has_mac) {
		char mac[18];
		const uint8_t *m = d->mac;

		snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
			 m[0], m[1], m[2], m[3], m[4], m[5]);
		print_str(cli, "address", "\tlink/ether %s\n", mac);
	}
	print_stats(cli, &d->stats);
	print_open(cli, "addr_info", '[');
	for (size_t i = 0; i < naddrs; i++) {
		if (addrs[i].ifindex != d->index)
			continue;
		print_open(cli, NULL, '{');
		print_text(cli, "\t");
		print_addr_fields(cli, &addrs[i]);
		print_text(cli, "\n");
		print_close(cli, '{');
	}
	print_close(cli, '[');
	print_holders(cli, d, holders, nholders);
	print_close(cli, '{');
}

static int show(struct cli *cli, const char *name, bool names_only)
{
	struct tun_ctx *ctx = cli_ctx(cli);
	struct tun_info *infos = NULL, one;
	struct tun_addr *addrs = NULL;
	struct tun_holder *holders = NULL;
	size_t n = 0, naddrs = 0, nholders = 0;
	int ret;

	if (!ctx)
		return EXIT_SYSTEM;
	if (name) {
		ret = cli_check_device(cli, name, false, NULL, &one);
		if (ret != EXIT_OK)
			return ret;
		infos = &one;
		n = 1;
	} else if ((ret = tun_dev_list(ctx, &infos, &n)) < 0) {
		return cli_fail(cli, NULL, ret);
	}
	if (!names_only && (ret = tun_addr_list(ctx, name, &addrs, &naddrs)) < 0) {
		ret = cli_fail(cli, name, ret);
		goto out;
	}
	/* Where the system cannot tell, no holders are listed. */
	if (!names_only && (ret = tun_holders(ctx, name, &holders, &nholders)) < 0 &&
	    ret != -EOPNOTSUPP) {
		ret = cli_fail(cli, name, ret);
		goto out;
	}
	print_open(cli, NULL, '[');
	for (size_t i = 0; i < n; i++) {
		if (names_only)
			print_str(cli, NULL, "%s\n", infos[i].name);
		else
			print_device(cli, &infos[i], addrs, naddrs, holders,
				     nholders);
	}
	print_close(cli, '[');
	print_end(cli);
	ret = EXIT_OK;
out:
	if (infos != &one)
		tun_free(infos);
	tun_free(addrs);
	tun_free(holders);
	return ret;
}

int show_main(struct cli *cli, int argc, char *argv[])
{
	static const char *const names[] = { "NAME" };
	const char *name, *names_only;
	int ret = cli_words(cli, argc, argv, show_usage, show_options,
			    &names_only, names, 0, 1, &name);

	if (ret != EXIT_OK)
		return ret == CLI_HELP ? EXIT_OK : ret;
	if (name && (ret = cli_parse_name(cli, name, false)))
		return ret;
	return show(cli, name, names_only != NULL);
}
