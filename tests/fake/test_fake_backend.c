// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/*
 * lib/dev.c and lib/config.c over the fake backend of tests/fake/: what
 * they check before the backend is asked, what they do when it fails, and
 * the step-by-step fallbacks they supply when a backend answers
 * TUN_OS_STEPWISE. No root, no kernel.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "fake_os.h"

static struct tun_ctx *ctx;

static int setup(void **state)
{
	(void)state;
	fake_reset();
	return tun_ctx_new(&ctx);
}

static int teardown(void **state)
{
	(void)state;
	tun_ctx_free(ctx);
	fake_reset();
	return 0;
}

static struct tun_dev *create(const char *name, unsigned flags, unsigned queues)
{
	struct tun_config cfg = { .name = name, .flags = flags,
				  .queues = queues };
	struct tun_dev *dev = NULL;

	assert_int_equal(tun_dev_create(ctx, &cfg, &dev), 0);
	assert_non_null(dev);
	return dev;
}

static void create_checks_before_the_backend(void **state)
{
	struct tun_config cfg = { .name = "t0", .queues = 2 };
	struct tun_dev *dev = NULL;

	(void)state;
	assert_int_equal(tun_dev_create(ctx, &cfg, &dev), -EINVAL);
	assert_string_equal(tun_ctx_detail(ctx),
			    "several queues need a multi-queue device");
	cfg = (struct tun_config){ .name = "t0", .has_owner = true,
				   .owner = 1LL << 40 };
	assert_int_equal(tun_dev_create(ctx, &cfg, &dev), -EINVAL);
	assert_int_equal(fake.calls[FAKE_CREATE], 0);
	assert_null(dev);
}

static void create_zeroed_config(void **state)
{
	struct tun_config cfg = { 0 };
	struct tun_dev *dev = NULL;
	struct tun_info info;

	(void)state;
	assert_int_equal(tun_dev_create(ctx, &cfg, &dev), 0);
	assert_string_equal(tun_dev_name(dev), "tun0");
	assert_int_equal(tun_dev_queues(dev), 1);
	assert_true(tun_dev_fd(dev, 0) >= 0);
	assert_int_equal(tun_dev_info_get(ctx, "tun0", &info), 0);
	/* no owner, no group: not root */
	assert_int_equal(info.owner, -1);
	assert_int_equal(info.group, -1);
	tun_dev_close(dev);
}

static void create_failures_leave_nothing(void **state)
{
	struct tun_config cfg = { .name = "t0" };
	struct tun_dev *dev = NULL, *first;

	(void)state;
	fake_fail(FAKE_CREATE, -EPERM, 0);
	assert_int_equal(tun_dev_create(ctx, &cfg, &dev), -EPERM);
	assert_string_equal(tun_ctx_detail(ctx), "injected");
	assert_null(dev);
	assert_null(fake_find("t0"));
	fake_fail(FAKE_CREATE, 0, 0);
	first = create("t0", 0, 1);
	assert_int_equal(tun_dev_create(ctx, &cfg, &dev), -EEXIST);
	assert_null(dev);
	tun_dev_close(first);
}

static void attach_and_io(void **state)
{
	struct tun_dev *made = create("mq0", TUN_FLAG_MULTI_QUEUE, 1), *dev = NULL;
	struct fake_dev *d = fake_find("mq0");
	char buf[16];

	(void)state;
	assert_int_equal(tun_dev_attach(ctx, "nope0", 1, &dev), -ENODEV);
	assert_string_equal(tun_ctx_detail(ctx), "nope0: no such device");
	assert_null(dev);
	tun_dev_close(made); /* the fake's device stays, like a persistent one */
	assert_int_equal(tun_dev_attach(ctx, "mq0", 2, &dev), 0);
	assert_int_equal(tun_dev_queues(dev), 2);
	assert_int_equal(tun_dev_write(dev, 1, "ping", 4), 4);
	assert_int_equal(recv(d->peer[1], buf, sizeof(buf), 0), 4);
	assert_int_equal(send(d->peer[0], "pong!", 5, 0), 5);
	assert_int_equal(tun_dev_read(dev, 0, buf, sizeof(buf)), 5);
	assert_memory_equal(buf, "pong!", 5);
	assert_int_equal(tun_dev_read(dev, 0, buf, sizeof(buf)), -EAGAIN);
	assert_int_equal(send(d->peer[0], "too long", 8, 0), 8);
	assert_int_equal(tun_dev_read(dev, 0, buf, 3), -EMSGSIZE);
	tun_dev_close(dev);
}

/* As many as are ready, each after the headroom; a packet too big for
 * its buffer is lost alone. */
static void read_many_with_headroom(void **state)
{
	struct tun_dev *dev = create("t0", 0, 1);
	struct fake_dev *d = fake_find("t0");
	char mem[4][12];
	struct tun_rbuf bufs[4];

	(void)state;
	for (int i = 0; i < 4; i++)
		bufs[i] = (struct tun_rbuf){ mem[i], sizeof(mem[i]), 99 };
	assert_int_equal(tun_dev_read_many(dev, 0, bufs, 4, 4), -EAGAIN);
	assert_int_equal(send(d->peer[0], "one", 3, 0), 3);
	assert_int_equal(send(d->peer[0], "much too long", 13, 0), 13);
	assert_int_equal(send(d->peer[0], "three", 5, 0), 5);
	assert_int_equal(tun_dev_read_many(dev, 0, bufs, 4, 4), 3);
	assert_int_equal(bufs[0].ret, 3);
	assert_memory_equal(mem[0] + 4, "one", 3);
	assert_int_equal(bufs[1].ret, -EMSGSIZE);
	assert_int_equal(bufs[2].ret, 5);
	assert_memory_equal(mem[2] + 4, "three", 5);
	assert_int_equal(bufs[3].ret, 99); /* untouched */
	/* no more than @count, the rest stays */
	for (int i = 0; i < 3; i++)
		assert_int_equal(send(d->peer[0], "x", 1, 0), 1);
	assert_int_equal(tun_dev_read_many(dev, 0, bufs, 2, 0), 2);
	assert_int_equal(tun_dev_read_many(dev, 0, bufs, 4, 0), 1);
	assert_int_equal(tun_dev_read_many(dev, 0, bufs, 4, 12), -EINVAL);
	tun_dev_close(dev);
}

/* A backend without batches: lib writes one by one, and a failure part
 * way reports how many went. */
static void write_many_stepwise(void **state)
{
	struct tun_dev *dev = create("t0", 0, 1);
	struct fake_dev *d = fake_find("t0");
	const struct tun_buf pkts[3] = { { "a", 1 }, { "bb", 2 }, { "ccc", 3 } };
	char buf[16];

	(void)state;
	assert_int_equal(tun_dev_write_many(dev, 0, pkts, 3), 3);
	assert_int_equal(fake.calls[FAKE_WRITE], 3);
	for (int i = 1; i <= 3; i++)
		assert_int_equal(recv(d->peer[0], buf, sizeof(buf), 0), i);
	fake_fail(FAKE_WRITE, -ENOBUFS, 1);
	assert_int_equal(tun_dev_write_many(dev, 0, pkts, 3), 1);
	fake_fail(FAKE_WRITE, -ENOBUFS, 0);
	assert_int_equal(tun_dev_write_many(dev, 0, pkts, 3), -ENOBUFS);
	/* A backend that batches is trusted with the whole call. */
	fake_fail(FAKE_WRITE, 0, 0);
	fake.batch = true;
	fake.calls[FAKE_WRITE] = 0;
	assert_int_equal(tun_dev_write_many(dev, 0, pkts, 3), 3);
	assert_int_equal(fake.calls[FAKE_WRITE], 0);
	tun_dev_close(dev);
}

static const struct tun_setup_addr setup_addrs[2] = {
	{ .local = { { TUN_INET, { 10, 0, 0, 1 } }, 24 } },
	{ .local = { { TUN_INET, { 10, 0, 1, 1 } }, 24 } },
};
static const struct tun_route setup_routes[1] = {
	{ .dst = { { TUN_INET, { 10, 9 } }, 16 } },
};

static void setup_stepwise_in_order(void **state)
{
	struct tun_dev *dev = create("t0", 0, 1);
	struct tun_setup s = { .mtu = 1400, .addrs = setup_addrs, .naddrs = 2,
			       .up = true, .routes = setup_routes,
			       .nroutes = 1 };
	struct tun_setup_failure f = { TUN_SETUP_MTU, 99 };

	(void)state;
	assert_int_equal(tun_setup_apply(ctx, "t0", &s, &f), 0);
	assert_string_equal(fake.log, "mtu addr addr up route ");
	assert_int_equal(fake_find("t0")->mtu, 1400);
	/* The second address fails: which step, which index; the steps
	 * before it stay applied. */
	fake.log[0] = '\0';
	fake_find("t0")->naddrs = 0;
	fake_fail(FAKE_ADDR_ADD, -EADDRINUSE, 1);
	assert_int_equal(tun_setup_apply(ctx, "t0", &s, &f), -EADDRINUSE);
	assert_int_equal(f.step, TUN_SETUP_ADDR);
	assert_int_equal(f.index, 1);
	assert_string_equal(fake.log, "mtu addr ");
	/* A bad route is found before anything is applied. */
	struct tun_route bad = { .dst = { { TUN_INET, { 10, 9, 0, 1 } }, 16 } };
	s.routes = &bad;
	fake.log[0] = '\0';
	assert_int_equal(tun_setup_apply(ctx, "t0", &s, &f), -EINVAL);
	assert_int_equal(f.step, TUN_SETUP_ROUTE);
	assert_string_equal(fake.log, "");
	/* A backend that does it in one go is left to it. */
	fake_fail(FAKE_ADDR_ADD, 0, 0);
	fake.batch = true;
	s.routes = setup_routes;
	assert_int_equal(tun_setup_apply(ctx, "t0", &s, &f), 0);
	assert_string_equal(fake.log, "batch ");
	tun_dev_close(dev);
}

static void destroy_many_stepwise(void **state)
{
	const char *names[3] = { "t0", "t1", "t2" };
	const char *bad[3] = { "t0", "no/slash", "t2" };
	size_t done = 99;

	(void)state;
	for (size_t i = 0; i < 3; i++)
		tun_dev_close(create(names[i], 0, 1));
	/* t1 is not there: t0 goes, the error is t1's, done says so */
	assert_int_equal(tun_dev_destroy(ctx, "t1"), 0);
	assert_int_equal(tun_dev_destroy_many(ctx, names, 3, &done), -ENODEV);
	assert_int_equal(done, 1);
	assert_null(fake_find("t0"));
	assert_non_null(fake_find("t2"));
	/* a bad name: those before it still go, nothing after */
	tun_dev_close(create("t0", 0, 1));
	assert_int_equal(tun_dev_destroy_many(ctx, bad, 3, &done), -EINVAL);
	assert_int_equal(done, 1);
	assert_null(fake_find("t0"));
	assert_non_null(fake_find("t2"));
	/* the backend's own failure of the batch is passed on */
	fake_fail(FAKE_DESTROY_MANY, -EIO, 0);
	assert_int_equal(tun_dev_destroy_many(ctx, names + 2, 1, &done), -EIO);
	assert_non_null(fake_find("t2"));
}

static void addresses(void **state)
{
	struct tun_dev *dev = create("t0", 0, 1);
	struct tun_prefix p, wrong;
	struct tun_ip peer6;
	struct tun_addr *addrs;
	size_t n;

	(void)state;
	assert_int_equal(tun_prefix_parse("10.0.0.1/24", &p, NULL), 0);
	assert_int_equal(tun_ip_parse("fd00::2", &peer6), 0);
	assert_int_equal(tun_addr_add(ctx, "t0", &p, &peer6), -EINVAL);
	assert_string_equal(tun_ctx_detail(ctx),
			    "peer and address are of different families");
	assert_int_equal(fake.calls[FAKE_ADDR_ADD], 0);
	assert_int_equal(tun_addr_add(ctx, "t0", &p, NULL), 0);
	assert_int_equal(tun_addr_add(ctx, "t0", &p, NULL), -EEXIST);
	/* deleting takes the exact entry, and says what is there */
	wrong = p;
	wrong.len = 16;
	assert_int_equal(tun_addr_del(ctx, "t0", &wrong), -EADDRNOTAVAIL);
	assert_string_equal(tun_ctx_detail(ctx), "t0 has 10.0.0.1/24");
	assert_int_equal(fake.calls[FAKE_ADDR_DEL], 0);
	wrong.ip.bytes[3] = 9;
	assert_int_equal(tun_addr_del(ctx, "t0", &wrong), -EADDRNOTAVAIL);
	assert_string_equal(tun_ctx_detail(ctx), "no such address on t0");
	fake_fail(FAKE_ADDR_DEL, -EPERM, 0);
	assert_int_equal(tun_addr_del(ctx, "t0", &p), -EPERM);
	fake_fail(FAKE_ADDR_DEL, 0, 0);
	assert_int_equal(tun_addr_del(ctx, "t0", &p), 0);
	assert_int_equal(tun_addr_list(ctx, "t0", &addrs, &n), 0);
	assert_int_equal(n, 0);
	tun_free(addrs);
	assert_int_equal(tun_addr_list(ctx, "gone0", &addrs, &n), -ENODEV);
	assert_null(addrs);
	assert_int_equal(n, 0);
	tun_dev_close(dev);
}

static void routes_mtu_link(void **state)
{
	struct tun_dev *dev = create("t0", 0, 1);
	struct tun_route r = { .dst = { { TUN_INET, { 10, 9, 0, 1 } }, 16 } };
	unsigned mtu = 0;

	(void)state;
	assert_int_equal(tun_route_add(ctx, "t0", &r), -EINVAL);
	assert_string_equal(tun_ctx_detail(ctx),
			    "destination has bits set beyond its prefix length");
	r.dst.ip.bytes[3] = 0;
	r.gateway.family = TUN_INET6;
	assert_int_equal(tun_route_add(ctx, "t0", &r), -EINVAL);
	r.gateway.family = TUN_FAMILY_NONE;
	r.dst.ip.family = 7;
	assert_int_equal(tun_route_add(ctx, "t0", &r), -EAFNOSUPPORT);
	assert_int_equal(fake.calls[FAKE_ROUTE_ADD], 0);
	r.dst.ip.family = TUN_INET;
	assert_int_equal(tun_route_add(ctx, "t0", &r), -ENETDOWN);
	assert_string_equal(tun_ctx_detail(ctx), "t0 is down");
	assert_int_equal(tun_link_set_up(ctx, "t0", true), 0);
	assert_int_equal(tun_route_add(ctx, "t0", &r), 0);
	assert_int_equal(tun_mtu_set(ctx, "t0", 67), -EINVAL);
	assert_int_equal(tun_mtu_set(ctx, "t0", 65536), -EINVAL);
	assert_int_equal(fake.calls[FAKE_MTU_SET], 0);
	assert_int_equal(tun_mtu_set(ctx, "t0", 9000), 0);
	assert_int_equal(tun_mtu_get(ctx, "t0", &mtu), 0);
	assert_int_equal(mtu, 9000);
	/* on the open device: the fake finds it by name */
	mtu = 0;
	assert_int_equal(tun_dev_mtu(ctx, dev, &mtu), 0);
	assert_int_equal(mtu, 9000);
	assert_int_equal(tun_dev_ifindex(ctx, dev, &mtu), 0);
	assert_int_equal(mtu, 1);
	assert_int_equal(tun_dev_wait_handle(dev, 0), tun_dev_fd(dev, 0));
	/* a detail left by one call is gone after the next success */
	assert_int_equal(tun_mtu_get(ctx, "gone0", &mtu), -ENODEV);
	assert_int_equal(tun_mtu_get(ctx, "t0", &mtu), 0);
	assert_string_equal(tun_ctx_detail(ctx), "");
	tun_dev_close(dev);
}

static void listing(void **state)
{
	struct tun_info *infos = NULL;
	size_t n = 0;

	(void)state;
	tun_dev_close(create("t0", 0, 1));
	tun_dev_close(create("t1", TUN_FLAG_PERSIST, 1));
	assert_int_equal(tun_dev_list(ctx, &infos, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(infos[1].name, "t1");
	assert_true(infos[1].flags & TUN_FLAG_PERSIST);
	tun_free(infos);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(create_checks_before_the_backend),
		TEST(create_zeroed_config),
		TEST(create_failures_leave_nothing),
		TEST(attach_and_io),
		TEST(read_many_with_headroom),
		TEST(write_many_stepwise),
		TEST(setup_stepwise_in_order),
		TEST(destroy_many_stepwise),
		TEST(addresses),
		TEST(routes_mtu_link),
		TEST(listing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
