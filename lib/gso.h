/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The tunctl authors. */
#ifndef TUNCTL_GSO_H
#define TUNCTL_GSO_H

/*
 * Linux's virtio-net header (IFF_VNET_HDR) and the segmentation of the GSO
 * packets it announces: one TCP or UDP packet of up to 64 KiB that stands
 * for many of at most gso_size payload bytes each, with a checksum left for
 * the reader to finish. Pure functions, built and tested on every OS, so
 * the numbers are declared here rather than taken from <linux/virtio_net.h>.
 */

#include <stddef.h>
#include <stdint.h>

#include "tunctl.h"

/* struct virtio_net_hdr: flags, gso_type, then four 16-bit fields in the
 * host's byte order (the legacy layout tun uses unless told otherwise). */
#define VNET_HDR_LEN 10

#define VNET_F_NEEDS_CSUM 0x01 /* checksum from csum_start still to do */
#define VNET_F_DATA_VALID 0x02 /* checksum already verified */

#define VNET_GSO_NONE 0
#define VNET_GSO_TCPV4 1
#define VNET_GSO_UDP 3 /* UFO: IP fragments, which tunctl never enables */
#define VNET_GSO_TCPV6 4
#define VNET_GSO_UDP_L4 5 /* USO, Linux 6.2 or later */
#define VNET_GSO_ECN 0x80 /* TCP with CWR set: on the first segment only */

struct vnet_hdr {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len; /* the kernel may give the linear part's length:
			     only checked against the packet, never used */
	uint16_t gso_size; /* payload bytes per segment */
	uint16_t csum_start;
	uint16_t csum_offset; /* of the checksum field, from csum_start */
};

/* The longest packet a virtio header can describe: an IPv6 packet with the
 * largest payload length, behind Ethernet and two VLAN tags. */
#define GSO_PACKET_MAX (14 + 8 + 40 + 65535)

void vnet_hdr_get(struct vnet_hdr *vh, const uint8_t raw[VNET_HDR_LEN]);
void vnet_hdr_put(uint8_t raw[VNET_HDR_LEN], const struct vnet_hdr *vh);

/*
 * Finish the checksum of a packet that is not GSO but has
 * VNET_F_NEEDS_CSUM: the field at csum_start + csum_offset holds the
 * pseudo-header sum, and the checksum covers everything from csum_start to
 * the end. Nothing to do without the flag. Returns 0, or -EBADMSG when the
 * offsets point beyond @len.
 */
int vnet_csum_complete(const struct vnet_hdr *vh, void *pkt, size_t len);

/* Where the segmentation of one GSO packet is. */
struct gso {
	const uint8_t *pkt;
	enum tun_family family;
	uint8_t proto;	   /* TUN_PROTO_TCP or TUN_PROTO_UDP */
	size_t net_offset; /* the IP header */
	size_t l4_offset;  /* the TCP or UDP header */
	size_t hdr_end;	   /* the first payload byte: the headers before it
			      start every segment */
	size_t end;	   /* the end of the IP packet (Ethernet padding
			      excluded) */
	size_t mss;	   /* payload bytes per segment */
	size_t next;	   /* where the next segment's payload starts */
	unsigned index;	   /* segments made so far */
	unsigned count;	   /* segments in all */
	struct tun_ip src, dst;
	uint16_t ip_id;	  /* IPv4: of the first segment */
	uint32_t tcp_seq; /* of the first segment */
};

/*
 * Check a GSO packet (TCP over IPv4 or IPv6, or UDP with VNET_GSO_UDP_L4;
 * TUN: starting at the IP header, TAP: at the Ethernet header) against its
 * virtio header and prepare to cut it. @pkt must stay unchanged until the
 * last gso_next(). Returns the number of segments, -EPROTONOSUPPORT for a
 * gso_type other than those, or -EBADMSG when the header and the packet
 * disagree (offsets beyond the packet, gso_size 0, a protocol or IP version
 * other than the type says, a fragment, a truncated packet).
 */
int gso_start(struct gso *g, const struct vnet_hdr *vh, const void *pkt,
	      size_t len, enum tun_mode mode);
/*
 * Write the next segment into @out: the headers with their lengths, IPv4
 * id, TCP sequence number and flags set for this segment, the payload, and
 * every checksum computed anew. Returns its length, -EMSGSIZE when it does
 * not fit @outsize (it is skipped), or -ENOENT when none is left.
 */
int gso_next(struct gso *g, void *out, size_t outsize);
/* True when gso_next() has nothing more to give. */
bool gso_done(const struct gso *g);

/* ---- coalescing on write ---------------------------------------------- */

/*
 * The other way round: consecutive TCP segments of one connection, as a
 * sender's TSO would have cut them, joined again into one GSO packet for
 * the kernel, which then handles one packet instead of dozens. Only
 * segments that a segmentation could have produced join: the same headers
 * but for lengths, IPv4 id (one more each time), sequence number (right
 * after the previous data) and checksums; flags ACK, PSH only on the last;
 * every one as long as the first but the last; right checksums, since the
 * kernel trusts those of a GSO packet it is given.
 */
#define GRO_SEGMENTS_MAX 64
/* The longest headers a group has: Ethernet, two VLAN tags, IPv6 (IPv4
 * joins only without options), TCP with 40 bytes of options. */
#define GRO_HEADERS_MAX (14 + 8 + 40 + 60)

struct gro {
	const uint8_t *first; /* its headers become the GSO packet's */
	enum tun_mode mode;
	enum tun_family family;
	size_t net_offset;
	size_t l4_offset;
	size_t hdr_end;
	size_t mss;	/* payload of the first segment */
	size_t payload; /* payload bytes of all */
	unsigned count;
	uint32_t next_seq;
	uint16_t next_id;
	bool closed; /* a shorter segment or PSH came: nothing may follow */
	uint8_t flags; /* TCP flags of the last segment */
	struct tun_ip src, dst;
};

/*
 * Start a group with @pkt (kept by pointer). Returns its payload length
 * (data after hdr_end), or 0 when it cannot be part of one: not TCP with
 * data and flags ACK or ACK|PSH, IPv4 with options, IPv6 with extension
 * headers, a wrong checksum.
 */
size_t gro_start(struct gro *g, const void *pkt, size_t len,
		 enum tun_mode mode);
/* Add @pkt to the group if it is the next segment; its payload length, or
 * 0 when it is not (the group is then complete). */
size_t gro_append(struct gro *g, const void *pkt, size_t len);
/*
 * The GSO packet's headers (g->hdr_end bytes into @hdr) and virtio header:
 * the first segment's headers with the lengths of the whole, the flags of
 * the last, and the partial checksum the kernel expects (the
 * pseudo-header's sum); the payloads of the segments follow in order.
 */
void gro_finish(const struct gro *g, uint8_t *hdr, struct vnet_hdr *vh);

#endif
