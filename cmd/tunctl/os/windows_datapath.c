// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <windows.h>

#include "datapath.h"

/*
 * The data path's Windows part. A "descriptor" here is what libtunctl's
 * tun_dev_fd() gives on Windows: the value of an event handle (Windows
 * documents that kernel handles fit in 32 bits), so waiting is
 * WaitForMultipleObjects. The wake-ups between threads are events too.
 *
 * Passive capture needs Npcap, which tunctl.exe is not built with: on
 * Windows `capture` works with --attach only, and without FILTER.
 */

static HANDLE handle_of(int fd)
{
	return (HANDLE)(intptr_t)fd;
}

static int fd_of(HANDLE h)
{
	return (int)(intptr_t)h;
}

/* ---- stop requests ------------------------------------------------------ */

/*
 * Ctrl-C and Ctrl-Break (and closing the console) call the handler on a
 * thread of their own. It finds the stop event by a name made of the
 * process id, so no global variable is needed to reach it; returning TRUE
 * keeps the process alive to finish and print its summary.
 */
struct dp_stop {
	HANDLE event; /* auto-reset: one request, seen once */
};

static void stop_event_name(WCHAR *out, size_t n, DWORD pid)
{
	_snwprintf(out, n, L"Local\\tunctl-stop-%lu", (unsigned long)pid);
	out[n - 1] = L'\0';
}

static BOOL WINAPI on_console_event(DWORD type)
{
	WCHAR name[64];
	HANDLE ev;

	(void)type;
	stop_event_name(name, 64, GetCurrentProcessId());
	ev = OpenEventW(EVENT_MODIFY_STATE, FALSE, name);
	if (!ev)
		return FALSE; /* not ours to handle: the default ends us */
	SetEvent(ev);
	CloseHandle(ev);
	return TRUE;
}

int dp_stop_begin(struct dp_stop **stopp)
{
	struct dp_stop *s = calloc(1, sizeof(*s));
	WCHAR name[64];

	if (!s)
		return -ENOMEM;
	stop_event_name(name, 64, GetCurrentProcessId());
	s->event = CreateEventW(NULL, FALSE, FALSE, name);
	if (!s->event || !SetConsoleCtrlHandler(on_console_event, TRUE)) {
		if (s->event)
			CloseHandle(s->event);
		free(s);
		return -EIO;
	}
	*stopp = s;
	return 0;
}

void dp_stop_end(struct dp_stop *s)
{
	if (!s)
		return;
	SetConsoleCtrlHandler(on_console_event, FALSE);
	CloseHandle(s->event);
	free(s);
}

bool dp_stop_pending(struct dp_stop *s)
{
	return s && WaitForSingleObject(s->event, 0) == WAIT_OBJECT_0;
}

/* ---- waiting ------------------------------------------------------------ */

int dp_wait(struct dp_stop *stop, const int *fds, size_t n)
{
	return dp_wait_for(stop, fds, n, -1);
}

int dp_wait_for(struct dp_stop *stop, const int *fds, size_t n,
		long timeout_ms)
{
	HANDLE h[MAXIMUM_WAIT_OBJECTS] = { 0 };
	DWORD count = 0, r;

	if (n + 1 > MAXIMUM_WAIT_OBJECTS)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		if (fds[i] < 0)
			return -EBADF;
		h[count++] = handle_of(fds[i]);
	}
	if (stop)
		h[count++] = stop->event;
	r = WaitForMultipleObjects(count, h, FALSE,
				   timeout_ms < 0 ? INFINITE : (DWORD)timeout_ms);
	if (r == WAIT_TIMEOUT)
		return -ETIMEDOUT;
	if (r >= WAIT_OBJECT_0 + n && r < WAIT_OBJECT_0 + count)
		return -EINTR;
	if (r < WAIT_OBJECT_0 + n)
		return (int)(r - WAIT_OBJECT_0);
	return -EIO;
}

/* Reads of Windows devices never block anyway. */
void dp_ifname(unsigned index, char name[DP_IFNAMSIZ])
{
	(void)index;
	name[0] = '\0';
}

/* Console and pipe handles are no events to wait on. */
int dp_output_watch_fd(int fd)
{
	(void)fd;
	return -1;
}

bool dp_output_gone(int fd)
{
	(void)fd;
	return false;
}

int dp_set_nonblocking(int fd)
{
	(void)fd;
	return 0;
}

/* Both ends are the same manual-reset event: once set, it stays
 * "readable" for every thread, as the POSIX pipe does. */
int dp_notify_open(int fds[2])
{
	HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL);

	if (!ev) {
		fds[0] = fds[1] = -1;
		return -EIO;
	}
	fds[0] = fds[1] = fd_of(ev);
	return 0;
}

void dp_notify(int fds[2])
{
	if (fds[1] >= 0)
		SetEvent(handle_of(fds[1]));
}

void dp_notify_close(int fds[2])
{
	if (fds[0] >= 0)
		CloseHandle(handle_of(fds[0]));
	fds[0] = fds[1] = -1;
}

/* ---- threads and a lock -------------------------------------------------- */

struct dp_thread {
	HANDLE handle;
	void *(*fn)(void *);
	void *arg;
};

struct dp_lock {
	SRWLOCK srw;
};

static DWORD WINAPI thread_main(LPVOID p)
{
	struct dp_thread *t = p;

	t->fn(t->arg);
	return 0;
}

int dp_thread_start(struct dp_thread **tp, void *(*fn)(void *), void *arg)
{
	struct dp_thread *t = calloc(1, sizeof(*t));

	if (!t)
		return -ENOMEM;
	t->fn = fn;
	t->arg = arg;
	t->handle = CreateThread(NULL, 0, thread_main, t, 0, NULL);
	if (!t->handle) {
		free(t);
		return -EAGAIN;
	}
	*tp = t;
	return 0;
}

void dp_thread_join(struct dp_thread *t)
{
	if (!t)
		return;
	WaitForSingleObject(t->handle, INFINITE);
	CloseHandle(t->handle);
	free(t);
}

int dp_lock_new(struct dp_lock **lockp)
{
	struct dp_lock *l = calloc(1, sizeof(*l));

	if (!l)
		return -ENOMEM;
	InitializeSRWLock(&l->srw);
	*lockp = l;
	return 0;
}

void dp_lock_free(struct dp_lock *l)
{
	free(l);
}

void dp_lock(struct dp_lock *l)
{
	AcquireSRWLockExclusive(&l->srw);
}

void dp_unlock(struct dp_lock *l)
{
	ReleaseSRWLockExclusive(&l->srw);
}

/* ---- clocks -------------------------------------------------------------- */

/* 100 ns ticks from 1601 to 1970 */
#define UNIX_EPOCH_TICKS 116444736000000000ULL

void dp_now(long long *sec, long *usec)
{
	FILETIME ft;
	ULARGE_INTEGER t;

	GetSystemTimeAsFileTime(&ft);
	t.LowPart = ft.dwLowDateTime;
	t.HighPart = ft.dwHighDateTime;
	t.QuadPart -= UNIX_EPOCH_TICKS;
	*sec = (long long)(t.QuadPart / 10000000ULL);
	*usec = (long)(t.QuadPart % 10000000ULL / 10);
}

uint64_t dp_monotonic_ms(void)
{
	return GetTickCount64();
}

void dp_local_time(long long sec, struct tm *tm)
{
	__time64_t t = (__time64_t)sec;

	if (_localtime64_s(tm, &t) != 0)
		memset(tm, 0, sizeof(*tm));
}

char *dp_clock(long long sec, char *buf)
{
	__time64_t t = (__time64_t)sec;
	struct tm tm;

	if (_localtime64_s(&tm, &t) != 0)
		memset(&tm, 0, sizeof(tm));
	snprintf(buf, 16, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
	return buf;
}

/* ---- filters and passive capture: not without Npcap ---------------------- */

static void set_why(char *why, size_t whylen, const char *text)
{
	snprintf(why, whylen, "%s", text);
}

int dp_filter_compile(const char *expr, enum tun_mode mode,
		      struct dp_filter **fp, char *why, size_t whylen)
{
	(void)expr;
	(void)mode;
	(void)fp;
	set_why(why, whylen,
		"filter expressions need libpcap (Npcap), which tunctl.exe "
		"is built without");
	return -EOPNOTSUPP;
}

bool dp_filter_match(const struct dp_filter *f, const struct dp_packet *p)
{
	(void)f;
	(void)p;
	return true;
}

void dp_filter_free(struct dp_filter *f)
{
	(void)f;
}

int dp_sniff_open(const struct dp_sniff_config *cfg, struct dp_sniffer **sp,
		  char *why, size_t whylen)
{
	(void)cfg;
	(void)sp;
	set_why(why, whylen,
		"watching an interface needs Npcap, which tunctl.exe is built "
		"without: use capture --attach (as the device's reader)");
	return -EOPNOTSUPP;
}

int dp_sniff_fd(const struct dp_sniffer *s)
{
	(void)s;
	return -1;
}

int dp_sniff_dispatch(struct dp_sniffer *s, int max,
		      void (*fn)(void *arg, const struct dp_packet *p),
		      void *arg)
{
	(void)s;
	(void)max;
	(void)fn;
	(void)arg;
	return -EOPNOTSUPP;
}

int dp_sniff_stats(struct dp_sniffer *s, unsigned long long *received,
		   unsigned long long *dropped)
{
	(void)s;
	*received = *dropped = 0;
	return -EOPNOTSUPP;
}

void dp_sniff_close(struct dp_sniffer *s)
{
	(void)s;
}

/* ---- reading files: needs libpcap, which this build has not ------------ */

int dp_reader_open(const char *path, const char *filter,
		   struct dp_reader **rp, char *why, size_t whylen)
{
	(void)path;
	(void)filter;
	(void)rp;
	set_why(why, whylen, "reading capture files needs libpcap, which "
			     "this build of tunctl is without");
	return -EOPNOTSUPP;
}

const char *dp_reader_linktype(const struct dp_reader *r)
{
	(void)r;
	return "";
}

uint32_t dp_reader_linktype_number(const struct dp_reader *r)
{
	(void)r;
	return 0;
}

unsigned dp_reader_snaplen(const struct dp_reader *r)
{
	(void)r;
	return 0;
}

int dp_reader_next(struct dp_reader *r, struct dp_packet *p, char *why,
		   size_t whylen)
{
	(void)r;
	(void)p;
	(void)why;
	(void)whylen;
	return 0;
}

void dp_reader_close(struct dp_reader *r)
{
	(void)r;
}
