// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"

static const char set_usage[] =
	"set NAME [--name NEW] [--owner USER] [--group GROUP] "
	"[--txqueuelen N] [--mac MAC] [--netns NETNS]";

enum { OPT_NAME, OPT_OWNER, OPT_GROUP, OPT_TXQLEN, OPT_MAC, OPT_NETNS };

static const struct cli_option set_options[] = {
	[OPT_NAME] = { "name", 0, "NEW", "rename the device (it must be down)" },
	[OPT_OWNER] = { "owner", 0, "USER",
			"USER may open the device without privileges" },
	[OPT_GROUP] = { "group", 0, "GROUP",
			"GROUP may open the device without privileges" },
	[OPT_TXQLEN] = { "txqueuelen", 0, "N",
			 "the length of the transmit queue, in packets" },
	[OPT_MAC] = { "mac", 0, "MAC", "the MAC address of a TAP device" },
	[OPT_NETNS] = { "netns", 0, "NETNS",
			"move it into network namespace /run/netns/NETNS" },
	{ NULL, 0, NULL, NULL },
};

/* "02:00:00:00:00:01": six hexadecimal bytes, unicast. */
static int parse_mac(struct cli *cli, const char *s, uint8_t mac[6])
{
	unsigned b[6];
	char end;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &end) != 6 || strlen(s) != 17)
		return cli_usage_error(cli, s, "not a MAC address (like 02:00:00:00:00:01)");
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	if (mac[0] & 1)
		return cli_usage_error(cli, s, "a multicast address cannot be a device's");
	return 0;
}

static int parse_change(struct cli *cli, const char **opts,
			struct tun_link_change *ch)
{
	unsigned long long v;
	int ret;

	if (opts[OPT_NAME] && (ret = cli_parse_name(cli, opts[OPT_NAME], false)))
		return ret;
	ch->name = opts[OPT_NAME];
	if (opts[OPT_OWNER] &&
	    cli_os_lookup_user(opts[OPT_OWNER], &ch->owner, NULL) < 0)
		return cli_usage_error(cli, opts[OPT_OWNER], "no such user");
	ch->set_owner = opts[OPT_OWNER] != NULL;
	if (opts[OPT_GROUP] &&
	    cli_os_lookup_group(opts[OPT_GROUP], &ch->group) < 0)
		return cli_usage_error(cli, opts[OPT_GROUP], "no such group");
	ch->set_group = opts[OPT_GROUP] != NULL;
	if (opts[OPT_TXQLEN]) {
		if ((ret = cli_parse_uint(cli, "the queue length", opts[OPT_TXQLEN],
					  0, 4294967295ULL, &v)))
			return ret;
		ch->set_txqueuelen = true;
		ch->txqueuelen = (unsigned)v;
	}
	if (opts[OPT_MAC]) {
		if ((ret = parse_mac(cli, opts[OPT_MAC], ch->mac)))
			return ret;
		ch->set_mac = true;
	}
	ch->netns = opts[OPT_NETNS];
	for (int i = OPT_NAME; i <= OPT_NETNS; i++) {
		if (opts[i])
			return 0;
	}
	return cli_missing(cli, "what to change", set_usage);
}

/* What a user who is not root may not do even to a device of its own:
 * give it to someone else (no user can give a file away either), or move
 * it into a namespace (one the user could not configure alone). */
static int users_may_not(struct cli *cli, const char **opts,
			 const struct tun_link_change *ch)
{
	struct tun_info group_only = { .owner = -1, .group = ch->group };

	if (cli_os_caller_is_root())
		return EXIT_OK;
	if (ch->set_owner && !cli_os_caller_is(ch->owner)) {
		cli_say(cli, opts[OPT_OWNER],
			"only root may give a device to another user");
		return EXIT_SYSTEM;
	}
	if (ch->set_group && !cli_os_caller_may_open(&group_only)) {
		cli_say(cli, opts[OPT_GROUP],
			"only root may give a device to a group it is not in");
		return EXIT_SYSTEM;
	}
	if (ch->netns) {
		cli_say(cli, opts[OPT_NETNS],
			"only root may move a device into another namespace");
		return EXIT_SYSTEM;
	}
	return EXIT_OK;
}

int set_main(struct cli *cli, int argc, char *argv[])
{
	static const char *const names[] = { "NAME" };
	const char *name, *opts[6];
	struct tun_link_change ch = { 0 };
	struct tun_info info;
	int ret = cli_words(cli, argc, argv, set_usage, set_options, opts, names,
			    1, 1, &name);

	if (ret != EXIT_OK)
		return ret == CLI_HELP ? EXIT_OK : ret;
	if ((ret = cli_parse_name(cli, name, false)) ||
	    (ret = parse_change(cli, opts, &ch)))
		return ret;
	if ((ret = cli_check_device(cli, name, true, NULL, &info)))
		return ret;
	if (ch.set_mac && info.mode != TUN_MODE_TAP)
		return cli_usage_error(cli, opts[OPT_MAC],
				       "%s is a TUN device, which has no MAC address",
				       name);
	if ((ret = users_may_not(cli, opts, &ch)))
		return ret;
	ret = tun_link_change(cli->ctx, name, &ch);
	return ret < 0 ? cli_device_fail(cli, name, ret) : EXIT_OK;
}
