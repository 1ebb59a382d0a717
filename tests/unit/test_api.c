// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/*
 * The whole public header (lib/tunctl.h), call by call, with what a careless
 * caller passes: NULL, zero lengths, over-long and malformed names, ids out
 * of range. Each gets its documented answer and nothing is touched; run
 * under `make asan`, a read or write out of bounds fails the test. None of
 * these calls reaches the system, so no root is needed.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"

#define LONG_NAME "abcdefghijklmnop" /* 16 bytes: one too many */

static const char *const bad_names[] = { NULL, "", LONG_NAME, "a/b", "a b",
					 "tun%d" /* not outside create */ };

/* Runs @test with a new context as its state. */
static void with_ctx(void (*test)(struct tun_ctx *ctx))
{
	struct tun_ctx *ctx;

	assert_int_equal(tun_ctx_new(&ctx), 0);
	test(ctx);
	tun_ctx_free(ctx);
}

static void context(void **state)
{
	(void)state;
	assert_int_equal(tun_ctx_new(NULL), -EINVAL);
	tun_ctx_free(NULL);
	assert_string_equal(tun_ctx_detail(NULL), "");
	tun_free(NULL);
	assert_non_null(tun_version());
	assert_int_equal(tun_netns_enter(NULL), -EINVAL);
	assert_int_equal(tun_netns_enter(""), -EINVAL);
	assert_int_equal(tun_netns_enter("a/b"), -EINVAL);
	assert_int_equal(tun_netns_enter(".."), -EINVAL);
	char big[TUN_NETNS_NAME_MAX + 2];
	memset(big, 'n', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(tun_netns_enter(big), -EINVAL);
}

static void device_calls_without_device_in(struct tun_ctx *ctx)
{
	struct tun_config cfg = { 0 };
	struct tun_dev *dev = (struct tun_dev *)(uintptr_t)1; /* untouched */
	struct tun_offload_stats st;
	struct tun_buf pkt = { "x", 1 };
	char buf[64];

	assert_int_equal(tun_dev_create(NULL, &cfg, &dev), -EINVAL);
	assert_int_equal(tun_dev_create(ctx, NULL, &dev), -EINVAL);
	assert_int_equal(tun_dev_create(ctx, &cfg, NULL), -EINVAL);
	assert_int_equal(tun_dev_attach(NULL, "tun0", 1, &dev), -EINVAL);
	assert_int_equal(tun_dev_attach(ctx, "tun0", 1, NULL), -EINVAL);
	for (size_t i = 0; i < TUN_ARRAY_SIZE(bad_names); i++)
		assert_int_equal(tun_dev_attach(ctx, bad_names[i], 1, &dev),
				 -EINVAL);
	assert_int_equal(tun_dev_attach(ctx, "tun0", TUN_QUEUES_MAX + 1, &dev),
			 -EINVAL);
	assert_int_equal(tun_dev_from_fd(NULL, 0, &dev), -EINVAL);
	assert_int_equal(tun_dev_from_fd(ctx, 0, NULL), -EINVAL);
	assert_int_equal(tun_dev_from_fd(ctx, -1, &dev), -EBADF);
	assert_ptr_equal(dev, (struct tun_dev *)(uintptr_t)1);

	tun_dev_close(NULL);
	assert_int_equal(tun_dev_set_persist(ctx, NULL, true), -EINVAL);
	assert_string_equal(tun_dev_name(NULL), "");
	assert_int_equal(tun_dev_mode(NULL), TUN_MODE_TUN);
	assert_int_equal(tun_dev_queues(NULL), 0);
	assert_int_equal(tun_dev_fd(NULL, 0), -1);
	assert_int_equal(tun_dev_read(NULL, 0, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(tun_dev_write(NULL, 0, buf, 1), -EINVAL);
	assert_int_equal(tun_dev_write_many(NULL, 0, &pkt, 1), -EINVAL);
	struct tun_rbuf rb = { buf, sizeof(buf), 0 };
	assert_int_equal(tun_dev_read_many(NULL, 0, &rb, 1, 0), -EINVAL);
	assert_int_equal(tun_dev_offload_stats(NULL, 0, &st), -EINVAL);
	assert_int_equal(tun_dev_suspend(NULL), -EINVAL);
	assert_int_equal(tun_dev_set_passthrough(NULL, true), -EINVAL);
	assert_true(tun_dev_wait_handle(NULL, 0) == TUN_HANDLE_NONE);
	unsigned n;
	assert_int_equal(tun_dev_ifindex(ctx, NULL, &n), -EINVAL);
	assert_int_equal(tun_dev_mtu(ctx, NULL, &n), -EINVAL);
}

/* An open device that the calls under test never hand to the backend. */
static void device_calls_with_bad_arguments_in(struct tun_ctx *ctx)
{
	struct tun_dev dev = { .name = "t0", .nqueues = 1, .fds = { 0 } };
	struct tun_buf pkt = { "x", 1 };
	char buf[64];

	assert_int_equal(tun_dev_set_persist(NULL, &dev, true), -EINVAL);
	/* no virtio header: nothing to pass through */
	assert_int_equal(tun_dev_set_passthrough(&dev, true), -EINVAL);
	assert_int_equal(tun_dev_from_fd(ctx, -1, NULL), -EINVAL);
	assert_int_equal(tun_dev_fd(&dev, 1), -1);
	assert_true(tun_dev_wait_handle(&dev, 1) == TUN_HANDLE_NONE);
	unsigned n;
	assert_int_equal(tun_dev_ifindex(NULL, &dev, &n), -EINVAL);
	assert_int_equal(tun_dev_ifindex(ctx, &dev, NULL), -EINVAL);
	assert_int_equal(tun_dev_mtu(NULL, &dev, &n), -EINVAL);
	assert_int_equal(tun_dev_mtu(ctx, &dev, NULL), -EINVAL);
	assert_int_equal(tun_dev_read(&dev, 0, NULL, sizeof(buf)), -EINVAL);
	assert_int_equal(tun_dev_read(&dev, 0, buf, 0), -EINVAL);
	assert_int_equal(tun_dev_read(&dev, 1, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(tun_dev_write(&dev, 0, NULL, 1), -EINVAL);
	assert_int_equal(tun_dev_write(&dev, 0, buf, 0), -EINVAL);
	assert_int_equal(tun_dev_write(&dev, 1, buf, 1), -EINVAL);
	assert_int_equal(tun_dev_write_many(&dev, 0, NULL, 1), -EINVAL);
	assert_int_equal(tun_dev_write_many(&dev, 0, &pkt, 0), -EINVAL);
	assert_int_equal(tun_dev_write_many(&dev, 1, &pkt, 1), -EINVAL);
	struct tun_rbuf rb[2] = { { buf, sizeof(buf), 0 }, { NULL, 10, 0 } };
	assert_int_equal(tun_dev_read_many(&dev, 0, NULL, 1, 0), -EINVAL);
	assert_int_equal(tun_dev_read_many(&dev, 0, rb, 0, 0), -EINVAL);
	assert_int_equal(tun_dev_read_many(&dev, 1, rb, 1, 0), -EINVAL);
	assert_int_equal(tun_dev_read_many(&dev, 0, rb, 2, 0), -EINVAL);
	assert_int_equal(tun_dev_read_many(&dev, 0, rb, 1, sizeof(buf)), -EINVAL);
	assert_int_equal(tun_dev_offload_stats(&dev, 0, NULL), -EINVAL);
}

static void bad_configs_in(struct tun_ctx *ctx)
{
	struct tun_dev *dev = NULL;
	const struct tun_config bad[] = {
		{ .version = 1 },
		{ .mode = 2 },
		{ .name = LONG_NAME },
		{ .name = "a b" },
		{ .name = "tun%d%d" },
		{ .queues = 2 },
		{ .queues = TUN_QUEUES_MAX + 1, .flags = TUN_FLAG_MULTI_QUEUE },
		{ .has_owner = true, .owner = -1 },
		{ .has_owner = true, .owner = UINT32_MAX },
		{ .has_owner = true, .owner = 1LL << 32 },
		{ .has_group = true, .group = -5 },
		{ .has_group = true, .group = (1LL << 32) + 1000 },
		{ .owner = 1000 },     /* an owner without its flag */
		{ .owner = -1, .group = -1 }, /* "none" before 1.0 */
	};

	for (size_t i = 0; i < TUN_ARRAY_SIZE(bad); i++) {
		if (tun_dev_create(ctx, &bad[i], &dev) != -EINVAL)
			fail_msg("config %zu accepted", i);
		assert_true(tun_ctx_detail(ctx)[0] != '\0');
	}
	assert_null(dev);
	assert_int_equal(tun_privileges_drop(1LL << 32, -1), -EINVAL);
	assert_int_equal(tun_privileges_drop(-2, -1), -EINVAL);
	assert_int_equal(tun_privileges_drop(1000, UINT32_MAX), -EINVAL);
}

static void devices_by_name_in(struct tun_ctx *ctx)
{
	struct tun_info info, *infos;
	const char *names[] = { "tun0", LONG_NAME };
	size_t n, done = 99;

	for (size_t i = 0; i < TUN_ARRAY_SIZE(bad_names); i++) {
		assert_int_equal(tun_dev_destroy(ctx, bad_names[i]), -EINVAL);
		assert_int_equal(tun_dev_info_get(ctx, bad_names[i], &info), -EINVAL);
	}
	assert_int_equal(tun_dev_destroy(NULL, "tun0"), -EINVAL);
	assert_int_equal(tun_dev_info_get(NULL, "tun0", &info), -EINVAL);
	assert_int_equal(tun_dev_info_get(ctx, "tun0", NULL), -EINVAL);
	assert_int_equal(tun_dev_list(NULL, &infos, &n), -EINVAL);
	assert_int_equal(tun_dev_list(ctx, NULL, &n), -EINVAL);
	assert_int_equal(tun_dev_list(ctx, &infos, NULL), -EINVAL);
	assert_int_equal(tun_dev_destroy_many(NULL, names, 1, &done), -EINVAL);
	assert_int_equal(tun_dev_destroy_many(ctx, NULL, 1, &done), -EINVAL);
	assert_int_equal(tun_dev_destroy_many(ctx, names, 1, NULL), -EINVAL);
	/* the bad name comes first, so nothing is removed */
	assert_int_equal(tun_dev_destroy_many(ctx, names + 1, 1, &done), -EINVAL);
	assert_int_equal(done, 0);
}

static void configuration_in(struct tun_ctx *ctx)
{
	struct tun_prefix p = { .ip = { TUN_INET, { 10, 0, 0, 1 } }, .len = 24 };
	struct tun_route r = { .dst = { .ip = { TUN_INET, { 10 } }, .len = 8 } };
	struct tun_setup s = { .naddrs = 1 }, ok = { .up = true };
	struct tun_setup_failure f;
	struct tun_addr *addrs;
	struct tun_route *routes;
	struct tun_ip dns = { TUN_INET, { 10, 0, 0, 53 } };
	unsigned mtu;
	size_t n;

	for (size_t i = 0; i < TUN_ARRAY_SIZE(bad_names); i++) {
		const char *b = bad_names[i];

		assert_int_equal(tun_addr_add(ctx, b, &p, NULL), -EINVAL);
		assert_int_equal(tun_addr_del(ctx, b, &p), -EINVAL);
		assert_int_equal(tun_route_add(ctx, b, &r), -EINVAL);
		assert_int_equal(tun_route_del(ctx, b, &r), -EINVAL);
		assert_int_equal(tun_mtu_get(ctx, b, &mtu), -EINVAL);
		assert_int_equal(tun_mtu_set(ctx, b, 1400), -EINVAL);
		assert_int_equal(tun_link_set_up(ctx, b, true), -EINVAL);
		assert_int_equal(tun_setup_apply(ctx, b, &ok, &f), -EINVAL);
		assert_int_equal(tun_dns_set(ctx, b, &dns, 1), -EINVAL);
		if (b) { /* NULL lists every device */
			assert_int_equal(tun_addr_list(ctx, b, &addrs, &n), -EINVAL);
			assert_int_equal(tun_route_list(ctx, b, &routes, &n), -EINVAL);
		}
	}
	assert_int_equal(tun_addr_add(NULL, "t0", &p, NULL), -EINVAL);
	assert_int_equal(tun_addr_add(ctx, "t0", NULL, NULL), -EINVAL);
	assert_int_equal(tun_addr_del(ctx, "t0", NULL), -EINVAL);
	assert_int_equal(tun_addr_list(NULL, NULL, &addrs, &n), -EINVAL);
	assert_int_equal(tun_addr_list(ctx, NULL, NULL, &n), -EINVAL);
	assert_int_equal(tun_addr_list(ctx, NULL, &addrs, NULL), -EINVAL);
	assert_int_equal(tun_route_add(ctx, "t0", NULL), -EINVAL);
	assert_int_equal(tun_route_del(ctx, "t0", NULL), -EINVAL);
	assert_int_equal(tun_route_list(NULL, NULL, &routes, &n), -EINVAL);
	assert_int_equal(tun_route_list(ctx, NULL, NULL, &n), -EINVAL);
	assert_int_equal(tun_route_list(ctx, NULL, &routes, NULL), -EINVAL);
	assert_int_equal(tun_mtu_get(ctx, "t0", NULL), -EINVAL);
	assert_int_equal(tun_mtu_set(ctx, "t0", 0), -EINVAL);
	assert_int_equal(tun_mtu_get(NULL, "t0", &mtu), -EINVAL);
	assert_int_equal(tun_link_set_up(NULL, "t0", true), -EINVAL);
	assert_int_equal(tun_setup_apply(NULL, "t0", &ok, &f), -EINVAL);
	assert_int_equal(tun_setup_apply(ctx, "t0", NULL, &f), -EINVAL);
	assert_int_equal(tun_setup_apply(ctx, "t0", &s, NULL), -EINVAL);
	s = (struct tun_setup){ .nroutes = 1 };
	assert_int_equal(tun_setup_apply(ctx, "t0", &s, NULL), -EINVAL);
	assert_int_equal(tun_dns_set(ctx, "t0", NULL, 1), -EINVAL);
	assert_int_equal(tun_dns_set(NULL, "t0", &dns, 1), -EINVAL);
}

static void events_and_holders_in(struct tun_ctx *ctx)
{
	struct tun_events *ev = (struct tun_events *)1;
	struct tun_event event;
	struct tun_link_change ch = { 0 };
	struct tun_holder *holders;
	size_t n;

	assert_int_equal(tun_events_open(NULL, &ev), -EINVAL);
	assert_int_equal(tun_events_open(ctx, NULL), -EINVAL);
	assert_int_equal(tun_events_next(NULL, &event), -EINVAL);
	assert_int_equal(tun_events_fd(NULL), -1);
	tun_events_close(NULL);
	for (size_t i = 0; i < TUN_ARRAY_SIZE(bad_names); i++) {
		assert_int_equal(tun_link_change(ctx, bad_names[i], &ch), -EINVAL);
		if (bad_names[i]) /* NULL asks about every device */
			assert_int_equal(tun_holders(ctx, bad_names[i], &holders,
						     &n), -EINVAL);
	}
	assert_int_equal(tun_link_change(NULL, "t0", &ch), -EINVAL);
	assert_int_equal(tun_link_change(ctx, "t0", NULL), -EINVAL);
	ch.name = LONG_NAME;
	assert_int_equal(tun_link_change(ctx, "t0", &ch), -EINVAL);
	ch = (struct tun_link_change){ .set_owner = true, .owner = -1 };
	assert_int_equal(tun_link_change(ctx, "t0", &ch), -EINVAL);
	ch = (struct tun_link_change){ .set_group = true, .group = 1LL << 32 };
	assert_int_equal(tun_link_change(ctx, "t0", &ch), -EINVAL);
	assert_int_equal(tun_holders(NULL, "t0", &holders, &n), -EINVAL);
	assert_int_equal(tun_holders(ctx, "t0", NULL, &n), -EINVAL);
	assert_int_equal(tun_holders(ctx, "t0", &holders, NULL), -EINVAL);
}

static void pure_helpers(void **state)
{
	struct tun_ip ip;
	struct tun_prefix p;
	const char *why = NULL;
	char buf[TUN_PREFIXSTRLEN];

	(void)state;
	assert_int_equal(tun_ip_parse(NULL, &ip), -EINVAL);
	assert_int_equal(tun_ip_parse("10.0.0.1", NULL), -EINVAL);
	assert_int_equal(tun_prefix_parse(NULL, &p, &why), -EINVAL);
	assert_int_equal(tun_prefix_parse("10.0.0.0/8", NULL, &why), -EINVAL);
	assert_non_null(why);
	assert_int_equal(tun_prefix_parse("10.0.0.0/8", &p, NULL), 0);
	assert_null(tun_ip_format(&p.ip, NULL, 0));
	assert_null(tun_ip_format(&p.ip, buf, 0));
	assert_null(tun_prefix_format(&p, NULL, sizeof(buf)));
	assert_false(tun_prefix_has_host_bits(NULL));
	tun_prefix_mask(NULL);
	assert_false(tun_ip_equal(NULL, &p.ip));
	assert_false(tun_ip_equal(&p.ip, NULL));
	assert_int_equal(tun_name_validate(NULL, true, &why), -EINVAL);
	assert_int_equal(tun_name_validate(LONG_NAME, true, NULL), -EINVAL);
}

static void data_path(void **state)
{
	static const uint8_t ping[28] = { 0x45, 0, 0, 28, 0, 0, 0, 0, 64, 1 };
	struct tun_echo_config ecfg = { .nown = 1 };
	struct tun_packet pkt;
	struct tun_reasm *r = NULL;
	uint8_t out[128];
	size_t outlen = 7;

	(void)state;
	assert_int_equal(tun_packet_decode(NULL, 10, TUN_MODE_TUN, &pkt), -EINVAL);
	assert_int_equal(tun_packet_decode(ping, sizeof(ping), TUN_MODE_TUN, NULL),
			 -EINVAL);
	assert_int_equal(tun_packet_decode(ping, 0, TUN_MODE_TUN, &pkt), -EBADMSG);
	assert_int_equal(tun_packet_decode(ping, 0, TUN_MODE_TAP, &pkt), -EBADMSG);
	assert_int_equal(tun_packet_decode_ethertype(NULL, 10, 0x0800, &pkt),
			 -EINVAL);
	assert_int_equal(tun_packet_decode_ethertype(ping, sizeof(ping), 0x0800,
						     NULL), -EINVAL);
	assert_int_equal(tun_packet_decode_ethertype(ping, 0, 0x0800, &pkt),
			 -EBADMSG);
	assert_false(tun_packet_checksums_ok(NULL, &pkt));
	assert_false(tun_packet_checksums_ok(ping, NULL));
	assert_int_equal(tun_checksum_add(1234, NULL, 10), 1234);
	assert_int_equal(tun_checksum_add(1234, ping, 0), 1234);
	assert_int_equal(tun_checksum_pseudo(NULL, NULL, 6, 20), 0);

	assert_int_equal(tun_echo_reply(NULL, ping, sizeof(ping), out,
					sizeof(out), &outlen), -EINVAL);
	assert_int_equal(tun_echo_reply(&ecfg, ping, sizeof(ping), out,
					sizeof(out), &outlen), -EINVAL);
	ecfg.nown = 0;
	assert_int_equal(tun_echo_reply(&ecfg, NULL, sizeof(ping), out,
					sizeof(out), &outlen), -EINVAL);
	assert_int_equal(tun_echo_reply(&ecfg, ping, sizeof(ping), NULL,
					sizeof(out), &outlen), -EINVAL);
	assert_int_equal(tun_echo_reply(&ecfg, ping, sizeof(ping), out,
					sizeof(out), NULL), -EINVAL);
	assert_int_equal(tun_echo_reply(&ecfg, ping, 0, out, sizeof(out),
					&outlen), TUN_ECHO_MALFORMED);
	assert_int_equal(outlen, 0);
	tun_echo_mac(NULL, out);
	tun_echo_mac("t0", NULL);

	assert_int_equal(tun_reasm_new(NULL, 4), -EINVAL);
	assert_int_equal(tun_reasm_new(&r, 4), 0);
	assert_int_equal(tun_reasm_add(NULL, 0, ping, sizeof(ping), TUN_MODE_TUN,
				       out, sizeof(out), &outlen), -EINVAL);
	assert_int_equal(tun_reasm_add(r, 0, NULL, sizeof(ping), TUN_MODE_TUN,
				       out, sizeof(out), &outlen), -EINVAL);
	assert_int_equal(tun_reasm_add(r, 0, ping, sizeof(ping), TUN_MODE_TUN,
				       NULL, sizeof(out), &outlen), -EINVAL);
	assert_int_equal(tun_reasm_add(r, 0, ping, sizeof(ping), TUN_MODE_TUN,
				       out, sizeof(out), NULL), -EINVAL);
	assert_int_equal(tun_reasm_add(r, 0, ping, 0, TUN_MODE_TUN, out,
				       sizeof(out), &outlen), 0);
	assert_int_equal(tun_reasm_discarded(NULL), 0);
	tun_reasm_free(r);
	tun_reasm_free(NULL);

	/* Calls without pointers or names still answer a bad value. */
	assert_int_equal(tun_pcap_linktype((enum tun_mode)7), TUN_LINKTYPE_RAW);
	assert_int_equal(tun_checksum_fold(0), 0xffff);
	/* tun_privileges_keep() takes a bit mask only, and would act on the
	 * test itself; tun_utun_find_fd() exists on Apple systems only. */
	tun_pcap_file_header(NULL, TUN_LINKTYPE_RAW, 65535);
	tun_pcap_record_header(NULL, 0, 0, 0, 0);
}

static void device_calls_without_device(void **state)
{
	(void)state;
	with_ctx(device_calls_without_device_in);
}

static void device_calls_with_bad_arguments(void **state)
{
	(void)state;
	with_ctx(device_calls_with_bad_arguments_in);
}

static void bad_configs(void **state)
{
	(void)state;
	with_ctx(bad_configs_in);
}

static void devices_by_name(void **state)
{
	(void)state;
	with_ctx(devices_by_name_in);
}

static void configuration(void **state)
{
	(void)state;
	with_ctx(configuration_in);
}

static void events_and_holders(void **state)
{
	(void)state;
	with_ctx(events_and_holders_in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(context),
		cmocka_unit_test(device_calls_without_device),
		cmocka_unit_test(device_calls_with_bad_arguments),
		cmocka_unit_test(bad_configs),
		cmocka_unit_test(devices_by_name),
		cmocka_unit_test(configuration),
		cmocka_unit_test(events_and_holders),
		cmocka_unit_test(pure_helpers),
		cmocka_unit_test(data_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
