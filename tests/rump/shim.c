// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/*
 * The C library calls of code compiled against NetBSD's headers, served by
 * this Linux process's C library (docs/rump.md). System calls go to the
 * rump kernel by renaming (tests/rump/syscalls.redef); what is left is what
 * the two C libraries lay out or number differently: stdio's standard
 * streams, errno, clocks, and signals. Built for the host, not for NetBSD.
 */

/* ---- errno and its text ------------------------------------------------- */

int *__errno(void);
int *__errno(void)
{
	return &errno;
}

/* NetBSD's numbers 35 and up, as Linux numbers them (1-34 agree). */
static const unsigned char nb_errno_high[] = {
	[35] = EAGAIN, [36] = EINPROGRESS, [37] = EALREADY, [38] = ENOTSOCK,
	[39] = EDESTADDRREQ, [40] = EMSGSIZE, [41] = EPROTOTYPE,
	[42] = ENOPROTOOPT, [43] = EPROTONOSUPPORT, [44] = ESOCKTNOSUPPORT,
	[45] = EOPNOTSUPP, [46] = EPFNOSUPPORT, [47] = EAFNOSUPPORT,
	[48] = EADDRINUSE, [49] = EADDRNOTAVAIL, [50] = ENETDOWN,
	[51] = ENETUNREACH, [52] = ENETRESET, [53] = ECONNABORTED,
	[54] = ECONNRESET, [55] = ENOBUFS, [56] = EISCONN, [57] = ENOTCONN,
	[58] = ESHUTDOWN, [59] = ETOOMANYREFS, [60] = ETIMEDOUT,
	[61] = ECONNREFUSED, [62] = ELOOP, [63] = ENAMETOOLONG,
	[64] = EHOSTDOWN, [65] = EHOSTUNREACH, [66] = ENOTEMPTY,
	[78] = ENOSYS, [84] = EOVERFLOW, [86] = ENOTSUP, [87] = ECANCELED,
};

char *nbshim_strerror(int err);
char *nbshim_strerror(int err)
{
	if (err >= 35 && (size_t)err < sizeof(nb_errno_high) &&
	    nb_errno_high[err])
		err = nb_errno_high[err];
	return strerror(err);
}

/* ---- stdio: NetBSD's stdin/stdout/stderr are &__sF[0..2] ----------------- */

char __sF[3][152]; /* sizeof(FILE) on NetBSD amd64; only addresses count */

static FILE *host_file(void *f)
{
	if (f == __sF[0])
		return stdin;
	if (f == __sF[1])
		return stdout;
	if (f == __sF[2])
		return stderr;
	return f; /* from fopen(), which is the host's */
}

int nbshim_vfprintf(void *f, const char *fmt, va_list ap);
int nbshim_vfprintf(void *f, const char *fmt, va_list ap)
{
	return vfprintf(host_file(f), fmt, ap);
}

int nbshim_fprintf(void *f, const char *fmt, ...);
int nbshim_fprintf(void *f, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(host_file(f), fmt, ap);
	va_end(ap);
	return n;
}

int nbshim_fputs(const char *s, void *f);
int nbshim_fputs(const char *s, void *f)
{
	return fputs(s, host_file(f));
}

int nbshim_fputc(int c, void *f);
int nbshim_fputc(int c, void *f)
{
	return fputc(c, host_file(f));
}

size_t nbshim_fwrite(const void *p, size_t size, size_t n, void *f);
size_t nbshim_fwrite(const void *p, size_t size, size_t n, void *f)
{
	return fwrite(p, size, n, host_file(f));
}

size_t nbshim_fread(void *p, size_t size, size_t n, void *f);
size_t nbshim_fread(void *p, size_t size, size_t n, void *f)
{
	return fread(p, size, n, host_file(f));
}

int nbshim_fflush(void *f);
int nbshim_fflush(void *f)
{
	return fflush(f ? host_file(f) : NULL);
}

int nbshim_fclose(void *f);
int nbshim_fclose(void *f)
{
	return fclose(host_file(f));
}

int nbshim_ferror(void *f);
int nbshim_ferror(void *f)
{
	return ferror(host_file(f));
}

/* ---- clocks, dlopen ------------------------------------------------------ */

int nbshim_clock_gettime(int clock, struct timespec *ts);
int nbshim_clock_gettime(int clock, struct timespec *ts)
{
	/* NetBSD: CLOCK_REALTIME 0, CLOCK_MONOTONIC 3 */
	return clock_gettime(clock == 3 ? CLOCK_MONOTONIC : CLOCK_REALTIME, ts);
}

void *nbshim_dlopen(const char *name, int mode);
void *nbshim_dlopen(const char *name, int mode)
{
	/* RTLD_LAZY 1 and RTLD_NOW 2 agree; NetBSD's RTLD_LOCAL is 0x200 */
	return dlopen(name, (mode & 3) | (mode & 0x100 ? RTLD_GLOBAL : 0));
}

/* ---- pthread mutexes without NetBSD's libpthread ------------------------- */

/* NetBSD's pthread_mutex_t (48 bytes) holds Linux's (40). */
_Static_assert(sizeof(pthread_mutex_t) <= 48, "pthread_mutex_t");

int __libc_mutex_init(void *m, const void *attr);
int __libc_mutex_init(void *m, const void *attr)
{
	(void)attr;
	return pthread_mutex_init(m, NULL);
}

int __libc_mutex_lock(void *m);
int __libc_mutex_lock(void *m)
{
	return pthread_mutex_lock(m);
}

int __libc_mutex_unlock(void *m);
int __libc_mutex_unlock(void *m)
{
	return pthread_mutex_unlock(m);
}

int __libc_mutex_destroy(void *m);
int __libc_mutex_destroy(void *m)
{
	return pthread_mutex_destroy(m);
}

/* ---- signals: NetBSD numbers, sets and flags ----------------------------- */

#define NB_NSIG 33
static const unsigned char nb_to_host_sig[NB_NSIG] = {
	[1] = SIGHUP, [2] = SIGINT, [3] = SIGQUIT, [4] = SIGILL,
	[5] = SIGTRAP, [6] = SIGABRT, [8] = SIGFPE, [9] = SIGKILL,
	[10] = SIGBUS, [11] = SIGSEGV, [12] = SIGSYS, [13] = SIGPIPE,
	[14] = SIGALRM, [15] = SIGTERM, [16] = SIGURG, [17] = SIGSTOP,
	[18] = SIGTSTP, [19] = SIGCONT, [20] = SIGCHLD, [21] = SIGTTIN,
	[22] = SIGTTOU, [23] = SIGIO, [24] = SIGXCPU, [25] = SIGXFSZ,
	[26] = SIGVTALRM, [27] = SIGPROF, [28] = SIGWINCH, [30] = SIGUSR1,
	[31] = SIGUSR2, [32] = SIGPWR,
};

struct nb_sigset {
	uint32_t bits[4];
};

struct nb_sigaction {
	void (*handler)(int);
	struct nb_sigset mask;
	int flags;
};

static int host_sig(int nb)
{
	return nb > 0 && nb < NB_NSIG ? nb_to_host_sig[nb] : 0;
}

static int nb_sig(int host)
{
	for (int i = 1; i < NB_NSIG; i++)
		if (nb_to_host_sig[i] == host)
			return i;
	return 0;
}

static void to_host_set(const struct nb_sigset *in, sigset_t *out)
{
	sigemptyset(out);
	for (int i = 1; i < NB_NSIG; i++)
		if ((in->bits[(i - 1) / 32] >> ((i - 1) % 32) & 1) && host_sig(i))
			sigaddset(out, host_sig(i));
}

static void to_nb_set(const sigset_t *in, struct nb_sigset *out)
{
	memset(out, 0, sizeof(*out));
	for (int i = 1; i < NB_NSIG; i++)
		if (host_sig(i) && sigismember(in, host_sig(i)))
			out->bits[(i - 1) / 32] |= 1u << ((i - 1) % 32);
}

static int host_how(int how)
{
	/* NetBSD: SIG_BLOCK 1, SIG_UNBLOCK 2, SIG_SETMASK 3 */
	return how == 1 ? SIG_BLOCK : how == 2 ? SIG_UNBLOCK : SIG_SETMASK;
}

/* The NetBSD handler of each host signal: handlers are process-wide. */
static void (*nb_handlers[65])(int);

static void trampoline(int host)
{
	nb_handlers[host](nb_sig(host));
}

int __sigaction14(int sig, const struct nb_sigaction *act,
		  struct nb_sigaction *oact);
int __sigaction14(int sig, const struct nb_sigaction *act,
		  struct nb_sigaction *oact)
{
	struct sigaction h, old;
	int hs = host_sig(sig);

	if (!hs) {
		errno = EINVAL;
		return -1;
	}
	if (act) {
		memset(&h, 0, sizeof(h));
		to_host_set(&act->mask, &h.sa_mask);
		h.sa_flags = (act->flags & 0x2 ? SA_RESTART : 0) |
			     (act->flags & 0x4 ? SA_RESETHAND : 0) |
			     (act->flags & 0x10 ? SA_NODEFER : 0);
		if (act->handler == SIG_DFL || act->handler == SIG_IGN) {
			h.sa_handler = act->handler;
		} else {
			nb_handlers[hs] = act->handler;
			h.sa_handler = trampoline;
		}
	}
	if (sigaction(hs, act ? &h : NULL, &old) < 0)
		return -1;
	if (oact) {
		memset(oact, 0, sizeof(*oact));
		oact->handler = old.sa_handler == trampoline ? nb_handlers[hs]
							      : old.sa_handler;
		to_nb_set(&old.sa_mask, &oact->mask);
	}
	return 0;
}

typedef void (*nb_handler)(int);
nb_handler nbshim_signal(int sig, nb_handler fn);
nb_handler nbshim_signal(int sig, nb_handler fn)
{
	struct nb_sigaction act = { .handler = fn, .flags = 0x2 }, old;

	return __sigaction14(sig, &act, &old) < 0 ? SIG_ERR : old.handler;
}

static int mask_call(int thread, int how, const struct nb_sigset *set,
		     struct nb_sigset *oset)
{
	sigset_t h, old;
	int ret;

	if (set)
		to_host_set(set, &h);
	ret = thread ? pthread_sigmask(host_how(how), set ? &h : NULL, &old)
		     : sigprocmask(host_how(how), set ? &h : NULL, &old);
	if (ret == 0 && oset)
		to_nb_set(&old, oset);
	return ret;
}

int __sigprocmask14(int how, const struct nb_sigset *set,
		    struct nb_sigset *oset);
int __sigprocmask14(int how, const struct nb_sigset *set,
		    struct nb_sigset *oset)
{
	return mask_call(0, how, set, oset);
}

int __libc_thr_sigsetmask(int how, const struct nb_sigset *set,
			  struct nb_sigset *oset);
int __libc_thr_sigsetmask(int how, const struct nb_sigset *set,
			  struct nb_sigset *oset)
{
	return mask_call(1, how, set, oset);
}

int __sigpending14(struct nb_sigset *set);
int __sigpending14(struct nb_sigset *set)
{
	sigset_t h;

	if (sigpending(&h) < 0)
		return -1;
	to_nb_set(&h, set);
	return 0;
}

int nbshim_sigwait(const struct nb_sigset *set, int *sig);
int nbshim_sigwait(const struct nb_sigset *set, int *sig)
{
	sigset_t h;
	int hs, ret;

	to_host_set(set, &h);
	ret = sigwait(&h, &hs);
	if (ret == 0)
		*sig = nb_sig(hs);
	return ret;
}

int nbshim_kill(int pid, int sig);
int nbshim_kill(int pid, int sig)
{
	return kill(pid, sig ? host_sig(sig) : 0);
}

/* ---- what the harness does not serve ------------------------------------ */

/* Users, groups and device names (--user, --group, attaching by
 * descriptor) would need NetBSD's struct passwd and /dev database; no
 * scenario uses them, and a lookup fails as for an unknown name. */
void *__getpwnam50(const char *name);
void *__getpwnam50(const char *name)
{
	(void)name;
	errno = ENOENT;
	return NULL;
}

void *__getpwuid50(unsigned uid);
void *__getpwuid50(unsigned uid)
{
	(void)uid;
	errno = ENOENT;
	return NULL;
}

void *nbshim_getgrnam(const char *name);
void *nbshim_getgrnam(const char *name)
{
	(void)name;
	errno = ENOENT;
	return NULL;
}

char *__devname50(uint64_t dev, unsigned type);
char *__devname50(uint64_t dev, unsigned type)
{
	(void)dev;
	(void)type;
	return NULL;
}

/* ---- the driver's own few ----------------------------------------------- */

int nbshim_setvbuf(void *f, char *buf, int mode, size_t size);
int nbshim_setvbuf(void *f, char *buf, int mode, size_t size)
{
	/* _IOFBF 0, _IOLBF 1, _IONBF 2 on both */
	return setvbuf(host_file(f), buf, mode, size);
}

/* NetBSD's AF_INET6 is 24 */
static int host_af(int af)
{
	return af == 24 ? AF_INET6 : af;
}

int nbshim_inet_pton(int af, const char *src, void *dst);
int nbshim_inet_pton(int af, const char *src, void *dst)
{
	return inet_pton(host_af(af), src, dst);
}

const char *nbshim_inet_ntop(int af, const void *src, char *dst,
			     unsigned size);
const char *nbshim_inet_ntop(int af, const void *src, char *dst,
			     unsigned size)
{
	return inet_ntop(host_af(af), src, dst, size);
}

/* Debian 12's C library has no strlcpy. */
size_t nbshim_strlcpy(char *dst, const char *src, size_t size);
size_t nbshim_strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}
