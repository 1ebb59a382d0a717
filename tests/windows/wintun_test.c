// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/*
 * libtunctl's wintun backend against the stand-in wintun.dll (standin.h),
 * under wine: loading, sessions, the receive loop, send order, handing an
 * adapter over, reusing an idle one, end of session and of the adapter.
 * Runs in the directory holding the stand-in.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "standin.h"
#include "tunctl.h"

static int load(void **state)
{
	static struct standin s;

	if (!standin_load(&s))
		return -1;
	*state = &s;
	return 0;
}

static int unload(void **state)
{
	struct standin *s = *state;

	FreeLibrary(s->dll);
	return 0;
}

static struct tun_dev *create(const char *name)
{
	struct tun_config cfg = { .name = name };
	struct tun_ctx *ctx;
	struct tun_dev *dev = NULL;
	int ret;

	assert_int_equal(tun_ctx_new(&ctx), 0);
	ret = tun_dev_create(ctx, &cfg, &dev);
	if (ret < 0)
		fail_msg("create %s: %d %s", name, ret, tun_ctx_detail(ctx));
	tun_ctx_free(ctx);
	return dev;
}

/* What tun_dev_fd() means on Windows: an event handle to wait on. */
static HANDLE wait_handle(const struct tun_dev *dev)
{
	int fd = tun_dev_fd(dev, 0);

	assert_true(fd > 0);
	return (HANDLE)(intptr_t)fd;
}

/* A packet of @len bytes that says which it is. */
static void packet(BYTE *p, size_t len, unsigned seq)
{
	for (size_t i = 0; i < len; i++)
		p[i] = (BYTE)(seq * 31 + i);
	p[0] = 0x45;
}

static void read_write_in_order(void **state)
{
	struct standin *s = *state;
	struct tun_dev *dev = create("wt0");
	standin_watch w = s->open(L"wt0");
	BYTE in[1500], out[1500], got[2000];

	assert_non_null(w);
	assert_string_equal(tun_dev_name(dev), "wt0");
	assert_int_equal(s->state(w), STANDIN_EXISTS | STANDIN_SESSION);
	/* nothing yet: no blocking, and the wait handle is not signalled */
	assert_int_equal(tun_dev_read(dev, 0, got, sizeof(got)), -EAGAIN);
	assert_int_equal(WaitForSingleObject(wait_handle(dev), 0), WAIT_TIMEOUT);
	packet(in, sizeof(in), 1);
	assert_true(s->inject(w, in, sizeof(in)));
	assert_int_equal(WaitForSingleObject(wait_handle(dev), 1000),
			 WAIT_OBJECT_0);
	assert_int_equal(tun_dev_read(dev, 0, got, sizeof(got)), sizeof(in));
	assert_memory_equal(got, in, sizeof(in));
	assert_int_equal(tun_dev_read(dev, 0, got, sizeof(got)), -EAGAIN);
	for (unsigned i = 0; i < 3; i++) {
		packet(out, 100 + i * 500, 10 + i);
		assert_int_equal(tun_dev_write(dev, 0, out, 100 + i * 500),
				 100 + i * 500);
	}
	for (unsigned i = 0; i < 3; i++) {
		packet(out, 100 + i * 500, 10 + i);
		assert_int_equal(s->take(w, got, sizeof(got), 1000),
				 100 + i * 500);
		assert_memory_equal(got, out, 100 + i * 500);
	}
	tun_dev_close(dev);
	assert_int_equal(s->state(w), 0); /* closing removed the adapter */
	assert_int_equal(s->misuse(w), 0);
	s->close(w);
}

static void short_buffer_loses_only_that_packet(void **state)
{
	struct standin *s = *state;
	struct tun_dev *dev = create("wt1");
	standin_watch w = s->open(L"wt1");
	BYTE in[200], got[100];

	packet(in, sizeof(in), 2);
	assert_true(s->inject(w, in, sizeof(in)));
	assert_true(s->inject(w, in, 64));
	assert_int_equal(tun_dev_read(dev, 0, got, sizeof(got)), -EMSGSIZE);
	assert_int_equal(tun_dev_read(dev, 0, got, sizeof(got)), 64);
	assert_memory_equal(got, in, 64);
	assert_int_equal(tun_dev_write(dev, 0, in, 0), -EINVAL);
	tun_dev_close(dev);
	assert_int_equal(s->misuse(w), 0);
	s->close(w);
}

static void full_ring_drops_then_recovers(void **state)
{
	struct standin *s = *state;
	struct tun_dev *dev = create("wt2");
	standin_watch w = s->open(L"wt2");
	BYTE out[1500], got[1500];
	int ret, sent = 0;

	packet(out, sizeof(out), 3);
	while ((ret = tun_dev_write(dev, 0, out, sizeof(out))) > 0)
		sent++;
	assert_int_equal(ret, -ENOBUFS);
	assert_true(sent > 10);
	assert_int_equal(s->take(w, got, sizeof(got), 1000), sizeof(out));
	assert_int_equal(tun_dev_write(dev, 0, out, sizeof(out)), sizeof(out));
	tun_dev_close(dev);
	assert_int_equal(s->misuse(w), 0);
	s->close(w);
}

/* What `tunctl create -- COMMAND` does: the creator suspends, the command
 * attaches by name, the adapter lives until the creator closes it. */
static void suspend_and_attach(void **state)
{
	struct standin *s = *state;
	struct tun_dev *owner = create("wt3"), *reader = NULL;
	standin_watch w = s->open(L"wt3");
	struct tun_ctx *ctx;
	BYTE in[60], got[100];

	assert_int_equal(tun_ctx_new(&ctx), 0);
	assert_int_equal(tun_dev_suspend(owner), 0);
	assert_int_equal(tun_dev_fd(owner, 0), -1);
	assert_int_equal(s->state(w), STANDIN_EXISTS);
	assert_int_equal(tun_dev_attach(ctx, "wt3", 1, &reader), 0);
	assert_int_equal(s->state(w), STANDIN_EXISTS | STANDIN_SESSION);
	/* one reader at a time */
	assert_int_equal(tun_dev_read(owner, 0, got, sizeof(got)), -EBUSY);
	packet(in, sizeof(in), 4);
	assert_true(s->inject(w, in, sizeof(in)));
	assert_int_equal(tun_dev_read(reader, 0, got, sizeof(got)),
			 sizeof(in));
	tun_dev_close(reader);
	assert_int_equal(s->state(w), STANDIN_EXISTS); /* not its to remove */
	assert_int_equal(tun_dev_attach(ctx, "nothere", 1, &reader), -ENODEV);
	tun_dev_close(owner);
	assert_int_equal(s->state(w), 0);
	assert_int_equal(s->misuse(w), 0);
	tun_ctx_free(ctx);
	s->close(w);
}

static void name_in_use_is_refused(void **state)
{
	struct standin *s = *state;
	struct tun_dev *dev = create("wt4"), *again = NULL;
	struct tun_config cfg = { .name = "wt4" };
	struct tun_ctx *ctx;

	(void)s;
	assert_int_equal(tun_ctx_new(&ctx), 0);
	assert_int_equal(tun_dev_create(ctx, &cfg, &again), -EEXIST);
	assert_null(again);
	assert_non_null(strstr(tun_ctx_detail(ctx), "in use"));
	tun_ctx_free(ctx);
	tun_dev_close(dev);
}

/* An adapter nobody reads, left by a program that did not close it, is
 * taken over; it stays after we close, as it was not ours. */
static void idle_adapter_is_reused(void **state)
{
	struct standin *s = *state;
	void *left = s->create_adapter(L"wt5", L"other", NULL);
	standin_watch w = s->open(L"wt5");
	struct tun_dev *dev;
	BYTE in[80], got[100];

	assert_non_null(left);
	dev = create("wt5");
	packet(in, sizeof(in), 5);
	assert_true(s->inject(w, in, sizeof(in)));
	assert_int_equal(tun_dev_read(dev, 0, got, sizeof(got)), sizeof(in));
	tun_dev_close(dev);
	assert_int_equal(s->state(w), STANDIN_EXISTS);
	s->close_adapter(left);
	assert_int_equal(s->state(w), 0);
	s->close(w);
}

static void removed_adapter_ends_reading(void **state)
{
	struct standin *s = *state;
	void *other = s->create_adapter(L"wt6", L"other", NULL);
	struct tun_dev *dev = NULL;
	struct tun_ctx *ctx;
	BYTE got[100];

	assert_int_equal(tun_ctx_new(&ctx), 0);
	assert_int_equal(tun_dev_attach(ctx, "wt6", 1, &dev), 0);
	s->close_adapter(other);
	assert_int_equal(tun_dev_read(dev, 0, got, sizeof(got)), -ENODEV);
	assert_int_equal(tun_dev_write(dev, 0, got, 20), -ENODEV);
	tun_dev_close(dev);
	tun_ctx_free(ctx);
}

static void template_picks_a_free_name(void **state)
{
	struct standin *s = *state;
	struct tun_dev *a = create("wtx%d"), *b = create("wtx%d");

	(void)s;
	assert_string_equal(tun_dev_name(a), "wtx0");
	assert_string_equal(tun_dev_name(b), "wtx1");
	tun_dev_close(a);
	tun_dev_close(b);
}

static void linux_only_settings_are_refused(void **state)
{
	struct tun_config cfg = { .name = "wt7", .has_owner = true, .owner = 1000 };
	struct tun_ctx *ctx;
	struct tun_dev *dev = NULL;

	(void)state;
	assert_int_equal(tun_ctx_new(&ctx), 0);
	assert_int_equal(tun_dev_create(ctx, &cfg, &dev), -EOPNOTSUPP);
	cfg.has_owner = false;
	cfg.owner = 0;
	cfg.flags = TUN_FLAG_VNET_HDR;
	assert_int_equal(tun_dev_create(ctx, &cfg, &dev), -EOPNOTSUPP);
	/* no wintun adapter outlives its creator */
	cfg.flags = TUN_FLAG_PERSIST;
	assert_int_equal(tun_dev_create(ctx, &cfg, &dev), -EOPNOTSUPP);
	assert_non_null(strstr(tun_ctx_detail(ctx), "-- COMMAND"));
	assert_null(dev);
	tun_ctx_free(ctx);
}

/* TUNCTL_FD on Windows: an inherited pipe holding the device's name. */
static void handover_pipe_opens_by_name(void **state)
{
	struct standin *s = *state;
	struct tun_dev *owner = create("wt8"), *child = NULL;
	SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
	struct tun_ctx *ctx;
	HANDLE r, w;
	DWORD done;

	(void)s;
	assert_int_equal(tun_ctx_new(&ctx), 0);
	assert_int_equal(tun_dev_from_fd(ctx, 3, &child), -EBADF);
	assert_true(CreatePipe(&r, &w, &sa, 0));
	assert_true(WriteFile(w, "wt8\ttun", 7, &done, NULL));
	CloseHandle(w);
	assert_int_equal(tun_dev_suspend(owner), 0);
	assert_int_equal(tun_dev_from_fd(ctx, (int)(intptr_t)r, &child), 0);
	assert_string_equal(tun_dev_name(child), "wt8");
	/* the pipe is the device's now, and already closed */
	assert_false(CloseHandle(r));
	tun_dev_close(child);
	tun_dev_close(owner);
	tun_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(read_write_in_order),
		cmocka_unit_test(short_buffer_loses_only_that_packet),
		cmocka_unit_test(full_ring_drops_then_recovers),
		cmocka_unit_test(suspend_and_attach),
		cmocka_unit_test(name_in_use_is_refused),
		cmocka_unit_test(idle_adapter_is_reused),
		cmocka_unit_test(removed_adapter_ends_reading),
		cmocka_unit_test(template_picks_a_free_name),
		cmocka_unit_test(linux_only_settings_are_refused),
		cmocka_unit_test(handover_pipe_opens_by_name),
	};

	return cmocka_run_group_tests(tests, load, unload);
}
