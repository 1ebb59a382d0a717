// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

static int help_main(struct cli *cli, int argc, char *argv[]);

static const struct command {
	const char *name;
	int (*run)(struct cli *cli, int argc, char *argv[]);
	const char *summary;
} commands[] = {
	{ "create", create_main, "create a TUN/TAP device and configure it" },
	{ "delete", delete_main, "delete a TUN/TAP device" },
	{ "show", show_main, "show TUN/TAP devices" },
	{ "list", show_main, "the same as show" },
	{ "addr", addr_main, "add, delete, show or flush addresses" },
	{ "route", route_main, "add, delete, show or flush routes" },
	{ "mtu", mtu_main, "print or set the MTU" },
	{ "set", set_main, "rename a device, change its owner, queue length, ..." },
	{ "up", updown_main, "bring a device up" },
	{ "down", updown_main, "bring a device down" },
	{ "capture", capture_main, "show (and save) the packets of a device" },
	{ "echo", echo_main, "answer pings (and UDP) arriving on a device" },
	{ "wait", wait_main, "wait until a device is up, has an address, ..." },
	{ "monitor", monitor_main, "print changes of TUN/TAP devices as they happen" },
	{ "help", help_main, "show help for tunctl or one command" },
};

static const struct cli_option global_options[] = {
	{ "netns", 'n', "NETNS", "run in network namespace /run/netns/NETNS" },
	{ "json", 'j', NULL, "print JSON" },
	{ "batch", 'b', "FILE",
	  "run the commands in FILE, one per line ('-': standard input)" },
	{ "force", 0, NULL, "in a batch, go on after a failing line" },
	{ "quiet", 'q', NULL, "print no notices or summaries" },
	{ "version", 'V', NULL, "print the version" },
	{ "stats", 's', NULL,
	  "show counters with show (twice: error details too)" },
	{ NULL, 0, NULL, NULL },
};

static const char global_usage[] = "[OPTIONS] COMMAND [ARGS]...";

static void usage(FILE *f)
{
	cli_help(f, global_usage, global_options);
	fputs("\ncommands:\n", f);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fputs("\nRun 'tunctl help COMMAND' for the options of a command.\n", f);
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	}
	return NULL;
}

static int help_main(struct cli *cli, int argc, char *argv[])
{
	const struct command *c;
	char *args[8];
	int n = 0;

	if (argc < 2) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "-h")) {
		cli_help(stdout, "help [COMMAND [VERB]]", NULL);
		return EXIT_OK;
	}
	c = find_command(argv[1]);
	if (!c)
		return cli_usage_error(cli, argv[1],
				       "unknown command (try: tunctl help)");
	/* "help addr add" is "addr add --help". */
	for (int i = 1; i < argc && n < 6; i++)
		args[n++] = argv[i];
	args[n++] = "--help";
	args[n] = NULL;
	return c->run(cli, n, args);
}

bool tunctl_is_command(const char *name)
{
	return find_command(name) != NULL;
}

int tunctl_dispatch(struct cli *cli, int argc, char *argv[])
{
	const struct command *c = find_command(argv[0]);

	cli->cmd = NULL;
	if (!c)
		return cli_usage_error(cli, argv[0],
				       "unknown command (try: tunctl help)");
	cli->cmd = c->name;
	return cli_check_output(cli, c->run(cli, argc, argv));
}

int run_subcommand(struct cli *cli, const char *family,
		   const struct subcommand *subs, int argc, char *argv[])
{
	if (argc < 2)
		return cli_usage_error(cli, NULL,
				       "missing a verb (try: tunctl help %s)",
				       family);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		for (const struct subcommand *s = subs; s->name; s++) {
			cli_help(stdout, s->usage, s->options);
			if (s[1].name)
				fputc('\n', stdout);
		}
		return EXIT_OK;
	}
	for (const struct subcommand *s = subs; s->name; s++) {
		if (strcmp(s->name, argv[1]))
			continue;
		/* Messages then read "tunctl: addr add: ..." */
		snprintf(cli->verb, sizeof(cli->verb), "%s %s", family, s->name);
		cli->cmd = cli->verb;
		return s->run(cli, argc - 1, argv + 1);
	}
	return cli_usage_error(cli, argv[1], "unknown verb (try: tunctl help %s)",
			       family);
}

static int enter_netns(struct cli *cli)
{
	int ret = tun_netns_enter(cli->netns);

	if (ret == -ENOENT) {
		cli_say(cli, cli->netns,
			"no such network namespace (see: ip netns list)");
		return EXIT_SYSTEM;
	}
	if (ret == -EPERM) {
		cli_say(cli, cli->netns,
			"entering a network namespace needs CAP_SYS_ADMIN (run as root)");
		return EXIT_SYSTEM;
	}
	if (ret < 0)
		return cli_fail(cli, cli->netns, ret);
	return EXIT_OK;
}

int tunctl_main(int argc, char *argv[])
{
	struct cli cli = { .out = stdout, .globals = global_options };
	const char *batch = NULL;
	struct cli_parser p;
	int opt, ret;

	if (cli_os_open_std_fds() < 0)
		return EXIT_SYSTEM; /* nowhere to say so */
	cli_parser_init(&p, argc, argv, global_options);
	while ((opt = cli_next(&cli, &p)) != CLI_POSITIONAL) {
		switch (opt) {
		case CLI_END:
			if (batch && !p.dashdash)
				goto run;
			if (p.dashdash)
				return cli_usage_error(&cli, "--",
						       "expected a command first");
			return cli_usage_error(&cli, NULL,
					       "no command given (try: tunctl help)");
		case CLI_HELP:
			usage(stdout);
			return cli_check_output(&cli, EXIT_OK);
		case CLI_BAD:
			return EXIT_USAGE;
		case 0:
			cli.netns = p.arg;
			break;
		case 1:
			cli.json = true;
			break;
		case 2:
			batch = p.arg;
			break;
		case 3:
			cli.force = true;
			break;
		case 4:
			cli.quiet = true;
			break;
		case 5:
			printf("tunctl %s, libtunctl %s (TUN/TAP for every OS; "
			       "not the uml-utilities tunctl)\n",
			       TUNCTL_VERSION, tun_version());
			return cli_check_output(&cli, EXIT_OK);
		case 6:
			cli.stats++;
			break;
		}
	}
	if (batch)
		return cli_usage_error(&cli, p.arg,
				       "-b takes its commands from the file, not the command line");
run:
	if (cli.netns && (ret = enter_netns(&cli)) != EXIT_OK)
		return ret;
	/* Installed with file capabilities (make install SETCAP=1) and run
	 * by a user: from here on keep only what commands can use. --user is
	 * root's alone, so CAP_SETUID and CAP_SETGID never are. */
	ret = tun_privileges_keep(TUN_PRIV_CONFIGURE | TUN_PRIV_CAPTURE);
	if (ret < 0)
		return cli_fail(&cli, NULL, ret);
	if (batch)
		ret = cli_check_output(&cli, batch_main(&cli, batch));
	else
		ret = tunctl_dispatch(&cli, argc - (p.next - 1), argv + p.next - 1);
	tun_ctx_free(cli.ctx);
	return ret;
}
