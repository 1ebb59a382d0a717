// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/*
 * A stand-in wintun.dll for tests under wine. NOT the real driver: no
 * network interface exists. It implements wintun's documented API (adapter
 * create/open/close, LUID, sessions, receive/release, allocate/send, read
 * wait event) over two rings in named shared memory, and checks the rules
 * the documentation sets: a power-of-two capacity within bounds, one
 * session per adapter, packets of 1..0xFFFF bytes, release and send only
 * of packets handed out, send order fixed by allocation order, EOF once the
 * creator closes the adapter. The test side (standin.h) injects packets and
 * takes the program's replies.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <windows.h>
#include <ifdef.h>

#include "standin.h"

#define MIN_CAPACITY 0x20000u  /* wintun's documented bounds */
#define MAX_CAPACITY 0x4000000u
#define MAX_PACKET 0xFFFFu
#define NAME_MAX_CHARS 127 /* MAX_ADAPTER_NAME - 1 */

/* Our own rings are smaller than any capacity a program may ask for. */
#define RING 0x40000u
#define WRAP(x) ((x) & (RING - 1))
#define SLOT(size) ((4u + (size) + 3u) & ~3u) /* header + data, aligned */
#define PENDING 0x80000000u  /* allocated, not yet sent */
#define RELEASED 0x40000000u /* received, then released */
#define SIZE_BITS 0x0000FFFFu

struct ring {
	ULONG head;	/* the next packet to read */
	ULONG release;	/* space before here is free again */
	ULONG tail;	/* the end of the packets ready to read */
	ULONG reserve;	/* the end of the allocated space */
	BYTE data[RING + 4 + MAX_PACKET + 3]; /* a packet never wraps */
};

struct shared {
	LONG exists;
	LONG session;
	LONG misuse;
	NET_LUID luid;
	struct ring to_app;   /* "the stack" to the program: Receive */
	struct ring from_app; /* the program to "the stack": Send */
};

/* What one process holds of an adapter. */
struct adapter {
	HANDLE map, lock, ready, sent;
	struct shared *sh;
	bool created;
};

struct session {
	struct adapter *a;
};

/* ---- named objects ------------------------------------------------------ */

static bool object_name(WCHAR *out, size_t n, LPCWSTR name, LPCWSTR what)
{
	int len = _snwprintf(out, n, L"Local\\tunctl-wintun-standin-%ls-%ls",
			     name, what);

	return len > 0 && (size_t)len < n;
}

static void adapter_free(struct adapter *a)
{
	if (!a)
		return;
	if (a->sh)
		UnmapViewOfFile(a->sh);
	if (a->map)
		CloseHandle(a->map);
	if (a->lock)
		CloseHandle(a->lock);
	if (a->ready)
		CloseHandle(a->ready);
	if (a->sent)
		CloseHandle(a->sent);
	free(a);
}

/* Create (or with @create false, open) the shared memory of @name, and its
 * lock and events. */
static struct adapter *adapter_get(LPCWSTR name, bool create, bool *existed)
{
	WCHAR n[200];
	struct adapter *a = calloc(1, sizeof(*a));
	DWORD err = ERROR_NOT_ENOUGH_MEMORY;

	if (!a)
		goto fail;
	err = ERROR_INVALID_PARAMETER;
	if (!name || !name[0] || wcslen(name) > NAME_MAX_CHARS ||
	    !object_name(n, 200, name, L"memory"))
		goto fail;
	a->map = create ? CreateFileMappingW(INVALID_HANDLE_VALUE, NULL,
					     PAGE_READWRITE, 0,
					     sizeof(struct shared), n)
			: OpenFileMappingW(FILE_MAP_ALL_ACCESS, FALSE, n);
	err = create ? GetLastError() : ERROR_NOT_FOUND;
	if (!a->map)
		goto fail;
	if (existed)
		*existed = err == ERROR_ALREADY_EXISTS;
	a->sh = MapViewOfFile(a->map, FILE_MAP_ALL_ACCESS, 0, 0, 0);
	err = GetLastError();
	if (!a->sh || !object_name(n, 200, name, L"lock") ||
	    !(a->lock = CreateMutexW(NULL, FALSE, n)) ||
	    !object_name(n, 200, name, L"ready") ||
	    !(a->ready = CreateEventW(NULL, TRUE, FALSE, n)) ||
	    !object_name(n, 200, name, L"sent") ||
	    !(a->sent = CreateEventW(NULL, FALSE, FALSE, n)))
		goto fail;
	return a;
fail:
	adapter_free(a);
	SetLastError(err);
	return NULL;
}

static void lock(struct adapter *a)
{
	WaitForSingleObject(a->lock, INFINITE);
}

static void unlock(struct adapter *a)
{
	ReleaseMutex(a->lock);
}

static void misuse(struct adapter *a, const char *what)
{
	fprintf(stderr, "wintun stand-in: API misuse: %s\n", what);
	InterlockedIncrement(&a->sh->misuse);
}

/* ---- rings -------------------------------------------------------------- */

static ULONG *header(struct ring *r, ULONG at)
{
	return (ULONG *)(r->data + at);
}

static bool room_for(const struct ring *r, DWORD size)
{
	ULONG used = WRAP(r->reserve - r->release);

	/* One spare word keeps a full ring from looking empty. */
	return SLOT(size) + 4 <= RING - used;
}

/* Is @at the start of a packet in [from, to) whose header has @flag set
 * (or clear, when @set is false)? */
static bool packet_at(struct ring *r, ULONG from, ULONG to, ULONG at,
		      ULONG flag, bool set)
{
	for (ULONG p = from; p != to;
	     p = WRAP(p + SLOT(*header(r, p) & SIZE_BITS))) {
		if (p == at)
			return !!(*header(r, p) & flag) == set;
	}
	return false;
}

/* Move @pos towards @end over packets, stopping at the first whose @flag
 * is set (@stop_if_set) or clear (!@stop_if_set). */
static ULONG advance(struct ring *r, ULONG pos, ULONG end, ULONG stop_flag,
		     bool stop_if_set)
{
	while (pos != end) {
		ULONG h = *header(r, pos);

		if (!!(h & stop_flag) == stop_if_set)
			break;
		pos = WRAP(pos + SLOT(h & SIZE_BITS));
	}
	return pos;
}

static void ring_reset(struct ring *r)
{
	r->head = r->release = r->tail = r->reserve = 0;
}

/* ---- the wintun API ----------------------------------------------------- */

#define API __declspec(dllexport)

static NET_LUID fake_luid(LPCWSTR name)
{
	NET_LUID luid = { 0 };
	ULONG h = 2166136261u;

	for (; *name; name++)
		h = (h ^ (ULONG)*name) * 16777619u;
	luid.Info.NetLuidIndex = h & 0xFFFFFF;
	luid.Info.IfType = IF_TYPE_PROP_VIRTUAL;
	return luid;
}

API struct adapter *WINAPI WintunCreateAdapter(LPCWSTR name, LPCWSTR type,
					       const GUID *guid)
{
	bool existed = false;
	struct adapter *a;

	(void)guid;
	if (!type || !type[0] || wcslen(type) > NAME_MAX_CHARS) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return NULL;
	}
	a = adapter_get(name, true, &existed);
	if (!a)
		return NULL;
	lock(a);
	if (existed && a->sh->exists) {
		unlock(a);
		adapter_free(a);
		SetLastError(ERROR_ALREADY_EXISTS);
		return NULL;
	}
	memset(a->sh, 0, sizeof(*a->sh));
	a->sh->exists = 1;
	a->sh->luid = fake_luid(name);
	unlock(a);
	a->created = true;
	return a;
}

API struct adapter *WINAPI WintunOpenAdapter(LPCWSTR name)
{
	struct adapter *a = adapter_get(name, false, NULL);

	if (a && !a->sh->exists) {
		adapter_free(a);
		a = NULL;
		SetLastError(ERROR_NOT_FOUND);
	}
	return a;
}

/* Closing what we created removes the adapter: sessions see EOF. */
API void WINAPI WintunCloseAdapter(struct adapter *a)
{
	if (!a)
		return;
	if (a->created) {
		lock(a);
		a->sh->exists = 0;
		unlock(a);
		SetEvent(a->ready);
	}
	adapter_free(a);
}

API BOOL WINAPI WintunDeleteDriver(void)
{
	return TRUE;
}

API void WINAPI WintunGetAdapterLUID(struct adapter *a, NET_LUID *luid)
{
	*luid = a->sh->luid;
}

API DWORD WINAPI WintunGetRunningDriverVersion(void)
{
	return 0x000E0000; /* 0.14, as a number; nothing runs */
}

API void WINAPI WintunSetLogger(void *logger)
{
	(void)logger;
}

API struct session *WINAPI WintunStartSession(struct adapter *a,
					      DWORD capacity)
{
	struct session *s;
	DWORD err = ERROR_SUCCESS;

	if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY ||
	    (capacity & (capacity - 1))) {
		misuse(a, "ring capacity not a power of two within bounds");
		SetLastError(ERROR_INVALID_PARAMETER);
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		SetLastError(ERROR_NOT_ENOUGH_MEMORY);
		return NULL;
	}
	lock(a);
	if (!a->sh->exists)
		err = ERROR_NOT_FOUND;
	else if (a->sh->session)
		err = ERROR_ALREADY_INITIALIZED; /* as the driver says */
	if (err == ERROR_SUCCESS) {
		a->sh->session = 1;
		ring_reset(&a->sh->to_app);
		ring_reset(&a->sh->from_app);
		ResetEvent(a->ready);
	}
	unlock(a);
	if (err != ERROR_SUCCESS) {
		free(s);
		SetLastError(err);
		return NULL;
	}
	s->a = a;
	return s;
}

API void WINAPI WintunEndSession(struct session *s)
{
	lock(s->a);
	s->a->sh->session = 0;
	unlock(s->a);
	free(s);
}

/* The program waits on it; it must not close it. */
API HANDLE WINAPI WintunGetReadWaitEvent(struct session *s)
{
	return s->a->ready;
}

API BYTE *WINAPI WintunReceivePacket(struct session *s, DWORD *size)
{
	struct adapter *a = s->a;
	struct ring *r = &a->sh->to_app;
	BYTE *p = NULL;
	DWORD err = ERROR_SUCCESS;

	lock(a);
	if (!a->sh->exists) {
		err = ERROR_HANDLE_EOF;
	} else if (r->head == r->tail) {
		ResetEvent(a->ready); /* under the lock: no wake-up is lost */
		err = ERROR_NO_MORE_ITEMS;
	} else {
		*size = *header(r, r->head) & SIZE_BITS;
		p = r->data + r->head + 4;
		r->head = WRAP(r->head + SLOT(*size));
	}
	unlock(a);
	SetLastError(err);
	return p;
}

API void WINAPI WintunReleaseReceivePacket(struct session *s,
					   const BYTE *packet)
{
	struct adapter *a = s->a;
	struct ring *r = &a->sh->to_app;
	ULONG at = (ULONG)(packet - r->data - 4);

	lock(a);
	if (packet < r->data + 4 || packet >= r->data + 4 + RING ||
	    !packet_at(r, r->release, r->head, at, RELEASED, false)) {
		misuse(a, "release of a packet not received");
	} else {
		*header(r, at) |= RELEASED;
		r->release = advance(r, r->release, r->head, RELEASED, false);
	}
	unlock(a);
}

API BYTE *WINAPI WintunAllocateSendPacket(struct session *s, DWORD size)
{
	struct adapter *a = s->a;
	struct ring *r = &a->sh->from_app;
	BYTE *p = NULL;
	DWORD err = ERROR_SUCCESS;

	if (size == 0 || size > MAX_PACKET) {
		misuse(a, "send size not 1..0xFFFF");
		SetLastError(ERROR_INVALID_PARAMETER);
		return NULL;
	}
	lock(a);
	if (!a->sh->exists) {
		err = ERROR_HANDLE_EOF;
	} else if (!room_for(r, size)) {
		err = ERROR_BUFFER_OVERFLOW;
	} else {
		*header(r, r->reserve) = size | PENDING;
		p = r->data + r->reserve + 4;
		r->reserve = WRAP(r->reserve + SLOT(size));
	}
	unlock(a);
	SetLastError(err);
	return p;
}

/* Packets leave in allocation order: the tail moves only over packets
 * already sent, up to the first one still being filled. */
API void WINAPI WintunSendPacket(struct session *s, const BYTE *packet)
{
	struct adapter *a = s->a;
	struct ring *r = &a->sh->from_app;
	ULONG at = (ULONG)(packet - r->data - 4);
	bool moved = false;

	lock(a);
	if (packet < r->data + 4 || packet >= r->data + 4 + RING ||
	    !packet_at(r, r->tail, r->reserve, at, PENDING, true)) {
		misuse(a, "send of a packet not allocated");
	} else {
		ULONG before = r->tail;

		*header(r, at) &= ~PENDING;
		r->tail = advance(r, r->tail, r->reserve, PENDING, true);
		moved = r->tail != before;
	}
	unlock(a);
	if (moved)
		SetEvent(a->sent);
}

/* ---- the test's side ---------------------------------------------------- */

API standin_watch WINAPI StandinOpen(LPCWSTR name)
{
	return (standin_watch)adapter_get(name, false, NULL);
}

API void WINAPI StandinClose(standin_watch w)
{
	adapter_free((struct adapter *)w);
}

API DWORD WINAPI StandinState(standin_watch w)
{
	struct adapter *a = (struct adapter *)w;
	DWORD state;

	lock(a);
	state = (a->sh->exists ? STANDIN_EXISTS : 0) |
		(a->sh->session ? STANDIN_SESSION : 0);
	unlock(a);
	return state;
}

API DWORD WINAPI StandinMisuse(standin_watch w)
{
	return (DWORD)((struct adapter *)w)->sh->misuse;
}

API BOOL WINAPI StandinInject(standin_watch w, const BYTE *packet, DWORD size)
{
	struct adapter *a = (struct adapter *)w;
	struct ring *r = &a->sh->to_app;
	BOOL ok = FALSE;

	if (size == 0 || size > MAX_PACKET)
		return FALSE;
	lock(a);
	if (a->sh->exists && a->sh->session && room_for(r, size)) {
		*header(r, r->tail) = size;
		memcpy(r->data + r->tail + 4, packet, size);
		r->tail = r->reserve = WRAP(r->tail + SLOT(size));
		ok = TRUE;
	}
	unlock(a);
	if (ok)
		SetEvent(a->ready);
	return ok;
}

API DWORD WINAPI StandinTake(standin_watch w, BYTE *buf, DWORD size,
			     DWORD timeout_ms)
{
	struct adapter *a = (struct adapter *)w;
	struct ring *r = &a->sh->from_app;
	DWORD start = GetTickCount();

	for (;;) {
		DWORD got = 0, waited;

		lock(a);
		if (r->head != r->tail) {
			got = *header(r, r->head) & SIZE_BITS;
			memcpy(buf, r->data + r->head + 4,
			       got < size ? got : size);
			r->head = r->release = WRAP(r->head + SLOT(got));
		}
		unlock(a);
		if (got)
			return got;
		waited = GetTickCount() - start;
		if (waited >= timeout_ms ||
		    WaitForSingleObject(a->sent, timeout_ms - waited) ==
			    WAIT_TIMEOUT)
			return 0;
	}
}
