// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "windows.h"

/*
 * TUN devices through wintun (wintun.net). wintun.dll is not linked but
 * loaded when a device is opened, so tunctl.exe runs (show, addr, route, TAP)
 * without it and says where it belongs when it is missing.
 *
 * One adapter handle per device; closing the handle of an adapter we created
 * removes the adapter. Packets go through a session (two rings shared with
 * the driver); an adapter has at most one session, which is why a device
 * handed to another program is "suspended" here first.
 */

#if defined(__x86_64__) || defined(_M_X64)
#define WINTUN_ARCH "amd64"
#elif defined(__aarch64__) || defined(_M_ARM64)
#define WINTUN_ARCH "arm64"
#elif defined(__i386__) || defined(_M_IX86)
#define WINTUN_ARCH "x86"
#else
#define WINTUN_ARCH "matching"
#endif

/* Where LoadLibraryEx looks: the directory of the program, in UTF-8. */
static void program_dir(char *out, size_t n)
{
	WCHAR path[MAX_PATH];
	DWORD len = GetModuleFileNameW(NULL, path, MAX_PATH);

	while (len && path[len - 1] != L'\\' && path[len - 1] != L'/')
		len--;
	path[len ? len - 1 : 0] = L'\0';
	if (!len || win_from_wide(path, out, n) < 0)
		snprintf(out, n, "the program's directory");
}

static int load_failed(struct tun_ctx *ctx, DWORD code)
{
	char dir[MAX_PATH];

	program_dir(dir, sizeof(dir));
	if (code == ERROR_BAD_EXE_FORMAT)
		return tun_fail(ctx, -ENOEXEC,
				"wintun.dll is not an " WINTUN_ARCH " DLL: put "
				"the " WINTUN_ARCH " wintun.dll (from the "
				"wintun.net zip) in %s",
				dir);
	if (code == ERROR_MOD_NOT_FOUND || code == ERROR_FILE_NOT_FOUND)
		return tun_fail(ctx, -ENOENT,
				"wintun.dll not found: put the " WINTUN_ARCH
				" wintun.dll (from the wintun.net zip) in %s "
				"or in System32",
				dir);
	return win_fail(ctx, code, "cannot load wintun.dll from %s", dir);
}

/* Store the address of @symbol into the function pointer at @slot. */
static bool resolve(HMODULE dll, void *slot, const char *symbol)
{
	FARPROC proc = GetProcAddress(dll, symbol);

	if (proc)
		memcpy(slot, &proc, sizeof(proc));
	return proc != NULL;
}

static int wintun_load(struct tun_ctx *ctx, struct wintun_api *api)
{
	static const struct {
		size_t offset;
		const char *symbol;
	} table[] = {
		{ offsetof(struct wintun_api, create_adapter), "WintunCreateAdapter" },
		{ offsetof(struct wintun_api, open_adapter), "WintunOpenAdapter" },
		{ offsetof(struct wintun_api, close_adapter), "WintunCloseAdapter" },
		{ offsetof(struct wintun_api, get_luid), "WintunGetAdapterLUID" },
		{ offsetof(struct wintun_api, start_session), "WintunStartSession" },
		{ offsetof(struct wintun_api, end_session), "WintunEndSession" },
		{ offsetof(struct wintun_api, read_event), "WintunGetReadWaitEvent" },
		{ offsetof(struct wintun_api, receive), "WintunReceivePacket" },
		{ offsetof(struct wintun_api, release), "WintunReleaseReceivePacket" },
		{ offsetof(struct wintun_api, allocate), "WintunAllocateSendPacket" },
		{ offsetof(struct wintun_api, send), "WintunSendPacket" },
	};
	const char *missing = NULL;

	api->dll = LoadLibraryExW(L"wintun.dll", NULL,
				  LOAD_LIBRARY_SEARCH_APPLICATION_DIR |
					  LOAD_LIBRARY_SEARCH_SYSTEM32);
	if (!api->dll)
		return load_failed(ctx, GetLastError());
	for (size_t i = 0; i < TUN_ARRAY_SIZE(table) && !missing; i++) {
		if (!resolve(api->dll, (char *)api + table[i].offset,
			     table[i].symbol))
			missing = table[i].symbol;
	}
	if (!missing)
		return 0;
	FreeLibrary(api->dll);
	api->dll = NULL;
	return tun_fail(ctx, -ENOEXEC,
			"wintun.dll has no %s: not wintun, or older than 0.14",
			missing);
}

static void wintun_unload(struct wintun_api *api)
{
	if (api->dll)
		FreeLibrary(api->dll);
	api->dll = NULL;
}

/* The same name always gets the same GUID, so that Windows keeps one
 * network profile for "tun0" instead of a new one per run. FNV-1a, twice. */
static void name_guid(const char *name, GUID *guid)
{
	uint64_t h[2] = { 0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL };
	uint8_t b[16];

	for (int k = 0; k < 2; k++) {
		for (const char *p = "tunctl:"; *p; p++)
			h[k] = (h[k] ^ (uint8_t)*p) * 0x100000001b3ULL;
		for (const char *p = name; *p; p++)
			h[k] = (h[k] ^ (uint8_t)*p) * 0x100000001b3ULL;
	}
	memcpy(b, h, sizeof(b));
	b[7] = (uint8_t)((b[7] & 0x0f) | 0x50); /* version 5: name-based */
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	memcpy(guid, b, sizeof(*guid));
}

static int start_session(struct tun_os_dev *w)
{
	w->session = w->wt.start_session(w->adapter, WIN_RING_CAPACITY);
	if (!w->session)
		return win_errno(GetLastError());
	w->read_event = w->wt.read_event(w->session);
	return 0;
}

static int session_failed(struct tun_ctx *ctx, const char *name, int err)
{
	if (err == -EBUSY)
		return tun_fail(ctx, err, "another program is already its reader");
	return tun_fail(ctx, err, "cannot start a wintun session on %s", name);
}

/* A wintun adapter of this name that nobody reads was left by a program
 * that ended without closing it: take it over (it then outlives us, as
 * before). One being read belongs to someone else. */
static int reuse_idle(struct tun_ctx *ctx, const char *name,
		      struct tun_dev *dev)
{
	struct tun_os_dev *w = dev->os;
	int ret = start_session(w);

	if (ret == -EBUSY)
		ret = tun_fail(ctx, -EEXIST,
			       "a wintun adapter named %s exists and is in use",
			       name);
	else if (ret < 0)
		ret = session_failed(ctx, name, ret);
	return ret;
}

/* Open @name if it is a wintun adapter; 0 when it is, -ENOENT when not. */
static int open_existing(struct tun_os_dev *w, const WCHAR *wname)
{
	w->adapter = w->wt.open_adapter(wname);
	return w->adapter ? 0 : -ENOENT;
}

static int make_adapter(struct tun_ctx *ctx, const char *name,
			const WCHAR *wname, struct tun_dev *dev)
{
	struct tun_os_dev *w = dev->os;
	GUID guid;
	int ret;

	if (open_existing(w, wname) == 0)
		return reuse_idle(ctx, name, dev);
	if (win_name_taken(name))
		return tun_fail(ctx, -EEXIST, "an interface named %s exists",
				name);
	name_guid(name, &guid);
	w->adapter = w->wt.create_adapter(wname, L"tunctl", &guid);
	if (!w->adapter)
		return win_fail(ctx, GetLastError(),
				"cannot create wintun adapter %s", name);
	w->created = true;
	ret = start_session(w);
	return ret < 0 ? session_failed(ctx, name, ret) : 0;
}

/* "tun%d" to "tun0", "tun1", ...: the first name nobody has. */
static int pick_name(struct tun_os_dev *w, const char *tmpl, char *out,
		     size_t n)
{
	const char *pct = strstr(tmpl, "%d");
	WCHAR wname[TUN_NAME_MAX];

	for (unsigned i = 0; i < 1000; i++) {
		int len = snprintf(out, n, "%.*s%u%s", (int)(pct - tmpl), tmpl,
				   i, pct + 2);

		if (len < 0 || (size_t)len >= n)
			return -ENAMETOOLONG;
		if (win_to_wide(out, wname, TUN_NAME_MAX) < 0)
			return -EINVAL;
		if (win_name_taken(out))
			continue;
		if (open_existing(w, wname) == 0) {
			w->wt.close_adapter(w->adapter);
			w->adapter = NULL;
			continue;
		}
		return 0;
	}
	return -ENFILE;
}

int wintun_create(struct tun_ctx *ctx, const char *name, struct tun_dev *dev)
{
	struct tun_os_dev *w = dev->os;
	WCHAR wname[TUN_NAME_MAX];
	int ret;

	w->driver = WIN_WINTUN;
	ret = wintun_load(ctx, &w->wt);
	if (ret < 0)
		return ret;
	if (strchr(name, '%')) {
		ret = pick_name(w, name, dev->name, sizeof(dev->name));
		if (ret < 0)
			ret = tun_fail(ctx, ret, "no free name for %s", name);
	} else {
		tun_strlcpy(dev->name, name, sizeof(dev->name));
	}
	if (ret == 0 && win_to_wide(dev->name, wname, TUN_NAME_MAX) < 0)
		ret = tun_fail(ctx, -EINVAL, "%s is not valid UTF-8", name);
	if (ret == 0)
		ret = make_adapter(ctx, dev->name, wname, dev);
	if (ret < 0) {
		wintun_close(w);
		return ret;
	}
	w->wt.get_luid(w->adapter, &w->luid);
	dev->mode = TUN_MODE_TUN;
	return 0;
}

int wintun_attach(struct tun_ctx *ctx, const char *name, struct tun_dev *dev)
{
	struct tun_os_dev *w = dev->os;
	WCHAR wname[TUN_NAME_MAX];
	int ret;

	w->driver = WIN_WINTUN;
	if (win_to_wide(name, wname, TUN_NAME_MAX) < 0)
		return tun_fail(ctx, -EINVAL, "%s is not valid UTF-8", name);
	ret = wintun_load(ctx, &w->wt);
	if (ret < 0)
		return ret;
	if (open_existing(w, wname) < 0) {
		ret = tun_fail(ctx, -ENODEV,
			       "no wintun or tap-windows6 adapter named %s",
			       name);
	} else {
		ret = start_session(w);
		if (ret < 0)
			ret = session_failed(ctx, name, ret);
	}
	if (ret < 0) {
		wintun_close(w);
		return ret;
	}
	w->wt.get_luid(w->adapter, &w->luid);
	tun_strlcpy(dev->name, name, sizeof(dev->name));
	dev->mode = TUN_MODE_TUN;
	return 0;
}

void wintun_suspend(struct tun_os_dev *w)
{
	if (w->session)
		w->wt.end_session(w->session);
	w->session = NULL;
	w->read_event = NULL;
}

void wintun_close(struct tun_os_dev *w)
{
	wintun_suspend(w);
	if (w->adapter)
		w->wt.close_adapter(w->adapter);
	w->adapter = NULL;
	wintun_unload(&w->wt);
}

/* A suspended device takes its session back on first use. */
static int resume(struct tun_os_dev *w)
{
	return w->session ? 0 : start_session(w);
}

static int receive_failed(DWORD code)
{
	switch (code) {
	case ERROR_HANDLE_EOF:
		return -ENODEV; /* the adapter is going away */
	case ERROR_INVALID_DATA:
		return -EIO; /* the ring is corrupt */
	default:
		return win_errno(code);
	}
}

/* Never blocks: -EAGAIN when the ring is empty, and then the session's
 * read event (tun_dev_fd) is reset until the driver puts a packet in. */
int wintun_read(struct tun_os_dev *w, void *buf, size_t len)
{
	DWORD size, code;
	BYTE *p;
	int ret = resume(w);

	if (ret < 0)
		return ret;
	p = w->wt.receive(w->session, &size);
	if (p) {
		ret = size > len ? -EMSGSIZE : (int)size;
		if (ret > 0)
			memcpy(buf, p, size);
		w->wt.release(w->session, p);
		return ret;
	}
	code = GetLastError();
	return code == ERROR_NO_MORE_ITEMS ? -EAGAIN : receive_failed(code);
}

/* The order of allocations is the order on the wire, so each packet is
 * allocated, filled and sent before the next one. */
int wintun_write(struct tun_os_dev *w, const void *buf, size_t len)
{
	BYTE *p;
	int ret;

	if (len == 0)
		return -EINVAL;
	if (len > 0xFFFF)
		return -EMSGSIZE;
	ret = resume(w);
	if (ret < 0)
		return ret;
	p = w->wt.allocate(w->session, (DWORD)len);
	if (!p) {
		DWORD code = GetLastError();

		/* A full ring drops the packet, as a full queue would. */
		return code == ERROR_BUFFER_OVERFLOW ? -ENOBUFS
						     : receive_failed(code);
	}
	memcpy(p, buf, len);
	w->wt.send(w->session, p);
	return (int)len;
}
