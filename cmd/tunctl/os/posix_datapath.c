// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <pcap.h>

#include "datapath.h"

/* The data path's POSIX part: signals, waiting, threads, clocks, and
 * passive capture through libpcap. */

/* ---- stop requests ------------------------------------------------------ */

/*
 * SIGINT, SIGTERM and SIGHUP stay blocked except while dp_wait() sleeps in
 * pselect(), which unblocks them atomically: a request that arrives while a
 * packet is being handled waits, pending, for the next pselect() (or is seen
 * by dp_stop_pending()), and none can slip in between a check and the
 * sleep. The handler does nothing; interrupting pselect() is its whole job,
 * so no global flag is needed.
 */
struct dp_stop {
	sigset_t signals;   /* SIGINT, SIGTERM, SIGHUP */
	sigset_t old_mask;  /* the mask before dp_stop_begin() */
	sigset_t wait_mask; /* old_mask without the stop signals */
	struct sigaction old[3];
};

/* A closed terminal (SIGHUP) ends a capture as Ctrl-C does: with the
 * summary, and the file whole. */
static const int stop_signals[3] = { SIGINT, SIGTERM, SIGHUP };

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
	for (int i = 0; i < 3; i++)
		sigaddset(&s->signals, stop_signals[i]);
	err = pthread_sigmask(SIG_BLOCK, &s->signals, &s->old_mask);
	if (err) {
		free(s);
		return -err;
	}
	s->wait_mask = s->old_mask;
	for (int i = 0; i < 3; i++)
		sigdelset(&s->wait_mask, stop_signals[i]);
	/* No SA_RESTART: the point is that pselect() returns EINTR. This
	 * also replaces the SIG_IGN a shell gives background jobs. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < 3; i++)
		sigaction(stop_signals[i], &sa, &s->old[i]);
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
	for (int i = 0; i < 3; i++) {
		sigaction(stop_signals[i], &ignore, NULL);
		sigaction(stop_signals[i], &s->old[i], NULL);
	}
	pthread_sigmask(SIG_SETMASK, &s->old_mask, NULL);
	free(s);
}

bool dp_stop_pending(struct dp_stop *s)
{
	sigset_t pending;

	(void)s; /* the process's pending set is what counts */
	if (sigpending(&pending) < 0)
		return false;
	for (int i = 0; i < 3; i++) {
		if (sigismember(&pending, stop_signals[i]) == 1)
			return true;
	}
	return false;
}

/* ---- waiting ------------------------------------------------------------ */

int dp_wait_for(struct dp_stop *stop, const int *fds, size_t n,
		long timeout_ms)
{
	uint64_t deadline =
		dp_monotonic_ms() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0);

	for (;;) {
		struct timespec left, *tp = NULL;
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
		if (timeout_ms >= 0) {
			uint64_t now = dp_monotonic_ms();
			uint64_t ms = deadline > now ? deadline - now : 0;

			left.tv_sec = (time_t)(ms / 1000);
			left.tv_nsec = (long)(ms % 1000) * 1000000;
			tp = &left;
		}
		ret = pselect(maxfd + 1, &readable, NULL, NULL, tp,
			      stop ? &stop->wait_mask : NULL);
		if (ret < 0 && errno == EINTR && stop)
			return -EINTR;
		if (ret < 0 && errno != EINTR)
			return -errno;
		if (ret == 0 && tp && dp_monotonic_ms() >= deadline)
			return -ETIMEDOUT;
		for (size_t i = 0; ret > 0 && i < n; i++) {
			if (FD_ISSET(fds[i], &readable))
				return (int)i;
		}
	}
}

/* The write end of a pipe never turns readable, except that select()
 * reports the error of a pipe without readers as such. */
int dp_output_watch_fd(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0 || !S_ISFIFO(st.st_mode) ||
	    (fcntl(fd, F_GETFL) & O_ACCMODE) != O_WRONLY)
		return -1;
	return fd;
}

bool dp_output_gone(int fd)
{
	struct pollfd p = { .fd = fd, .events = 0 };

	return poll(&p, 1, 0) == 1 && (p.revents & (POLLERR | POLLHUP));
}

int dp_wait(struct dp_stop *stop, const int *fds, size_t n)
{
	return dp_wait_for(stop, fds, n, -1);
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

void dp_local_time(long long sec, struct tm *tm)
{
	time_t t = (time_t)sec;

	if (!localtime_r(&t, tm))
		memset(tm, 0, sizeof(*tm));
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

void dp_ifname(unsigned index, char name[DP_IFNAMSIZ])
{
	char buf[IF_NAMESIZE];

	name[0] = '\0';
	if (if_indextoname(index, buf))
		snprintf(name, DP_IFNAMSIZ, "%s", buf);
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
	X(get_selectable_fd) X(dispatch) X(stats) X(open_offline)        \
	X(next_ex) X(snapshot) X(datalink_val_to_description)

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
	unsigned snaplen;
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

/* The kernel (or, for a file, libpcap) runs the compiled @filter. */
static int set_filter(const struct pcap_api *pc, pcap_t *p, const char *filter,
		      char *why, size_t whylen)
{
	struct bpf_program prog;
	int status;

	if (pc->compile(p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) < 0) {
		set_why(why, whylen, pc->geterr(p));
		return -EINVAL;
	}
	status = pc->setfilter(p, &prog);
	pc->freecode(&prog);
	if (status < 0) {
		set_why(why, whylen, pc->geterr(p));
		return -EIO;
	}
	return 0;
}

static int sniff_setup(const struct dp_sniff_config *cfg,
		       const struct pcap_api *pc, pcap_t *p, char *why,
		       size_t whylen)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	int status;

	/* libpcap counts a cooked header it takes off again (TUN devices
	 * are captured as cooked): ask for more, cut to @snaplen here. */
	pc->set_snaplen(p, (int)cfg->snaplen + 64);
	pc->set_promisc(p, 0);
	/* Packets come in blocks, at the latest after this many ms. */
	pc->set_timeout(p, 100);
	pc->set_immediate_mode(p, cfg->immediate);
	/* Four times libpcap's default (and tcpdump's): we print lines as
	 * well as write the file, so a burst must wait a little longer. */
	pc->set_buffer_size(p, cfg->buffer_kb ? (int)cfg->buffer_kb * 1024
					      : 8 << 20);
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
	if (cfg->filter && (status = set_filter(pc, p, cfg->filter, why,
						 whylen)) < 0)
		return status;
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
	s->snaplen = cfg->snaplen;
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
		.caplen = h->caplen < s->snaplen ? h->caplen : s->snaplen,
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

/* ---- reading files (capture -r) ------------------------------------------ */

struct dp_reader {
	struct pcap_api pc;
	pcap_t *pcap;
	enum dp_link link;
	uint32_t linktype_number;
	unsigned long long records;
	char linktype[160];
};

/* The link types a TUN/TAP device (on any OS) or a capture of one gives,
 * and their numbers in a file (LINKTYPE_*, which differ from DLT_RAW). */
/* Older libpcap headers (NetBSD's) lack the newer ones, whose DLT is the
 * same number as their LINKTYPE on every system. */
#ifndef DLT_LINUX_SLL
#define DLT_LINUX_SLL 113
#endif
#ifndef DLT_IPV4
#define DLT_IPV4 228
#endif
#ifndef DLT_IPV6
#define DLT_IPV6 229
#endif
#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2 276
#endif

static const struct {
	int dlt;
	enum dp_link link;
	uint32_t linktype;
} links[] = {
	{ DLT_RAW, DP_LINK_RAW, 101 },	    { DLT_IPV4, DP_LINK_RAW, 228 },
	{ DLT_IPV6, DP_LINK_RAW, 229 },	    { DLT_EN10MB, DP_LINK_ETHERNET, 1 },
	{ DLT_NULL, DP_LINK_NULL, 0 },	    { DLT_LOOP, DP_LINK_LOOP, 108 },
	{ DLT_LINUX_SLL, DP_LINK_SLL, 113 }, { DLT_LINUX_SLL2, DP_LINK_SLL2, 276 },
};

static const char *or_unknown(const char *s)
{
	return s ? s : "?";
}

static int reader_setup(struct dp_reader *r, const char *path,
			const char *filter, char *why, size_t whylen)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	int dlt;

	r->pcap = r->pc.open_offline(path, errbuf);
	if (!r->pcap) {
		set_why(why, whylen, errbuf);
		return -EINVAL;
	}
	dlt = r->pc.datalink(r->pcap);
	snprintf(r->linktype, sizeof(r->linktype), "%s (%s)",
		 or_unknown(r->pc.datalink_val_to_name(dlt)),
		 or_unknown(r->pc.datalink_val_to_description(dlt)));
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		if (links[i].dlt == dlt) {
			r->link = links[i].link;
			r->linktype_number = links[i].linktype;
		}
	}
	if (r->link == DP_LINK_DEVICE) {
		snprintf(why, whylen,
			 "link-type %s is not one a TUN/TAP device gives",
			 r->linktype);
		return -EPROTONOSUPPORT;
	}
	return filter ? set_filter(&r->pc, r->pcap, filter, why, whylen) : 0;
}

int dp_reader_open(const char *path, const char *filter,
		   struct dp_reader **rp, char *why, size_t whylen)
{
	struct dp_reader *r = calloc(1, sizeof(*r));
	int ret;

	if (!r)
		return -ENOMEM;
	ret = pcap_api_load(&r->pc, why, whylen);
	if (ret < 0) {
		free(r);
		return ret;
	}
	ret = reader_setup(r, path, filter, why, whylen);
	if (ret < 0) {
		dp_reader_close(r);
		return ret;
	}
	*rp = r;
	return 0;
}

const char *dp_reader_linktype(const struct dp_reader *r)
{
	return r->linktype;
}

uint32_t dp_reader_linktype_number(const struct dp_reader *r)
{
	return r->linktype_number;
}

unsigned dp_reader_snaplen(const struct dp_reader *r)
{
	return (unsigned)r->pc.snapshot(r->pcap);
}

int dp_reader_next(struct dp_reader *r, struct dp_packet *p, char *why,
		   size_t whylen)
{
	struct pcap_pkthdr *h;
	const u_char *bytes;
	int ret = r->pc.next_ex(r->pcap, &h, &bytes);

	if (ret == PCAP_ERROR_BREAK)
		return 0;
	if (ret < 0) {
		snprintf(why, whylen, "after record %llu: %s", r->records,
			 r->pc.geterr(r->pcap));
		return -EBADMSG;
	}
	r->records++;
	memset(p, 0, sizeof(*p));
	p->data = bytes;
	p->caplen = h->caplen;
	p->len = h->len;
	p->mode = r->link == DP_LINK_ETHERNET ? TUN_MODE_TAP : TUN_MODE_TUN;
	p->link = r->link;
	p->sec = h->ts.tv_sec;
	p->usec = (long)h->ts.tv_usec;
	return 1;
}

void dp_reader_close(struct dp_reader *r)
{
	if (!r)
		return;
	if (r->pcap)
		r->pc.close(r->pcap);
	pcap_api_unload(&r->pc);
	free(r);
}
