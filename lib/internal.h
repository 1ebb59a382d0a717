/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The tunctl authors. */
#ifndef TUNCTL_INTERNAL_H
#define TUNCTL_INTERNAL_H

#include "tunctl.h"

#define TUN_DETAIL_MAX 256
/* A namespace name is a file name in /run/netns. */
#define TUN_NETNS_NAME_MAX 255

struct tun_os_ctx;
struct tun_os_dev;

struct tun_ctx {
	char detail[TUN_DETAIL_MAX];
	struct tun_os_ctx *os; /* backend state, created on first use */
};

struct tun_dev {
	char name[TUN_NAME_MAX];
	enum tun_mode mode;
	unsigned flags; /* TUN_FLAG_* the descriptors were opened with */
	unsigned hdrlen; /* framing bytes before each packet on the wire */
	unsigned nqueues;
	bool passthrough; /* tun_dev_set_passthrough(): the virtio header is
			     the caller's, GSO packets go whole */
	int fds[TUN_QUEUES_MAX];
	struct tun_os_dev *os; /* backend extras, NULL when none */
};

#if defined(__GNUC__)
#define TUN_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define TUN_PRINTF(f, a)
#endif

/* Record why the current call fails and return @err (a negative errno), so
 * that `return tun_fail(ctx, -ENODEV, "%s: no such device", name);` works. */
int tun_fail(struct tun_ctx *ctx, int err, const char *fmt, ...)
	TUN_PRINTF(3, 4);
void tun_detail_clear(struct tun_ctx *ctx);
/* Copy with truncation, always terminated; returns strlen(src). */
size_t tun_strlcpy(char *dst, const char *src, size_t size);

#define TUN_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* A uid or gid every POSIX system tunctl runs on can hold: 32 bits, less
 * the all-ones value that means "none" to the system calls. */
static inline bool tun_id_in_range(long long id)
{
	return id >= 0 && id < (long long)UINT32_MAX;
}

/* A growable array of fixed-size elements, for the listings. */
struct tun_vec {
	void *items;
	size_t count, cap, size;
};

/* A zeroed new element at the end of @v, or NULL when out of memory (@v
 * is then as it was). */
void *tun_vec_push(struct tun_vec *v);

#endif
