// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "windows.h"

/* What the Windows backend's files share, calling nothing of theirs:
 * Win32 errors, UTF-16 names, and which driver an adapter belongs to. */

/* ---- errors ------------------------------------------------------------- */

#ifndef ERROR_ELEVATION_REQUIRED
#define ERROR_ELEVATION_REQUIRED 740 /* winerror.h; mingw-w64 10 lacks it */
#endif

int win_errno(DWORD code)
{
	switch (code) {
	case ERROR_SUCCESS:
		return 0;
	case ERROR_ACCESS_DENIED:
	case ERROR_PRIVILEGE_NOT_HELD:
	case ERROR_ELEVATION_REQUIRED:
		return -EPERM;
	case ERROR_FILE_NOT_FOUND:
	case ERROR_PATH_NOT_FOUND:
	case ERROR_NOT_FOUND:
	case ERROR_MOD_NOT_FOUND:
	case ERROR_PROC_NOT_FOUND:
		return -ENOENT;
	case ERROR_DEV_NOT_EXIST:
	case ERROR_HANDLE_EOF:
		return -ENODEV;
	case ERROR_ALREADY_EXISTS:
	case ERROR_FILE_EXISTS:
	case ERROR_OBJECT_ALREADY_EXISTS:
		return -EEXIST;
	case ERROR_ALREADY_INITIALIZED:
	case ERROR_BUSY:
	case ERROR_SHARING_VIOLATION:
		return -EBUSY;
	case ERROR_INVALID_PARAMETER:
	case ERROR_INVALID_NAME:
		return -EINVAL;
	case ERROR_NOT_ENOUGH_MEMORY:
	case ERROR_OUTOFMEMORY:
		return -ENOMEM;
	case ERROR_NOT_SUPPORTED:
	case ERROR_CALL_NOT_IMPLEMENTED:
		return -EOPNOTSUPP;
	case ERROR_BUFFER_OVERFLOW:
	case ERROR_INSUFFICIENT_BUFFER:
		return -ENOBUFS;
	case ERROR_MORE_DATA:
		return -EMSGSIZE;
	case ERROR_BAD_EXE_FORMAT:
		return -ENOEXEC;
	case ERROR_OPERATION_ABORTED:
		return -EINTR;
	default:
		return -EIO;
	}
}

/* Windows' own sentence for @code, in UTF-8, without the final period and
 * line break. */
static void win_message(DWORD code, char *out, size_t n)
{
	WCHAR text[256];
	DWORD len = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM |
					   FORMAT_MESSAGE_IGNORE_INSERTS,
				   NULL, code, 0, text, TUN_ARRAY_SIZE(text),
				   NULL);

	while (len && (text[len - 1] == L'\r' || text[len - 1] == L'\n' ||
		       text[len - 1] == L' ' || text[len - 1] == L'.'))
		len--;
	text[len] = L'\0';
	if (!len || win_from_wide(text, out, n) < 0)
		snprintf(out, n, "Windows error %lu", (unsigned long)code);
}

int win_fail(struct tun_ctx *ctx, DWORD code, const char *fmt, ...)
{
	char what[TUN_DETAIL_MAX / 2], why[TUN_DETAIL_MAX / 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	win_message(code, why, sizeof(why));
	return tun_fail(ctx, win_errno(code), "%s: %s (error %lu)", what, why,
			(unsigned long)code);
}

/* ---- names -------------------------------------------------------------- */

int win_to_wide(const char *s, WCHAR *out, size_t n)
{
	int len = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1,
				      out, (int)n);

	return len > 0 ? 0 : -EINVAL;
}

int win_from_wide(const WCHAR *s, char *out, size_t n)
{
	int len = WideCharToMultiByte(CP_UTF8, 0, s, -1, out, (int)n, NULL,
				      NULL);

	return len > 0 ? 0 : -EINVAL;
}

void win_guid_format(const GUID *g, char *out)
{
	snprintf(out, WIN_GUID_LEN,
		 "{%08lX-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
		 (unsigned long)g->Data1, g->Data2, g->Data3, g->Data4[0],
		 g->Data4[1], g->Data4[2], g->Data4[3], g->Data4[4],
		 g->Data4[5], g->Data4[6], g->Data4[7]);
}

/* The network adapter class: one numbered subkey per adapter. */
#define NET_CLASS_KEY                                          \
	L"SYSTEM\\CurrentControlSet\\Control\\Class\\"         \
	L"{4D36E972-E325-11CE-BFC1-08002BE10318}"

/* ---- the registry ------------------------------------------------------- */

static enum win_driver driver_of_component(const WCHAR *id)
{
	if (!_wcsicmp(id, L"tap0901") || !_wcsicmp(id, L"root\\tap0901"))
		return WIN_TAP;
	if (!_wcsicmp(id, L"wintun"))
		return WIN_WINTUN;
	return 0;
}

static bool read_string(HKEY key, const WCHAR *value, WCHAR *out, DWORD n)
{
	DWORD size = n * sizeof(WCHAR);

	return RegGetValueW(key, NULL, value, RRF_RT_REG_SZ, NULL, out,
			    &size) == ERROR_SUCCESS;
}

/* Call @fn(guid, driver, arg) for each TUN/TAP adapter of the class until
 * it returns true. Keys we may not read (such as "Properties") are
 * skipped. */
static void each_adapter(bool (*fn)(const char *guid, enum win_driver driver,
				    void *arg),
			 void *arg)
{
	HKEY cls, sub;
	WCHAR subname[64], component[256], wguid[64];
	char guid[WIN_GUID_LEN];

	if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, NET_CLASS_KEY, 0, KEY_READ,
			  &cls) != ERROR_SUCCESS)
		return;
	for (DWORD i = 0;; i++) {
		DWORD len = TUN_ARRAY_SIZE(subname);
		enum win_driver driver = 0;
		bool done = false;

		if (RegEnumKeyExW(cls, i, subname, &len, NULL, NULL, NULL,
				  NULL) != ERROR_SUCCESS)
			break;
		if (RegOpenKeyExW(cls, subname, 0, KEY_READ, &sub) !=
		    ERROR_SUCCESS)
			continue;
		if (read_string(sub, L"ComponentId", component,
				TUN_ARRAY_SIZE(component)) &&
		    read_string(sub, L"NetCfgInstanceId", wguid,
				TUN_ARRAY_SIZE(wguid)) &&
		    win_from_wide(wguid, guid, sizeof(guid)) == 0)
			driver = driver_of_component(component);
		RegCloseKey(sub);
		if (driver)
			done = fn(guid, driver, arg);
		if (done)
			break;
	}
	RegCloseKey(cls);
}

struct driver_query {
	const char *guid;
	enum win_driver driver;
};

static bool match_guid(const char *guid, enum win_driver driver, void *arg)
{
	struct driver_query *q = arg;

	if (_stricmp(guid, q->guid))
		return false;
	q->driver = driver;
	return true;
}

enum win_driver win_driver_of(const char *guid)
{
	struct driver_query q = { guid, 0 };

	each_adapter(match_guid, &q);
	return q.driver;
}
