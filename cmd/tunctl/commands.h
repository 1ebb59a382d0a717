/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The tunctl authors. */
#ifndef TUNCTL_COMMANDS_H
#define TUNCTL_COMMANDS_H

#include "cli.h"

/* Each command family lives in its own file; argv[0] is the command word. */
int create_main(struct cli *cli, int argc, char *argv[]);
int delete_main(struct cli *cli, int argc, char *argv[]);
int show_main(struct cli *cli, int argc, char *argv[]);
int addr_main(struct cli *cli, int argc, char *argv[]);
int route_main(struct cli *cli, int argc, char *argv[]);
int mtu_main(struct cli *cli, int argc, char *argv[]);
int updown_main(struct cli *cli, int argc, char *argv[]);
int echo_main(struct cli *cli, int argc, char *argv[]);
int capture_main(struct cli *cli, int argc, char *argv[]);
int set_main(struct cli *cli, int argc, char *argv[]);
int wait_main(struct cli *cli, int argc, char *argv[]);
int monitor_main(struct cli *cli, int argc, char *argv[]);

/* The whole command line, for main() and for fuzzing or unit tests. */
int tunctl_main(int argc, char *argv[]);
/* One command (argv[0] names it) with global options already applied. */
int tunctl_dispatch(struct cli *cli, int argc, char *argv[]);
bool tunctl_is_command(const char *name);

/* -b FILE: run each line of FILE ("-" for standard input). */
int batch_main(struct cli *cli, const char *path);
/* Split @line in place into at most @max shell-like words (quotes,
 * backslashes, # comments). Returns the count, or -errno with @why set. */
int batch_split(char *line, char **words, int max, const char **why);

/* family, local, prefixlen and peer of one address (show, addr show). */
void print_addr_fields(struct cli *cli, const struct tun_addr *a);
/* dst, family, dev, gateway, metric and protocol of a route (route show,
 * monitor). */
void print_route_fields(struct cli *cli, const struct tun_route *r);
/* TUN_FLAG_* as " flags up,carrier" or a JSON "flags" array (show,
 * monitor). */
void print_flags(struct cli *cli, unsigned flags);

/* Add an address or a route (@text names it in messages) and say clearly
 * when it is already there; with @exist_ok the very same one already being
 * there is a success. Return an exit status. */
int addr_add_one(struct cli *cli, struct tun_ctx *ctx, const char *ifname,
		 const char *text, const struct tun_prefix *local,
		 const struct tun_ip *peer, bool exist_ok);
/* What @ifname has at @local's address: EXIT_OK for the very same address
 * (with @peer) when @exist_ok, EXIT_SYSTEM after saying so for it without
 * @exist_ok or for another prefix length or peer, -1 for nothing. */
int addr_present(struct cli *cli, struct tun_ctx *ctx, const char *ifname,
		 const char *text, const struct tun_prefix *local,
		 const struct tun_ip *peer, bool exist_ok);
int route_add_one(struct cli *cli, struct tun_ctx *ctx, const char *ifname,
		  const char *text, const struct tun_route *route,
		  bool exist_ok);

/* A second-level verb: addr add, route show, ... */
struct subcommand {
	const char *name;
	int (*run)(struct cli *cli, int argc, char *argv[]);
	const char *usage;
	const struct cli_option *options;
};

/* Find argv[1] in @subs and run it; help and errors for the family. */
int run_subcommand(struct cli *cli, const char *family,
		   const struct subcommand *subs, int argc, char *argv[]);

#endif
