// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stdarg.h>

#include "cli.h"

/* One set of calls writes either the human form or JSON, so every show
 * function exists once (iproute2's print_* idea, with the state kept in
 * struct cli instead of globals). */

static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* The comma and key before a JSON value. */
static void json_key(struct cli *cli, const char *key)
{
	if (cli->depth > 0 && cli->filled[cli->depth - 1])
		fputc(',', cli->out);
	if (cli->depth > 0)
		cli->filled[cli->depth - 1] = true;
	if (key) {
		json_string(cli->out, key);
		fputc(':', cli->out);
	}
}

void print_open(struct cli *cli, const char *key, char kind)
{
	if (!cli->json)
		return;
	json_key(cli, key);
	fputc(kind, cli->out);
	if (cli->depth < CLI_JSON_DEPTH)
		cli->filled[cli->depth] = false;
	cli->depth++;
}

void print_close(struct cli *cli, char kind)
{
	if (!cli->json)
		return;
	fputc(kind == '{' ? '}' : ']', cli->out);
	if (cli->depth > 0)
		cli->depth--;
}

void print_str(struct cli *cli, const char *key, const char *fmt,
	       const char *value)
{
	if (cli->json) {
		json_key(cli, key);
		json_string(cli->out, value);
	} else if (fmt) {
		fprintf(cli->out, fmt, value);
	}
}

void print_uint(struct cli *cli, const char *key, const char *fmt,
		unsigned long long value)
{
	if (cli->json) {
		json_key(cli, key);
		fprintf(cli->out, "%llu", value);
	} else if (fmt) {
		fprintf(cli->out, fmt, value);
	}
}

void print_int(struct cli *cli, const char *key, const char *fmt,
	       long long value)
{
	if (cli->json) {
		json_key(cli, key);
		fprintf(cli->out, "%lld", value);
	} else if (fmt) {
		fprintf(cli->out, fmt, value);
	}
}

void print_bool(struct cli *cli, const char *key, const char *fmt, bool value)
{
	if (cli->json) {
		json_key(cli, key);
		fputs(value ? "true" : "false", cli->out);
	} else if (fmt) {
		fprintf(cli->out, fmt, value ? "yes" : "no");
	}
}

void print_number(struct cli *cli, const char *key, const char *fmt,
		  const char *number)
{
	if (cli->json) {
		json_key(cli, key);
		fputs(number, cli->out);
	} else if (fmt) {
		fprintf(cli->out, fmt, number);
	}
}

void print_text(struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	if (cli->json)
		return;
	va_start(ap, fmt);
	vfprintf(cli->out, fmt, ap);
	va_end(ap);
}

/* stdio keeps only that a write failed; the reason is kept here. */
static void flush(struct cli *cli)
{
	errno = 0;
	if (fflush(cli->out) == EOF && !cli->out_errno)
		cli->out_errno = errno ? errno : EIO;
}

void print_end(struct cli *cli)
{
	if (cli->json && cli->depth == 0)
		fputc('\n', cli->out);
	flush(cli);
}

int print_flush(struct cli *cli)
{
	int err;

	flush(cli);
	err = cli->out_errno ? -cli->out_errno : ferror(cli->out) ? -EIO : 0;
	cli->out_errno = 0;
	clearerr(cli->out);
	return err;
}
