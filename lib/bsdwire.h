/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The tunctl authors. */
#ifndef TUNCTL_BSDWIRE_H
#define TUNCTL_BSDWIRE_H

/*
 * Wire formats of the BSD-derived backends other than the routing socket
 * (rtsock.h): the 4-byte address-family header of utun and BSD tun, the
 * records of a BPF read, and unit-numbered device names. Pure functions,
 * unit-tested on every OS; per-OS numbers are parameters.
 */

#include <stddef.h>
#include <stdint.h>

#include "tunctl.h"

/* ---- the address-family header ------------------------------------------ */

/* macOS utun, FreeBSD/NetBSD tun with TUNSIFHEAD and OpenBSD tun put the
 * sender's address family before every packet, as a 32-bit number in
 * network order. AF_INET is 2 everywhere; AF_INET6 is the OS's own. */
#define FAM_HDR_LEN 4

/* The header for @pkt, chosen by its IP version nibble. Returns 0, or
 * -EAFNOSUPPORT when @pkt is neither IPv4 nor IPv6 (or empty). */
int fam_hdr_put(uint8_t hdr[FAM_HDR_LEN], const void *pkt, size_t len,
		uint32_t af_inet6);
/* The family a header names: TUN_INET, TUN_INET6 or TUN_FAMILY_NONE. */
enum tun_family fam_hdr_get(const uint8_t hdr[FAM_HDR_LEN], uint32_t af_inet6);

/* ---- BPF read buffers ---------------------------------------------------- */

/* Where struct bpf_hdr keeps its fields, and BPF_ALIGNMENT. */
struct bpf_layout {
	uint8_t hdr_size; /* sizeof(struct bpf_hdr) */
	uint8_t off_caplen;
	uint8_t off_datalen;
	uint8_t off_hdrlen;
	uint8_t align; /* BPF_WORDALIGN unit */
};

/* macOS: the timestamp is a struct timeval32 (8 bytes) even on LP64, and
 * records are aligned to 4 (xnu bsd/net/bpf.h BPF_ALIGNMENT). [cc] */
#define BPF_DARWIN_HDR_SIZE 20
#define BPF_DARWIN_OFF_CAPLEN 8
#define BPF_DARWIN_OFF_DATALEN 12
#define BPF_DARWIN_OFF_HDRLEN 16
#define BPF_DARWIN_ALIGN 4
/* FreeBSD: a struct timeval (16 bytes on LP64), aligned to sizeof(long). */
#define BPF_FREEBSD_HDR_SIZE 32
#define BPF_FREEBSD_OFF_CAPLEN 16
#define BPF_FREEBSD_OFF_DATALEN 20
#define BPF_FREEBSD_OFF_HDRLEN 24
#define BPF_FREEBSD_ALIGN 8

extern const struct bpf_layout bpf_layout_darwin;
extern const struct bpf_layout bpf_layout_freebsd;

/*
 * The record at @buf + *@off of what one read() of a BPF descriptor
 * returned (@size bytes); advances *@off to the next record
 * (BPF_WORDALIGN(hdrlen + caplen)). Returns 1 with the captured bytes in
 * @frame/@caplen and the length on the wire in @datalen, 0 when the buffer
 * is used up, -EBADMSG when a record does not fit.
 */
int bpf_next(const struct bpf_layout *l, const uint8_t *buf, size_t size,
	     size_t *off, const uint8_t **frame, size_t *caplen,
	     size_t *datalen);

/* ---- unit-numbered names -------------------------------------------------- */

/*
 * Devices whose names the kernel gives (utunN, fethN, tunN, tapN): is
 * @name "<prefix>N" (returns 1 and the unit, N < @limit, no leading zero),
 * or a request for any unit — NULL, "" or "<prefix>%d" (returns 0)? Any
 * other name gives -EINVAL.
 */
int name_unit(const char *name, const char *prefix, unsigned limit,
	      unsigned *unit);

#endif
