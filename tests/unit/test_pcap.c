// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/* pcap framing, against the first bytes of a file tcpdump -w wrote on
 * x86-64 (tests/unit/packets.h describes the capture). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tunctl.h"

static void file_header_as_tcpdump(void **state)
{
	/* tcpdump -i dpa -w: Ethernet, snapshot length 262144 */
	static const uint8_t want[] = {
		0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00,
	};
	uint8_t out[TUN_PCAP_FILE_HEADER_LEN];

	(void)state;
	tun_pcap_file_header(out, TUN_LINKTYPE_ETHERNET, 262144);
	assert_memory_equal(out, want, sizeof(want));
	tun_pcap_file_header(out, TUN_LINKTYPE_RAW, 65535);
	assert_int_equal(out[20], 101);
	assert_int_equal(out[16], 0xff);
	assert_int_equal(out[17], 0xff);
	assert_int_equal(out[18], 0);
}

static void record_header_as_tcpdump(void **state)
{
	/* The first record of that file: 110 bytes at 1795390135.993332 */
	static const uint8_t want[] = {
		0xb7, 0x7a, 0x03, 0x6b, 0x34, 0x28, 0x0f, 0x00,
		0x6e, 0x00, 0x00, 0x00, 0x6e, 0x00, 0x00, 0x00,
	};
	uint8_t out[TUN_PCAP_RECORD_HEADER_LEN];

	(void)state;
	tun_pcap_record_header(out, 0x6b037ab7, 993332, 110, 110);
	assert_memory_equal(out, want, sizeof(want));
}

static void linktypes(void **state)
{
	(void)state;
	assert_int_equal(tun_pcap_linktype(TUN_MODE_TUN), TUN_LINKTYPE_RAW);
	assert_int_equal(tun_pcap_linktype(TUN_MODE_TAP),
			 TUN_LINKTYPE_ETHERNET);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(file_header_as_tcpdump),
		cmocka_unit_test(record_header_as_tcpdump),
		cmocka_unit_test(linktypes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
