// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/* Addresses, prefixes and interface names: the pure helpers of lib/. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tunctl.h"

static void assert_ip_roundtrip(const char *in, const char *out)
{
	struct tun_ip ip;
	char buf[TUN_ADDRSTRLEN];

	assert_int_equal(tun_ip_parse(in, &ip), 0);
	assert_string_equal(tun_ip_format(&ip, buf, sizeof(buf)), out);
}

static void ipv4_parse_and_format(void **state)
{
	struct tun_ip ip;

	(void)state;
	assert_int_equal(tun_ip_parse("10.0.0.1", &ip), 0);
	assert_int_equal(ip.family, TUN_INET);
	assert_memory_equal(ip.bytes, ((uint8_t[]){ 10, 0, 0, 1 }), 4);
	assert_ip_roundtrip("0.0.0.0", "0.0.0.0");
	assert_ip_roundtrip("255.255.255.255", "255.255.255.255");
}

static void ipv4_rejects(void **state)
{
	static const char *const bad[] = {
		"",	    "1",	   "1.2.3",	"1.2.3.4.5", "256.1.1.1",
		"300.1.1.1", "01.2.3.4",   "1.2.3.04", "1..2.3",    "1.2.3.4 ",
		" 1.2.3.4", "1.2.3.-4",    "1.2.3.4/", "a.b.c.d",   "1.2.3.1000",
	};
	struct tun_ip ip;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (tun_ip_parse(bad[i], &ip) != -EINVAL)
			fail_msg("accepted \"%s\"", bad[i]);
	}
}

static void ipv6_parse(void **state)
{
	static const uint8_t fd00_1[16] = { 0xfd, 0, 0, 0, 0, 0, 0, 0,
					    0,	  0, 0, 0, 0, 0, 0, 1 };
	static const uint8_t mapped[16] = { 0, 0, 0,	0,    0,   0, 0, 0,
					    0, 0, 0xff, 0xff, 192, 0, 2, 1 };
	struct tun_ip ip;

	(void)state;
	assert_int_equal(tun_ip_parse("fd00::1", &ip), 0);
	assert_int_equal(ip.family, TUN_INET6);
	assert_memory_equal(ip.bytes, fd00_1, 16);
	assert_int_equal(tun_ip_parse("FD00:0:0:0:0:0:0:1", &ip), 0);
	assert_memory_equal(ip.bytes, fd00_1, 16);
	assert_int_equal(tun_ip_parse("::ffff:192.0.2.1", &ip), 0);
	assert_memory_equal(ip.bytes, mapped, 16);
}

static void ipv6_rejects(void **state)
{
	static const char *const bad[] = {
		":",	     ":::",	  "1::2::3",   "fd00::g",    "fd00::1:",
		":fd00::1", "12345::1", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
		"1:2:3:4:5:6:7:8::", "::1.2.3", "::1.2.3.4.5", "fd00::1/64",
		"1:2:3:4:5:6:7::8:9",
	};
	struct tun_ip ip;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (tun_ip_parse(bad[i], &ip) != -EINVAL)
			fail_msg("accepted \"%s\"", bad[i]);
	}
}

/* RFC 5952: lower case, no leading zeros, the longest run of two or more
 * zero groups compressed (the first on a tie), a lone zero group kept. */
static void ipv6_format_rfc5952(void **state)
{
	(void)state;
	assert_ip_roundtrip("::", "::");
	assert_ip_roundtrip("::1", "::1");
	assert_ip_roundtrip("1::", "1::");
	assert_ip_roundtrip("2001:0DB8:0000:0000:0000:0000:0000:0001",
			    "2001:db8::1");
	assert_ip_roundtrip("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1");
	assert_ip_roundtrip("2001:0:0:1:0:0:0:1", "2001:0:0:1::1");
	assert_ip_roundtrip("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1");
	assert_ip_roundtrip("fe80::3e01:5b02:5364:2f08",
			    "fe80::3e01:5b02:5364:2f08");
	assert_ip_roundtrip("::ffff:192.0.2.1", "::ffff:192.0.2.1");
	assert_ip_roundtrip("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8");
	assert_ip_roundtrip("1:2:3:4:5:6::", "1:2:3:4:5:6::");
}

static void assert_prefix_error(const char *s, const char *why_expected)
{
	struct tun_prefix p;
	const char *why = NULL;

	assert_int_equal(tun_prefix_parse(s, &p, &why), -EINVAL);
	assert_non_null(why);
	assert_string_equal(why, why_expected);
}

static void prefix_parse(void **state)
{
	struct tun_prefix p;
	char buf[TUN_PREFIXSTRLEN];

	(void)state;
	assert_int_equal(tun_prefix_parse("10.0.0.1/24", &p, NULL), 0);
	assert_int_equal(p.len, 24);
	assert_string_equal(tun_prefix_format(&p, buf, sizeof(buf)),
			    "10.0.0.1/24");
	assert_int_equal(tun_prefix_parse("10.0.0.1", &p, NULL), 0);
	assert_int_equal(p.len, 32);
	assert_int_equal(tun_prefix_parse("fd00::1", &p, NULL), 0);
	assert_int_equal(p.len, 128);
	assert_int_equal(tun_prefix_parse("0.0.0.0/0", &p, NULL), 0);
	assert_int_equal(p.len, 0);
	assert_int_equal(tun_prefix_parse("fd00::/128", &p, NULL), 0);
	assert_int_equal(p.len, 128);
}

static void prefix_errors(void **state)
{
	(void)state;
	assert_prefix_error("10.0.0.1/33", "prefix length must be 0-32");
	assert_prefix_error("10.0.0.1/", "prefix length must be 0-32");
	assert_prefix_error("10.0.0.1/-1", "prefix length must be 0-32");
	assert_prefix_error("10.0.0.1/024", "prefix length must be 0-32");
	assert_prefix_error("10.0.0.1/2a", "prefix length must be 0-32");
	assert_prefix_error("fd00::1/129", "prefix length must be 0-128");
	assert_prefix_error("fd00::1/1280", "prefix length must be 0-128");
	assert_prefix_error("300.1.1.1/24", "not a valid IPv4 address");
	assert_prefix_error("fd00::g/64", "not a valid IPv6 address");
	assert_prefix_error("tun0", "not an IPv4 or IPv6 address");
	assert_prefix_error("", "empty prefix");
}

static void prefix_host_bits_and_mask(void **state)
{
	struct tun_prefix p;
	char buf[TUN_PREFIXSTRLEN];

	(void)state;
	tun_prefix_parse("10.1.2.3/16", &p, NULL);
	assert_true(tun_prefix_has_host_bits(&p));
	tun_prefix_mask(&p);
	assert_false(tun_prefix_has_host_bits(&p));
	assert_string_equal(tun_prefix_format(&p, buf, sizeof(buf)),
			    "10.1.0.0/16");
	tun_prefix_parse("10.1.2.255/25", &p, NULL);
	tun_prefix_mask(&p);
	assert_string_equal(tun_prefix_format(&p, buf, sizeof(buf)),
			    "10.1.2.128/25");
	tun_prefix_parse("fd00:1:2:3::1/52", &p, NULL);
	tun_prefix_mask(&p);
	assert_string_equal(tun_prefix_format(&p, buf, sizeof(buf)),
			    "fd00:1:2::/52");
	tun_prefix_parse("10.0.0.0/0", &p, NULL);
	assert_true(tun_prefix_has_host_bits(&p));
	tun_prefix_parse("0.0.0.0/0", &p, NULL);
	assert_false(tun_prefix_has_host_bits(&p));
}

static void ip_equal(void **state)
{
	struct tun_ip a, b;

	(void)state;
	tun_ip_parse("10.0.0.1", &a);
	tun_ip_parse("10.0.0.1", &b);
	assert_true(tun_ip_equal(&a, &b));
	tun_ip_parse("::ffff:10.0.0.1", &b);
	assert_false(tun_ip_equal(&a, &b));
}

static void assert_name(const char *name, bool template, int expected)
{
	const char *why = NULL;
	int ret = tun_name_validate(name, template, &why);

	if (ret != expected)
		fail_msg("\"%s\": got %d, expected %d", name, ret, expected);
	if (ret < 0)
		assert_non_null(why);
}

static void names(void **state)
{
	(void)state;
	assert_name("tun0", false, 0);
	assert_name("a", false, 0);
	assert_name("0123456789abcde", false, 0);	  /* 15 bytes */
	assert_name("0123456789abcdef", false, -EINVAL); /* 16 */
	assert_name("", false, -EINVAL);
	assert_name("a/b", false, -EINVAL);
	assert_name("a:b", false, -EINVAL);
	assert_name("a b", false, -EINVAL);
	assert_name("a\tb", false, -EINVAL);
	assert_name(".", false, -EINVAL);
	assert_name("..", false, -EINVAL);
	assert_name("tun%d", false, -EINVAL);
	assert_name("tun%d", true, 0);
	assert_name("tun%s", true, -EINVAL);
	assert_name("t%d%d", true, -EINVAL);
	assert_name("%", true, -EINVAL);
}

/* A short buffer gets a cut, terminated text and NULL, never a byte past
 * its end: the buffers are exactly @len bytes on the heap, so ASan sees
 * any overflow. */
static void assert_cut(const char *in, size_t len, const char *want)
{
	struct tun_ip ip;
	char *buf = malloc(len);

	assert_non_null(buf);
	assert_int_equal(tun_ip_parse(in, &ip), 0);
	assert_null(tun_ip_format(&ip, buf, len));
	assert_string_equal(buf, want);
	free(buf);
}

static void format_short_buffers(void **state)
{
	struct tun_prefix p;
	char buf[TUN_PREFIXSTRLEN];

	(void)state;
	assert_cut("::1", 1, "");
	assert_cut("::1", 3, "::");
	assert_cut("fd00::1", 5, "fd00");
	assert_cut("fd00::1", 7, "fd00::");
	assert_cut("1:2:3:4:5:6:7:8", 4, "1:2");
	assert_cut("::ffff:192.0.2.1", 9, "::ffff:1");
	assert_cut("192.0.2.1", 9, "192.0.2.");
	assert_null(tun_ip_format(NULL, buf, 0));
	assert_null(tun_ip_format(NULL, NULL, 10));
	assert_ptr_equal(tun_ip_format(NULL, buf, 2), buf);
	assert_string_equal(buf, "?");
	/* exactly enough */
	assert_int_equal(tun_ip_parse("fd00::1", &p.ip), 0);
	assert_ptr_equal(tun_ip_format(&p.ip, buf, 8), buf);
	assert_string_equal(buf, "fd00::1");
	p.len = 64;
	assert_ptr_equal(tun_prefix_format(&p, buf, 11), buf);
	assert_string_equal(buf, "fd00::1/64");
	assert_null(tun_prefix_format(&p, buf, 10));
	assert_string_equal(buf, "fd00::1/6");
	assert_null(tun_prefix_format(&p, NULL, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ipv4_parse_and_format),
		cmocka_unit_test(ipv4_rejects),
		cmocka_unit_test(ipv6_parse),
		cmocka_unit_test(ipv6_rejects),
		cmocka_unit_test(ipv6_format_rfc5952),
		cmocka_unit_test(format_short_buffers),
		cmocka_unit_test(prefix_parse),
		cmocka_unit_test(prefix_errors),
		cmocka_unit_test(prefix_host_bits_and_mask),
		cmocka_unit_test(ip_equal),
		cmocka_unit_test(names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
