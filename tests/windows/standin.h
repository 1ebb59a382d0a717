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

#endif
