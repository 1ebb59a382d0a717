/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The tunctl authors. */
#ifndef TUNCTL_DATAPATH_H
#define TUNCTL_DATAPATH_H

/*
 * What `echo` and `capture` share: the one-line packet format, and the
 * per-OS services they need (stop requests, waiting, threads, clocks,
 * passive capture), implemented in cmd/tunctl/os/<os>_datapath.c.
 */

#include <time.h>

#include "cli.h"

/* Reads are one packet; this holds the largest plus any link header. */
#define DP_BUF_SIZE (65535 + 64)

/* ---- one packet, printed the same way by capture and echo -v ----------- */

/* What the bytes of a packet start with. A device gives DP_LINK_DEVICE
 * (what its mode says); files read with capture -r may hold the others. */
enum dp_link {
	DP_LINK_DEVICE = 0,
	DP_LINK_RAW,	  /* an IPv4 or IPv6 header */
	DP_LINK_ETHERNET,
	DP_LINK_NULL,	  /* BSD loopback: the address family, host order */
	DP_LINK_LOOP,	  /* the same in network order (OpenBSD) */
	DP_LINK_SLL,	  /* Linux cooked capture */
	DP_LINK_SLL2,	  /* Linux cooked capture v2 */
};

struct dp_packet {
	const uint8_t *data;
	size_t caplen; /* bytes at @data */
	size_t len;    /* bytes on the wire (more when the capture cut it) */
	enum tun_mode mode;
	long long sec; /* when it was seen: UTC seconds and microseconds */
	long usec;
	enum dp_link link;
};

enum dp_dump {
	DP_DUMP_NONE,
	DP_DUMP_HEX,	   /* -x */
	DP_DUMP_HEX_ASCII, /* -X */
	DP_DUMP_ASCII,	   /* -A */
};

struct pl_tcp_flow;

/* How packets are printed; keeps the local time of the last second seen,
 * because converting it for every packet would cost more than the rest of
 * the line. */
struct dp_printer {
	struct cli *cli;
	enum dp_dump dump;
	bool link;	/* the link-level header too (-e) */
	int verbose;	/* -v */
	/* TCP sequence numbers relative to the first of each connection, as
	 * tcpdump prints them; the table is made on first use. */
	bool relative;
	struct pl_tcp_flow **flows;
	unsigned depth;	/* tunnels and quoted packets being printed */
	long long sec;	/* the second whose local time is in @hms */
	char hms[16];	/* "HH:MM:SS" */
};

void dp_printer_init(struct dp_printer *pr, struct cli *cli, bool hex);
void dp_printer_free(struct dp_printer *pr);
/* One line per packet (JSON: one object), ended by a newline but not
 * flushed, so that a burst costs one write; flush before waiting. */
void dp_print_packet(struct dp_printer *pr, const struct dp_packet *p);

/* The -c COUNT option of both commands. */
int dp_parse_count(struct cli *cli, const char *s, unsigned long long *count);
/* TUNCTL_FD from `tunctl create ... -- tunctl echo`: the descriptor, or -1
 * after printing why (exit 2). */
int dp_inherited_fd(struct cli *cli);
/* NAME of echo or capture: a valid name (else exit 2) of a TUN/TAP device
 * the caller may open (cli_check_device(), else exit 1); its @info. */
int dp_check_device(struct cli *cli, const char *name, const char *nodev_hint,
		    struct tun_info *info);
/* --USER: who to become once the device is open (-1: stay); only root may
 * name another user. Exit 2 for an unknown user, 1 for a refusal. */
int dp_parse_user(struct cli *cli, const char *s, long long *uid,
		  long long *gid);
/* Give up every privilege, and become @uid when not -1; says which
 * capability was missing. */
int dp_drop_privileges(struct cli *cli, long long uid, long long gid);
/* A read error that spoils one packet, not the device: count it, read on. */
bool dp_read_lost(int err);
/* Reading @name failed for good with @err: says why, in plain words when
 * the device was deleted meanwhile. Returns EXIT_SYSTEM. */
int dp_read_failed(struct cli *cli, const char *name, int err);

/* ---- stop requests: Ctrl-C, SIGTERM, SIGHUP end the loop, not the process */

struct dp_stop;

/* From now on a stop request is only recorded; call before starting any
 * thread, so that every thread inherits that. */
int dp_stop_begin(struct dp_stop **stopp);
/* Forget pending requests and restore what was there before; NULL is
 * allowed. */
void dp_stop_end(struct dp_stop *stop);
/* Has a stop been asked for since the last call? Cheap: for use between
 * packets when the loop never waits. */
bool dp_stop_pending(struct dp_stop *stop);

/* ---- waiting ------------------------------------------------------------ */

/* Until one of @fds is readable: its index; -EINTR on a stop request when
 * @stop is not NULL (only the thread that called dp_stop_begin() should
 * pass it); another -errno on failure. */
int dp_wait(struct dp_stop *stop, const int *fds, size_t n);
/* The same for at most @timeout_ms milliseconds (-1: no limit); then
 * -ETIMEDOUT. */
int dp_wait_for(struct dp_stop *stop, const int *fds, size_t n,
		long timeout_ms);
int dp_set_nonblocking(int fd);
/* @fd (standard output) to wait on as well, when it is a pipe whose reader
 * may go away; else -1. Once it turns readable, dp_output_gone() tells
 * whether the reader is gone, so that a capture whose `| head` has ended
 * stops even while no packet comes and SIGPIPE is ignored. */
int dp_output_watch_fd(int fd);
bool dp_output_gone(int fd);

/* A one-way wake-up between threads: fds[0] turns readable once
 * dp_notify(fds) was called. */
int dp_notify_open(int fds[2]);
void dp_notify(int fds[2]);
void dp_notify_close(int fds[2]);

/* ---- threads and a lock -------------------------------------------------- */

struct dp_thread;
struct dp_lock;

int dp_thread_start(struct dp_thread **tp, void *(*fn)(void *), void *arg);
/* Waits for the thread to end and frees it. */
void dp_thread_join(struct dp_thread *t);
int dp_lock_new(struct dp_lock **lockp);
void dp_lock_free(struct dp_lock *lock);
void dp_lock(struct dp_lock *lock);
void dp_unlock(struct dp_lock *lock);

/* ---- clocks -------------------------------------------------------------- */

/* The time of day, UTC, for packet time stamps. */
void dp_now(long long *sec, long *usec);
/* Milliseconds of a clock that never jumps (unlike the time of day), for
 * timeouts. */
uint64_t dp_monotonic_ms(void);
/* "HH:MM:SS" in local time, like tcpdump; @buf of 16 bytes. */
char *dp_clock(long long sec, char *buf);
/* @sec in local time, for file names. */
void dp_local_time(long long sec, struct tm *tm);

/* The name of the interface with @index here, "" when none. */
#define DP_IFNAMSIZ 16
void dp_ifname(unsigned index, char name[DP_IFNAMSIZ]);

/* ---- filters and passive capture (libpcap where there is one) ----------- */

struct dp_filter;
struct dp_sniffer;

/* Compile a tcpdump-syntax @expr for packets of @mode. -EINVAL with the
 * compiler's reason in @why; -EOPNOTSUPP where no filter compiler exists. */
int dp_filter_compile(const char *expr, enum tun_mode mode,
		      struct dp_filter **fp, char *why, size_t whylen);
bool dp_filter_match(const struct dp_filter *f, const struct dp_packet *p);
void dp_filter_free(struct dp_filter *f);

struct dp_sniff_config {
	const char *ifname;
	enum tun_mode mode;
	const char *filter; /* NULL: everything */
	unsigned snaplen;
	bool immediate; /* deliver each packet at once rather than in blocks */
	unsigned buffer_kb; /* the kernel's buffer; 0: the default */
};

/* Watch an interface without becoming its reader. @why says what went
 * wrong in words of the capture library. */
int dp_sniff_open(const struct dp_sniff_config *cfg, struct dp_sniffer **sp,
		  char *why, size_t whylen);
/* The descriptor to wait on before dp_sniff_dispatch(). */
int dp_sniff_fd(const struct dp_sniffer *s);
/* Hand up to @max packets that are ready to @fn; never blocks. Returns the
 * number handed, or -errno. */
int dp_sniff_dispatch(struct dp_sniffer *s, int max,
		      void (*fn)(void *arg, const struct dp_packet *p),
		      void *arg);
/* Packets the kernel passed the filter, and dropped for lack of room. */
int dp_sniff_stats(struct dp_sniffer *s, unsigned long long *received,
		   unsigned long long *dropped);
void dp_sniff_close(struct dp_sniffer *s);

/* ---- reading pcap and pcapng files (capture -r) ------------------------- */

struct dp_reader;

/* @path: a file, or "-" for standard input; @filter: NULL or an expression
 * compiled for the file's link type. -EINVAL for a file or filter libpcap
 * refuses, -EPROTONOSUPPORT for a link type no TUN/TAP device gives; @why
 * says which in words. */
int dp_reader_open(const char *path, const char *filter,
		   struct dp_reader **rp, char *why, size_t whylen);
/* "RAW (Raw IP)" */
const char *dp_reader_linktype(const struct dp_reader *r);
unsigned dp_reader_snaplen(const struct dp_reader *r);
/* The file's LINKTYPE_ value, for writing what was read (-r with -w). */
uint32_t dp_reader_linktype_number(const struct dp_reader *r);
/* The next packet that passes the filter: 1, 0 at the end of the file, or
 * -EBADMSG for a damaged file (@why says where). @p is valid until the
 * next call. */
int dp_reader_next(struct dp_reader *r, struct dp_packet *p, char *why,
		   size_t whylen);
void dp_reader_close(struct dp_reader *r);

#endif
