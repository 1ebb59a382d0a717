/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The tunctl authors. */
#ifndef TUNCTL_CAPTURE_FILE_H
#define TUNCTL_CAPTURE_FILE_H

#include <sys/types.h>

#include "datapath.h"

/* A pcap file being written by capture -w: never ends in a cut record. */
struct capture_file {
	int fd;
	bool is_stdout, regular; /* regular: can be cut back after an error */
	uint8_t *buf;		 /* whole records not yet written; NULL: closed */
	size_t used, size;
	off_t whole;		 /* bytes of the file that are whole */
	unsigned long long records; /* records in the file */
	int error;		 /* the first failure, -errno */
};

/* Creates @path ("-": standard output) and writes the file header at once.
 * Returns 0 or -errno; close the file either way. */
int capture_file_open(struct capture_file *f, const char *path,
		      uint32_t linktype, uint32_t snaplen);
/* Buffers one record. After a failure every call returns it again. */
int capture_file_add(struct capture_file *f, const struct dp_packet *p);
/* Writes the buffered records; on failure the file keeps only whole ones. */
int capture_file_flush(struct capture_file *f);
int capture_file_close(struct capture_file *f);

#endif
