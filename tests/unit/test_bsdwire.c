// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/*
 * The wire formats of the BSD-derived backends (lib/bsdwire.c): the 4-byte
 * address-family header of utun and BSD tun (docs/platforms.md §3.2, §5.2,
 * §6.2, §7.1), BPF read buffers (§4.2) and unit-numbered device names.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "bsdwire.h"

static const uint8_t ipv4[20] = { 0x45, 0, 0, 20 };
static const uint8_t ipv6[40] = { 0x60 };

/* htonl(AF_INET) = 00 00 00 02 on every system; AF_INET6 is the host's:
 * 30 on macOS, 28 on FreeBSD, 24 on OpenBSD and NetBSD. */
static void family_header_put(void **state)
{
	uint8_t h[FAM_HDR_LEN];

	(void)state;
	assert_int_equal(fam_hdr_put(h, ipv4, sizeof(ipv4), 30), 0);
	assert_memory_equal(h, ((uint8_t[]){ 0, 0, 0, 2 }), 4);
	assert_int_equal(fam_hdr_put(h, ipv6, sizeof(ipv6), 30), 0);
	assert_memory_equal(h, ((uint8_t[]){ 0, 0, 0, 30 }), 4);
	assert_int_equal(fam_hdr_put(h, ipv6, sizeof(ipv6), 28), 0);
	assert_memory_equal(h, ((uint8_t[]){ 0, 0, 0, 28 }), 4);
	assert_int_equal(fam_hdr_put(h, ipv6, sizeof(ipv6), 24), 0);
	assert_memory_equal(h, ((uint8_t[]){ 0, 0, 0, 24 }), 4);
	assert_int_equal(fam_hdr_put(h, ipv4, 0, 30), -EAFNOSUPPORT);
	assert_int_equal(fam_hdr_put(h, (uint8_t[]){ 0x50 }, 1, 30),
			 -EAFNOSUPPORT);
}

static void family_header_get(void **state)
{
	(void)state;
	assert_int_equal(fam_hdr_get((uint8_t[]){ 0, 0, 0, 2 }, 30), TUN_INET);
	assert_int_equal(fam_hdr_get((uint8_t[]){ 0, 0, 0, 30 }, 30),
			 TUN_INET6);
	/* a little-endian header is not ours */
	assert_int_equal(fam_hdr_get((uint8_t[]){ 30, 0, 0, 0 }, 30),
			 TUN_FAMILY_NONE);
	/* Linux's AF_INET6 means nothing on macOS */
	assert_int_equal(fam_hdr_get((uint8_t[]){ 0, 0, 0, 10 }, 30),
			 TUN_FAMILY_NONE);
}

static void put_rec(const struct bpf_layout *l, uint8_t *p, unsigned hdrlen,
		    uint32_t caplen, uint32_t datalen)
{
	uint16_t h = (uint16_t)hdrlen;

	memcpy(p + l->off_caplen, &caplen, 4);
	memcpy(p + l->off_datalen, &datalen, 4);
	memcpy(p + l->off_hdrlen, &h, 2);
}

/* One macOS read: two records, each header 18 bytes (SIZEOF_BPF_HDR), the
 * second at BPF_WORDALIGN(18 + 60) = 80. */
static void bpf_darwin_batch(void **state)
{
	const struct bpf_layout *l = &bpf_layout_darwin;
	uint8_t buf[256] = { 0 };
	const uint8_t *f;
	size_t off = 0, cap, data;

	(void)state;
	put_rec(l, buf, 18, 60, 60);
	buf[18] = 0xaa;
	put_rec(l, buf + 80, 18, 42, 1514);
	buf[80 + 18] = 0xbb;
	assert_int_equal(bpf_next(l, buf, 80 + 18 + 42, &off, &f, &cap, &data),
			 1);
	assert_ptr_equal(f, buf + 18);
	assert_int_equal(cap, 60);
	assert_int_equal(off, 80);
	assert_int_equal(bpf_next(l, buf, 80 + 18 + 42, &off, &f, &cap, &data),
			 1);
	assert_int_equal(f[0], 0xbb);
	assert_int_equal(cap, 42);
	assert_int_equal(data, 1514); /* cut by the snapshot length */
	assert_int_equal(bpf_next(l, buf, 80 + 18 + 42, &off, &f, &cap, &data),
			 0);
}

/* FreeBSD: the header's fields sit after a 16-byte timeval; records are
 * aligned to 8: BPF_WORDALIGN(28 + 61) = 96. */
static void bpf_freebsd_batch(void **state)
{
	const struct bpf_layout *l = &bpf_layout_freebsd;
	uint8_t buf[256] = { 0 };
	const uint8_t *f;
	size_t off = 0, cap, data;

	(void)state;
	put_rec(l, buf, 28, 61, 61);
	put_rec(l, buf + 96, 28, 14, 14);
	assert_int_equal(bpf_next(l, buf, 96 + 28 + 14, &off, &f, &cap, &data),
			 1);
	assert_int_equal(off, 96);
	assert_int_equal(bpf_next(l, buf, 96 + 28 + 14, &off, &f, &cap, &data),
			 1);
	assert_ptr_equal(f, buf + 96 + 28);
	assert_int_equal(bpf_next(l, buf, 96 + 28 + 14, &off, &f, &cap, &data),
			 0);
}

static void bpf_malformed(void **state)
{
	const struct bpf_layout *l = &bpf_layout_darwin;
	uint8_t buf[64] = { 0 };
	const uint8_t *f;
	size_t off = 0, cap, data;

	(void)state;
	put_rec(l, buf, 18, 100, 100); /* caplen beyond the read */
	assert_int_equal(bpf_next(l, buf, 64, &off, &f, &cap, &data), -EBADMSG);
	put_rec(l, buf, 4, 10, 10); /* header shorter than its own fields */
	assert_int_equal(bpf_next(l, buf, 64, &off, &f, &cap, &data), -EBADMSG);
	off = 60; /* a stump of a record */
	assert_int_equal(bpf_next(l, buf, 64, &off, &f, &cap, &data), -EBADMSG);
}

static void unit_names(void **state)
{
	unsigned unit = 99;

	(void)state;
	assert_int_equal(name_unit(NULL, "utun", 1000, &unit), 0);
	assert_int_equal(name_unit("", "utun", 1000, &unit), 0);
	assert_int_equal(name_unit("utun%d", "utun", 1000, &unit), 0);
	assert_int_equal(unit, 99);
	assert_int_equal(name_unit("utun7", "utun", 1000, &unit), 1);
	assert_int_equal(unit, 7);
	assert_int_equal(name_unit("feth0", "feth", 16384, &unit), 1);
	assert_int_equal(unit, 0);
	assert_int_equal(name_unit("feth16383", "feth", 16384, &unit), 1);
	assert_int_equal(name_unit("feth16384", "feth", 16384, &unit), -EINVAL);
	assert_int_equal(name_unit("utun07", "utun", 1000, &unit), -EINVAL);
	assert_int_equal(name_unit("utun", "utun", 1000, &unit), -EINVAL);
	assert_int_equal(name_unit("tun0", "utun", 1000, &unit), -EINVAL);
	assert_int_equal(name_unit("utun1x", "utun", 1000, &unit), -EINVAL);
	assert_int_equal(name_unit("vpn%d", "tun", 1000, &unit), -EINVAL);
	assert_int_equal(name_unit("tun%d0", "tun", 1000, &unit), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(family_header_put),
		cmocka_unit_test(family_header_get),
		cmocka_unit_test(bpf_darwin_batch),
		cmocka_unit_test(bpf_freebsd_batch),
		cmocka_unit_test(bpf_malformed),
		cmocka_unit_test(unit_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
