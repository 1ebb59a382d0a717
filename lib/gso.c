// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <string.h>

#include "gso.h"
#include "internal.h"

/*
 * Segmentation of GSO packets, as a NIC does it for TSO and USO: every
 * segment starts with a copy of the packet's headers, then takes the next
 * gso_size bytes of payload; lengths, the IPv4 identification, the TCP
 * sequence number and flags are set for that segment, and the checksums
 * are computed from scratch. The checksum the kernel left in the packet is
 * a partial one for the whole packet (and, for a packet the kernel
 * forwarded after GRO, not even that), so it is never used here.
 */

#define TCP_CSUM_OFFSET 16
#define UDP_CSUM_OFFSET 6

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

/* The 16-bit fields are in the host's order: copied, not assembled. */
void vnet_hdr_get(struct vnet_hdr *vh, const uint8_t raw[VNET_HDR_LEN])
{
	vh->flags = raw[0];
	vh->gso_type = raw[1];
	memcpy(&vh->hdr_len, raw + 2, 2);
	memcpy(&vh->gso_size, raw + 4, 2);
	memcpy(&vh->csum_start, raw + 6, 2);
	memcpy(&vh->csum_offset, raw + 8, 2);
}

void vnet_hdr_put(uint8_t raw[VNET_HDR_LEN], const struct vnet_hdr *vh)
{
	raw[0] = vh->flags;
	raw[1] = vh->gso_type;
	memcpy(raw + 2, &vh->hdr_len, 2);
	memcpy(raw + 4, &vh->gso_size, 2);
	memcpy(raw + 6, &vh->csum_start, 2);
	memcpy(raw + 8, &vh->csum_offset, 2);
}

int vnet_csum_complete(const struct vnet_hdr *vh, void *pkt, size_t len)
{
	uint8_t *p = pkt;
	size_t start = vh->csum_start, field = start + vh->csum_offset;
	uint16_t csum;

	if (!(vh->flags & VNET_F_NEEDS_CSUM))
		return 0;
	if (start > len || field > len || len - field < 2)
		return -EBADMSG;
	csum = tun_checksum_fold(tun_checksum_add(0, p + start, len - start));
	/* 0 means "no checksum" to UDP; 0xffff is the same sum to TCP. */
	put16(p + field, csum ? csum : 0xffff);
	return 0;
}

/* The transport protocol a gso_type stands for, or 0 for one that is not
 * segmented here. */
static uint8_t gso_proto(uint8_t gso_type)
{
	switch (gso_type & ~VNET_GSO_ECN) {
	case VNET_GSO_TCPV4:
	case VNET_GSO_TCPV6:
		return TUN_PROTO_TCP;
	case VNET_GSO_UDP_L4:
		return TUN_PROTO_UDP;
	}
	return 0;
}

/* Does the decoded packet have the IP version and protocol the header
 * promises, and its checksum where the header says? */
static bool matches_header(const struct vnet_hdr *vh,
			   const struct tun_packet *p, uint8_t proto)
{
	uint8_t type = vh->gso_type & ~VNET_GSO_ECN;

	if (!(p->layers & TUN_LAYER_TRANSPORT) || p->fragment ||
	    p->proto != proto)
		return false;
	if ((type == VNET_GSO_TCPV4 && p->net != TUN_NET_IPV4) ||
	    (type == VNET_GSO_TCPV6 && p->net != TUN_NET_IPV6))
		return false;
	if (!(vh->flags & VNET_F_NEEDS_CSUM))
		return true;
	return vh->csum_start == p->transport_offset &&
	       vh->csum_offset == (proto == TUN_PROTO_TCP ? TCP_CSUM_OFFSET
							  : UDP_CSUM_OFFSET);
}

int gso_start(struct gso *g, const struct vnet_hdr *vh, const void *pkt,
	      size_t len, enum tun_mode mode)
{
	uint8_t proto = gso_proto(vh->gso_type);
	struct tun_packet p;
	size_t payload;

	memset(g, 0, sizeof(*g));
	if (!proto)
		return -EPROTONOSUPPORT;
	if (vh->gso_size == 0 || vh->hdr_len > len || vh->csum_start > len)
		return -EBADMSG;
	/* The decoder checks every length against the bytes there are. */
	if (tun_packet_decode(pkt, len, mode, &p) < 0 ||
	    !matches_header(vh, &p, proto))
		return -EBADMSG;
	g->pkt = pkt;
	g->family = p.src.family;
	g->proto = proto;
	g->net_offset = p.net_offset;
	g->l4_offset = p.transport_offset;
	g->hdr_end = proto == TUN_PROTO_TCP ? p.payload_offset
					    : p.transport_offset + 8;
	g->end = p.net_offset + p.net_len;
	g->mss = vh->gso_size;
	g->next = g->hdr_end;
	payload = g->end - g->hdr_end;
	g->count = payload ? (unsigned)((payload + g->mss - 1) / g->mss) : 1;
	/* With extension headers (a routing header) the pseudo-header would
	 * want the final destination; the IP header's is used. */
	g->src = p.src;
	g->dst = p.dst;
	g->ip_id = p.ip_id;
	g->tcp_seq = p.tcp_seq;
	return (int)g->count;
}

bool gso_done(const struct gso *g)
{
	return g->index >= g->count;
}

static void ipv4_header_checksum(uint8_t *ip)
{
	put16(ip + 10, 0);
	put16(ip + 10, tun_checksum_fold(tun_checksum_add(
			       0, ip, (size_t)(ip[0] & 0x0f) * 4)));
}

static void fix_ip(const struct gso *g, uint8_t *seg, unsigned i, size_t len)
{
	uint8_t *ip = seg + g->net_offset;
	size_t iplen = len - g->net_offset;

	if (g->family == TUN_INET6) {
		put16(ip + 4, (uint16_t)(iplen - 40));
		return;
	}
	put16(ip + 2, (uint16_t)iplen);
	/* Each segment is a datagram of its own, with the next id. */
	put16(ip + 4, (uint16_t)(g->ip_id + i));
	ipv4_header_checksum(ip);
}

static void fix_l4(const struct gso *g, uint8_t *seg, unsigned i, size_t len)
{
	uint8_t *l4 = seg + g->l4_offset;
	size_t l4len = len - g->l4_offset;
	size_t field = g->proto == TUN_PROTO_TCP ? TCP_CSUM_OFFSET
						 : UDP_CSUM_OFFSET;
	uint32_t sum;
	uint16_t csum;

	if (g->proto == TUN_PROTO_TCP) {
		put32(l4 + 4, g->tcp_seq + (uint32_t)(i * g->mss));
		/* FIN and PSH belong to the end of the data, CWR to the
		 * first segment after congestion (RFC 3168 6.1.2). */
		if (i + 1 < g->count)
			l4[13] &= (uint8_t)~(TUN_TCP_FIN | TUN_TCP_PSH);
		if (i > 0)
			l4[13] &= (uint8_t)~TUN_TCP_CWR;
	} else {
		put16(l4 + 4, (uint16_t)l4len);
	}
	put16(l4 + field, 0);
	sum = tun_checksum_pseudo(&g->src, &g->dst, g->proto, (uint32_t)l4len);
	csum = tun_checksum_fold(tun_checksum_add(sum, l4, l4len));
	if (csum == 0 && g->proto == TUN_PROTO_UDP)
		csum = 0xffff; /* 0 would mean "no checksum" */
	put16(l4 + field, csum);
}

int gso_next(struct gso *g, void *out, size_t outsize)
{
	uint8_t *seg = out;
	unsigned i = g->index;
	size_t start = g->next, take, len;

	if (gso_done(g))
		return -ENOENT;
	take = g->end - start < g->mss ? g->end - start : g->mss;
	len = g->hdr_end + take;
	g->index++;
	g->next += take;
	if (len > outsize)
		return -EMSGSIZE;
	memcpy(seg, g->pkt, g->hdr_end);
	memcpy(seg + g->hdr_end, g->pkt + start, take);
	fix_ip(g, seg, i, len);
	fix_l4(g, seg, i, len);
	return (int)len;
}

/* ---- coalescing on write -------------------------------------------------- */

/* A packet that may be part of a group, decoded into @p. */
static bool gro_candidate(const uint8_t *pkt, size_t len, enum tun_mode mode,
			  struct tun_packet *p)
{
	if (tun_packet_decode(pkt, len, mode, p) < 0 ||
	    !(p->layers & TUN_LAYER_TRANSPORT) || p->proto != TUN_PROTO_TCP ||
	    p->fragment || p->payload_len == 0)
		return false;
	/* SYN, FIN, RST, URG and ECN signals each keep their own packet, as
	 * with the kernel's GRO. */
	if ((p->tcp_flags & ~TUN_TCP_PSH) != TUN_TCP_ACK)
		return false;
	if (p->net == TUN_NET_IPV4 ? pkt[p->net_offset] != 0x45
				   : p->transport_offset != p->net_offset + 40)
		return false;
	return p->payload_offset <= GRO_HEADERS_MAX &&
	       tun_packet_checksums_ok(pkt, p);
}

size_t gro_start(struct gro *g, const void *pkt, size_t len,
		 enum tun_mode mode)
{
	struct tun_packet p;

	memset(g, 0, sizeof(*g));
	if (!gro_candidate(pkt, len, mode, &p))
		return 0;
	g->first = pkt;
	g->mode = mode;
	g->family = p.src.family;
	g->net_offset = p.net_offset;
	g->l4_offset = p.transport_offset;
	g->hdr_end = p.payload_offset;
	g->mss = p.payload_len;
	g->payload = p.payload_len;
	g->count = 1;
	g->next_seq = p.tcp_seq + (uint32_t)p.payload_len;
	g->next_id = (uint16_t)(p.ip_id + 1);
	g->flags = p.tcp_flags;
	g->closed = p.tcp_flags & TUN_TCP_PSH;
	g->src = p.src;
	g->dst = p.dst;
	return p.payload_len;
}

static bool same(const uint8_t *a, const uint8_t *b, size_t from, size_t to)
{
	return memcmp(a + from, b + from, to - from) == 0;
}

/* Everything but lengths, IPv4 id, checksums, sequence number and flags
 * (which gro_candidate() checked) as in the first segment? */
static bool same_headers(const struct gro *g, const uint8_t *q)
{
	const uint8_t *f = g->first;
	size_t ip = g->net_offset, tcp = g->l4_offset;

	if (!same(f, q, 0, ip)) /* Ethernet and VLAN tags */
		return false;
	if (g->family == TUN_INET) {
		/* version, TOS; fragment bits, TTL, protocol; addresses */
		if (!same(f, q, ip, ip + 2) || !same(f, q, ip + 6, ip + 10) ||
		    !same(f, q, ip + 12, ip + 20))
			return false;
	} else if (!same(f, q, ip, ip + 4) || !same(f, q, ip + 6, ip + 40)) {
		return false; /* all but the payload length */
	}
	/* ports; acknowledgement and header length; window; urgent pointer
	 * and options */
	return same(f, q, tcp, tcp + 4) && same(f, q, tcp + 8, tcp + 13) &&
	       same(f, q, tcp + 14, tcp + 16) &&
	       same(f, q, tcp + 18, g->hdr_end);
}

size_t gro_append(struct gro *g, const void *pkt, size_t len)
{
	struct tun_packet p;
	size_t iplen;

	if (!g->first || g->closed || g->count >= GRO_SEGMENTS_MAX ||
	    !gro_candidate(pkt, len, g->mode, &p))
		return 0;
	if (p.net_offset != g->net_offset || p.transport_offset != g->l4_offset ||
	    p.payload_offset != g->hdr_end || p.payload_len > g->mss ||
	    p.tcp_seq != g->next_seq ||
	    (g->family == TUN_INET && p.ip_id != g->next_id) ||
	    !same_headers(g, pkt))
		return 0;
	/* The IPv4 total length or IPv6 payload length of the whole. */
	iplen = g->hdr_end - g->net_offset + g->payload + p.payload_len -
		(g->family == TUN_INET6 ? 40 : 0);
	if (iplen > 0xffff)
		return 0;
	g->payload += p.payload_len;
	g->count++;
	g->next_seq += (uint32_t)p.payload_len;
	g->next_id++;
	g->flags = p.tcp_flags;
	g->closed = p.payload_len < g->mss || (p.tcp_flags & TUN_TCP_PSH);
	return p.payload_len;
}

void gro_finish(const struct gro *g, uint8_t *hdr, struct vnet_hdr *vh)
{
	uint8_t *ip = hdr + g->net_offset, *tcp = hdr + g->l4_offset;
	size_t iplen = g->hdr_end - g->net_offset + g->payload;
	size_t l4len = g->hdr_end - g->l4_offset + g->payload;
	uint32_t pseudo;

	memcpy(hdr, g->first, g->hdr_end);
	if (g->family == TUN_INET6) {
		put16(ip + 4, (uint16_t)(iplen - 40));
	} else {
		put16(ip + 2, (uint16_t)iplen);
		ipv4_header_checksum(ip);
	}
	tcp[13] = g->flags;
	/* Partial: the pseudo-header's sum, not complemented; the kernel
	 * adds the rest when it needs the checksum. */
	pseudo = tun_checksum_pseudo(&g->src, &g->dst, TUN_PROTO_TCP,
				     (uint32_t)l4len);
	put16(tcp + TCP_CSUM_OFFSET, (uint16_t)~tun_checksum_fold(pseudo));
	memset(vh, 0, sizeof(*vh));
	vh->flags = VNET_F_NEEDS_CSUM;
	vh->gso_type = g->family == TUN_INET6 ? VNET_GSO_TCPV6 : VNET_GSO_TCPV4;
	vh->hdr_len = (uint16_t)g->hdr_end;
	vh->gso_size = (uint16_t)g->mss;
	vh->csum_start = (uint16_t)g->l4_offset;
	vh->csum_offset = TCP_CSUM_OFFSET;
}
