// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture_file.h"

/*
 * capture -w: pcap records are collected whole in a buffer and written
 * with write(), not stdio, so that after a failed write (a full disk) it is
 * known how many bytes reached the file. The file is then cut back to the
 * last whole record: tcpdump and tshark read it cleanly, and the count of
 * records in it is exact.
 */

#ifndef O_BINARY
#define O_BINARY 0
#endif

#define BUFFER_MIN (256u << 10)

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* All of @len bytes, or how many went before the error in *@done. */
static int write_all(int fd, const uint8_t *p, size_t len, size_t *done)
{
	*done = 0;
	while (*done < len) {
		ssize_t n = write(fd, p + *done, len - *done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -ENOSPC;
		*done += (size_t)n;
	}
	return 0;
}

/* The whole records among the first @done bytes of the buffer. */
static size_t whole_records(const struct capture_file *f, size_t done,
			    unsigned long long *count)
{
	size_t off = 0;

	*count = 0;
	while (off + TUN_PCAP_RECORD_HEADER_LEN <= f->used) {
		size_t end = off + TUN_PCAP_RECORD_HEADER_LEN +
			     get_le32(f->buf + off + 8);

		if (end > done)
			break;
		off = end;
		(*count)++;
	}
	return off;
}

static int fail(struct capture_file *f, int err)
{
	if (!f->error)
		f->error = err;
	return err;
}

int capture_file_open(struct capture_file *f, const char *path,
		      uint32_t linktype, uint32_t snaplen)
{
	uint8_t header[TUN_PCAP_FILE_HEADER_LEN];
	struct stat st;
	size_t done;
	int ret;

	memset(f, 0, sizeof(*f));
	f->size = BUFFER_MIN > snaplen + TUN_PCAP_RECORD_HEADER_LEN
			  ? BUFFER_MIN
			  : snaplen + TUN_PCAP_RECORD_HEADER_LEN;
	f->buf = malloc(f->size);
	if (!f->buf)
		return -ENOMEM;
	f->is_stdout = strcmp(path, "-") == 0;
	f->fd = f->is_stdout ? 1 :
		open(path, O_WRONLY | O_CREAT | O_TRUNC | O_BINARY, 0666);
	if (f->fd < 0)
		return fail(f, -errno);
	f->regular = fstat(f->fd, &st) == 0 && S_ISREG(st.st_mode);
	f->whole = f->regular ? lseek(f->fd, 0, SEEK_CUR) : 0;
	if (f->whole < 0)
		f->whole = 0;
	/* Written at once: a file that cannot take even this ends the
	 * capture before it starts. */
	tun_pcap_file_header(header, linktype, snaplen);
	ret = write_all(f->fd, header, sizeof(header), &done);
	if (ret < 0) {
		if (f->regular && done && ftruncate(f->fd, f->whole) < 0)
			ret = -errno;
		return fail(f, ret);
	}
	f->whole += (off_t)sizeof(header);
	return 0;
}

int capture_file_flush(struct capture_file *f)
{
	unsigned long long count;
	size_t done, keep;
	int ret;

	if (f->error)
		return f->error;
	if (!f->used)
		return 0;
	ret = write_all(f->fd, f->buf, f->used, &done);
	keep = whole_records(f, ret < 0 ? done : f->used, &count);
	f->records += count;
	f->whole += (off_t)keep;
	f->used = 0;
	if (ret < 0 && done != keep && f->regular &&
	    ftruncate(f->fd, f->whole) < 0)
		ret = -errno;
	return ret < 0 ? fail(f, ret) : 0;
}

int capture_file_add(struct capture_file *f, const struct dp_packet *p)
{
	size_t need = TUN_PCAP_RECORD_HEADER_LEN + p->caplen;
	int ret;

	if (f->error)
		return f->error;
	if (f->used + need > f->size && (ret = capture_file_flush(f)) < 0)
		return ret;
	if (need > f->size)
		return fail(f, -EMSGSIZE);
	tun_pcap_record_header(f->buf + f->used, (uint32_t)p->sec,
			       (uint32_t)p->usec, (uint32_t)p->caplen,
			       (uint32_t)p->len);
	memcpy(f->buf + f->used + TUN_PCAP_RECORD_HEADER_LEN, p->data,
	       p->caplen);
	f->used += need;
	return 0;
}

int capture_file_close(struct capture_file *f)
{
	int ret;

	if (!f->buf)
		return 0;
	ret = f->fd >= 0 ? capture_file_flush(f) : f->error;

	if (f->fd >= 0 && !f->is_stdout && close(f->fd) < 0 && !ret)
		ret = -errno;
	f->fd = -1;
	free(f->buf);
	f->buf = NULL;
	return ret;
}

/* ---- rotation (-G, -C, -W) ------------------------------------------------ */

/* The file for the period starting at @when: the name is a strftime
 * template; with -C, files after the first get their number appended. */
static int make_name(struct capture_out *o, long long when)
{
	char name[4096];
	struct tm tm;
	size_t n;

	if (!o->r.seconds || strcmp(o->r.name, "-") == 0) {
		snprintf(name, sizeof(name), "%s", o->r.name);
	} else {
		dp_local_time(when, &tm);
		n = strftime(name, sizeof(name), o->r.name, &tm);
		if (!n)
			return -ENAMETOOLONG;
	}
	if (o->r.bytes && o->number) {
		n = strlen(name);
		snprintf(name + n, sizeof(name) - n, "%llu", o->number);
	}
	free(o->path);
	o->path = strdup(name);
	return o->path ? 0 : -ENOMEM;
}

/* -G: periods start at multiples of SECONDS since the epoch, so that
 * hourly files start on the hour whenever the capture started. */
static long long period_of(const struct capture_out *o, long long sec)
{
	long long g = (long long)o->r.seconds;

	return g ? sec - ((sec % g) + g) % g : 0;
}

/* -W: the oldest of the files kept goes once there would be more. */
static void forget_oldest(struct capture_out *o)
{
	char **slot;

	if (!o->r.keep)
		return;
	slot = &o->kept[o->number % o->r.keep];
	if (*slot && strcmp(*slot, o->path) != 0)
		remove(*slot);
	free(*slot);
	*slot = strdup(o->path);
}

static int open_next(struct capture_out *o, long long when)
{
	int ret;

	o->period = period_of(o, when);
	ret = make_name(o, o->period);
	if (ret < 0)
		return ret;
	forget_oldest(o);
	return capture_file_open(&o->file, o->path, o->r.linktype,
				 o->r.snaplen);
}

int capture_out_open(struct capture_out *o, const struct capture_rotation *r,
		     long long now)
{
	memset(o, 0, sizeof(*o));
	o->r = *r;
	o->file.fd = -1;
	if (r->keep && !(o->kept = calloc(r->keep, sizeof(*o->kept))))
		return -ENOMEM;
	o->deferred = now < 0;
	return o->deferred ? 0 : open_next(o, now);
}

static bool time_to_rotate(const struct capture_out *o,
			   const struct dp_packet *p)
{
	unsigned long long size;

	if (o->file.is_stdout)
		return false;
	if (o->r.seconds && p->sec >= o->period + (long long)o->r.seconds)
		return true;
	size = (unsigned long long)o->file.whole + o->file.used +
	       TUN_PCAP_RECORD_HEADER_LEN + p->caplen;
	return o->r.bytes && size > o->r.bytes &&
	       (o->file.records || o->file.used);
}

/* The file is whole and closed before the next is opened. */
int capture_out_add(struct capture_out *o, const struct dp_packet *p)
{
	int ret;

	if (o->deferred) {
		o->deferred = false;
		ret = open_next(o, p->sec);
		if (ret < 0)
			return ret;
	} else if (time_to_rotate(o, p)) {
		ret = capture_file_close(&o->file);
		o->records += o->file.records;
		memset(&o->file, 0, sizeof(o->file));
		o->file.fd = -1;
		if (ret < 0)
			return ret;
		o->number++;
		ret = open_next(o, p->sec);
		if (ret < 0)
			return ret;
	}
	return capture_file_add(&o->file, p);
}

int capture_out_flush(struct capture_out *o)
{
	return o->file.buf ? capture_file_flush(&o->file) : o->file.error;
}

unsigned long long capture_out_records(const struct capture_out *o)
{
	return o->records + o->file.records;
}

int capture_out_close(struct capture_out *o)
{
	int ret = capture_file_close(&o->file);

	o->records += o->file.records;
	o->file.records = 0;
	for (unsigned i = 0; o->kept && i < o->r.keep; i++)
		free(o->kept[i]);
	free(o->kept);
	o->kept = NULL;
	free(o->path);
	o->path = NULL;
	return ret;
}
