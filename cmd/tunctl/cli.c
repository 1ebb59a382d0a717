// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ---- messages ----------------------------------------------------------- */

static void message_prefix(struct cli *cli)
{
	fputs("tunctl: ", stderr);
	if (cli->batch_line)
		fprintf(stderr, "batch:%u: ", cli->batch_line);
	if (cli->cmd)
		fprintf(stderr, "%s: ", cli->cmd);
}

static void say(struct cli *cli, const char *what, const char *fmt,
		va_list ap)
{
	message_prefix(cli);
	if (what)
		fprintf(stderr, "%s: ", what);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cli_say(struct cli *cli, const char *what, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(cli, what, fmt, ap);
	va_end(ap);
}

int cli_usage_error(struct cli *cli, const char *what, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(cli, what, fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

int cli_fail(struct cli *cli, const char *what, int err)
{
	const char *detail = cli->ctx ? tun_ctx_detail(cli->ctx) : "";
	const char *hint = cli_os_privilege_hint(err);

	message_prefix(cli);
	if (what)
		fprintf(stderr, "%s: ", what);
	if (detail[0])
		fprintf(stderr, "%s (%s)", detail, cli_os_strerror(err));
	else
		fputs(cli_os_strerror(err), stderr);
	if (hint)
		fprintf(stderr, "; %s", hint);
	fputc('\n', stderr);
	return EXIT_SYSTEM;
}

int cli_check_output(struct cli *cli, int ret)
{
	int err = print_flush(cli);

	if (!err || ret != EXIT_OK)
		return ret;
	cli_say(cli, "standard output", "%s", cli_os_strerror(err));
	return EXIT_SYSTEM;
}

struct tun_ctx *cli_ctx(struct cli *cli)
{
	int ret;

	if (cli->ctx)
		return cli->ctx;
	ret = tun_ctx_new(&cli->ctx);
	if (ret < 0) {
		cli_fail(cli, NULL, ret);
		return NULL;
	}
	return cli->ctx;
}

/* ---- devices ------------------------------------------------------------ */

int cli_device_fail(struct cli *cli, const char *name, int err)
{
	if (err == -ENODEV) {
		cli_say(cli, name, "%s", cli_os_strerror(err));
		return EXIT_SYSTEM;
	}
	if (err == -EOPNOTSUPP) {
		cli_say(cli, name, "not a TUN/TAP device (%s)",
			cli_os_other_tools());
		return EXIT_SYSTEM;
	}
	return cli_fail(cli, name, err);
}

/* The kernel's own rule, applied before it is asked: with CAP_NET_ADMIN
 * (a setcap install) it would not apply it. */
static int not_yours(struct cli *cli, const char *name,
		     const struct tun_info *info)
{
	if (info->owner >= 0 && info->group >= 0)
		cli_say(cli, name,
			"belongs to user %lld and group %lld: only root, its "
			"owner or the group's members may use it",
			info->owner, info->group);
	else if (info->owner >= 0)
		cli_say(cli, name,
			"belongs to user %lld: only root or its owner may use it",
			info->owner);
	else
		cli_say(cli, name,
			"belongs to group %lld: only root or the group's members "
			"may use it", info->group);
	return EXIT_SYSTEM;
}

int cli_check_device(struct cli *cli, const char *name, bool use,
		     const char *nodev_hint, struct tun_info *info)
{
	int ret;

	if (!cli_ctx(cli))
		return EXIT_SYSTEM;
	ret = tun_dev_info_get(cli->ctx, name, info);
	if (ret == -ENODEV && nodev_hint) {
		cli_say(cli, name, "%s%s", cli_os_strerror(ret), nodev_hint);
		return EXIT_SYSTEM;
	}
	if (ret < 0)
		return cli_device_fail(cli, name, ret);
	if (use && !cli_os_caller_is_root() && !cli_os_caller_may_open(info))
		return not_yours(cli, name, info);
	return EXIT_OK;
}

/* ---- option parsing ----------------------------------------------------- */

void cli_parser_init(struct cli_parser *p, int argc, char **argv,
		     const struct cli_option *options)
{
	memset(p, 0, sizeof(*p));
	p->argc = argc;
	p->argv = argv;
	p->next = 1; /* argv[0] is the command itself */
	p->options = options;
}

static int find_long(const struct cli_option *o, const char *name, size_t len)
{
	for (int i = 0; o && o[i].name; i++) {
		if (strlen(o[i].name) == len && !strncmp(o[i].name, name, len))
			return i;
	}
	return -1;
}

static int find_short(const struct cli_option *o, char c)
{
	for (int i = 0; o && o[i].name; i++) {
		if (o[i].short_name && o[i].short_name == c)
			return i;
	}
	return -1;
}

static int take_value(struct cli *cli, struct cli_parser *p, int idx,
		      const char *inline_value, const char *spelled)
{
	const struct cli_option *o = &p->options[idx];

	if (!o->arg) {
		if (inline_value) {
			cli_usage_error(cli, spelled, "takes no value");
			return CLI_BAD;
		}
		return idx;
	}
	if (inline_value) {
		p->arg = inline_value;
		return idx;
	}
	if (p->next >= p->argc) {
		cli_usage_error(cli, spelled, "needs a value (%s)", o->arg);
		return CLI_BAD;
	}
	p->arg = p->argv[p->next++];
	return idx;
}

/* "show -j": a global option after the command says where it goes. */
static void unknown_option(struct cli *cli, const struct cli_parser *p,
			   const char *w)
{
	const char *eq = strchr(w, '=');
	size_t len = eq ? (size_t)(eq - w - 2) : strlen(w + 2);
	int g = -1;

	if (cli->cmd && cli->globals && p->options != cli->globals)
		g = w[1] == '-' ? find_long(cli->globals, w + 2, len)
		    : w[2] == '\0' ? find_short(cli->globals, w[1])
				   : -1;
	if (g < 0) {
		cli_usage_error(cli, w, "unknown option");
		return;
	}
	cli_usage_error(cli, w,
			"a global option: it goes before the command (tunctl %.*s%s%s %s ...)",
			eq ? (int)(eq - w) : (int)strlen(w), w,
			cli->globals[g].arg ? " " : "",
			cli->globals[g].arg ? cli->globals[g].arg : "", cli->cmd);
}

int cli_next(struct cli *cli, struct cli_parser *p)
{
	const char *w;
	int idx;

	p->arg = NULL;
	if (p->dashdash || p->next >= p->argc)
		return CLI_END;
	w = p->argv[p->next++];
	if (!strcmp(w, "--")) {
		p->dashdash = true;
		return CLI_END;
	}
	if (w[0] != '-' || w[1] == '\0') {
		p->arg = w;
		return CLI_POSITIONAL;
	}
	if (!strcmp(w, "-h") || !strcmp(w, "--help"))
		return CLI_HELP;
	if (w[1] == '-') {
		const char *eq = strchr(w + 2, '=');
		size_t len = eq ? (size_t)(eq - w - 2) : strlen(w + 2);

		idx = find_long(p->options, w + 2, len);
		if (idx < 0) {
			unknown_option(cli, p, w);
			return CLI_BAD;
		}
		return take_value(cli, p, idx, eq ? eq + 1 : NULL,
				  p->argv[p->next - 1]);
	}
	idx = w[2] == '\0' ? find_short(p->options, w[1]) : -1;
	if (idx < 0) {
		unknown_option(cli, p, w);
		return CLI_BAD;
	}
	return take_value(cli, p, idx, NULL, w);
}

static void first_line(FILE *f, const char *usage)
{
	const char *nl = strchr(usage, '\n');

	fprintf(f, "%.*s", nl ? (int)(nl - usage) : (int)strlen(usage), usage);
}

/* An ip-style word among the arguments: "dev NAME", "via GATEWAY". */
static int ip_word(struct cli *cli, const char *word,
		   const struct cli_option *options, const char *usage)
{
	int i;

	if (!strcmp(word, "dev")) {
		message_prefix(cli);
		fputs("dev: not needed: the device comes first (usage: tunctl ",
		      stderr);
		first_line(stderr, usage);
		fputs(")\n", stderr);
		return EXIT_USAGE;
	}
	i = find_long(options, word, strlen(word));
	if (i < 0)
		return 0;
	return cli_usage_error(cli, word, "write --%s%s%s, as an option",
			       options[i].name, options[i].arg ? " " : "",
			       options[i].arg ? options[i].arg : "");
}

int cli_check_device_first(struct cli *cli, const char *first,
			   const char *second, const char *usage)
{
	struct tun_prefix p;
	const char *why;

	if (!strcmp(first, "default") || tun_prefix_parse(first, &p, NULL) == 0) {
		if (tun_name_validate(second, false, &why) == 0) {
			message_prefix(cli);
			fprintf(stderr,
				"%s: the device comes first: %s %s (usage: tunctl ",
				first, second, first);
			first_line(stderr, usage);
			fputs(")\n", stderr);
			return EXIT_USAGE;
		}
	}
	return 0;
}

int cli_extra_arg(struct cli *cli, const char *word, const char *usage)
{
	message_prefix(cli);
	fprintf(stderr, "%s: unexpected argument (usage: tunctl ", word);
	first_line(stderr, usage);
	fputs(")\n", stderr);
	return EXIT_USAGE;
}

int cli_missing(struct cli *cli, const char *what, const char *usage)
{
	message_prefix(cli);
	fprintf(stderr, "missing %s (usage: tunctl ", what);
	first_line(stderr, usage);
	fputs(")\n", stderr);
	return EXIT_USAGE;
}

int cli_words(struct cli *cli, int argc, char *argv[], const char *usage,
	      const struct cli_option *options, const char **values,
	      const char *const *names, int min, int max, const char **words)
{
	struct cli_parser p;
	int opt, n = 0;

	for (int i = 0; options && options[i].name; i++)
		values[i] = NULL;
	cli_parser_init(&p, argc, argv, options);
	while ((opt = cli_next(cli, &p)) != CLI_END) {
		if (opt == CLI_HELP) {
			cli_help(stdout, usage, options);
			return CLI_HELP;
		}
		if (opt == CLI_BAD)
			return EXIT_USAGE;
		if (opt >= 0) {
			if (values[opt])
				return cli_usage_error(cli, p.argv[p.next - 1],
						       "given twice");
			values[opt] = p.arg ? p.arg : "";
			continue;
		}
		if (n == max) {
			int hint = 0;

			for (int i = 0; i < n && !hint; i++)
				hint = ip_word(cli, words[i], options, usage);
			if (!hint)
				hint = ip_word(cli, p.arg, options, usage);
			return hint ? hint : cli_extra_arg(cli, p.arg, usage);
		}
		words[n++] = p.arg;
	}
	if (p.dashdash && p.next < argc)
		return cli_extra_arg(cli, argv[p.next], usage);
	if (n < min)
		return cli_missing(cli, names[n], usage);
	for (int i = n; i < max; i++)
		words[i] = NULL;
	return EXIT_OK;
}

void cli_help(FILE *f, const char *usage, const struct cli_option *o)
{
	const char *line = usage;
	bool first = true;

	/* One "usage:" and the other synopsis lines indented under it. */
	while (line && *line) {
		const char *nl = strchr(line, '\n');
		int len = nl ? (int)(nl - line) : (int)strlen(line);

		/* An indented line continues the synopsis before it. */
		fprintf(f, "%s%.*s\n",
			first		 ? "usage: tunctl "
			: line[0] == ' ' ? "          "
					 : "       tunctl ",
			len, line);
		first = false;
		line = nl ? nl + 1 : NULL;
	}
	if (!o || !o->name)
		return;
	fputs("\noptions:\n", f);
	for (int i = 0; o[i].name; i++) {
		char spec[64];

		snprintf(spec, sizeof(spec), "%s%c%s--%s%s%s",
			 o[i].short_name ? "-" : "",
			 o[i].short_name ? o[i].short_name : ' ',
			 o[i].short_name ? ", " : "", o[i].name,
			 o[i].arg ? " " : "", o[i].arg ? o[i].arg : "");
		fprintf(f, "  %-26s %s\n", o[i].short_name ? spec : spec + 1,
			o[i].help);
	}
}

/* ---- values ------------------------------------------------------------- */

int cli_parse_uint(struct cli *cli, const char *opt, const char *s,
		   unsigned long long min, unsigned long long max,
		   unsigned long long *out)
{
	unsigned long long v = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (~0ULL - 9) / 10) {
			v = ~0ULL;
			break;
		}
		v = v * 10 + (unsigned long long)(*p - '0');
	}
	if (p == s || (*p && !(*p >= '0' && *p <= '9')))
		return cli_usage_error(cli, s, "%s must be a number", opt);
	if (v < min || v > max)
		return cli_usage_error(cli, s, "%s must be %llu-%llu", opt,
				       min, max);
	*out = v;
	return 0;
}

int cli_parse_name(struct cli *cli, const char *s, bool allow_template)
{
	const char *why;

	if (tun_name_validate(s, allow_template, &why) < 0)
		return cli_usage_error(cli, s, "%s", why);
	return 0;
}

int cli_parse_prefix(struct cli *cli, const char *s, struct tun_prefix *p)
{
	const char *why;

	if (tun_prefix_parse(s, p, &why) < 0)
		return cli_usage_error(cli, s, "%s", why);
	return 0;
}

int cli_parse_ip(struct cli *cli, const char *s, struct tun_ip *ip)
{
	if (tun_ip_parse(s, ip) < 0)
		return cli_usage_error(cli, s, "not an IPv4 or IPv6 address");
	return 0;
}

int cli_parse_route_dst(struct cli *cli, const char *s, struct tun_prefix *p)
{
	int ret;

	/* As ip has it: "default" is IPv4's; IPv6's is ::/0. */
	if (!strcmp(s, "default"))
		s = "0.0.0.0/0";
	ret = cli_parse_prefix(cli, s, p);

	if (ret == 0 && tun_prefix_has_host_bits(p)) {
		struct tun_prefix net = *p;
		char buf[TUN_PREFIXSTRLEN];

		tun_prefix_mask(&net);
		return cli_usage_error(cli, s,
				       "host bits set beyond the prefix length (did you mean %s?)",
				       tun_prefix_format(&net, buf, sizeof(buf)));
	}
	return ret;
}

int cli_parse_mtu(struct cli *cli, const char *s, unsigned *mtu)
{
	unsigned long long v;
	int ret = cli_parse_uint(cli, "MTU", s, 68, 65535, &v);

	if (ret == 0)
		*mtu = (unsigned)v;
	return ret;
}

int cli_parse_metric(struct cli *cli, const char *s, uint32_t *metric)
{
	unsigned long long v;
	int ret = cli_parse_uint(cli, "metric", s, 0, 4294967295ULL, &v);

	if (ret == 0)
		*metric = (uint32_t)v;
	return ret;
}

const char *cli_family_name(enum tun_family f)
{
	return f == TUN_INET ? "inet" : f == TUN_INET6 ? "inet6" : "unknown";
}
