/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The tunctl authors. */
#ifndef TUNCTL_CLI_H
#define TUNCTL_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "tunctl.h"

#if defined(__GNUC__)
#define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CLI_PRINTF(f, a)
#endif

/* Exit statuses: the contract in tunctl(8). */
enum {
	EXIT_OK = 0,
	EXIT_SYSTEM = 1, /* the system refused or failed */
	EXIT_USAGE = 2,	 /* bad input, detected before anything changed */
};

#define CLI_JSON_DEPTH 16

/* Everything a command needs, passed down instead of globals. */
struct cli {
	bool json;
	bool force;
	bool quiet;
	unsigned stats;		 /* -s given this many times */
	const char *netns;
	const char *cmd;	 /* "addr add": the prefix of messages */
	char verb[32];		 /* where cmd is kept for a second-level verb */
	unsigned batch_line;	 /* the line being run by --batch, else 0 */
	struct tun_ctx *ctx;	 /* opened on first use by cli_ctx() */
	const struct cli_option *globals; /* for "goes before the command" */
	FILE *out;
	int out_errno; /* why a flush of out failed, until print_flush() */
	/* JSON writer state: per nesting level, has an item been written */
	int depth;
	bool filled[CLI_JSON_DEPTH];
};

/* ---- messages ----------------------------------------------------------- */

/* "tunctl: CMD: WHAT: WHY" on stderr; returns EXIT_USAGE. @what may be
 * NULL. */
int cli_usage_error(struct cli *cli, const char *what, const char *fmt, ...)
	CLI_PRINTF(3, 4);
/* The same line without deciding the exit status. */
void cli_say(struct cli *cli, const char *what, const char *fmt, ...)
	CLI_PRINTF(3, 4);
/* A failed library call (@err < 0): the system's reason, the library's
 * detail and, for a missing privilege, how to get it. Returns EXIT_SYSTEM. */
int cli_fail(struct cli *cli, const char *what, int err);
/* The configuration context, opened on first use; NULL after printing why. */
struct tun_ctx *cli_ctx(struct cli *cli);

/* ---- devices: what every command may touch (docs/SECURITY.md) ----------- */

/* NAME is a TUN/TAP device that exists: its @info, else one line and exit 1,
 * in the same words for every command (@nodev_hint, when not NULL, follows
 * "No such device"). With @use (a change, or opening the device), a caller
 * that is not root must also be one the kernel would let open it without
 * privileges: its owner, in its group, or anyone when it has neither. */
int cli_check_device(struct cli *cli, const char *name, bool use,
		     const char *nodev_hint, struct tun_info *info);
/* A call on device NAME failed with @err: a missing device and one that is
 * not TUN/TAP in the words of cli_check_device(), else cli_fail(). */
int cli_device_fail(struct cli *cli, const char *name, int err);

/* ---- option parsing ----------------------------------------------------- */

struct cli_option {
	const char *name; /* long name, without "--" */
	char short_name;  /* 0 when none */
	const char *arg;  /* the argument's name in help, NULL for a flag */
	const char *help;
};

struct cli_parser {
	int argc;
	char **argv;
	int next; /* index of the next word */
	const struct cli_option *options;
	const char *arg;   /* the value of the option just returned */
	bool dashdash;	   /* stopped at "--": argv[next] is what follows */
};

enum {
	CLI_END = -1,	     /* no more words */
	CLI_POSITIONAL = -2, /* parser.arg is a word that is not an option */
	CLI_HELP = -3,	     /* -h or --help */
	CLI_BAD = -4,	     /* an error was printed */
};

void cli_parser_init(struct cli_parser *p, int argc, char **argv,
		     const struct cli_option *options);
/* The index of the next option in p->options, or one of CLI_*. */
int cli_next(struct cli *cli, struct cli_parser *p);
/* A positional argument where none is expected, or too many. */
int cli_extra_arg(struct cli *cli, const char *word, const char *usage);
/* NAME PREFIX given as PREFIX NAME (ip's order): says so, EXIT_USAGE;
 * else 0. */
int cli_check_device_first(struct cli *cli, const char *first,
			   const char *second, const char *usage);

/* A command of positional words and single options: between @min and @max
 * words, named @names[i] in messages, into @words (unused ones NULL); the
 * value of each option into @values[i] ("" for a flag, NULL when absent).
 * Returns EXIT_OK, EXIT_USAGE after printing why, or CLI_HELP after
 * printing the help. */
int cli_words(struct cli *cli, int argc, char *argv[], const char *usage,
	      const struct cli_option *options, const char **values,
	      const char *const *names, int min, int max, const char **words);
/* Prints "usage: ..." and the option list to @f. */
void cli_help(FILE *f, const char *usage, const struct cli_option *options);
/* The first line of @usage, for one-line error messages. */
int cli_missing(struct cli *cli, const char *what, const char *usage);

/* ---- values ------------------------------------------------------------- */

/* Decimal, no sign, within [min, max]; prints the error itself. */
int cli_parse_uint(struct cli *cli, const char *opt, const char *s,
		   unsigned long long min, unsigned long long max,
		   unsigned long long *out);
int cli_parse_name(struct cli *cli, const char *s, bool allow_template);
int cli_parse_prefix(struct cli *cli, const char *s, struct tun_prefix *p);
int cli_parse_ip(struct cli *cli, const char *s, struct tun_ip *ip);
/* A route destination: a prefix without host bits. */
int cli_parse_route_dst(struct cli *cli, const char *s, struct tun_prefix *p);
int cli_parse_mtu(struct cli *cli, const char *s, unsigned *mtu);
int cli_parse_metric(struct cli *cli, const char *s, uint32_t *metric);

/* ---- the per-OS part of the command line (cmd/tunctl/os/) ---------------- */

/* A user name or number; the user's primary group in @gid (may be NULL). */
int cli_os_lookup_user(const char *s, long long *uid, long long *gid);
int cli_os_lookup_group(const char *s, long long *gid);
/* The text for a negative errno, and how to get a missing privilege (NULL
 * when @err is not about privileges). */
const char *cli_os_strerror(int err);
const char *cli_os_privilege_hint(int err);
/* The caller: its real user is root (only root may use any device or
 * become another user); @uid is its real user; the kernel would let it open
 * @info without privileges (Linux: tun_not_capable()); anyone may. */
bool cli_os_caller_is_root(void);
bool cli_os_caller_is(long long uid);
bool cli_os_caller_may_open(const struct tun_info *info);
bool cli_os_open_to_all(const struct tun_info *info);
/* The owner of a new device when none is asked for: the caller, or -1
 * where devices have no owner. */
long long cli_os_default_owner(void);
/* What manages interfaces that are not TUN/TAP devices. */
const char *cli_os_other_tools(void);
/* Standard input, output and error that are closed are opened on the null
 * device the wrong way round (output read-only), so that no socket or
 * device of ours takes their number and receives what is printed, and
 * what is written there still fails as on a closed descriptor. 0, or
 * -errno. */
int cli_os_open_std_fds(void);
/* One create of @name at a time in this network namespace, so that a create
 * --exist-ok never takes a device another tunctl is still configuring.
 * Waits for the other; 0 and a lock for cli_os_unlock_name() (-1 where the
 * OS has none), or -errno (-ETIMEDOUT after waiting CLI_LOCK_WAIT_S). */
#define CLI_LOCK_WAIT_S 10
int cli_os_lock_name(const char *name, int *lock);
void cli_os_unlock_name(int lock);
/* Holds SIGINT, SIGTERM and SIGHUP back until the release; returns what
 * cli_os_release_signals() needs (which of them it blocked). */
unsigned cli_os_hold_signals(void);
void cli_os_release_signals(unsigned held);
/* Run @argv with @dev as descriptor 3, wait for it, return its exit status.
 * @dev is closed in this process once the command has exited. */
int cli_os_run_with_device(struct cli *cli, struct tun_dev *dev,
			   char **argv);

/* ---- output: human or JSON from the same calls ------------------------- */

/* Open an object ('{') or array ('['), named @key inside an object. */
void print_open(struct cli *cli, const char *key, char kind);
void print_close(struct cli *cli, char kind);
/* A value: JSON "key": value, or printf(@fmt, value) for humans (skipped
 * when @fmt is NULL). */
void print_str(struct cli *cli, const char *key, const char *fmt,
	       const char *value);
void print_uint(struct cli *cli, const char *key, const char *fmt,
		unsigned long long value);
void print_int(struct cli *cli, const char *key, const char *fmt,
	       long long value);
void print_bool(struct cli *cli, const char *key, const char *fmt,
		bool value);
/* A number already written out (@number: "1732313336.916752"), for values
 * that no integer type holds; JSON gets it unquoted. */
void print_number(struct cli *cli, const char *key, const char *fmt,
		  const char *number);
/* Human-only text. */
void print_text(struct cli *cli, const char *fmt, ...) CLI_PRINTF(2, 3);
/* Ends a top-level JSON value with a newline; flushes. */
void print_end(struct cli *cli);
/* Flushes; -errno when output since the last call was lost, else 0. */
int print_flush(struct cli *cli);
/* Output that cannot be written is an error: a command that succeeded
 * fails with the reason (one that failed has said why already). */
int cli_check_output(struct cli *cli, int ret);

const char *cli_family_name(enum tun_family f);

#endif
