// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

/* tunctl -b FILE: one command per line, in this process, through the same
 * dispatcher as the command line and one library context (one netlink
 * socket). Every line is split and its command looked up before the first
 * one runs, so a file that cannot be read as commands changes nothing. */

struct batch_line {
	unsigned number;
	int argc;
	char **argv; /* points into the file's text, split in place */
};

struct batch {
	char *text;
	struct batch_line *lines;
	size_t count;
	char **words; /* storage for every line's argv */
};

int batch_split(char *line, char **words, int max, const char **why)
{
	char *in = line, *out = line;
	int n = 0;

	for (;;) {
		char quote = 0;

		while (*in == ' ' || *in == '\t' || *in == '\r')
			in++;
		if (!*in || *in == '#')
			break;
		if (n == max) {
			*why = "too many words";
			return -E2BIG;
		}
		words[n] = out;
		for (; *in; in++) {
			if (quote) {
				if (*in == quote) {
					quote = 0;
				} else if (quote == '"' && *in == '\\' &&
					   (in[1] == '"' || in[1] == '\\')) {
					*out++ = *++in;
				} else {
					*out++ = *in;
				}
			} else if (*in == '\'' || *in == '"') {
				quote = *in;
			} else if (*in == '\\') {
				if (!in[1]) {
					*why = "a backslash ends the line";
					return -EINVAL;
				}
				*out++ = *++in;
			} else if (*in == ' ' || *in == '\t' || *in == '\r') {
				break;
			} else {
				*out++ = *in;
			}
		}
		if (quote) {
			*why = quote == '"' ? "unterminated double quote"
					    : "unterminated single quote";
			return -EINVAL;
		}
		if (*in)
			in++;
		*out++ = '\0';
		n++;
	}
	return n;
}

static char *read_all(FILE *f, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap + 1);

	while (buf) {
		size_t got = fread(buf + n, 1, cap - n, f);

		n += got;
		if (n < cap) {
			if (ferror(f)) {
				free(buf);
				return NULL;
			}
			break;
		}
		char *bigger = realloc(buf, cap * 2 + 1);

		if (!bigger) {
			free(buf);
			return NULL;
		}
		buf = bigger;
		cap *= 2;
	}
	if (buf) {
		buf[n] = '\0';
		*len = n;
	}
	return buf;
}

static void batch_free(struct batch *b)
{
	free(b->text);
	free(b->lines);
	free(b->words);
}

/* Split every line; refuse the file before running anything if a line
 * cannot be split or names no command. */
static int batch_load(struct cli *cli, const char *path, struct batch *b)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	size_t len = 0, nlines = 1, used = 0, cap;
	unsigned number = 0;
	char *line, *next;

	if (!f)
		return cli_fail(cli, path, -errno);
	b->text = read_all(f, &len);
	if (f != stdin)
		fclose(f);
	if (!b->text)
		return cli_fail(cli, path, -EIO);
	if (strlen(b->text) != len)
		return cli_usage_error(cli, path, "contains a NUL byte");
	for (const char *p = b->text; *p; p++)
		nlines += *p == '\n';
	/* A word takes at least two bytes of text (a character and a space). */
	cap = len / 2 + nlines * 2;
	b->lines = calloc(nlines, sizeof(*b->lines));
	b->words = calloc(cap, sizeof(*b->words));
	if (!b->lines || !b->words)
		return cli_fail(cli, NULL, -ENOMEM);
	for (line = b->text; line; line = next) {
		const char *why = NULL;
		struct batch_line *l = &b->lines[b->count];
		int n;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		number++;
		cli->batch_line = number;
		n = batch_split(line, b->words + used, (int)(cap - used - 1), &why);
		if (n < 0)
			return cli_usage_error(cli, NULL, "%s", why);
		if (n == 0)
			continue;
		if (!tunctl_is_command(b->words[used]))
			return cli_usage_error(cli, b->words[used],
					       "unknown command (try: tunctl help)");
		l->number = number;
		l->argc = n;
		l->argv = b->words + used;
		used += (size_t)n + 1; /* keep a NULL after each argv */
		b->count++;
	}
	cli->batch_line = 0;
	return EXIT_OK;
}

/* "delete NAME" with a valid name, and nothing else on the line. */
static bool plain_delete(const struct batch_line *l)
{
	return l->argc == 2 && !strcmp(l->argv[0], "delete") &&
	       l->argv[1][0] != '-' &&
	       tun_name_validate(l->argv[1], false, NULL) == 0;
}

/*
 * Consecutive "delete NAME" lines are removed together: the kernel then
 * waits once for the network stack instead of once per device, which is
 * most of the time a delete takes. The result reads as if run line by
 * line: the first failing line is reported and, without --force, ends the
 * batch with the lines before it done. Returns how many lines it used.
 */
static size_t run_deletes(struct cli *cli, const struct batch_line *lines,
			  size_t count, int *status)
{
	const char **names = calloc(count, sizeof(*names));
	struct tun_ctx *ctx = cli_ctx(cli);
	size_t done = 0;
	int ret;

	*status = EXIT_SYSTEM;
	if (!ctx || !names) {
		free(names);
		if (ctx)
			cli_fail(cli, NULL, -ENOMEM);
		return count;
	}
	for (size_t i = 0; i < count; i++)
		names[i] = lines[i].argv[1];
	ret = tun_dev_destroy_many(ctx, names, count, &done);
	free(names);
	if (ret == 0) {
		*status = EXIT_OK;
		return count;
	}
	cli->batch_line = lines[done].number;
	cli->cmd = "delete";
	cli_device_fail(cli, lines[done].argv[1], ret);
	cli->cmd = NULL;
	return done + 1;
}

int batch_main(struct cli *cli, const char *path)
{
	struct batch b = { 0 };
	int ret = batch_load(cli, path, &b), worst = EXIT_OK;

	if (ret != EXIT_OK) {
		batch_free(&b);
		return ret;
	}
	/* With -j every line's output becomes one element of a JSON array. */
	print_open(cli, NULL, '[');
	for (size_t i = 0, used; i < b.count; i += used) {
		size_t n = 0;

		/* Grouped, they skip delete's check of who may use each
		 * device: only root may use them all. */
		while (cli_os_caller_is_root() && i + n < b.count &&
		       plain_delete(&b.lines[i + n]))
			n++;
		cli->batch_line = b.lines[i].number;
		if (n > 1) {
			used = run_deletes(cli, &b.lines[i], n, &ret);
		} else {
			used = 1;
			ret = tunctl_dispatch(cli, b.lines[i].argc,
					      b.lines[i].argv);
		}
		if (ret == EXIT_OK)
			continue;
		if (worst == EXIT_OK)
			worst = ret;
		if (!cli->force)
			break;
	}
	cli->batch_line = 0;
	cli->cmd = NULL;
	print_close(cli, '[');
	print_end(cli);
	batch_free(&b);
	return worst;
}
