// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/*
 * `tunctl create -- COMMAND` on Windows, against the stand-in wintun.dll:
 * COMMAND's arguments arrive as they were given (quoting for CreateProcess
 * is easy to get wrong), its environment names the device, and the
 * inherited TUNCTL_FD pipe holds the name. This program is both the test
 * and, run by tunctl as `handover_test --dump FILE ARGS...`, the COMMAND.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <windows.h>

#define DUMP "handover.out"

/* As COMMAND: each argument after FILE on a line of its own, then the
 * environment and what the TUNCTL_FD pipe holds. */
static int dump(int argc, char **argv)
{
	FILE *f = fopen(argv[2], "w");
	const char *fd = getenv("TUNCTL_FD"), *name = getenv("TUNCTL_IFNAME");
	char held[32] = "";
	DWORD got = 0;

	if (!f)
		return 3;
	for (int i = 3; i < argc; i++)
		fprintf(f, "[%s]\n", argv[i]);
	if (fd && ReadFile((HANDLE)(intptr_t)atoi(fd), held, sizeof(held) - 1,
			   &got, NULL))
		held[got] = '\0';
	fprintf(f, "IFNAME=%s\nPIPE=%s\n", name ? name : "(none)", held);
	fclose(f);
	return 7; /* passed on by tunctl as its own status */
}

static void arguments_environment_and_pipe(void **state)
{
	/* What CommandLineToArgvW makes of each: a b | c"d | e\ | f\"g | (empty) | h */
	WCHAR cmd[] = L"tunctl.exe create th0 -- handover_test.exe --dump " DUMP
		      L" \"a b\" \"c\\\"d\" e\\ \"f\\\\\\\"g\" \"\" h";
	static const char want[] = "[a b]\n[c\"d]\n[e\\]\n[f\\\"g]\n[]\n[h]\n"
				   "IFNAME=th0\nPIPE=th0\ttun\n";
	STARTUPINFOW si = { .cb = sizeof(si) };
	PROCESS_INFORMATION pi;
	char got[512] = "";
	DWORD code = 0;
	FILE *f;
	size_t n;

	(void)state;
	DeleteFileA(DUMP);
	assert_true(CreateProcessW(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL,
				   &si, &pi));
	assert_int_equal(WaitForSingleObject(pi.hProcess, 20000),
			 WAIT_OBJECT_0);
	GetExitCodeProcess(pi.hProcess, &code);
	CloseHandle(pi.hThread);
	CloseHandle(pi.hProcess);
	assert_int_equal(code, 7);
	f = fopen(DUMP, "r");
	assert_non_null(f);
	n = fread(got, 1, sizeof(got) - 1, f);
	fclose(f);
	got[n] = '\0';
	assert_string_equal(got, want);
	DeleteFileA(DUMP);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(arguments_environment_and_pipe),
	};

	if (argc >= 3 && !strcmp(argv[1], "--dump"))
		return dump(argc, argv);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
