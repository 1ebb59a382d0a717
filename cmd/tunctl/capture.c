// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "capture_file.h"
#include "commands.h"
#include "datapath.h"

/*
 * tunctl capture: show (and with -w save) what goes through a device.
 * By default it watches without disturbing the device's owner (libpcap on a
 * packet socket, filter compiled into the kernel); --attach makes it the
 * device's reader instead, filtering in user space with the same compiler.
 */

static const char capture_usage[] =
	"capture [NAME | -r FILE] [-c COUNT] [-w FILE [-G SECONDS] [-C MB] [-W N]\n"
	"    [--print]] [-s SNAPLEN] [-B KB] [--immediate] [-l] [-x|-X|-A] [-e] [-v]\n"
	"    [-S] [--attach] [--user USER] [FILTER EXPRESSION...]";

enum {
	OPT_COUNT, OPT_WRITE, OPT_ROTATE_SECONDS, OPT_ROTATE_SIZE, OPT_KEEP,
	OPT_PRINT, OPT_READ, OPT_SNAPLEN, OPT_BUFFER, OPT_IMMEDIATE,
	OPT_LINE_BUFFERED, OPT_HEX, OPT_HEX_ASCII, OPT_ASCII, OPT_LINK,
	OPT_VERBOSE, OPT_ABSOLUTE, OPT_ATTACH, OPT_USER, OPT_END
};

static const struct cli_option capture_options[] = {
	[OPT_COUNT] = { "count", 'c', "COUNT", "stop after COUNT packets" },
	[OPT_WRITE] = { "write", 'w', "FILE",
			"write them to FILE as pcap too (-: to standard "
			"output, lines only with --print)" },
	[OPT_ROTATE_SECONDS] = { "rotate", 'G', "SECONDS",
				 "with -w: a new file every SECONDS, on the "
				 "clock's multiples; FILE may hold strftime "
				 "%-escapes" },
	[OPT_ROTATE_SIZE] = { "rotate-size", 'C', "MB",
			      "with -w: a new file (numbered) before one passes "
			      "MB million bytes" },
	[OPT_KEEP] = { "keep", 'W', "N",
		       "with -G or -C: keep the N newest files, remove older "
		       "ones" },
	[OPT_PRINT] = { "print", 0, NULL,
			"with -w -: print the lines too, on standard error" },
	[OPT_READ] = { "read", 'r', "FILE",
		       "read packets from a pcap or pcapng FILE (-: standard "
		       "input) instead of a device" },
	[OPT_SNAPLEN] = { "snaplen", 's', "SNAPLEN",
			  "keep the first SNAPLEN bytes of each packet "
			  "(default 262144)" },
	[OPT_BUFFER] = { "buffer-size", 'B', "KB",
			 "the kernel's capture buffer, in KiB (default 8192)" },
	[OPT_IMMEDIATE] = { "immediate", 0, NULL,
			    "hand each packet over at once, also with -w" },
	[OPT_LINE_BUFFERED] = { "line-buffered", 'l', NULL,
				"write each line out at once" },
	[OPT_HEX] = { "hex", 'x', NULL, "print each packet in hex too" },
	[OPT_HEX_ASCII] = { "hex-ascii", 'X', NULL,
			    "print each packet in hex and as text too" },
	[OPT_ASCII] = { "ascii", 'A', NULL, "print each packet as text too" },
	[OPT_LINK] = { "link-header", 'e', NULL,
		       "print the link-level header (MAC addresses) too" },
	[OPT_VERBOSE] = { "verbose", 'v', NULL,
			  "print IP header fields and checksum states too" },
	[OPT_ABSOLUTE] = { "absolute-seq", 'S', NULL,
			   "print TCP sequence numbers as they are, not "
			   "relative to the connection's first" },
	[OPT_ATTACH] = { "attach", 0, NULL,
			 "become the device's reader instead of watching it" },
	[OPT_USER] = { "user", 0, "USER",
		       "become USER once the device is open" },
	{ NULL, 0, NULL, NULL },
};

/* tcpdump's default: every packet whole. */
#define SNAPLEN 262144
#define ROTATE_MAX_SECONDS (366ULL * 24 * 3600)

struct capture_opts {
	const char *name; /* NULL: --attach to the inherited TUNCTL_FD */
	unsigned long long count; /* 0: no limit */
	const char *file;	  /* -w, NULL when none, "-" for stdout */
	const char *read;	  /* -r, NULL when none, "-" for stdin */
	unsigned long long rotate_seconds, rotate_bytes, keep;
	unsigned long long snaplen, buffer_kb;
	enum dp_dump dump;
	bool print_too, immediate, line_buffered;
	bool link, verbose, absolute, attach;
	long long uid, gid;
	char *filter; /* the FILTER words joined, NULL when none */
};

struct capture {
	struct cli *cli;
	const struct capture_opts *o;
	enum tun_mode mode;
	struct tun_dev *dev;	     /* --attach */
	struct dp_filter *filter;    /* --attach with a FILTER */
	struct dp_sniffer *sniffer;  /* otherwise */
	struct dp_reader *reader;    /* -r */
	uint8_t *buf;		     /* --attach */
	bool print;		     /* lines go to stdout (not with -w -) */
	struct dp_printer printer;
	struct capture_out out;	     /* -w, when out.file.buf is set */
	int write_error;	     /* -errno of the first failed write to -w */
	int print_error;	     /* -errno of the first failed line */
	int watch_fd;		     /* a pipe on stdout whose reader may go */
	FILE *saved_out;	     /* cli->out, while lines go to stderr */
	unsigned long long captured, received, lost;
};

/* ---- options ------------------------------------------------------------- */

static char *join_words(const char **words, size_t n)
{
	size_t len = 1;
	char *s;

	for (size_t i = 0; i < n; i++)
		len += strlen(words[i]) + 1;
	s = calloc(1, len);
	for (size_t i = 0; s && i < n; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, words[i]);
	}
	return s;
}

static int parse_values(struct cli *cli, const char **v,
			struct capture_opts *o)
{
	int ret;

	if (v[OPT_COUNT] && (ret = dp_parse_count(cli, v[OPT_COUNT], &o->count)))
		return ret;
	if (v[OPT_ROTATE_SECONDS] &&
	    (ret = cli_parse_uint(cli, "SECONDS", v[OPT_ROTATE_SECONDS], 1,
				  ROTATE_MAX_SECONDS, &o->rotate_seconds)))
		return ret;
	if (v[OPT_ROTATE_SIZE] &&
	    (ret = cli_parse_uint(cli, "MB", v[OPT_ROTATE_SIZE], 1, 1000000,
				  &o->rotate_bytes)))
		return ret;
	o->rotate_bytes *= 1000000;
	if (v[OPT_KEEP] && (ret = cli_parse_uint(cli, "N", v[OPT_KEEP], 1,
						  100000, &o->keep)))
		return ret;
	o->snaplen = SNAPLEN;
	if (v[OPT_SNAPLEN] && (ret = cli_parse_uint(cli, "SNAPLEN", v[OPT_SNAPLEN],
						     1, SNAPLEN, &o->snaplen)))
		return ret;
	if (v[OPT_BUFFER] && (ret = cli_parse_uint(cli, "KB", v[OPT_BUFFER], 1,
						    2097151, &o->buffer_kb)))
		return ret;
	if (v[OPT_WRITE] && !v[OPT_WRITE][0])
		return cli_usage_error(cli, "-w", "needs a file name (- for standard output)");
	if (v[OPT_USER] &&
	    (ret = dp_parse_user(cli, v[OPT_USER], &o->uid, &o->gid)))
		return ret;
	if (v[OPT_READ] && !v[OPT_READ][0])
		return cli_usage_error(cli, "-r", "needs a file name (- for standard input)");
	if (v[OPT_READ] && v[OPT_ATTACH])
		return cli_usage_error(cli, "--attach", "reads a device, not a file (-r)");
	if ((v[OPT_ROTATE_SECONDS] || v[OPT_ROTATE_SIZE] || v[OPT_KEEP] ||
	     v[OPT_PRINT]) && !v[OPT_WRITE])
		return cli_usage_error(cli, "-G, -C, -W and --print",
				       "go with -w FILE");
	if (v[OPT_KEEP] && !v[OPT_ROTATE_SECONDS] && !v[OPT_ROTATE_SIZE])
		return cli_usage_error(cli, "-W", "goes with -G or -C");
	o->file = v[OPT_WRITE];
	o->read = v[OPT_READ];
	o->print_too = v[OPT_PRINT] != NULL;
	o->immediate = v[OPT_IMMEDIATE] != NULL;
	o->line_buffered = v[OPT_LINE_BUFFERED] != NULL;
	if (!!v[OPT_HEX] + !!v[OPT_HEX_ASCII] + !!v[OPT_ASCII] > 1)
		return cli_usage_error(cli, "-x, -X and -A",
				       "choose one of them");
	o->dump = v[OPT_HEX] ? DP_DUMP_HEX
		  : v[OPT_HEX_ASCII] ? DP_DUMP_HEX_ASCII
		  : v[OPT_ASCII] ? DP_DUMP_ASCII : DP_DUMP_NONE;
	o->link = v[OPT_LINK] != NULL;
	o->verbose = v[OPT_VERBOSE] != NULL;
	o->absolute = v[OPT_ABSOLUTE] != NULL;
	o->attach = v[OPT_ATTACH] != NULL;
	return EXIT_OK;
}

/* The first word is NAME; the others, and all after "--", are FILTER. */
static int parse_words(struct cli *cli, int argc, char *argv[],
		       struct capture_opts *o, const char **values,
		       const char **words, size_t *nwords)
{
	struct cli_parser p;
	int opt;

	cli_parser_init(&p, argc, argv, capture_options);
	while ((opt = cli_next(cli, &p)) != CLI_END) {
		if (opt == CLI_HELP) {
			cli_help(stdout, capture_usage, capture_options);
			return CLI_HELP;
		}
		if (opt == CLI_BAD)
			return EXIT_USAGE;
		if (opt >= 0) {
			if (values[opt])
				return cli_usage_error(cli, p.argv[p.next - 1],
						       "given twice");
			values[opt] = p.arg ? p.arg : "";
		} else if (!o->name && !*nwords) {
			o->name = p.arg;
		} else {
			words[(*nwords)++] = p.arg;
		}
	}
	for (int i = p.next; p.dashdash && i < argc; i++)
		words[(*nwords)++] = argv[i];
	return EXIT_OK;
}

static int parse(struct cli *cli, int argc, char *argv[],
		 struct capture_opts *o)
{
	const char *values[OPT_END] = { NULL };
	const char **words = calloc((size_t)argc + 1, sizeof(*words));
	size_t nwords = 0;
	int ret;

	if (!words)
		return cli_fail(cli, NULL, -ENOMEM);
	ret = parse_words(cli, argc, argv, o, values, words, &nwords);
	if (ret == EXIT_OK)
		ret = parse_values(cli, values, o);
	/* A file has no NAME: the first word belongs to FILTER too. */
	if (ret == EXIT_OK && o->read && o->name) {
		memmove(words + 1, words, nwords * sizeof(*words));
		words[0] = o->name;
		nwords++;
		o->name = NULL;
	}
	if (ret == EXIT_OK && nwords && !(o->filter = join_words(words, nwords)))
		ret = cli_fail(cli, NULL, -ENOMEM);
	free(words);
	return ret;
}

/* ---- checks and opening: exit 2 for bad input, before anything else --- */

static int check_name(struct cli *cli, struct capture *c)
{
	const struct capture_opts *o = c->o;
	struct tun_info info;
	int ret = dp_check_device(cli, o->name,
				  o->attach && !o->filter
					  ? " (a FILTER without NAME goes after --)"
					  : NULL,
				  &info);

	if (ret == EXIT_OK)
		c->mode = info.mode;
	return ret;
}

/* No NAME: the device inherited from `tunctl create ... --`. Adopting a
 * descriptor changes nothing, and tells the mode the filter needs. */
static int adopt_inherited(struct cli *cli, struct capture *c)
{
	int fd, ret;

	if (!c->o->attach)
		return cli_missing(cli, "NAME", capture_usage);
	fd = dp_inherited_fd(cli);
	if (fd < 0)
		return EXIT_USAGE;
	if (!cli_ctx(cli))
		return EXIT_SYSTEM;
	ret = tun_dev_from_fd(cli->ctx, fd, &c->dev);
	if (ret < 0)
		return cli_fail(cli, "TUNCTL_FD", ret);
	c->mode = tun_dev_mode(c->dev);
	return EXIT_OK;
}

static int check_filter(struct cli *cli, struct capture *c)
{
	char why[256] = "";
	struct dp_filter *f = NULL;
	int ret;

	if (!c->o->filter)
		return EXIT_OK;
	ret = dp_filter_compile(c->o->filter, c->mode, &f, why, sizeof(why));
	/* @why says what is wrong: the expression, no filter compiler on
	 * this system, or a libpcap to install. */
	if (ret == -EINVAL || ret == -EOPNOTSUPP)
		return cli_usage_error(cli, c->o->filter, "%s", why);
	if (ret < 0 && why[0]) {
		cli_say(cli, c->o->filter, "%s", why);
		return EXIT_SYSTEM;
	}
	if (ret < 0)
		return cli_fail(cli, c->o->filter, ret);
	/* Passive capture has the kernel filter; --attach filters here. */
	if (c->o->attach)
		c->filter = f;
	else
		dp_filter_free(f);
	return EXIT_OK;
}

static int open_sniffer(struct cli *cli, struct capture *c)
{
	struct dp_sniff_config cfg = {
		.ifname = c->o->name,
		.mode = c->mode,
		.filter = c->o->filter,
		.snaplen = (unsigned)c->o->snaplen,
		.buffer_kb = (unsigned)c->o->buffer_kb,
		/* Lines for a person come at once; a file is written in
		 * blocks, which loses less under load. */
		.immediate = !c->o->file || c->o->immediate,
	};
	char why[512] = "";
	int ret = dp_sniff_open(&cfg, &c->sniffer, why, sizeof(why));

	if (ret == 0)
		return EXIT_OK;
	if (ret == -EPERM) {
		cli_say(cli, c->o->name,
			"%s; capturing needs CAP_NET_RAW: run as root, or give "
			"the binary the capability with setcap "
			"cap_net_raw,cap_net_admin+ep", why);
		return EXIT_SYSTEM;
	}
	if (ret == -ENETDOWN) {
		cli_say(cli, c->o->name,
			"the device is down (bring it up: tunctl up %s)",
			c->o->name);
		return EXIT_SYSTEM;
	}
	cli_say(cli, c->o->name, "%s (%s)", why[0] ? why : "cannot capture",
		strerror(-ret));
	return EXIT_SYSTEM;
}

static int open_device(struct cli *cli, struct capture *c)
{
	int ret;

	c->buf = malloc(DP_BUF_SIZE);
	if (!c->buf)
		return cli_fail(cli, NULL, -ENOMEM);
	if (!c->dev) {
		ret = tun_dev_attach(cli->ctx, c->o->name, 1, &c->dev);
		if (ret < 0)
			return cli_fail(cli, c->o->name, ret);
	}
	ret = dp_set_nonblocking(tun_dev_fd(c->dev, 0));
	return ret < 0 ? cli_fail(cli, tun_dev_name(c->dev), ret) : EXIT_OK;
}

static const char *file_name(const char *file)
{
	return strcmp(file, "-") == 0 ? "standard output" : file;
}

/* -r: opened without any privilege, so that it is a file the user could
 * read. A filter is compiled for the file's link type. */
static int open_reader(struct cli *cli, struct capture *c)
{
	char why[512] = "";
	int ret = dp_reader_open(c->o->read, c->o->filter, &c->reader, why,
				 sizeof(why));
	const char *what = c->o->read;

	if (ret == 0)
		return EXIT_OK;
	if (strcmp(what, "-") == 0)
		what = "standard input";
	if (ret == -EINVAL && c->o->filter && why[0] &&
	    !strstr(why, c->o->read))
		return cli_usage_error(cli, c->o->filter, "%s", why);
	if (ret == -EPROTONOSUPPORT || ret == -EOPNOTSUPP)
		return cli_usage_error(cli, what, "%s", why);
	cli_say(cli, what, "%s", why[0] ? why : strerror(-ret));
	return EXIT_SYSTEM;
}

/* -w: opened after privileges are gone, so the file belongs to --user. A
 * file that cannot take its header ends the capture here, before it
 * starts. */
static int open_output(struct cli *cli, struct capture *c)
{
	bool to_stdout = c->o->file && strcmp(c->o->file, "-") == 0;
	struct capture_rotation r = {
		.name = c->o->file,
		.seconds = c->o->rotate_seconds,
		.bytes = c->o->rotate_bytes,
		.keep = (unsigned)c->o->keep,
		.linktype = c->reader ? dp_reader_linktype_number(c->reader)
				      : tun_pcap_linktype(c->mode),
		.snaplen = c->reader ? dp_reader_snaplen(c->reader)
				     : (uint32_t)c->o->snaplen,
	};
	long long now;
	long usec;
	int ret;

	c->print = !to_stdout || c->o->print_too;
	/* -w - --print: the file on standard output, the lines beside it. */
	if (to_stdout && c->o->print_too) {
		c->saved_out = cli->out;
		cli->out = stderr;
	}
	c->watch_fd = dp_output_watch_fd(1);
	if (!c->o->file)
		return EXIT_OK;
	dp_now(&now, &usec);
	/* A file's packets have their own times: its first names the first
	 * file. */
	if (c->reader && r.seconds)
		now = -1;
	ret = capture_out_open(&c->out, &r, now);
	if (ret < 0) {
		cli_say(cli, file_name(c->out.path ? c->out.path : c->o->file),
			"%s", strerror(-ret));
		return EXIT_SYSTEM;
	}
	return EXIT_OK;
}

/* ---- the packets --------------------------------------------------------- */

static bool finished(const struct capture *c)
{
	return c->write_error || c->print_error ||
	       (c->o->count && c->captured >= c->o->count);
}

static void print_failed(struct capture *c)
{
	if (!c->print_error)
		c->print_error = errno ? -errno : -EIO;
}

static void on_packet(void *arg, const struct dp_packet *p)
{
	struct capture *c = arg;

	if (finished(c))
		return;
	c->captured++;
	if (c->print) {
		dp_print_packet(&c->printer, p);
		if (c->o->line_buffered && fflush(c->cli->out) != 0)
			print_failed(c);
		if (ferror(c->cli->out))
			print_failed(c);
	}
	if (c->o->file)
		c->write_error = capture_out_add(&c->out, p);
}

/* Before sleeping: whatever is buffered reaches the terminal or file. */
static void flush_output(struct capture *c)
{
	if (c->print && (fflush(c->cli->out) != 0 || ferror(c->cli->out)))
		print_failed(c);
	if (c->out.path)
		c->write_error = capture_out_flush(&c->out);
}

/* Sleeps until @fd is readable: 0, or -EINTR for a stop request, or
 * -EPIPE once nobody reads our standard output any more. */
static int wait_input(struct capture *c, struct dp_stop *stop, int fd)
{
	int fds[2] = { fd, c->watch_fd };
	int n;

	for (;;) {
		n = dp_wait(stop, fds, c->watch_fd >= 0 ? 2 : 1);
		if (n != 1)
			return n < 0 ? n : 0;
		if (dp_output_gone(c->watch_fd))
			return -EPIPE;
		c->watch_fd = -1; /* readable for some other reason */
	}
}

static int sniff_loop(struct capture *c, struct dp_stop *stop)
{
	int fd = dp_sniff_fd(c->sniffer);

	for (;;) {
		unsigned long long left = c->o->count - c->captured;
		int max = !c->o->count ? -1 : left > INT_MAX ? INT_MAX : (int)left;
		int n = dp_sniff_dispatch(c->sniffer, max, on_packet, c);

		if (n < 0)
			return n;
		if (finished(c))
			return 0;
		if (n > 0) {
			if (dp_stop_pending(stop))
				return 0;
			continue;
		}
		flush_output(c);
		if (finished(c))
			return 0;
		n = wait_input(c, stop, fd);
		if (n == -EINTR)
			return 0;
		if (n < 0)
			return n;
	}
}

static int read_loop(struct cli *cli, struct capture *c, struct dp_stop *stop)
{
	struct dp_packet p;
	char why[512];

	while (!finished(c)) {
		int n = dp_reader_next(c->reader, &p, why, sizeof(why));

		if (n == 0)
			return 0;
		if (n < 0) {
			flush_output(c);
			cli_say(cli, strcmp(c->o->read, "-") ? c->o->read
							     : "standard input",
				"%s", why);
			return n;
		}
		c->received++;
		on_packet(c, &p);
		if (c->received % 1024 == 0 && dp_stop_pending(stop))
			return 0;
	}
	return 0;
}

static void deliver(struct capture *c, size_t len)
{
	struct dp_packet p = { c->buf, len, len, c->mode, 0, 0, DP_LINK_DEVICE };

	if (p.caplen > c->o->snaplen)
		p.caplen = (size_t)c->o->snaplen;
	c->received++;
	/* The filter does not look at the time: only what it passes gets
	 * one. */
	if (c->filter && !dp_filter_match(c->filter, &p))
		return;
	dp_now(&p.sec, &p.usec);
	on_packet(c, &p);
}

static int attach_loop(struct capture *c, struct dp_stop *stop)
{
	int fd = tun_dev_fd(c->dev, 0);

	while (!finished(c)) {
		int n = tun_dev_read(c->dev, 0, c->buf, DP_BUF_SIZE);

		if (n >= 0) {
			deliver(c, (size_t)n);
			/* Under a flood the loop never sleeps: look for a
			 * stop request now and then. */
			if (c->received % 64 == 0 && dp_stop_pending(stop))
				return 0;
		} else if (n == -EAGAIN || n == -EWOULDBLOCK) {
			flush_output(c);
			if (finished(c))
				return 0;
			n = wait_input(c, stop, fd);
			if (n == -EINTR)
				return 0;
			if (n < 0)
				return n;
		} else if (dp_read_lost(n)) {
			c->received++;
			c->lost++;
		} else if (n != -EINTR) {
			return n;
		}
	}
	return 0;
}

/* ---- summary and the whole ----------------------------------------------- */

static void print_summary(struct cli *cli, struct capture *c)
{
	unsigned long long received = c->received, dropped = c->lost;

	if (c->sniffer && dp_sniff_stats(c->sniffer, &received, &dropped) < 0)
		received = dropped = 0;
	if (cli->quiet || c->reader)
		return;
	if (cli->json && c->print) {
		print_open(cli, NULL, '{');
		print_uint(cli, "captured", NULL, c->captured);
		print_uint(cli, "received", NULL, received);
		print_uint(cli, "dropped", NULL, dropped);
		print_close(cli, '{');
		print_end(cli);
		return;
	}
	if (c->sniffer)
		fprintf(stderr,
			"%llu packets captured, %llu received by filter, "
			"%llu dropped by kernel\n",
			c->captured, received, dropped);
	else
		fprintf(stderr,
			"%llu packets captured, %llu read from the device, "
			"%llu unreadable\n",
			c->captured, received, dropped);
}

static void print_notice(struct cli *cli, const struct capture *c)
{
	if (cli->quiet)
		return;
	if (c->reader) {
		fprintf(stderr, "tunctl: capture: reading from file %s, "
				"link-type %s, snapshot length %u\n",
			c->o->read, dp_reader_linktype(c->reader),
			dp_reader_snaplen(c->reader));
		return;
	}
	fprintf(stderr, "tunctl: capture: %s %s, link-type %s, snapshot length %d bytes\n",
		c->sniffer ? "listening on" : "reading from",
		c->sniffer ? c->o->name : tun_dev_name(c->dev),
		c->mode == TUN_MODE_TAP ? "EN10MB (Ethernet)" : "RAW (raw IP)",
		(int)c->o->snaplen);
}

static int run(struct cli *cli, struct capture *c)
{
	struct dp_stop *stop = NULL;
	int ret = dp_stop_begin(&stop);

	if (ret < 0)
		return cli_fail(cli, NULL, ret);
	print_notice(cli, c);
	if (c->reader)
		ret = read_loop(cli, c, stop);
	else
		ret = c->sniffer ? sniff_loop(c, stop) : attach_loop(c, stop);
	if (ret == -EPIPE)
		c->print_error = ret;
	flush_output(c);
	/* The count is what the file holds, when a full disk cut it short. */
	if (c->write_error)
		c->captured = capture_out_records(&c->out);
	print_summary(cli, c);
	dp_stop_end(stop);
	if (c->write_error) {
		cli_say(cli, file_name(c->out.path ? c->out.path : c->o->file),
			"%s", strerror(-c->write_error));
		return EXIT_SYSTEM;
	}
	if (c->print_error) {
		cli_say(cli, "standard output", "%s", strerror(-c->print_error));
		return EXIT_SYSTEM;
	}
	if (ret == -EBADMSG && c->reader)
		return EXIT_SYSTEM; /* said where the file is damaged */
	if (ret < 0)
		return dp_read_failed(cli, c->dev ? tun_dev_name(c->dev) : c->o->name,
				      ret);
	return EXIT_OK;
}

static int prepare_file(struct cli *cli, struct capture *c)
{
	int ret = tun_privileges_drop(c->o->uid, c->o->gid);

	if (ret < 0)
		return cli_fail(cli, "dropping privileges", ret);
	ret = open_reader(cli, c);
	return ret == EXIT_OK ? open_output(cli, c) : ret;
}

static int prepare(struct cli *cli, struct capture *c)
{
	int ret;

	if (c->o->read)
		return prepare_file(cli, c);
	ret = c->o->name ? check_name(cli, c) : adopt_inherited(cli, c);

	if (ret == EXIT_OK)
		ret = check_filter(cli, c);
	if (ret == EXIT_OK)
		ret = c->o->attach ? open_device(cli, c) : open_sniffer(cli, c);
	if (ret != EXIT_OK)
		return ret;
	/* Nothing is parsed before every privilege is gone. */
	ret = dp_drop_privileges(cli, c->o->uid, c->o->gid);
	return ret != EXIT_OK ? ret : open_output(cli, c);
}

static int capture(struct cli *cli, const struct capture_opts *o)
{
	struct capture c = { .cli = cli, .o = o, .watch_fd = -1 };
	int ret, err;

	dp_printer_init(&c.printer, cli, false);
	c.printer.dump = o->dump;
	c.printer.link = o->link;
	c.printer.verbose = o->verbose;
	c.printer.relative = !o->absolute;
	ret = prepare(cli, &c);

	if (ret == EXIT_OK)
		ret = run(cli, &c);
	err = capture_out_close(&c.out);
	if (c.saved_out)
		cli->out = c.saved_out;
	if (err < 0 && ret == EXIT_OK) {
		cli_say(cli, file_name(o->file), "%s", strerror(-err));
		ret = EXIT_SYSTEM;
	}
	dp_sniff_close(c.sniffer);
	dp_reader_close(c.reader);
	dp_printer_free(&c.printer);
	dp_filter_free(c.filter);
	tun_dev_close(c.dev);
	free(c.buf);
	return ret;
}

int capture_main(struct cli *cli, int argc, char *argv[])
{
	struct capture_opts o = { .uid = -1, .gid = -1 };
	int ret = parse(cli, argc, argv, &o);

	if (ret == CLI_HELP)
		ret = EXIT_OK;
	else if (ret == EXIT_OK)
		ret = capture(cli, &o);
	free(o.filter);
	return ret;
}
