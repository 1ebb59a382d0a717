// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/* The packet line shared by capture and echo -v, human and JSON, on the
 * real packets of packets.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "datapath.h"
#include "packets.h"

/* 2023-11-14 22:13:20.000123 UTC; the clock part is local time, so it is
 * left out of the comparisons. */
#define WHEN_SEC 1700000000LL
#define WHEN_USEC 123L

static char *print(const uint8_t *data, size_t len, enum tun_mode mode,
		   bool json, bool hex)
{
	struct dp_packet p = { data, len, len, mode, WHEN_SEC, WHEN_USEC,
				DP_LINK_DEVICE };
	struct cli cli = { .json = json };
	struct dp_printer pr;
	static char text[8192];
	size_t n;

	cli.out = tmpfile();
	assert_non_null(cli.out);
	dp_printer_init(&pr, &cli, hex);
	dp_print_packet(&pr, &p);
	rewind(cli.out);
	n = fread(text, 1, sizeof(text) - 1, cli.out);
	text[n] = '\0';
	fclose(cli.out);
	return text;
}

/* The human line without its "HH:MM:SS.uuuuuu " */
static void assert_line(const uint8_t *data, size_t len, enum tun_mode mode,
			const char *want)
{
	char *text = print(data, len, mode, false, false);

	assert_true(strlen(text) > 16);
	assert_memory_equal(text + 8, ".000123 ", 8);
	assert_string_equal(text + 16, want);
}

static void icmp(void **state)
{
	(void)state;
	assert_line(ETH_STRIP(eth_icmp_echo_request), TUN_MODE_TUN,
		    "IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 20070, "
		    "seq 1, length 64\n");
	assert_line(eth_icmp_echo_reply, sizeof(eth_icmp_echo_reply),
		    TUN_MODE_TAP,
		    "IP 10.0.0.2 > 10.0.0.1: ICMP echo reply, id 20070, seq 1, "
		    "length 64\n");
	assert_line(ETH_STRIP(eth_icmp6_echo_request), TUN_MODE_TUN,
		    "IP6 fd00::1 > fd00::2: ICMP6, echo request, id 20072, "
		    "seq 1, length 64\n");
	assert_line(ETH_STRIP(eth_ns), TUN_MODE_TUN,
		    "IP6 fd00::1 > ff02::1:ff00:2: ICMP6, neighbor solicitation, "
		    "who has fd00::2, length 32\n");
	assert_line(ETH_STRIP(eth_na), TUN_MODE_TUN,
		    "IP6 fd00::2 > fd00::1: ICMP6, neighbor advertisement, "
		    "tgt is fd00::2, length 32\n");
	assert_line(ETH_STRIP(eth_mld_report_hbh), TUN_MODE_TUN,
		    "IP6 fe80::ff:fe00:a > ff02::16: HBH ICMP6, multicast "
		    "listener report v2, 2 group record(s), length 48\n");
}

static void tcp_udp_arp(void **state)
{
	(void)state;
	assert_line(ETH_STRIP(eth_tcp_syn), TUN_MODE_TUN,
		    "IP 10.0.0.1.39258 > 10.0.0.2.8080: Flags [S], seq 2193861613, "
		    "win 64240, options [mss 1460,sackOK,TS val 1470816886 "
		    "ecr 0,nop,wscale 10], length 0\n");
	/* Without the handshake in view, sequence numbers stay absolute. */
	assert_line(ETH_STRIP(eth_tcp_psh), TUN_MODE_TUN,
		    "IP 10.0.0.1.39258 > 10.0.0.2.8080: Flags [P.], seq "
		    "2193861614:2193861616, ack 382860304, win 63, options "
		    "[nop,nop,TS val 1470816886 ecr 1998058060], length 2\n");
	assert_line(ETH_STRIP(eth_udp6), TUN_MODE_TUN,
		    "IP6 fd00::1.59508 > fd00::2.7777: UDP, length 7\n");
	assert_line(eth_arp_request, sizeof(eth_arp_request), TUN_MODE_TAP,
		    "ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28\n");
	assert_line(eth_arp_reply, sizeof(eth_arp_reply), TUN_MODE_TAP,
		    "ARP, Reply 10.0.0.2 is-at 02:00:00:00:00:0b, length 28\n");
}

static void fragments_and_malformed(void **state)
{
	(void)state;
	assert_line(ETH_STRIP(eth_icmp6_frag_second), TUN_MODE_TUN,
		    "IP6 fd00::1 > fd00::2: frag (1448|60)\n");
	assert_line(eth_icmp_echo_request + 14, 30, TUN_MODE_TUN,
		    "IP, length 30 [malformed: truncated IPv4 packet]\n");
	assert_line(eth_tcp_syn + 14, 30, TUN_MODE_TUN,
		    "IP, length 30 [malformed: truncated IPv4 packet]\n");
	assert_line(eth_arp_request + 14, 3, TUN_MODE_TUN,
		    "packet, length 3 [malformed: neither IPv4 nor IPv6]\n");
	assert_line(eth_arp_request, 10, TUN_MODE_TAP,
		    "packet, length 10 [malformed: truncated Ethernet header]\n");
}

static void json(void **state)
{
	(void)state;
	assert_string_equal(
		print(ETH_STRIP(eth_udp4), TUN_MODE_TUN, true, false),
		"{\"time\":1700000000.000123,\"len\":34,\"family\":\"inet\","
		"\"src\":\"10.0.0.1\",\"sport\":55013,\"dst\":\"10.0.0.2\","
		"\"dport\":7777,\"ttl\":64,\"proto\":\"udp\",\"length\":6}\n");
	assert_string_equal(
		print(eth_icmp_echo_request, sizeof(eth_icmp_echo_request),
		      TUN_MODE_TAP, true, false),
		"{\"time\":1700000000.000123,\"len\":98,"
		"\"src_mac\":\"02:00:00:00:00:0a\","
		"\"dst_mac\":\"02:00:00:00:00:0b\",\"ethertype\":2048,"
		"\"family\":\"inet\",\"src\":\"10.0.0.1\",\"dst\":\"10.0.0.2\","
		"\"ttl\":64,\"proto\":\"icmp\",\"icmp_type\":8,\"icmp_code\":0,"
		"\"icmp\":\"echo request\",\"id\":20070,\"seq\":1,"
		"\"length\":64}\n");
	assert_string_equal(
		print(eth_arp_reply, sizeof(eth_arp_reply), TUN_MODE_TAP, true,
		      false),
		"{\"time\":1700000000.000123,\"len\":42,"
		"\"src_mac\":\"02:00:00:00:00:0b\","
		"\"dst_mac\":\"02:00:00:00:00:0a\",\"ethertype\":2054,"
		"\"family\":\"arp\",\"sender_mac\":\"02:00:00:00:00:0b\","
		"\"target_mac\":\"02:00:00:00:00:0a\",\"arp_op\":\"reply\","
		"\"src\":\"10.0.0.2\",\"dst\":\"10.0.0.1\",\"length\":28}\n");
	assert_string_equal(
		print(eth_tcp_syn + 14, 30, TUN_MODE_TUN, true, true),
		"{\"time\":1700000000.000123,\"len\":30,\"family\":\"inet\","
		"\"length\":30,\"error\":\"truncated IPv4 packet\",\"hex\":"
		"\"4500003c9d334000400689860a0000010a000002995a1f9082c3abed0000\"}"
		"\n");
}

static void hex_dump(void **state)
{
	char *text;

	(void)state;
	text = print(eth_arp_request, sizeof(eth_arp_request), TUN_MODE_TAP,
		     false, true);
	text = strchr(text, '\n');
	assert_non_null(text);
	assert_string_equal(text,
			    "\n\t0x0000:  0001 0800 0604 0001 0200 0000 000a 0a00"
			    "\n\t0x0010:  0001 0000 0000 0000 0a00 0002\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(icmp),
		cmocka_unit_test(tcp_udp_arp),
		cmocka_unit_test(fragments_and_malformed),
		cmocka_unit_test(json),
		cmocka_unit_test(hex_dump),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
