// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include <pcap.h>

#include "datapath.h"

/* The data path's POSIX part: signals, waiting, threads, clocks, and
 * passive capture through libpcap. */

/* ---- stop requests ------------------------------------------------------ */

/*
 * SIGINT and SIGTERM stay blocked except while dp_wait() sleeps in
 * pselect(), which unblocks them atomically: a request that arrives while a
 * packet is being handled waits, pending, for the next pselect() (or is seen
 * by dp_stop_pending()), and none can slip in between a check and the
 * sleep. The handler does nothing; interrupting pselect() is its whole job,
 * so no global flag is needed.
 */
struct dp_stop {
	sigset_t signals;   /* SIGINT, SIGTERM */
	sigset_t old_mask;  /* the mask before dp_stop_begin() */
	sigset_t wait_mask; /* old_mask without the stop signals */
	struct sigaction old_int, old_term;
};

static void on_stop_signal(int sig)
{
	(void)sig;
}

int dp_stop_begin(struct dp_stop **stopp)
{
	struct dp_stop *s = calloc(1, sizeof(*s));
	struct sigaction sa;
	int err;

	if (!s)
		return -ENOMEM;
	sigemptyset(&s->signals);
	sigaddset(&s->signals, SIGINT);
	sigaddset(&s->signals, SIGTERM);
	err = pthread_sigmask(SIG_BLOCK, &s->signals, &s->old_mask);
	if (err) {
		free(s);
		return -err;
	}
	s->wait_mask = s->old_mask;
	sigdelset(&s->wait_mask, SIGINT);
	sigdelset(&s->wait_mask, SIGTERM);
	/* No SA_RESTART: the point is that pselect() returns EINTR. This
	 * also replaces the SIG_IGN a shell gives background jobs. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &s->old_int);
	sigaction(SIGTERM, &sa, &s->old_term);
	*stopp = s;
	return 0;
}

void dp_stop_end(struct dp_stop *s)
{
	struct sigaction ignore;

	if (!s)
		return;
	/* Setting SIG_IGN discards a request still pending, which would
	 * otherwise kill us under the old disposition once unblocked. */
	memset(&ignore, 0, sizeof(ignore));
	ignore.sa_handler = SIG_IGN;
	sigemptyset(&ignore.sa_mask);
	sigaction(SIGINT, &ignore, NULL);
	sigaction(SIGTERM, &ignore, NULL);
	sigaction(SIGINT, &s->old_int, NULL);
	sigaction(SIGTERM, &s->old_term, NULL);
	pthread_sigmask(SIG_SETMASK, &s->old_mask, NULL);
	free(s);
}

bool dp_stop_pending(struct dp_stop *s)
{
	sigset_t pending;

	(void)s; /* the process's pending set is what counts */
	if (sigpending(&pending) < 0)
		return false;
	return sigismember(&pending, SIGINT) == 1 ||
	       sigismember(&pending, SIGTERM) == 1;
}

/* ---- waiting ------------------------------------------------------------ */

int dp_wait(struct dp_stop *stop, const int *fds, size_t n)
{
	for (;;) {
		fd_set readable;
		int maxfd = -1, ret;

		FD_ZERO(&readable);
		for (size_t i = 0; i < n; i++) {
			if (fds[i] < 0 || fds[i] >= FD_SETSIZE)
				return -EBADF;
			FD_SET(fds[i], &readable);
			if (fds[i] > maxfd)
				maxfd = fds[i];
		}
		ret = pselect(maxfd + 1, &readable, NULL, NULL, NULL,
			      stop ? &stop->wait_mask : NULL);
		if (ret < 0 && errno == EINTR && stop)
			return -EINTR;
		if (ret < 0 && errno != EINTR)
			return -errno;
		for (size_t i = 0; ret > 0 && i < n; i++) {
			if (FD_ISSET(fds[i], &readable))
				return (int)i;
		}
	}
}

int dp_set_nonblocking(int fd)
{
	int flags = fcntl(fd, F_GETFL);

	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
		return -errno;
	return 0;
}

int dp_notify_open(int fds[2])
{
	if (pipe(fds) < 0)
		return -errno;
	for (int i = 0; i < 2; i++) {
		if (fcntl(fds[i], F_SETFD, FD_CLOEXEC) < 0 ||
		    dp_set_nonblocking(fds[i]) < 0) {
			int err = -errno;

			dp_notify_close(fds);
			return err;
		}
	}
	return 0;
}

void dp_notify(int fds[2])
{
	/* One byte is enough, and the pipe stays readable: a wake-up for
	 * every thread that waits on it, now or later. */
	if (fds[1] >= 0 && write(fds[1], "", 1) < 0 && errno != EAGAIN)
		return;
}

void dp_notify_close(int fds[2])
{
	for (int i = 0; i < 2; i++) {
		if (fds[i] >= 0)
			close(fds[i]);
		fds[i] = -1;
	}
}

/* ---- threads and a lock -------------------------------------------------- */

struct dp_thread {
	pthread_t id;
};

struct dp_lock {
	pthread_mutex_t mutex;
};

int dp_thread_start(struct dp_thread **tp, void *(*fn)(void *), void *arg)
{
	struct dp_thread *t = calloc(1, sizeof(*t));
	int err;

	if (!t)
		return -ENOMEM;
	err = pthread_create(&t->id, NULL, fn, arg);
	if (err) {
		free(t);
		return -err;
	}
	*tp = t;
	return 0;
}

void dp_thread_join(struct dp_thread *t)
{
	if (!t)
		return;
	pthread_join(t->id, NULL);
	free(t);
}

int dp_lock_new(struct dp_lock **lockp)
{
	struct dp_lock *l = calloc(1, sizeof(*l));
	int err;

	if (!l)
		return -ENOMEM;
	err = pthread_mutex_init(&l->mutex, NULL);
	if (err) {
		free(l);
		return -err;
	}
	*lockp = l;
	return 0;
}

void dp_lock_free(struct dp_lock *l)
{
	if (!l)
		return;
	pthread_mutex_destroy(&l->mutex);
	free(l);
}

void dp_lock(struct dp_lock *l)
{
	pthread_mutex_lock(&l->mutex);
}

void dp_unlock(struct dp_lock *l)
{
	pthread_mutex_unlock(&l->mutex);
}

/* ---- clocks -------------------------------------------------------------- */

void dp_now(long long *sec, long *usec)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	*sec = ts.tv_sec;
	*usec = ts.tv_nsec / 1000;
}

uint64_t dp_monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

char *dp_clock(long long sec, char *buf)
{
	time_t t = (time_t)sec;
	struct tm tm;

	if (!localtime_r(&t, &tm))
		memset(&tm, 0, sizeof(tm));
	snprintf(buf, 16, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
	return buf;
}

/* ---- filters and passive capture through libpcap ------------------------- */

/*
 * libpcap is loaded when a filter or a capture needs it, not at start-up:
 * Debian's brings in D-Bus and systemd libraries, whose loading would make
 * every other command slower than the ip command it stands in for.
 */
#define PCAP_FUNCTIONS(X)                                                      \
	X(open_dead) X(compile) X(geterr) X(close) X(offline_filter)           \
	X(freecode) X(create) X(set_snaplen) X(set_promisc) X(set_timeout)     \
	X(set_immediate_mode) X(set_buffer_size) X(activate) X(statustostr)    \
	X(datalink)                                                            \
	X(datalink_val_to_name) X(setfilter) X(setnonblock)                    \
	X(get_selectable_fd) X(dispatch) X(stats)

struct pcap_api {
	void *lib;
#define PCAP_MEMBER(f) __typeof__(pcap_##f) *f;
	PCAP_FUNCTIONS(PCAP_MEMBER)
#undef PCAP_MEMBER
};

static void set_why(char *why, size_t whylen, const char *text)
{
	snprintf(why, whylen, "%s", text);
}

static void pcap_api_unload(struct pcap_api *pc)
{
	if (pc->lib)
		dlclose(pc->lib);
	pc->lib = NULL;
}

static int pcap_api_load(struct pcap_api *pc, char *why, size_t whylen)
{
	static const char *const names[] = {
		"libpcap.so.1", "libpcap.so.0.8", "libpcap.so",
		"libpcap.A.dylib", "libpcap.dylib",
	};

	for (size_t i = 0; !pc->lib && i < sizeof(names) / sizeof(names[0]);
	     i++)
		pc->lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (!pc->lib) {
		set_why(why, whylen,
			"libpcap is needed for this: install it (Debian: "
			"libpcap0.8)");
		return -ENOENT;
	}
	/* POSIX's way to turn dlsym's pointer into a function pointer. */
#define PCAP_LOAD(f)                                                          \
	if (!(*(void **)&pc->f = dlsym(pc->lib, "pcap_" #f))) {               \
		set_why(why, whylen, "libpcap lacks pcap_" #f);               \
		pcap_api_unload(pc);                                          \
		return -ENOENT;                                               \
	}
	PCAP_FUNCTIONS(PCAP_LOAD)
#undef PCAP_LOAD
	return 0;
}

struct dp_filter {
	struct pcap_api pc;
	struct bpf_program prog;
};

struct dp_sniffer {
	struct pcap_api pc;
	pcap_t *pcap;
	enum tun_mode mode;
	void (*fn)(void *arg, const struct dp_packet *p);
	void *arg;
};

/* Linux tun is ARPHRD_NONE, which libpcap reports as raw IP. */
static int dlt_of(enum tun_mode mode)
{
	return mode == TUN_MODE_TAP ? DLT_EN10MB : DLT_RAW;
}

int dp_filter_compile(const char *expr, enum tun_mode mode,
		      struct dp_filter **fp, char *why, size_t whylen)
{
	struct dp_filter *f = calloc(1, sizeof(*f));
	pcap_t *dead;
	int ret;

	if (!f)
		return -ENOMEM;
	ret = pcap_api_load(&f->pc, why, whylen);
	if (ret < 0) {
		free(f);
		return ret;
	}
	dead = f->pc.open_dead(dlt_of(mode), 262144);
	if (!dead) {
		dp_filter_free(f);
		return -ENOMEM;
	}
	if (f->pc.compile(dead, &f->prog, expr, 1, PCAP_NETMASK_UNKNOWN) < 0) {
		set_why(why, whylen, f->pc.geterr(dead));
		f->pc.close(dead);
		pcap_api_unload(&f->pc);
		free(f);
		return -EINVAL;
	}
	f->pc.close(dead);
	*fp = f;
	return 0;
}

bool dp_filter_match(const struct dp_filter *f, const struct dp_packet *p)
{
	struct pcap_pkthdr h;

	memset(&h, 0, sizeof(h));
	h.ts.tv_sec = (time_t)p->sec;
	h.ts.tv_usec = (suseconds_t)p->usec;
	h.caplen = (bpf_u_int32)p->caplen;
	h.len = (bpf_u_int32)p->len;
	return f->pc.offline_filter(&f->prog, &h, p->data) != 0;
}

void dp_filter_free(struct dp_filter *f)
{
	if (!f)
		return;
	if (f->prog.bf_insns)
		f->pc.freecode(&f->prog);
	pcap_api_unload(&f->pc);
	free(f);
}

static int activate_error(int status)
{
	switch (status) {
	case PCAP_ERROR_PERM_DENIED:
		return -EPERM;
	case PCAP_ERROR_NO_SUCH_DEVICE:
		return -ENODEV;
	case PCAP_ERROR_IFACE_NOT_UP:
		return -ENETDOWN;
	default:
		return -EIO;
	}
}

static int sniff_setup(const struct dp_sniff_config *cfg,
		       const struct pcap_api *pc, pcap_t *p, char *why,
		       size_t whylen)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	struct bpf_program prog;
	int status;

	pc->set_snaplen(p, (int)cfg->snaplen);
	pc->set_promisc(p, 0);
	/* Packets come in blocks, at the latest after this many ms. */
	pc->set_timeout(p, 100);
	pc->set_immediate_mode(p, cfg->immediate);
	/* Four times libpcap's default (and tcpdump's): we print lines as
	 * well as write the file, so a burst must wait a little longer. */
	pc->set_buffer_size(p, 8 << 20);
	status = pc->activate(p);
	if (status < 0) {
		set_why(why, whylen,
			status == PCAP_ERROR ? pc->geterr(p)
					     : pc->statustostr(status));
		return activate_error(status);
	}
	if (pc->datalink(p) != dlt_of(cfg->mode)) {
		snprintf(why, whylen, "unexpected link type %s",
			 pc->datalink_val_to_name(pc->datalink(p)));
		return -EPROTONOSUPPORT;
	}
	if (cfg->filter) {
		if (pc->compile(p, &prog, cfg->filter, 1,
				 PCAP_NETMASK_UNKNOWN) < 0) {
			set_why(why, whylen, pc->geterr(p));
			return -EINVAL;
		}
		status = pc->setfilter(p, &prog);
		pc->freecode(&prog);
		if (status < 0) {
			set_why(why, whylen, pc->geterr(p));
			return -EIO;
		}
	}
	if (pc->setnonblock(p, 1, errbuf) < 0) {
		set_why(why, whylen, errbuf);
		return -EIO;
	}
	return 0;
}

int dp_sniff_open(const struct dp_sniff_config *cfg, struct dp_sniffer **sp,
		  char *why, size_t whylen)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	struct dp_sniffer *s = calloc(1, sizeof(*s));
	int ret;

	if (!s)
		return -ENOMEM;
	s->mode = cfg->mode;
	ret = pcap_api_load(&s->pc, why, whylen);
	if (ret < 0) {
		free(s);
		return ret;
	}
	s->pcap = s->pc.create(cfg->ifname, errbuf);
	if (!s->pcap) {
		set_why(why, whylen, errbuf);
		dp_sniff_close(s);
		return -ENODEV;
	}
	ret = sniff_setup(cfg, &s->pc, s->pcap, why, whylen);
	if (ret < 0) {
		dp_sniff_close(s);
		return ret;
	}
	*sp = s;
	return 0;
}

int dp_sniff_fd(const struct dp_sniffer *s)
{
	return s->pc.get_selectable_fd(s->pcap);
}

static void on_packet(u_char *user, const struct pcap_pkthdr *h,
		      const u_char *bytes)
{
	struct dp_sniffer *s = (struct dp_sniffer *)user;
	struct dp_packet p = {
		.data = bytes,
		.caplen = h->caplen,
		.len = h->len,
		.mode = s->mode,
		.sec = h->ts.tv_sec,
		.usec = (long)h->ts.tv_usec,
	};

	s->fn(s->arg, &p);
}

int dp_sniff_dispatch(struct dp_sniffer *s, int max,
		      void (*fn)(void *arg, const struct dp_packet *p),
		      void *arg)
{
	int n;

	s->fn = fn;
	s->arg = arg;
	n = s->pc.dispatch(s->pcap, max, on_packet, (u_char *)s);
	if (n == PCAP_ERROR)
		return -EIO;
	return n < 0 ? 0 : n;
}

int dp_sniff_stats(struct dp_sniffer *s, unsigned long long *received,
		   unsigned long long *dropped)
{
	struct pcap_stat st;

	if (s->pc.stats(s->pcap, &st) < 0)
		return -EIO;
	*received = st.ps_recv;
	*dropped = st.ps_drop;
	return 0;
}

void dp_sniff_close(struct dp_sniffer *s)
{
	if (!s)
		return;
	if (s->pcap)
		s->pc.close(s->pcap);
	pcap_api_unload(&s->pc);
	free(s);
}
