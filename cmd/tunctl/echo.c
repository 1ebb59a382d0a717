// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "datapath.h"

/*
 * tunctl echo: become the device's reader and answer pings (and UDP, and
 * on TAP the neighbour questions that come first). One thread per queue
 * reads, asks tun_echo_reply() what to send back and writes it; the main
 * thread only waits for Ctrl-C, SIGTERM or a worker that is done.
 */

static const char echo_usage[] =
	"echo [NAME] [-c COUNT] [--udp] [--queues N] [--user USER] [-v]";

enum { OPT_COUNT, OPT_UDP, OPT_QUEUES, OPT_USER, OPT_VERBOSE };

static const struct cli_option echo_options[] = {
	[OPT_COUNT] = { "count", 'c', "COUNT", "stop after COUNT replies" },
	[OPT_UDP] = { "udp", 0, NULL, "reflect UDP datagrams to their sender" },
	[OPT_QUEUES] = { "queues", 0, "N",
			 "answer on N queues of a multi-queue device (1-16)" },
	[OPT_USER] = { "user", 0, "USER",
		       "become USER once the device is open" },
	[OPT_VERBOSE] = { "verbose", 'v', NULL,
			  "print each packet received and sent" },
	{ NULL, 0, NULL, NULL },
};

struct echo_opts {
	const char *name; /* NULL: the device inherited through TUNCTL_FD */
	int fd;
	unsigned long long count; /* 0: no limit */
	bool udp, verbose;
	unsigned queues;
	long long uid, gid; /* -1: stay who we are */
};

struct echo_counts {
	unsigned long long received, answered, neighbour, dropped, malformed;
	unsigned long long fragments; /* pieces of larger datagrams */
};

/* What the workers share; lives on the main thread's stack. */
struct echo_run {
	struct cli *cli;
	struct tun_dev *dev;
	struct tun_echo_config cfg;
	const struct echo_opts *opts;
	atomic_ullong replies; /* replies promised so far, for -c */
	atomic_bool stopping;
	struct dp_lock *print_lock;
	struct dp_printer printer; /* under print_lock */
	/* One for every queue: the kernel spreads a datagram's pieces over
	 * queues by flow, and a piece has no port to hash on. */
	struct dp_lock *reasm_lock;
	struct tun_reasm *reasm; /* under reasm_lock */
	int stop[2]; /* main -> workers: stop now */
	int done[2]; /* workers -> main: one of us is finished */
};

struct echo_worker {
	struct echo_run *run;
	unsigned queue;
	struct dp_thread *thread;
	struct echo_counts counts;
	int error; /* the -errno that ended it, 0 when asked to stop */
	uint8_t in[DP_BUF_SIZE];
	uint8_t whole[DP_BUF_SIZE]; /* a datagram put together again */
	uint8_t out[DP_BUF_SIZE];
};

/* ---- options ------------------------------------------------------------- */

static int parse_values(struct cli *cli, const char **v, struct echo_opts *o)
{
	unsigned long long n;
	int ret;

	if (v[OPT_COUNT] && (ret = dp_parse_count(cli, v[OPT_COUNT], &o->count)))
		return ret;
	if (v[OPT_QUEUES]) {
		ret = cli_parse_uint(cli, "N", v[OPT_QUEUES], 1, TUN_QUEUES_MAX,
				     &n);
		if (ret)
			return ret;
		o->queues = (unsigned)n;
	}
	if (v[OPT_USER] &&
	    (ret = dp_parse_user(cli, v[OPT_USER], &o->uid, &o->gid)))
		return ret;
	o->udp = v[OPT_UDP] != NULL;
	o->verbose = v[OPT_VERBOSE] != NULL;
	return EXIT_OK;
}

/* Bad input ends here with exit 2, before the device is touched. */
static int check_device(struct cli *cli, struct echo_opts *o)
{
	struct tun_info info;
	int ret;

	if (!o->name) {
		if (o->queues > 1)
			return cli_usage_error(cli, "--queues",
					       "needs NAME: only one descriptor is inherited");
		o->fd = dp_inherited_fd(cli);
		return o->fd < 0 ? EXIT_USAGE : EXIT_OK;
	}
	if ((ret = dp_check_device(cli, o->name, NULL, &info)))
		return ret;
	if (o->queues > 1 && !(info.flags & TUN_FLAG_MULTI_QUEUE))
		return cli_usage_error(cli, o->name,
				       "not a multi-queue device (create it with --multi-queue)");
	return EXIT_OK;
}

static int parse(struct cli *cli, int argc, char *argv[], struct echo_opts *o)
{
	static const char *const names[] = { "NAME" };
	const char *values[sizeof(echo_options) / sizeof(echo_options[0])];
	int ret = cli_words(cli, argc, argv, echo_usage, echo_options, values,
			    names, 0, 1, &o->name);

	if (ret != EXIT_OK)
		return ret;
	if ((ret = parse_values(cli, values, o)))
		return ret;
	return check_device(cli, o);
}

/* ---- the device ---------------------------------------------------------- */

/* The addresses of the interface itself, never claimed by our ARP or
 * neighbour answers. Best effort: without them the rules against probes
 * and duplicate address detection still hold. */
static struct tun_ip *own_addresses(struct cli *cli, const char *name,
				    size_t *n)
{
	struct tun_addr *addrs = NULL;
	struct tun_ip *ips = NULL;
	size_t count = 0;

	*n = 0;
	if (tun_addr_list(cli->ctx, name, &addrs, &count) < 0 || !count)
		return NULL;
	ips = calloc(count, sizeof(*ips));
	for (size_t i = 0; ips && i < count; i++)
		ips[i] = addrs[i].local.ip;
	if (ips)
		*n = count;
	tun_free(addrs);
	return ips;
}

/* Our MAC: stable per device name, and never the interface's own. */
static void answer_mac(struct cli *cli, const char *name, uint8_t *mac)
{
	struct tun_info info;

	tun_echo_mac(name, mac);
	if (tun_dev_info_get(cli->ctx, name, &info) == 0 && info.has_mac &&
	    !memcmp(info.mac, mac, TUN_MAC_LEN))
		mac[5] ^= 0x01;
}

static int open_device(struct cli *cli, const struct echo_opts *o,
		       struct tun_dev **devp)
{
	int ret;

	if (!cli_ctx(cli))
		return EXIT_SYSTEM;
	if (o->name)
		ret = tun_dev_attach(cli->ctx, o->name, o->queues, devp);
	else
		ret = tun_dev_from_fd(cli->ctx, o->fd, devp);
	if (ret < 0)
		return cli_fail(cli, o->name ? o->name : "TUNCTL_FD", ret);
	for (unsigned q = 0; q < tun_dev_queues(*devp); q++) {
		ret = dp_set_nonblocking(tun_dev_fd(*devp, q));
		if (ret < 0)
			return cli_fail(cli, tun_dev_name(*devp), ret);
	}
	return EXIT_OK;
}

/* ---- the workers --------------------------------------------------------- */

static void print_one(struct echo_worker *w, const uint8_t *data, size_t len)
{
	struct dp_packet p = { data, len, len, w->run->cfg.mode, 0, 0, DP_LINK_DEVICE };

	dp_now(&p.sec, &p.usec);
	dp_print_packet(&w->run->printer, &p);
}

static void flush_output(struct echo_run *run)
{
	if (!run->opts->verbose)
		return;
	dp_lock(run->print_lock);
	fflush(run->cli->out);
	dp_unlock(run->print_lock);
}

/* -c: reserve one of the COUNT replies; false when none is left. */
static bool take_reply(struct echo_run *run)
{
	unsigned long long n;

	if (!run->opts->count)
		return true;
	n = atomic_fetch_add(&run->replies, 1);
	if (n >= run->opts->count)
		return false;
	if (n + 1 == run->opts->count) {
		/* The last one: once it is written, everyone stops. */
		atomic_store(&run->stopping, true);
	}
	return true;
}

static void send_reply(struct echo_worker *w, size_t len,
		       unsigned long long *counter)
{
	struct echo_run *run = w->run;

	if (tun_dev_write(run->dev, w->queue, w->out, len) < 0) {
		w->counts.dropped++;
		return;
	}
	(*counter)++;
	if (run->opts->verbose)
		print_one(w, w->out, len);
}

/* Answers what the reply builder answers, and counts it. Returns false,
 * counting nothing, for a packet that the builder drops. */
static bool answer(struct echo_worker *w, const uint8_t *req, size_t len)
{
	struct echo_run *run = w->run;
	size_t outlen = 0;
	int action = tun_echo_reply(&run->cfg, req, len, w->out,
				    sizeof(w->out), &outlen);

	if (action == TUN_ECHO_DROP)
		return false;
	if (action == TUN_ECHO_REPLY && take_reply(run))
		send_reply(w, outlen, &w->counts.answered);
	else if (action == TUN_ECHO_NEIGHBOUR)
		send_reply(w, outlen, &w->counts.neighbour);
	else
		w->counts.dropped++;
	if (action == TUN_ECHO_MALFORMED)
		w->counts.malformed++;
	return true;
}

/* A packet the builder drops may be a piece of a larger datagram (it drops
 * every fragment): that waits for the rest, which is then answered whole;
 * pieces thrown away are counted as dropped at the end. Only such packets
 * are offered, so that a packet answered at once is decoded once and
 * costs no clock. */
static void reassemble(struct echo_worker *w, size_t len)
{
	struct echo_run *run = w->run;
	size_t whole = 0;
	int ret;

	dp_lock(run->reasm_lock);
	ret = tun_reasm_add(run->reasm, dp_monotonic_ms(), w->in, len,
			    run->cfg.mode, w->whole, sizeof(w->whole), &whole);
	dp_unlock(run->reasm_lock);

	if (ret == 0) {
		w->counts.dropped++; /* not a fragment */
		return;
	}
	w->counts.fragments++;
	if (ret == 1 && !answer(w, w->whole, whole))
		w->counts.dropped++;
	else if (ret == -EBADMSG)
		w->counts.malformed++;
}

static void handle(struct echo_worker *w, size_t len)
{
	struct echo_run *run = w->run;

	w->counts.received++;
	if (run->opts->verbose) {
		dp_lock(run->print_lock);
		print_one(w, w->in, len);
	}
	if (!answer(w, w->in, len))
		reassemble(w, len);
	if (run->opts->verbose)
		dp_unlock(run->print_lock);
}

static void *echo_worker_main(void *arg)
{
	struct echo_worker *w = arg;
	struct echo_run *run = w->run;
	int fds[2] = { tun_dev_fd(run->dev, w->queue), run->stop[0] };

	while (!atomic_load(&run->stopping)) {
		int n = tun_dev_read(run->dev, w->queue, w->in, sizeof(w->in));

		if (n >= 0) {
			handle(w, (size_t)n);
		} else if (n == -EAGAIN || n == -EWOULDBLOCK) {
			flush_output(run);
			n = dp_wait(NULL, fds, 2);
			if (n < 0)
				w->error = n;
			if (n != 0)
				break;
		} else if (dp_read_lost(n)) {
			w->counts.received++;
			w->counts.dropped++;
			w->counts.malformed++;
		} else if (n != -EINTR) {
			w->error = n;
			break;
		}
	}
	dp_notify(run->done);
	return NULL;
}

/* ---- running it ---------------------------------------------------------- */

static void add_counts(struct echo_counts *sum, const struct echo_counts *c)
{
	sum->received += c->received;
	sum->answered += c->answered;
	sum->neighbour += c->neighbour;
	sum->dropped += c->dropped;
	sum->malformed += c->malformed;
	sum->fragments += c->fragments;
}

static void print_summary(struct cli *cli, const struct echo_counts *c)
{
	if (cli->quiet)
		return;
	if (!cli->json) {
		fflush(cli->out);
		fprintf(stderr,
			"%llu received, %llu answered, %llu neighbour answers, "
			"%llu dropped (%llu malformed), %llu fragments\n",
			c->received, c->answered, c->neighbour, c->dropped,
			c->malformed, c->fragments);
		return;
	}
	print_open(cli, NULL, '{');
	print_uint(cli, "received", NULL, c->received);
	print_uint(cli, "answered", NULL, c->answered);
	print_uint(cli, "neighbour", NULL, c->neighbour);
	print_uint(cli, "dropped", NULL, c->dropped);
	print_uint(cli, "malformed", NULL, c->malformed);
	print_uint(cli, "fragments", NULL, c->fragments);
	print_close(cli, '{');
	print_end(cli);
}

static void print_notice(struct cli *cli, const struct echo_run *run)
{
	const uint8_t *m = run->cfg.mac;
	unsigned q = tun_dev_queues(run->dev);
	char mac[32] = "";

	if (cli->quiet)
		return;
	if (run->cfg.mode == TUN_MODE_TAP)
		snprintf(mac, sizeof(mac), " as %02x:%02x:%02x:%02x:%02x:%02x",
			 m[0], m[1], m[2], m[3], m[4], m[5]);
	/* One write, so that the line is not broken by other output. */
	fprintf(stderr, "tunctl: echo: answering on %s%s (%u queue%s%s)\n",
		tun_dev_name(run->dev), mac, q, q == 1 ? "" : "s",
		run->opts->udp ? ", UDP too" : "");
}

/* Start one worker per queue, wait, stop them all, join them. Returns the
 * first worker error, or 0. */
static int run_workers(struct echo_run *run, struct dp_stop *stop,
		       struct echo_worker **workers, unsigned n,
		       struct echo_counts *sum)
{
	unsigned started = 0;
	int ret = 0;

	for (; started < n; started++) {
		ret = dp_thread_start(&workers[started]->thread,
				      echo_worker_main, workers[started]);
		if (ret < 0)
			break;
	}
	/* Ctrl-C (-EINTR) or a worker that is finished: either way, stop. */
	if (ret == 0 && (ret = dp_wait(stop, &run->done[0], 1)) >= 0)
		ret = 0;
	if (ret == -EINTR)
		ret = 0;
	atomic_store(&run->stopping, true);
	dp_notify(run->stop);
	for (unsigned i = 0; i < started; i++) {
		dp_thread_join(workers[i]->thread);
		add_counts(sum, &workers[i]->counts);
		if (!ret)
			ret = workers[i]->error;
	}
	sum->dropped += tun_reasm_discarded(run->reasm);
	return ret;
}

/* A reassembler slot holds one datagram in progress at once. */
#define REASM_SLOTS 16

static int new_workers(struct echo_run *run, struct echo_worker **workers,
		       unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		workers[i] = calloc(1, sizeof(**workers));
		if (!workers[i])
			return -ENOMEM;
		workers[i]->run = run;
		workers[i]->queue = i;
	}
	return 0;
}

static void free_workers(struct echo_worker **workers, unsigned n)
{
	for (unsigned i = 0; workers && i < n; i++)
		free(workers[i]);
	free(workers);
}

static int serve(struct cli *cli, struct echo_run *run)
{
	unsigned n = tun_dev_queues(run->dev);
	struct echo_worker **workers = calloc(n, sizeof(*workers));
	struct echo_counts sum = { 0 };
	struct dp_stop *stop = NULL;
	int ret = workers ? dp_stop_begin(&stop) : -ENOMEM;

	if (ret == 0 && (ret = dp_notify_open(run->stop)) == 0 &&
	    (ret = dp_notify_open(run->done)) == 0 &&
	    (ret = dp_lock_new(&run->print_lock)) == 0 &&
	    (ret = dp_lock_new(&run->reasm_lock)) == 0 &&
	    (ret = tun_reasm_new(&run->reasm, REASM_SLOTS)) == 0)
		ret = new_workers(run, workers, n);
	if (ret < 0) {
		ret = cli_fail(cli, NULL, ret);
		goto out;
	}
	print_notice(cli, run);
	ret = run_workers(run, stop, workers, n, &sum);
	fflush(cli->out);
	print_summary(cli, &sum);
	if (ret < 0)
		ret = dp_read_failed(cli, tun_dev_name(run->dev), ret);
out:
	free_workers(workers, n);
	dp_lock_free(run->print_lock);
	dp_lock_free(run->reasm_lock);
	tun_reasm_free(run->reasm);
	dp_notify_close(run->stop);
	dp_notify_close(run->done);
	dp_stop_end(stop);
	return ret;
}

static int echo(struct cli *cli, const struct echo_opts *o)
{
	struct echo_run run = {
		.cli = cli,
		.opts = o,
		.stop = { -1, -1 },
		.done = { -1, -1 },
	};
	struct tun_ip *own = NULL;
	int ret = open_device(cli, o, &run.dev);

	if (ret != EXIT_OK)
		goto out;
	dp_printer_init(&run.printer, cli, false);
	run.cfg.mode = tun_dev_mode(run.dev);
	run.cfg.udp = o->udp;
	answer_mac(cli, tun_dev_name(run.dev), run.cfg.mac);
	own = own_addresses(cli, tun_dev_name(run.dev), &run.cfg.nown);
	run.cfg.own = own;
	/* Every privilege goes before the first packet is parsed; this
	 * thread still runs alone, so every worker inherits that. */
	ret = dp_drop_privileges(cli, o->uid, o->gid);
	if (ret != EXIT_OK)
		goto out;
	ret = serve(cli, &run);
out:
	free(own);
	tun_dev_close(run.dev);
	return ret;
}

int echo_main(struct cli *cli, int argc, char *argv[])
{
	struct echo_opts o = { .fd = -1, .queues = 1, .uid = -1, .gid = -1 };
	int ret = parse(cli, argc, argv, &o);

	if (ret == CLI_HELP)
		return EXIT_OK;
	if (ret != EXIT_OK)
		return ret;
	return echo(cli, &o);
}
