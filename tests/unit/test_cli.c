// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/* The command line's parsers, and bad input refused before any system
 * call: these run without root. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"
#include "commands.h"

static struct cli quiet_cli(void)
{
	struct cli cli = { .out = stdout, .cmd = "test" };

	return cli;
}

static void numbers(void **state)
{
	struct cli cli = quiet_cli();
	unsigned long long v = 12345;

	(void)state;
	assert_int_equal(cli_parse_uint(&cli, "N", "0", 0, 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(cli_parse_uint(&cli, "N", "10", 0, 10, &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(cli_parse_uint(&cli, "N", "4294967295", 0,
					4294967295ULL, &v),
			 0);
	assert_int_equal(v, 4294967295ULL);
	v = 7;
	assert_int_equal(cli_parse_uint(&cli, "N", "11", 0, 10, &v), EXIT_USAGE);
	assert_int_equal(cli_parse_uint(&cli, "N", "", 0, 10, &v), EXIT_USAGE);
	assert_int_equal(cli_parse_uint(&cli, "N", "-1", 0, 10, &v), EXIT_USAGE);
	assert_int_equal(cli_parse_uint(&cli, "N", "+1", 0, 10, &v), EXIT_USAGE);
	assert_int_equal(cli_parse_uint(&cli, "N", "1x", 0, 10, &v), EXIT_USAGE);
	assert_int_equal(cli_parse_uint(&cli, "N", " 1", 0, 10, &v), EXIT_USAGE);
	assert_int_equal(cli_parse_uint(&cli, "N", "0x10", 0, 100, &v),
			 EXIT_USAGE);
	/* Overflow saturates and is out of range, not wrapped around. */
	assert_int_equal(cli_parse_uint(&cli, "N", "99999999999999999999999", 0,
					~0ULL - 1, &v),
			 EXIT_USAGE);
	assert_int_equal(v, 7); /* untouched on error */
}

static void mtu_and_metric(void **state)
{
	struct cli cli = quiet_cli();
	unsigned mtu = 0;
	uint32_t metric = 0;

	(void)state;
	assert_int_equal(cli_parse_mtu(&cli, "68", &mtu), 0);
	assert_int_equal(mtu, 68);
	assert_int_equal(cli_parse_mtu(&cli, "65535", &mtu), 0);
	assert_int_equal(cli_parse_mtu(&cli, "0", &mtu), EXIT_USAGE);
	assert_int_equal(cli_parse_mtu(&cli, "67", &mtu), EXIT_USAGE);
	assert_int_equal(cli_parse_mtu(&cli, "70000", &mtu), EXIT_USAGE);
	assert_int_equal(cli_parse_mtu(&cli, "abc", &mtu), EXIT_USAGE);
	assert_int_equal(mtu, 65535);
	assert_int_equal(cli_parse_metric(&cli, "4294967295", &metric), 0);
	assert_int_equal(metric, 4294967295U);
	assert_int_equal(cli_parse_metric(&cli, "4294967296", &metric),
			 EXIT_USAGE);
}

static void route_destination(void **state)
{
	struct cli cli = quiet_cli();
	struct tun_prefix p;

	(void)state;
	assert_int_equal(cli_parse_route_dst(&cli, "10.1.0.0/16", &p), 0);
	assert_int_equal(cli_parse_route_dst(&cli, "10.1.0.1/16", &p),
			 EXIT_USAGE);
	assert_int_equal(cli_parse_route_dst(&cli, "fd00::/8", &p), 0);
	assert_int_equal(cli_parse_route_dst(&cli, "fd01::/8", &p), EXIT_USAGE);
}

static const struct cli_option opts[] = {
	{ "peer", 0, "ADDR", "a value" },
	{ "up", 'u', NULL, "a flag" },
	{ NULL, 0, NULL, NULL },
};

static void option_parser(void **state)
{
	struct cli cli = quiet_cli();
	char *argv[] = { "cmd", "tun0", "--peer", "10.0.0.2", "-u",
			 "--peer=10.0.0.3", "--", "rest", NULL };
	struct cli_parser p;

	(void)state;
	cli_parser_init(&p, 8, argv, opts);
	assert_int_equal(cli_next(&cli, &p), CLI_POSITIONAL);
	assert_string_equal(p.arg, "tun0");
	assert_int_equal(cli_next(&cli, &p), 0);
	assert_string_equal(p.arg, "10.0.0.2");
	assert_int_equal(cli_next(&cli, &p), 1);
	assert_null(p.arg);
	assert_int_equal(cli_next(&cli, &p), 0);
	assert_string_equal(p.arg, "10.0.0.3");
	assert_int_equal(cli_next(&cli, &p), CLI_END);
	assert_true(p.dashdash);
	assert_string_equal(argv[p.next], "rest");
}

static void option_parser_errors(void **state)
{
	struct cli cli = quiet_cli();
	char *unknown[] = { "cmd", "--nope", NULL };
	char *missing[] = { "cmd", "--peer", NULL };
	char *flagval[] = { "cmd", "--up=1", NULL };
	char *help[] = { "cmd", "-h", NULL };
	struct cli_parser p;

	(void)state;
	cli_parser_init(&p, 2, unknown, opts);
	assert_int_equal(cli_next(&cli, &p), CLI_BAD);
	cli_parser_init(&p, 2, missing, opts);
	assert_int_equal(cli_next(&cli, &p), CLI_BAD);
	cli_parser_init(&p, 2, flagval, opts);
	assert_int_equal(cli_next(&cli, &p), CLI_BAD);
	cli_parser_init(&p, 2, help, opts);
	assert_int_equal(cli_next(&cli, &p), CLI_HELP);
}

static void words(void **state)
{
	static const char *const names[] = { "NAME", "PREFIX" };
	struct cli cli = quiet_cli();
	char *ok[] = { "add", "tun0", "--peer", "1.2.3.4", "10.0.0.1/24", NULL };
	char *twice[] = { "add", "tun0", "--up", "--up", NULL };
	char *extra[] = { "add", "a", "b", "c", NULL };
	char *few[] = { "add", "a", NULL };
	const char *w[2], *v[2];

	(void)state;
	assert_int_equal(cli_words(&cli, 5, ok, "add NAME PREFIX", opts, v,
				   names, 2, 2, w),
			 EXIT_OK);
	assert_string_equal(w[0], "tun0");
	assert_string_equal(w[1], "10.0.0.1/24");
	assert_string_equal(v[0], "1.2.3.4");
	assert_null(v[1]);
	assert_int_equal(cli_words(&cli, 4, twice, "add", opts, v, names, 0, 2, w),
			 EXIT_USAGE);
	assert_int_equal(cli_words(&cli, 4, extra, "add", opts, v, names, 2, 2, w),
			 EXIT_USAGE);
	assert_int_equal(cli_words(&cli, 2, few, "add", opts, v, names, 2, 2, w),
			 EXIT_USAGE);
}

static void assert_split(const char *line, int n, const char *const *want)
{
	char buf[256], *words[16];
	const char *why = NULL;
	int got;

	snprintf(buf, sizeof(buf), "%s", line);
	got = batch_split(buf, words, 16, &why);
	if (got != n)
		fail_msg("\"%s\": %d words, expected %d (%s)", line, got, n,
			 why ? why : "");
	for (int i = 0; i < n; i++)
		assert_string_equal(words[i], want[i]);
}

static void batch_lines(void **state)
{
	char buf[64], *words[4];
	const char *why = NULL;

	(void)state;
	assert_split("", 0, NULL);
	assert_split("   # only a comment", 0, NULL);
	assert_split("addr add tun0 10.0.0.1/24",
		     4, (const char *[]){ "addr", "add", "tun0", "10.0.0.1/24" });
	assert_split("  mtu\ttun0  1400 # why\r",
		     3, (const char *[]){ "mtu", "tun0", "1400" });
	assert_split("create 'a b' \"c \\\" d\" e\\ f g#h",
		     5, (const char *[]){ "create", "a b", "c \" d", "e f", "g#h" });
	assert_split("x '' \"\"", 3, (const char *[]){ "x", "", "" });
	assert_split("'it'\"s\" one", 2, (const char *[]){ "its", "one" });

	snprintf(buf, sizeof(buf), "create 'tun0");
	assert_int_equal(batch_split(buf, words, 4, &why), -EINVAL);
	assert_string_equal(why, "unterminated single quote");
	snprintf(buf, sizeof(buf), "create \"tun0");
	assert_int_equal(batch_split(buf, words, 4, &why), -EINVAL);
	assert_string_equal(why, "unterminated double quote");
	snprintf(buf, sizeof(buf), "create tun0\\");
	assert_int_equal(batch_split(buf, words, 4, &why), -EINVAL);
	snprintf(buf, sizeof(buf), "a b c d e");
	assert_int_equal(batch_split(buf, words, 4, &why), -E2BIG);
}

static int run(int argc, char **argv)
{
	return tunctl_main(argc, argv);
}

/* The whole command line refuses bad input with status 2 before it opens
 * anything, so these need no privileges and change nothing. */
static void main_refuses_bad_input(void **state)
{
	char *none[] = { "tunctl", NULL };
	char *unknown[] = { "tunctl", "frobnicate", NULL };
	char *badopt[] = { "tunctl", "--frob", "show", NULL };
	char *mtu[] = { "tunctl", "create", "--mtu", "0", NULL };
	char *prefix[] = { "tunctl", "addr", "add", "tun0", "10.0.0.1/33", NULL };
	char *name[] = { "tunctl", "delete", "0123456789abcdef", NULL };
	char *peer[] = { "tunctl", "create", "--addr", "10.0.0.1/24", "--peer",
			 "fd00::1", NULL };
	char *route[] = { "tunctl", "create", "--route", "10.0.0.0/24", NULL };
	char *verb[] = { "tunctl", "route", "frob", NULL };

	(void)state;
	assert_int_equal(run(1, none), EXIT_USAGE);
	assert_int_equal(run(2, unknown), EXIT_USAGE);
	assert_int_equal(run(3, badopt), EXIT_USAGE);
	assert_int_equal(run(4, mtu), EXIT_USAGE);
	assert_int_equal(run(5, prefix), EXIT_USAGE);
	assert_int_equal(run(3, name), EXIT_USAGE);
	assert_int_equal(run(6, peer), EXIT_USAGE);
	assert_int_equal(run(4, route), EXIT_USAGE);
	assert_int_equal(run(3, verb), EXIT_USAGE);
}

static void main_help(void **state)
{
	char *help[] = { "tunctl", "help", NULL };
	char *help_cmd[] = { "tunctl", "help", "route", NULL };
	char *dash_h[] = { "tunctl", "create", "--help", NULL };
	char *bad[] = { "tunctl", "help", "nope", NULL };

	(void)state;
	assert_int_equal(run(2, help), EXIT_OK);
	assert_int_equal(run(3, help_cmd), EXIT_OK);
	assert_int_equal(run(3, dash_h), EXIT_OK);
	assert_int_equal(run(3, bad), EXIT_USAGE);
}

#ifndef _WIN32
/* Output that cannot be written (/dev/full): the reason is kept until
 * print_flush() reports it once, and only a command that succeeded turns
 * into a failure. */
static void output_errors(void **state)
{
	struct cli cli = { .out = fopen("/dev/full", "w") };

	(void)state;
	assert_non_null(cli.out);
	print_str(&cli, "ifname", "%s\n", "tun0");
	print_end(&cli);
	assert_int_equal(print_flush(&cli), -ENOSPC);
	assert_int_equal(print_flush(&cli), 0);
	print_text(&cli, "x\n");
	assert_int_equal(cli_check_output(&cli, EXIT_USAGE), EXIT_USAGE);
	print_text(&cli, "x\n");
	assert_int_equal(cli_check_output(&cli, EXIT_OK), EXIT_SYSTEM);
	assert_int_equal(cli_check_output(&cli, EXIT_OK), EXIT_OK);
	fclose(cli.out);
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers),
		cmocka_unit_test(mtu_and_metric),
		cmocka_unit_test(route_destination),
		cmocka_unit_test(option_parser),
		cmocka_unit_test(option_parser_errors),
		cmocka_unit_test(words),
		cmocka_unit_test(batch_lines),
		cmocka_unit_test(main_refuses_bad_input),
		cmocka_unit_test(main_help),
#ifndef _WIN32
		cmocka_unit_test(output_errors),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
