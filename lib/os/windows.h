/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The tunctl authors. */
#ifndef TUNCTL_OS_WINDOWS_H
#define TUNCTL_OS_WINDOWS_H

/*
 * The Windows backend, shared by its files:
 *   windows.c         the device calls, dispatched by driver
 *   windows_wintun.c  TUN through wintun.dll, loaded at run time
 *   windows_tap.c     TAP (and TUN) through an installed tap-windows6 adapter
 *   windows_config.c  addresses, routes, MTU, DNS, listing: IP Helper API
 *   windows_util.c    errors, names, the registry: what they all share
 * Each calls only files below it in this list, the last calls none.
 *
 * Windows devices have no descriptor. fds[0] holds instead the handle of an
 * event that is signalled while a packet may be waiting (wintun's read
 * event, or the event of the TAP read kept pending), as an int: kernel
 * handles fit in 32 bits, and Windows documents truncating and
 * sign-extending them as safe. Reads never block; they return -EAGAIN and
 * the caller waits on that handle. Another program reaches a device by its
 * name.
 */

#include <winsock2.h>
#include <windows.h>
#include <ws2ipdef.h>
#include <iphlpapi.h>
#include <netioapi.h>

#include "os.h"

enum win_driver {
	WIN_WINTUN = 1,
	WIN_TAP, /* tap-windows6, ComponentId tap0901 */
};

/* wintun.dll as its documentation describes it (api/wintun.h): opaque
 * handles and the functions tunctl calls, resolved with GetProcAddress. */
typedef struct wintun_adapter *wintun_adapter;
typedef struct wintun_session *wintun_session;

struct wintun_api {
	HMODULE dll;
	wintun_adapter(WINAPI *create_adapter)(LPCWSTR name, LPCWSTR type,
					       const GUID *guid);
	wintun_adapter(WINAPI *open_adapter)(LPCWSTR name);
	void(WINAPI *close_adapter)(wintun_adapter adapter);
	void(WINAPI *get_luid)(wintun_adapter adapter, NET_LUID *luid);
	wintun_session(WINAPI *start_session)(wintun_adapter adapter,
					      DWORD capacity);
	void(WINAPI *end_session)(wintun_session session);
	HANDLE(WINAPI *read_event)(wintun_session session);
	BYTE *(WINAPI *receive)(wintun_session session, DWORD *size);
	void(WINAPI *release)(wintun_session session, const BYTE *packet);
	BYTE *(WINAPI *allocate)(wintun_session session, DWORD size);
	void(WINAPI *send)(wintun_session session, const BYTE *packet);
};

/* Ring capacity of a session: a power of two between wintun's 128 KiB and
 * 64 MiB; 4 MiB holds a few thousand full-size packets. */
#define WIN_RING_CAPACITY 0x400000

/* "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" and its NUL */
#define WIN_GUID_LEN 39

struct tun_os_dev {
	enum win_driver driver;
	NET_LUID luid;
	/* wintun */
	struct wintun_api wt;
	wintun_adapter adapter;
	bool created; /* closing the adapter removes it */
	wintun_session session; /* NULL while suspended */
	HANDLE read_event;	/* the session's own: never closed here */
	/* tap-windows6 */
	char guid[WIN_GUID_LEN];
	HANDLE file; /* INVALID_HANDLE_VALUE while suspended */
	HANDLE read_done, write_done; /* events of the overlapped I/O */
	OVERLAPPED rov;		      /* the read kept pending into rbuf */
	BYTE *rbuf;
	bool reading;
	bool tun_configured; /* CONFIG_TUN sent on this handle */
};

/* A TAP read buffer: the largest frame tap-windows6 passes, and more. */
#define WIN_TAP_BUF 0x10100

/* ---- windows_util.c ----------------------------------------------------- */

/* A negative errno for a Win32 error code. */
int win_errno(DWORD code);
/* Record "WHAT: Windows' own sentence (error N)" and return its errno. */
int win_fail(struct tun_ctx *ctx, DWORD code, const char *fmt, ...)
	TUN_PRINTF(3, 4);
/* UTF-8 to UTF-16 and back; -EINVAL when it does not convert or fit. */
int win_to_wide(const char *s, WCHAR *out, size_t n);
int win_from_wide(const WCHAR *s, char *out, size_t n);
/* "{...}" of @guid into @out (WIN_GUID_LEN bytes). */
void win_guid_format(const GUID *guid, char *out);
/* Which driver the adapter with this GUID string belongs to, from the
 * network class in the registry; 0 for any other adapter. */
enum win_driver win_driver_of(const char *guid);

/* ---- windows_wintun.c --------------------------------------------------- */

int wintun_create(struct tun_ctx *ctx, const char *name, struct tun_dev *dev);
/* Open an existing adapter and start a session on it; -ENODEV when no
 * wintun adapter has that name. */
int wintun_attach(struct tun_ctx *ctx, const char *name, struct tun_dev *dev);
void wintun_close(struct tun_os_dev *w);
void wintun_suspend(struct tun_os_dev *w);
int wintun_read(struct tun_os_dev *w, void *buf, size_t len);
int wintun_write(struct tun_os_dev *w, const void *buf, size_t len);

/* ---- windows_tap.c ------------------------------------------------------ */

/* Open the tap-windows6 adapter @name (NULL: the first one not in use) in
 * @mode. -ENODEV when there is no such adapter. */
int tap_open(struct tun_ctx *ctx, const char *name, enum tun_mode mode,
	     struct tun_dev *dev);
void tap_close(struct tun_os_dev *t);
void tap_suspend(struct tun_os_dev *t);
int tap_read(struct tun_dev *dev, void *buf, size_t len);
int tap_write(struct tun_dev *dev, const void *buf, size_t len);

/* ---- windows_config.c --------------------------------------------------- */

/* The LUID of the interface named @name; -ENODEV when none. */
int win_luid(struct tun_ctx *ctx, const char *name, NET_LUID *luid);
/* Does any interface have this name? */
bool win_name_taken(const char *name);
/* The driver behind the interface named @name (0 when another kind or no
 * such interface), and its GUID string into @guid when not NULL. */
enum win_driver win_driver_of_name(const char *name, char *guid);
/* Call @fn(name, guid, arg) for each tap-windows6 adapter whose name
 * tunctl can use, until it returns true. */
void win_each_tap(bool (*fn)(const char *name, const char *guid, void *arg),
		  void *arg);
/* The first IPv4 address on @luid and its prefix length, for CONFIG_TUN;
 * -ENOENT when it has none. */
int win_first_ipv4(const NET_LUID *luid, uint8_t addr[4], unsigned *len);

#endif
