// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "windows.h"

#include <winioctl.h>

/*
 * tap-windows6 (OpenVPN's TAP driver, ComponentId tap0901). Its adapters are
 * installed ahead of time (tapctl create); a program opens one exclusively
 * through \\.\Global\{GUID}.tap and reads and writes Ethernet frames with
 * overlapped I/O. CONFIG_TUN makes the driver add and strip the Ethernet
 * header and answer ARP itself, which is how it serves TUN mode.
 */

#define TAP_IOCTL(n) \
	CTL_CODE(FILE_DEVICE_UNKNOWN, (n), METHOD_BUFFERED, FILE_ANY_ACCESS)
#define TAP_IOCTL_SET_MEDIA_STATUS TAP_IOCTL(6)
#define TAP_IOCTL_CONFIG_TUN TAP_IOCTL(10)

/* ---- the device --------------------------------------------------------- */

/* DeviceIoControl on a handle opened for overlapped I/O needs an OVERLAPPED
 * of its own. */
static DWORD tap_ioctl(HANDLE file, DWORD code, void *in, DWORD len)
{
	OVERLAPPED ov = { 0 };
	DWORD done, err = ERROR_SUCCESS;

	ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
	if (!ov.hEvent)
		return GetLastError();
	if (!DeviceIoControl(file, code, in, len, in, len, NULL, &ov) &&
	    (err = GetLastError()) == ERROR_IO_PENDING)
		err = GetOverlappedResult(file, &ov, &done, TRUE)
			      ? ERROR_SUCCESS
			      : GetLastError();
	CloseHandle(ov.hEvent);
	return err;
}

/* Open the adapter's device and connect its media ("cable plugged in"). */
static DWORD open_device(struct tun_os_dev *t)
{
	char path[64];
	ULONG connected = 1;
	DWORD err;

	snprintf(path, sizeof(path), "\\\\.\\Global\\%s.tap", t->guid);
	t->file = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL,
			      OPEN_EXISTING,
			      FILE_ATTRIBUTE_SYSTEM | FILE_FLAG_OVERLAPPED, NULL);
	if (t->file == INVALID_HANDLE_VALUE)
		return GetLastError();
	err = tap_ioctl(t->file, TAP_IOCTL_SET_MEDIA_STATUS, &connected,
			sizeof(connected));
	if (err != ERROR_SUCCESS) {
		CloseHandle(t->file);
		t->file = INVALID_HANDLE_VALUE;
	}
	t->tun_configured = false;
	return err;
}

/* The driver refuses a second opener with a generic failure. */
static int open_failed(struct tun_ctx *ctx, const char *name, DWORD err)
{
	if (err == ERROR_GEN_FAILURE || err == ERROR_SHARING_VIOLATION ||
	    err == ERROR_BUSY)
		return tun_fail(ctx, -EBUSY, "%s is in use by another program",
				name);
	return win_fail(ctx, err, "cannot open tap-windows6 adapter %s",
			name);
}

struct free_query {
	struct tun_os_dev *t;
	char *name;
	size_t n;
	bool found;
};

/* Take the first tap-windows6 adapter that opens. */
static bool try_free(const char *name, const char *guid, void *arg)
{
	struct free_query *q = arg;

	tun_strlcpy(q->t->guid, guid, sizeof(q->t->guid));
	if (open_device(q->t) != ERROR_SUCCESS)
		return false;
	tun_strlcpy(q->name, name, q->n);
	q->found = true;
	return true;
}

static int open_by_name(struct tun_ctx *ctx, const char *name,
			struct tun_dev *dev)
{
	struct tun_os_dev *t = dev->os;
	DWORD err;

	if (win_driver_of_name(name, t->guid) != WIN_TAP)
		return tun_fail(ctx, -ENODEV,
				"no tap-windows6 adapter named %s (install one "
				"with OpenVPN's tapctl create --name %s)",
				name, name);
	err = open_device(t);
	if (err != ERROR_SUCCESS)
		return open_failed(ctx, name, err);
	tun_strlcpy(dev->name, name, sizeof(dev->name));
	return 0;
}

int tap_open(struct tun_ctx *ctx, const char *name, enum tun_mode mode,
	     struct tun_dev *dev)
{
	struct tun_os_dev *t = dev->os;
	int ret = 0;

	t->driver = WIN_TAP;
	if (name) {
		ret = open_by_name(ctx, name, dev);
	} else {
		struct free_query q = { t, dev->name, sizeof(dev->name), false };

		win_each_tap(try_free, &q);
		if (!q.found)
			ret = tun_fail(ctx, -ENODEV,
				       "no free tap-windows6 adapter with a name "
				       "of at most 15 bytes (install one with "
				       "OpenVPN's tapctl create --name tap0)");
	}
	if (ret == 0)
		ret = win_luid(ctx, dev->name, &t->luid);
	if (ret == 0) {
		t->read_done = CreateEventW(NULL, TRUE, FALSE, NULL);
		t->write_done = CreateEventW(NULL, TRUE, FALSE, NULL);
		t->rbuf = malloc(WIN_TAP_BUF);
		if (!t->rbuf)
			ret = -ENOMEM;
		else if (!t->read_done || !t->write_done)
			ret = win_fail(ctx, GetLastError(), "CreateEvent");
	}
	if (ret < 0) {
		tap_close(t);
		return ret;
	}
	dev->mode = mode;
	return 0;
}

/* The pending read writes into rbuf until it ends: cancel it (from any
 * thread) and wait for that before the buffer or handle goes. */
static void stop_reading(struct tun_os_dev *t)
{
	DWORD n;

	if (!t->reading)
		return;
	CancelIoEx(t->file, &t->rov);
	GetOverlappedResult(t->file, &t->rov, &n, TRUE);
	t->reading = false;
}

void tap_suspend(struct tun_os_dev *t)
{
	if (t->file == INVALID_HANDLE_VALUE)
		return;
	stop_reading(t);
	CloseHandle(t->file); /* the driver disconnects the media */
	t->file = INVALID_HANDLE_VALUE;
}

void tap_close(struct tun_os_dev *t)
{
	tap_suspend(t);
	if (t->read_done)
		CloseHandle(t->read_done);
	if (t->write_done)
		CloseHandle(t->write_done);
	t->read_done = t->write_done = NULL;
	free(t->rbuf);
	t->rbuf = NULL;
}

/* TUN mode: tell the driver our IPv4 address and subnet, so that it answers
 * ARP for the subnet and passes IP packets without Ethernet headers. Done on
 * first use, because addresses are added after the device is opened. */
static int config_tun(struct tun_os_dev *t)
{
	uint8_t addr[4] = { 0 };
	uint8_t ep[12] = { 0 }; /* local, network, netmask: network order */
	unsigned len = 0;
	DWORD err;

	if (win_first_ipv4(&t->luid, addr, &len) == 0) {
		for (unsigned i = 0; i < 4; i++) {
			unsigned bits = len > i * 8 ? len - i * 8 : 0;
			uint8_t mask = (uint8_t)(bits >= 8 ? 0xff
						 : 0xff << (8 - bits));

			ep[i] = addr[i];
			ep[4 + i] = addr[i] & mask;
			ep[8 + i] = mask;
		}
	}
	err = tap_ioctl(t->file, TAP_IOCTL_CONFIG_TUN, ep, sizeof(ep));
	if (err != ERROR_SUCCESS)
		return win_errno(err);
	t->tun_configured = true;
	return 0;
}

static int ready(struct tun_dev *dev)
{
	struct tun_os_dev *t = dev->os;
	DWORD err;

	if (t->file == INVALID_HANDLE_VALUE) {
		err = open_device(t);
		if (err != ERROR_SUCCESS)
			return err == ERROR_GEN_FAILURE ? -EBUSY : win_errno(err);
	}
	if (dev->mode == TUN_MODE_TUN && !t->tun_configured)
		return config_tun(t);
	return 0;
}

/* Keep one read pending into rbuf: its event, signalled when a frame has
 * arrived, is what tun_dev_fd() gives to wait on. */
static int start_read(struct tun_os_dev *t)
{
	DWORD err;

	if (t->reading)
		return 0;
	memset(&t->rov, 0, sizeof(t->rov));
	t->rov.hEvent = t->read_done;
	if (!ReadFile(t->file, t->rbuf, WIN_TAP_BUF, NULL, &t->rov) &&
	    (err = GetLastError()) != ERROR_IO_PENDING)
		return win_errno(err);
	t->reading = true;
	return 0;
}

/* Never blocks: -EAGAIN while the pending read has nothing yet. */
int tap_read(struct tun_dev *dev, void *buf, size_t len)
{
	struct tun_os_dev *t = dev->os;
	DWORD n, err;
	int ret = ready(dev);

	if (ret == 0)
		ret = start_read(t);
	if (ret < 0)
		return ret;
	if (!GetOverlappedResult(t->file, &t->rov, &n, FALSE)) {
		err = GetLastError();
		if (err == ERROR_IO_INCOMPLETE)
			return -EAGAIN;
		t->reading = false;
		start_read(t);
		return win_errno(err);
	}
	t->reading = false;
	ret = n > len ? -EMSGSIZE : (int)n; /* a frame too large is lost */
	if (ret > 0)
		memcpy(buf, t->rbuf, n);
	start_read(t); /* a failure shows on the next call */
	return ret;
}

/* Writes complete at once in the driver; this waits for that. */
int tap_write(struct tun_dev *dev, const void *buf, size_t len)
{
	struct tun_os_dev *t = dev->os;
	OVERLAPPED ov = { 0 };
	DWORD done, err = ERROR_SUCCESS;
	int ret = ready(dev);

	if (ret < 0)
		return ret;
	if (len == 0)
		return -EINVAL;
	if (len > WIN_TAP_BUF)
		return -EMSGSIZE;
	ov.hEvent = t->write_done;
	if (!WriteFile(t->file, buf, (DWORD)len, NULL, &ov) &&
	    (err = GetLastError()) != ERROR_IO_PENDING)
		return win_errno(err);
	if (!GetOverlappedResult(t->file, &ov, &done, TRUE))
		return win_errno(GetLastError());
	return (int)done;
}
