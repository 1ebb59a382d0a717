// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/*
 * `tunctl create te0 -- tunctl echo -c 2` under wine, against the stand-in
 * wintun.dll (standin.h): this program plays Windows' network stack,
 * sends an ICMPv4 and an ICMPv6 echo request into the adapter and checks
 * each reply byte for byte against one built here, independently of
 * libtunctl. Then tunctl must exit 0 having removed the adapter.
 * Runs in the directory holding tunctl.exe and the stand-in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "standin.h"

#define ADAPTER L"te0"
#define COMMAND L"tunctl.exe create te0 -- tunctl.exe echo -c 2"
#define TIMEOUT_MS 20000

struct run {
	struct standin s;
	PROCESS_INFORMATION tunctl;
	standin_watch w;
};

/* ---- packets, built here ------------------------------------------------ */

static uint32_t sum16(uint32_t sum, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)(p[len - 1] << 8);
	return sum;
}

static void put_sum(uint8_t *at, uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	sum = ~sum & 0xffff;
	at[0] = (uint8_t)(sum >> 8);
	at[1] = (uint8_t)sum;
}

static const uint8_t v4_host[4] = { 10, 0, 0, 1 };
static const uint8_t v4_far[4] = { 10, 0, 0, 2 };
static const uint8_t v6_host[16] = { 0xfd, 0, 0, 0, 0, 0, 0, 0,
				     0,	   0, 0, 0, 0, 0, 0, 1 };
static const uint8_t v6_far[16] = { 0xfd, 0, 0, 0, 0, 0, 0, 0,
				    0,	  0, 0, 0, 0, 0, 0, 2 };

#define PAYLOAD 40 /* bytes of echo data */

/* ICMP echo header (type, code, id 0x4242, seq 7) and data, checksummed
 * with @pseudo as the starting sum. */
static void put_echo(uint8_t *icmp, uint8_t type, uint32_t pseudo)
{
	icmp[0] = type;
	icmp[1] = 0;
	icmp[2] = icmp[3] = 0;
	icmp[4] = icmp[5] = 0x42;
	icmp[6] = 0;
	icmp[7] = 7;
	for (int i = 0; i < PAYLOAD; i++)
		icmp[8 + i] = (uint8_t)('a' + i % 26);
	put_sum(icmp + 2, sum16(pseudo, icmp, 8 + PAYLOAD));
}

/* An IPv4 echo request from the host to the far end, or the reply tunctl
 * echo promises: a fresh header (no flags, TTL 64, the request's ID),
 * addresses swapped, type 0, fresh checksums. */
static size_t ipv4_echo(uint8_t *p, bool reply)
{
	memset(p, 0, 20);
	p[0] = 0x45;
	p[3] = 20 + 8 + PAYLOAD;
	p[4] = 0x12;
	p[5] = 0x34;
	if (!reply)
		p[6] = 0x40; /* don't fragment, which the reply drops */
	p[8] = reply ? 64 : 128;
	p[9] = 1;
	memcpy(p + 12, reply ? v4_far : v4_host, 4);
	memcpy(p + 16, reply ? v4_host : v4_far, 4);
	put_sum(p + 10, sum16(0, p, 20));
	put_echo(p + 20, reply ? 0 : 8, 0);
	return 20 + 8 + PAYLOAD;
}

/* The same for IPv6: the request's first word is kept, hop limit 64,
 * type 129, checksum over the pseudo-header. */
static size_t ipv6_echo(uint8_t *p, bool reply)
{
	const uint8_t *src = reply ? v6_far : v6_host;
	const uint8_t *dst = reply ? v6_host : v6_far;
	uint32_t pseudo;

	memset(p, 0, 40);
	p[0] = 0x60;
	p[1] = 0x0a; /* traffic class and flow label: kept */
	p[2] = 0xbc;
	p[3] = 0xde;
	p[5] = 8 + PAYLOAD;
	p[6] = 58;
	p[7] = reply ? 64 : 255;
	memcpy(p + 8, src, 16);
	memcpy(p + 24, dst, 16);
	pseudo = sum16(sum16(0, src, 16), dst, 16) + 8 + PAYLOAD + 58;
	put_echo(p + 40, reply ? 129 : 128, pseudo);
	return 40 + 8 + PAYLOAD;
}

/* ---- the run ------------------------------------------------------------ */

static bool exited(struct run *r)
{
	return WaitForSingleObject(r->tunctl.hProcess, 0) == WAIT_OBJECT_0;
}

/* Start tunctl and wait until echo has its session. */
static int start(void **state)
{
	static struct run r;
	STARTUPINFOW si = { .cb = sizeof(si) };
	WCHAR cmd[] = COMMAND;

	if (!standin_load(&r.s) ||
	    !CreateProcessW(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si,
			    &r.tunctl))
		return -1;
	r.w = standin_wait_session(&r.s, ADAPTER, r.tunctl.hProcess,
				   TIMEOUT_MS);
	if (!r.w)
		return -1;
	*state = &r;
	return 0;
}

static int finish(void **state)
{
	struct run *r = *state;

	if (!exited(r))
		TerminateProcess(r->tunctl.hProcess, 99);
	CloseHandle(r->tunctl.hThread);
	CloseHandle(r->tunctl.hProcess);
	r->s.close(r->w);
	FreeLibrary(r->s.dll);
	return 0;
}

static void exchange(struct run *r, size_t (*build)(uint8_t *, bool))
{
	uint8_t req[128], want[128], got[256];
	size_t len = build(req, false);
	DWORD n;

	build(want, true);
	assert_true(r->s.inject(r->w, req, (DWORD)len));
	n = r->s.take(r->w, got, sizeof(got), TIMEOUT_MS);
	assert_int_equal(n, len);
	assert_memory_equal(got, want, len);
}

static void ipv4_echo_is_answered(void **state)
{
	exchange(*state, ipv4_echo);
}

static void ipv6_echo_is_answered(void **state)
{
	exchange(*state, ipv6_echo);
}

/* -c 2 ends echo; create then removes the adapter and passes on 0. */
static void tunctl_exits_and_removes_the_adapter(void **state)
{
	struct run *r = *state;
	DWORD code = 99;

	assert_int_equal(WaitForSingleObject(r->tunctl.hProcess, TIMEOUT_MS),
			 WAIT_OBJECT_0);
	assert_true(GetExitCodeProcess(r->tunctl.hProcess, &code));
	assert_int_equal(code, 0);
	assert_int_equal(r->s.state(r->w), 0);
	assert_int_equal(r->s.misuse(r->w), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ipv4_echo_is_answered),
		cmocka_unit_test(ipv6_echo_is_answered),
		cmocka_unit_test(tunctl_exits_and_removes_the_adapter),
	};

	return cmocka_run_group_tests(tests, start, finish);
}
