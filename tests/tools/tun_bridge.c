// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/*
 * A tool for tests and benchmarks, not installed: joins two TUN (or two
 * TAP) devices as a cable would, each in its own network namespace, with
 * nothing but libtunctl: what is read from one is written into the other,
 * both ways. tests/bats/offload.bats and bench/offload.sh use it.
 *
 *   tun_bridge [--one-by-one | --passthrough] NETNS_A DEV_A NETNS_B DEV_B
 *
 * It attaches to both devices (persistent ones, made by tunctl create),
 * says "ready" on stderr, and forwards until SIGINT or SIGTERM: it reads
 * until -EAGAIN and writes what it got with tun_dev_write_many(), or with
 * tun_dev_write() one by one. With --passthrough, both devices are in
 * pass-through mode (tun_dev_set_passthrough()): GSO packets go across
 * whole, with their virtio-net headers. Then it prints one line per device
 * on stdout:
 *
 *   DEV read=N lost=N written=N offloads=csum,tso,uso gso_packets=N
 *       gso_segments=N csum_completed=N coalesced_packets=N
 *       coalesced_segments=N passed_gso=N
 *
 * (one line), where read counts packets tun_dev_read() returned, lost the
 * reads and writes that failed for one packet, and the rest comes from
 * tun_dev_offload_stats(); passed_gso counts GSO packets read whole in
 * pass-through mode.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "tunctl.h"

#define BUF_SIZE (65535 + 64)
#define ARENA_SIZE (1 << 20)
#define BATCH_MAX 1024

struct side {
	const char *netns;
	const char *name;
	struct tun_ctx *ctx;
	struct tun_dev *dev;
	unsigned long long read, lost, written, passed_gso;
	bool passthrough;
};

static int fail(const struct side *s, const char *what, int err)
{
	fprintf(stderr, "tun_bridge: %s: %s: %s%s%s\n", s->name, what,
		strerror(-err), s->ctx && *tun_ctx_detail(s->ctx) ? ": " : "",
		s->ctx ? tun_ctx_detail(s->ctx) : "");
	return err;
}

/* The device is opened from inside its namespace; its descriptor keeps
 * working from anywhere afterwards. */
static int open_side(struct side *s)
{
	int ret, fd, flags;

	if ((ret = tun_netns_enter(s->netns)) < 0)
		return fail(s, "entering the namespace", ret);
	if ((ret = tun_ctx_new(&s->ctx)) < 0)
		return fail(s, "context", ret);
	if ((ret = tun_dev_attach(s->ctx, s->name, 1, &s->dev)) < 0)
		return fail(s, "attach", ret);
	fd = tun_dev_fd(s->dev, 0);
	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
		return fail(s, "O_NONBLOCK", -errno);
	return 0;
}

static void close_side(struct side *s)
{
	tun_dev_close(s->dev);
	tun_ctx_free(s->ctx);
}

/* A read or write that spoils one packet, not the device. */
static bool packet_lost(int err)
{
	return err == -EMSGSIZE || err == -EPROTO || err == -EPROTONOSUPPORT ||
	       err == -EINVAL || err == -EIO || err == -ENOBUFS;
}

/* What was read from one device, to be written into the other at once. */
struct batch {
	uint8_t *arena; /* ARENA_SIZE bytes */
	struct tun_buf pkts[BATCH_MAX];
	size_t count, used;
	bool one_by_one; /* tun_dev_write() each instead of
			    tun_dev_write_many() */
};

static int write_one_by_one(struct side *to, struct batch *b)
{
	for (size_t i = 0; i < b->count; i++) {
		int n = tun_dev_write(to->dev, 0, b->pkts[i].data,
				      b->pkts[i].len);

		if (n >= 0)
			to->written++;
		else if (packet_lost(n) || n == -EAGAIN)
			to->lost++;
		else
			return fail(to, "write", n);
	}
	return 0;
}

/* A packet that fails is counted lost and skipped; the rest go on. */
static int write_batch(struct side *to, struct batch *b)
{
	size_t done = 0;

	if (b->one_by_one)
		return write_one_by_one(to, b);
	while (done < b->count) {
		int n = tun_dev_write_many(to->dev, 0, b->pkts + done,
					   b->count - done);

		if (n >= 0) {
			to->written += (unsigned)n;
			done += (size_t)n;
			if (done < b->count) {
				to->lost++;
				done++;
			}
		} else if (packet_lost(n) || n == -EAGAIN) {
			to->lost++;
			done++;
		} else {
			return fail(to, "write", n);
		}
	}
	return 0;
}

/* Read into the batch until -EAGAIN (packets cut from one GSO packet wait
 * in the library, not on the descriptor) or until it is full. Returns 1
 * when the device has nothing more, 0 when full, or a negative errno. */
static int fill_batch(struct side *from, struct batch *b)
{
	b->count = b->used = 0;
	while (b->count < BATCH_MAX && ARENA_SIZE - b->used >= BUF_SIZE) {
		int n = tun_dev_read(from->dev, 0, b->arena + b->used, BUF_SIZE);

		if (n == -EAGAIN || n == -EWOULDBLOCK)
			return 1;
		if (n == -EINTR)
			continue;
		if (n < 0 && packet_lost(n)) {
			from->lost++;
			continue;
		}
		if (n < 0)
			return fail(from, "read", n);
		from->read++;
		/* the virtio header's gso_type, in front of the packet */
		if (from->passthrough && n > 1 && b->arena[b->used + 1])
			from->passed_gso++;
		b->pkts[b->count++] = (struct tun_buf){ b->arena + b->used,
							(size_t)n };
		b->used += (size_t)n;
	}
	return 0;
}

/* Everything waiting on @from, into @to. */
static int forward(struct side *from, struct side *to, struct batch *b)
{
	int drained = 0;

	while (!drained) {
		drained = fill_batch(from, b);
		if (drained < 0)
			return drained;
		if (write_batch(to, b) < 0)
			return -EIO;
	}
	return 0;
}

static int stop_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -1;
	return signalfd(-1, &set, SFD_CLOEXEC);
}

static int run(struct side *a, struct side *b, int sigfd, bool one_by_one)
{
	struct pollfd fds[3] = {
		{ tun_dev_fd(a->dev, 0), POLLIN, 0 },
		{ tun_dev_fd(b->dev, 0), POLLIN, 0 },
		{ sigfd, POLLIN, 0 },
	};
	struct batch *batch = calloc(1, sizeof(*batch));
	int ret = 0;

	if (!batch || !(batch->arena = malloc(ARENA_SIZE))) {
		free(batch);
		return -ENOMEM;
	}
	batch->one_by_one = one_by_one;
	while (ret == 0) {
		if (poll(fds, 3, -1) < 0) {
			ret = errno == EINTR ? 0 : -errno;
			continue;
		}
		if (fds[2].revents)
			break;
		if (fds[0].revents)
			ret = forward(a, b, batch);
		if (ret == 0 && fds[1].revents)
			ret = forward(b, a, batch);
	}
	free(batch->arena);
	free(batch);
	return ret;
}

static void print_side(const struct side *s)
{
	struct tun_offload_stats st;

	tun_dev_offload_stats(s->dev, 0, &st);
	printf("%s read=%llu lost=%llu written=%llu offloads=%s%s%s%s "
	       "gso_packets=%llu gso_segments=%llu csum_completed=%llu "
	       "coalesced_packets=%llu coalesced_segments=%llu passed_gso=%llu\n",
	       s->name, s->read, s->lost, s->written,
	       st.offloads ? "" : "none",
	       st.offloads & TUN_OFFLOAD_CSUM ? "csum" : "",
	       st.offloads & TUN_OFFLOAD_TSO ? ",tso" : "",
	       st.offloads & TUN_OFFLOAD_USO ? ",uso" : "",
	       (unsigned long long)st.gso_packets,
	       (unsigned long long)st.gso_segments,
	       (unsigned long long)st.csum_completed,
	       (unsigned long long)st.coalesced_packets,
	       (unsigned long long)st.coalesced_segments, s->passed_gso);
}

int main(int argc, char *argv[])
{
	struct side a = { 0 }, b = { 0 };
	bool one_by_one = argc > 1 && strcmp(argv[1], "--one-by-one") == 0;
	bool passthrough = argc > 1 && strcmp(argv[1], "--passthrough") == 0;
	int sigfd, ret;

	if (one_by_one || passthrough) {
		argc--;
		argv++;
	}
	if (argc != 5) {
		fprintf(stderr, "usage: tun_bridge [--one-by-one | --passthrough] "
				"NETNS_A DEV_A NETNS_B DEV_B\n");
		return 2;
	}
	a.netns = argv[1];
	a.name = argv[2];
	b.netns = argv[3];
	b.name = argv[4];
	sigfd = stop_signals();
	if (sigfd < 0) {
		perror("tun_bridge: signalfd");
		return 1;
	}
	ret = open_side(&a);
	if (ret == 0)
		ret = open_side(&b);
	a.passthrough = b.passthrough = passthrough;
	if (ret == 0 && passthrough &&
	    ((ret = tun_dev_set_passthrough(a.dev, true)) < 0 ||
	     (ret = tun_dev_set_passthrough(b.dev, true)) < 0))
		fprintf(stderr, "tun_bridge: --passthrough: %s\n", strerror(-ret));
	if (ret == 0) {
		fprintf(stderr, "tun_bridge: ready\n");
		ret = run(&a, &b, sigfd, one_by_one);
		print_side(&a);
		print_side(&b);
	}
	close_side(&a);
	close_side(&b);
	close(sigfd);
	return ret < 0 ? 1 : 0;
}
