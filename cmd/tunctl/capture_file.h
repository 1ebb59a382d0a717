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

/* -w with rotation: a new file every -G seconds (aligned to the clock;
 * the name a strftime template) and/or when -C bytes are reached (the
 * number of the file appended), keeping the -W newest. */
struct capture_rotation {
	const char *name;
	unsigned long long seconds, bytes; /* 0: never */
	unsigned keep;			   /* 0: all */
	uint32_t linktype, snaplen;
};

struct capture_out {
	struct capture_rotation r;
	struct capture_file file; /* the one being written */
	char *path;		  /* its name */
	long long period;	  /* -G: when its period started */
	unsigned long long number;  /* files before it */
	unsigned long long records; /* records in those */
	char **kept;		  /* -W: names of the newest files, a ring */
	bool deferred;		  /* the first file waits for a packet */
};

/* Opens the first file, for a capture starting at @now; with @now < 0
 * once the first packet tells the time (-r -G). */
int capture_out_open(struct capture_out *o, const struct capture_rotation *r,
		     long long now);
/* Rotates when the packet's time or size says so, then buffers it. */
int capture_out_add(struct capture_out *o, const struct dp_packet *p);
int capture_out_flush(struct capture_out *o);
/* Records in all files. */
unsigned long long capture_out_records(const struct capture_out *o);
int capture_out_close(struct capture_out *o);

#endif
