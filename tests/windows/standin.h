/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The tunctl authors. */
#ifndef TUNCTL_STANDIN_H
#define TUNCTL_STANDIN_H

/*
 * The test-only side of the stand-in wintun.dll (wintun_standin.c): what a
 * test program calls to play the part of Windows' network stack. It is NOT
 * wintun: no driver, no network interface, only wintun's documented API
 * over rings in shared memory, so that tunctl.exe and a test program in
 * other processes meet at an adapter by its name, under wine.
 */

#include <string.h>

#include <windows.h>

/* StandinState() bits. */
#define STANDIN_EXISTS 0x1  /* created and not yet closed by its creator */
#define STANDIN_SESSION 0x2 /* a session is started */

/* An adapter watched by the test; NULL until it exists. Keeps the shared
 * memory alive until StandinClose(). */
typedef struct standin_watch *standin_watch;

typedef standin_watch(WINAPI standin_open_fn)(LPCWSTR name);
typedef void(WINAPI standin_close_fn)(standin_watch w);
typedef DWORD(WINAPI standin_state_fn)(standin_watch w);
/* How many times the program broke wintun's API contract (a release or
 * send of a packet it was not given, a bad size or capacity). */
typedef DWORD(WINAPI standin_misuse_fn)(standin_watch w);
/* A packet the stack sends into the tunnel: the program's next
 * WintunReceivePacket() returns it. FALSE without a session or room. */
typedef BOOL(WINAPI standin_inject_fn)(standin_watch w, const BYTE *packet,
				       DWORD size);
/* The next packet the program sent (WintunSendPacket), in the order of its
 * WintunAllocateSendPacket() calls; its size, or 0 after @timeout_ms. */
typedef DWORD(WINAPI standin_take_fn)(standin_watch w, BYTE *buf, DWORD size,
				      DWORD timeout_ms);

/* What a test program takes from the stand-in: the functions above, and
 * two of wintun's own, to play another program that holds an adapter. */
struct standin {
	HMODULE dll;
	standin_open_fn *open;
	standin_close_fn *close;
	standin_state_fn *state;
	standin_misuse_fn *misuse;
	standin_inject_fn *inject;
	standin_take_fn *take;
	void *(WINAPI *create_adapter)(LPCWSTR name, LPCWSTR type,
				       const GUID *guid);
	void(WINAPI *close_adapter)(void *adapter);
};

static inline BOOL standin_resolve(HMODULE dll, const char *name, void *slot)
{
	FARPROC p = GetProcAddress(dll, name);

	if (p)
		memcpy(slot, &p, sizeof(p));
	return p != NULL;
}

/* Load wintun.dll from the current directory; FALSE when it is missing or
 * is not the stand-in. */
static inline BOOL standin_load(struct standin *s)
{
	s->dll = LoadLibraryW(L"wintun.dll");
	return s->dll && standin_resolve(s->dll, "StandinOpen", &s->open) &&
	       standin_resolve(s->dll, "StandinClose", &s->close) &&
	       standin_resolve(s->dll, "StandinState", &s->state) &&
	       standin_resolve(s->dll, "StandinMisuse", &s->misuse) &&
	       standin_resolve(s->dll, "StandinInject", &s->inject) &&
	       standin_resolve(s->dll, "StandinTake", &s->take) &&
	       standin_resolve(s->dll, "WintunCreateAdapter",
			       &s->create_adapter) &&
	       standin_resolve(s->dll, "WintunCloseAdapter", &s->close_adapter);
}

/* Wait until the program @process has a session on adapter @name: the
 * watch, or NULL when the program ends first or @timeout_ms pass. */
static inline standin_watch standin_wait_session(const struct standin *s,
						 LPCWSTR name, HANDLE process,
						 DWORD timeout_ms)
{
	standin_watch w = NULL;

	for (DWORD ms = 0; ms < timeout_ms; ms += 20) {
		if (WaitForSingleObject(process, 0) == WAIT_OBJECT_0)
			break;
		if (!w)
			w = s->open(name);
		if (w && s->state(w) & STANDIN_SESSION)
			return w;
		Sleep(20);
	}
	if (w)
		s->close(w);
	return NULL;
}

#endif
