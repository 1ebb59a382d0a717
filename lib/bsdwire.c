// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <string.h>

#include "bsdwire.h"

/* Pure code, built and tested on every OS; see bsdwire.h. */

#define AF_INET_ALL 2 /* AF_INET on every system */

int fam_hdr_put(uint8_t hdr[FAM_HDR_LEN], const void *pkt, size_t len,
		uint32_t af_inet6)
{
	const uint8_t *p = pkt;
	uint32_t af;

	if (len == 0)
		return -EAFNOSUPPORT;
	switch (p[0] >> 4) {
	case 4:
		af = AF_INET_ALL;
		break;
	case 6:
		af = af_inet6;
		break;
	default:
		return -EAFNOSUPPORT;
	}
	hdr[0] = (uint8_t)(af >> 24);
	hdr[1] = (uint8_t)(af >> 16);
	hdr[2] = (uint8_t)(af >> 8);
	hdr[3] = (uint8_t)af;
	return 0;
}

enum tun_family fam_hdr_get(const uint8_t hdr[FAM_HDR_LEN], uint32_t af_inet6)
{
	uint32_t af = (uint32_t)hdr[0] << 24 | (uint32_t)hdr[1] << 16 |
		      (uint32_t)hdr[2] << 8 | hdr[3];

	if (af == AF_INET_ALL)
		return TUN_INET;
	if (af == af_inet6)
		return TUN_INET6;
	return TUN_FAMILY_NONE;
}

const struct bpf_layout bpf_layout_darwin = {
	.hdr_size = BPF_DARWIN_HDR_SIZE,
	.off_caplen = BPF_DARWIN_OFF_CAPLEN,
	.off_datalen = BPF_DARWIN_OFF_DATALEN,
	.off_hdrlen = BPF_DARWIN_OFF_HDRLEN,
	.align = BPF_DARWIN_ALIGN,
};

const struct bpf_layout bpf_layout_freebsd = {
	.hdr_size = BPF_FREEBSD_HDR_SIZE,
	.off_caplen = BPF_FREEBSD_OFF_CAPLEN,
	.off_datalen = BPF_FREEBSD_OFF_DATALEN,
	.off_hdrlen = BPF_FREEBSD_OFF_HDRLEN,
	.align = BPF_FREEBSD_ALIGN,
};

static uint32_t get_u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint16_t get_u16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

int bpf_next(const struct bpf_layout *l, const uint8_t *buf, size_t size,
	     size_t *off, const uint8_t **frame, size_t *caplen,
	     size_t *datalen)
{
	const uint8_t *rec;
	size_t left, hdrlen, cap, step;

	if (*off >= size)
		return 0;
	left = size - *off;
	rec = buf + *off;
	/* The kernel's header may be shorter than sizeof (xnu writes 18
	 * bytes), but never shorter than the fields we read. */
	if (left < (size_t)l->off_hdrlen + 2)
		return -EBADMSG;
	hdrlen = get_u16(rec + l->off_hdrlen);
	cap = get_u32(rec + l->off_caplen);
	if (hdrlen < (size_t)l->off_hdrlen + 2 || hdrlen > left ||
	    cap > left - hdrlen)
		return -EBADMSG;
	*frame = rec + hdrlen;
	*caplen = cap;
	*datalen = get_u32(rec + l->off_datalen);
	step = (hdrlen + cap + l->align - 1) / l->align * l->align;
	/* The last record need not be padded. */
	*off = step < left ? *off + step : size;
	return 1;
}

int name_unit(const char *name, const char *prefix, unsigned limit,
	      unsigned *unit)
{
	size_t plen = strlen(prefix);
	const char *p;
	unsigned long v = 0;

	if (!name || !name[0])
		return 0;
	if (strncmp(name, prefix, plen) != 0)
		return -EINVAL;
	p = name + plen;
	if (!strcmp(p, "%d"))
		return 0;
	if (!*p || (p[0] == '0' && p[1]))
		return -EINVAL;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		v = v * 10 + (unsigned long)(*p - '0');
		if (v >= limit)
			return -EINVAL;
	}
	*unit = (unsigned)v;
	return 1;
}
