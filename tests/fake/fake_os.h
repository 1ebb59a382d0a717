/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The tunctl authors. */
#ifndef TUNCTL_FAKE_OS_H
#define TUNCTL_FAKE_OS_H

/*
 * A backend that keeps its "system" in memory (tests/fake/fake_os.c), so
 * that the files of lib/ can be tested without root and made to fail at will. A
 * device's queues are socket pairs: the test holds the other ends.
 */

#include "os/os.h"

#define FAKE_DEVS 8
#define FAKE_ADDRS 8

struct fake_dev {
	bool used, up;
	char name[TUN_NAME_MAX];
	enum tun_mode mode;
	unsigned flags, mtu;
	long long owner, group;
	struct tun_addr addrs[FAKE_ADDRS];
	size_t naddrs;
	struct tun_route routes[FAKE_ADDRS];
	size_t nroutes;
	int peer[TUN_QUEUES_MAX]; /* the test's ends of the queues */
};

/* Backend operations that can be made to fail, and counted. */
enum fake_op {
	FAKE_CREATE,
	FAKE_ATTACH,
	FAKE_WRITE,
	FAKE_WRITE_MANY,
	FAKE_DESTROY,
	FAKE_DESTROY_MANY,
	FAKE_ADDR_ADD,
	FAKE_ADDR_DEL,
	FAKE_ROUTE_ADD,
	FAKE_MTU_SET,
	FAKE_LINK_UP,
	FAKE_SETUP,
	FAKE_OPS,
};

struct fake_system {
	struct fake_dev devs[FAKE_DEVS];
	unsigned calls[FAKE_OPS];
	int fail_err[FAKE_OPS];	 /* what the op returns ... */
	unsigned fail_after[FAKE_OPS]; /* ... after this many more successes */
	bool batch;	 /* setup, destroy_many, write_many done in one go */
	char log[512];	 /* "mtu addr up route " as steps were applied */
};

/* The one system of the test program (tests are single-threaded). */
extern struct fake_system fake;

void fake_reset(void);
/* @op fails with @err once @after more calls have succeeded. */
void fake_fail(enum fake_op op, int err, unsigned after);
struct fake_dev *fake_find(const char *name);

#endif
