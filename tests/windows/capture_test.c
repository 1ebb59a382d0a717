// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/*
 * `tunctl create tc0 -- tunctl capture --attach -c 1 -w FILE` against the
 * stand-in wintun.dll: a packet sent into the adapter must land in FILE,
 * a pcap file (LINKTYPE_RAW), byte for byte. On Windows capture works as
 * the device's reader only (no Npcap), which is what this covers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "standin.h"

#define FILE_NAME "capture_test.pcap"

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void packet_lands_in_the_file(void **state)
{
	static const uint8_t udp[28] = {
		0x45, 0,    0,	  28,	0,    1,    0, 0, 64, 17, 0x66, 0xcb,
		10,   0,    0,	  1,	10,   0,    0, 2, 0x30, 0x39, 0, 53,
		0,    8,    0,	  0,
	};
	WCHAR cmd[] = L"tunctl.exe create tc0 -- tunctl.exe capture --attach "
		      L"-c 1 -w " FILE_NAME;
	STARTUPINFOW si = { .cb = sizeof(si) };
	PROCESS_INFORMATION pi;
	struct standin s;
	standin_watch w;
	uint8_t file[256];
	DWORD code = 99;
	FILE *f;
	size_t n;

	(void)state;
	assert_true(standin_load(&s));
	DeleteFileA(FILE_NAME);
	assert_true(CreateProcessW(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL,
				   &si, &pi));
	w = standin_wait_session(&s, L"tc0", pi.hProcess, 20000);
	if (!w)
		fail_msg("tunctl capture did not start a session");
	assert_true(s.inject(w, udp, sizeof(udp)));
	assert_int_equal(WaitForSingleObject(pi.hProcess, 20000),
			 WAIT_OBJECT_0);
	GetExitCodeProcess(pi.hProcess, &code);
	CloseHandle(pi.hThread);
	CloseHandle(pi.hProcess);
	s.close(w);
	FreeLibrary(s.dll);
	assert_int_equal(code, 0);
	f = fopen(FILE_NAME, "rb");
	assert_non_null(f);
	n = fread(file, 1, sizeof(file), f);
	fclose(f);
	DeleteFileA(FILE_NAME);
	/* global header, one record header, the packet */
	assert_int_equal(n, 24 + 16 + sizeof(udp));
	assert_true(le32(file) == 0xa1b2c3d4 || le32(file) == 0xa1b23c4d);
	assert_int_equal(le32(file + 20), 101); /* LINKTYPE_RAW */
	assert_int_equal(le32(file + 32), sizeof(udp));
	assert_int_equal(le32(file + 36), sizeof(udp));
	assert_memory_equal(file + 40, udp, sizeof(udp));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(packet_lands_in_the_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
