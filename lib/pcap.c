// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include "internal.h"

/* The classic pcap format: a file header, then a record header before
 * every packet. Readers accept either byte order by looking at the magic
 * number; this writes little-endian everywhere so that files do not depend
 * on the machine that wrote them. */

#define PCAP_MAGIC_USEC 0xa1b2c3d4u
#define PCAP_VERSION_MAJOR 2
#define PCAP_VERSION_MINOR 4

static void le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void le32(uint8_t *p, uint32_t v)
{
	le16(p, (uint16_t)v);
	le16(p + 2, (uint16_t)(v >> 16));
}

uint32_t tun_pcap_linktype(enum tun_mode mode)
{
	return mode == TUN_MODE_TAP ? TUN_LINKTYPE_ETHERNET : TUN_LINKTYPE_RAW;
}

void tun_pcap_file_header(uint8_t *out, uint32_t linktype, uint32_t snaplen)
{
	if (!out)
		return;
	le32(out, PCAP_MAGIC_USEC);
	le16(out + 4, PCAP_VERSION_MAJOR);
	le16(out + 6, PCAP_VERSION_MINOR);
	le32(out + 8, 0);  /* time zone: timestamps are UTC */
	le32(out + 12, 0); /* timestamp accuracy, always 0 */
	le32(out + 16, snaplen);
	le32(out + 20, linktype);
}

void tun_pcap_record_header(uint8_t *out, uint32_t sec, uint32_t usec,
			    uint32_t caplen, uint32_t len)
{
	if (!out)
		return;
	le32(out, sec);
	le32(out + 4, usec);
	le32(out + 8, caplen);
	le32(out + 12, len);
}
