// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <string.h>

#include "internal.h"

/*
 * The packet decoder. Every read is preceded by a length check against
 * what the outer header promised and what was actually given, so that
 * truncated or lying headers stop decoding with a reason instead of
 * reading past the end.
 */

#define ETH_HLEN 14
#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_ARP 0x0806
#define ETHERTYPE_VLAN 0x8100
#define ETHERTYPE_QINQ 0x88a8
#define ETHERTYPE_IPV6 0x86dd

#define IPV6_HOPOPTS 0
#define IPV6_ROUTING 43
#define IPV6_FRAGMENT 44
#define IPV6_AH 51
#define IPV6_DSTOPTS 60

/* Where decoding is: the bytes and the end of the current layer. */
struct cursor {
	const uint8_t *p;
	size_t end; /* bytes usable by this layer: min(given, promised) */
};

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static int stop(struct tun_packet *pkt, const char *why)
{
	pkt->error = why;
	return -EBADMSG;
}

static bool is_icmp_echo(const struct tun_packet *pkt)
{
	if (pkt->proto == TUN_PROTO_ICMP)
		return pkt->icmp_type == 0 || pkt->icmp_type == 8;
	return pkt->icmp_type == 128 || pkt->icmp_type == 129;
}

static void set_payload(struct tun_packet *pkt, size_t off, size_t end)
{
	pkt->payload_offset = off;
	pkt->payload_len = end - off;
}

static int decode_icmp(const struct cursor *c, size_t off,
		       struct tun_packet *pkt)
{
	const uint8_t *h = c->p + off;
	size_t avail = c->end - off;

	if (avail < 4)
		return stop(pkt, pkt->proto == TUN_PROTO_ICMP
					 ? "truncated ICMP header"
					 : "truncated ICMPv6 header");
	pkt->icmp_type = h[0];
	pkt->icmp_code = h[1];
	if (is_icmp_echo(pkt)) {
		if (avail < 8)
			return stop(pkt, "truncated ICMP echo header");
		pkt->icmp_id = get16(h + 4);
		pkt->icmp_seq = get16(h + 6);
		set_payload(pkt, off + 8, c->end);
	} else if (pkt->proto == TUN_PROTO_ICMPV6 &&
		   (pkt->icmp_type == 135 || pkt->icmp_type == 136)) {
		if (avail < 24)
			return stop(pkt, "truncated neighbour discovery message");
		pkt->nd_target.family = TUN_INET6;
		memcpy(pkt->nd_target.bytes, h + 8, 16);
		set_payload(pkt, off + 24, c->end);
	} else {
		set_payload(pkt, off + 4, c->end);
	}
	pkt->layers |= TUN_LAYER_TRANSPORT;
	return 0;
}

static int decode_tcp(const struct cursor *c, size_t off,
		      struct tun_packet *pkt)
{
	const uint8_t *h = c->p + off;
	size_t avail = c->end - off, hlen;

	if (avail < 20)
		return stop(pkt, "truncated TCP header");
	hlen = (size_t)(h[12] >> 4) * 4;
	if (hlen < 20)
		return stop(pkt, "TCP header length below 20");
	if (hlen > avail)
		return stop(pkt, "truncated TCP options");
	pkt->sport = get16(h);
	pkt->dport = get16(h + 2);
	pkt->tcp_seq = get32(h + 4);
	pkt->tcp_ack = get32(h + 8);
	pkt->tcp_flags = h[13];
	pkt->tcp_win = get16(h + 14);
	set_payload(pkt, off + hlen, c->end);
	pkt->layers |= TUN_LAYER_TRANSPORT;
	return 0;
}

static int decode_udp(const struct cursor *c, size_t off,
		      struct tun_packet *pkt)
{
	const uint8_t *h = c->p + off;
	size_t avail = c->end - off, ulen;

	if (avail < 8)
		return stop(pkt, "truncated UDP header");
	pkt->sport = get16(h);
	pkt->dport = get16(h + 2);
	ulen = get16(h + 4);
	/* A fragment holds only part of the datagram its length describes. */
	if (!pkt->fragment) {
		if (ulen < 8)
			return stop(pkt, "UDP length below 8");
		if (ulen > avail)
			return stop(pkt, "UDP length beyond the packet");
		pkt->transport_len = ulen;
	}
	set_payload(pkt, off + 8, pkt->fragment ? c->end : off + ulen);
	pkt->layers |= TUN_LAYER_TRANSPORT;
	return 0;
}

static int decode_transport(const struct cursor *c, size_t off,
			    struct tun_packet *pkt)
{
	pkt->transport_offset = off;
	pkt->transport_len = c->end - off;
	/* Later fragments carry no transport header. */
	if (pkt->frag_offset) {
		set_payload(pkt, off, c->end);
		return 0;
	}
	switch (pkt->proto) {
	case TUN_PROTO_ICMP:
		if (pkt->net != TUN_NET_IPV4)
			break;
		return decode_icmp(c, off, pkt);
	case TUN_PROTO_ICMPV6:
		if (pkt->net != TUN_NET_IPV6)
			break;
		return decode_icmp(c, off, pkt);
	case TUN_PROTO_TCP:
		return decode_tcp(c, off, pkt);
	case TUN_PROTO_UDP:
		return decode_udp(c, off, pkt);
	}
	set_payload(pkt, off, c->end);
	return 0;
}

static int decode_ipv4(struct cursor *c, size_t off, struct tun_packet *pkt)
{
	const uint8_t *h = c->p + off;
	size_t avail = c->end - off, hlen, total;
	uint16_t frag;

	pkt->net = TUN_NET_IPV4;
	pkt->net_offset = off;
	if (avail < 20)
		return stop(pkt, "truncated IPv4 header");
	if (h[0] >> 4 != 4)
		return stop(pkt, "IPv4 header with another version");
	hlen = (size_t)(h[0] & 0x0f) * 4;
	total = get16(h + 2);
	if (hlen < 20)
		return stop(pkt, "IPv4 header length below 20");
	if (hlen > avail)
		return stop(pkt, "truncated IPv4 options");
	if (total < hlen)
		return stop(pkt, "IPv4 total length shorter than its header");
	if (total > avail)
		return stop(pkt, "truncated IPv4 packet");
	pkt->tos = h[1];
	pkt->ip_id = get16(h + 4);
	frag = get16(h + 6);
	pkt->more_fragments = frag & 0x2000;
	pkt->frag_offset = (uint32_t)(frag & 0x1fff) * 8;
	pkt->fragment = pkt->more_fragments || pkt->frag_offset;
	pkt->frag_id = pkt->ip_id;
	pkt->ttl = h[8];
	pkt->proto = h[9];
	pkt->src.family = pkt->dst.family = TUN_INET;
	memcpy(pkt->src.bytes, h + 12, 4);
	memcpy(pkt->dst.bytes, h + 16, 4);
	pkt->net_len = total;
	pkt->layers |= TUN_LAYER_NET;
	/* Ethernet may pad a short packet: the IP length is the truth. */
	c->end = off + total;
	return decode_transport(c, off + hlen, pkt);
}

/* One IPv6 extension header at @off: its length, or 0 after stop(). */
static size_t ipv6_ext_len(const struct cursor *c, size_t off, uint8_t type,
			   struct tun_packet *pkt)
{
	const uint8_t *h = c->p + off;
	size_t avail = c->end - off, len;

	if (avail < 8) {
		stop(pkt, "truncated IPv6 extension header");
		return 0;
	}
	if (type == IPV6_FRAGMENT) {
		uint16_t f = get16(h + 2);

		if (pkt->frag_header) {
			stop(pkt, "two IPv6 fragment headers");
			return 0;
		}
		pkt->fragment = true;
		pkt->frag_header = off;
		pkt->frag_id = get32(h + 4);
		pkt->frag_offset = f & 0xfff8;
		pkt->more_fragments = f & 1;
		return 8;
	}
	/* AH counts 4-byte words less two; the others 8-byte words less one. */
	len = type == IPV6_AH ? ((size_t)h[1] + 2) * 4 : ((size_t)h[1] + 1) * 8;
	if (len > avail) {
		stop(pkt, "truncated IPv6 extension header");
		return 0;
	}
	return len;
}

static bool is_ipv6_ext(uint8_t type)
{
	return type == IPV6_HOPOPTS || type == IPV6_ROUTING ||
	       type == IPV6_FRAGMENT || type == IPV6_AH ||
	       type == IPV6_DSTOPTS;
}

static int decode_ipv6(struct cursor *c, size_t off, struct tun_packet *pkt)
{
	const uint8_t *h = c->p + off;
	size_t avail = c->end - off, total;
	uint8_t next;

	pkt->net = TUN_NET_IPV6;
	pkt->net_offset = off;
	if (avail < 40)
		return stop(pkt, "truncated IPv6 header");
	if (h[0] >> 4 != 6)
		return stop(pkt, "IPv6 header with another version");
	total = 40 + (size_t)get16(h + 4);
	if (total > avail)
		return stop(pkt, "truncated IPv6 packet");
	pkt->tos = (uint8_t)(get16(h) >> 4);
	pkt->ttl = h[7];
	pkt->src.family = pkt->dst.family = TUN_INET6;
	memcpy(pkt->src.bytes, h + 8, 16);
	memcpy(pkt->dst.bytes, h + 24, 16);
	pkt->net_len = total;
	pkt->layers |= TUN_LAYER_NET;
	c->end = off + total;
	next = h[6];
	off += 40;
	/* Each extension header is at least 8 bytes long, so this ends. */
	while (is_ipv6_ext(next)) {
		size_t len = ipv6_ext_len(c, off, next, pkt);

		if (!len)
			return -EBADMSG;
		next = c->p[off];
		off += len;
		if (pkt->frag_offset)
			break;
	}
	pkt->proto = next;
	return decode_transport(c, off, pkt);
}

static int decode_arp(const struct cursor *c, size_t off,
		      struct tun_packet *pkt)
{
	const uint8_t *h = c->p + off;
	size_t avail = c->end - off;

	pkt->net = TUN_NET_ARP;
	pkt->net_offset = off;
	if (avail < 8)
		return stop(pkt, "truncated ARP header");
	pkt->arp_op = get16(h + 6);
	if (get16(h) != 1 || get16(h + 2) != ETHERTYPE_IPV4 || h[4] != 6 ||
	    h[5] != 4)
		return stop(pkt, "ARP for other than Ethernet and IPv4");
	if (avail < 28)
		return stop(pkt, "truncated ARP message");
	memcpy(pkt->arp_sha, h + 8, TUN_MAC_LEN);
	memcpy(pkt->arp_tha, h + 18, TUN_MAC_LEN);
	pkt->src.family = pkt->dst.family = TUN_INET;
	memcpy(pkt->src.bytes, h + 14, 4);
	memcpy(pkt->dst.bytes, h + 24, 4);
	pkt->net_len = 28;
	pkt->layers |= TUN_LAYER_NET;
	return 0;
}

static int decode_ethernet(struct cursor *c, struct tun_packet *pkt)
{
	size_t off = ETH_HLEN;
	uint16_t type;

	if (c->end < ETH_HLEN)
		return stop(pkt, "truncated Ethernet header");
	memcpy(pkt->eth_dst, c->p, TUN_MAC_LEN);
	memcpy(pkt->eth_src, c->p + 6, TUN_MAC_LEN);
	type = get16(c->p + 12);
	while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ) {
		if (pkt->nvlan == TUN_VLAN_MAX)
			return stop(pkt, "more than two VLAN tags");
		if (c->end - off < 4)
			return stop(pkt, "truncated VLAN tag");
		pkt->vlan[pkt->nvlan++] = get16(c->p + off) & 0x0fff;
		type = get16(c->p + off + 2);
		off += 4;
	}
	pkt->ethertype = type;
	pkt->layers |= TUN_LAYER_ETH;
	switch (type) {
	case ETHERTYPE_IPV4:
		return decode_ipv4(c, off, pkt);
	case ETHERTYPE_IPV6:
		return decode_ipv6(c, off, pkt);
	case ETHERTYPE_ARP:
		return decode_arp(c, off, pkt);
	}
	pkt->net = TUN_NET_OTHER;
	pkt->net_offset = off;
	return 0;
}

int tun_packet_decode(const void *data, size_t len, enum tun_mode mode,
		      struct tun_packet *pkt)
{
	struct cursor c = { data, len };

	if (!pkt || (!data && len))
		return -EINVAL;
	memset(pkt, 0, sizeof(*pkt));
	pkt->len = len;
	if (mode == TUN_MODE_TAP)
		return decode_ethernet(&c, pkt);
	if (len == 0)
		return stop(pkt, "empty packet");
	switch (c.p[0] >> 4) {
	case 4:
		return decode_ipv4(&c, 0, pkt);
	case 6:
		return decode_ipv6(&c, 0, pkt);
	}
	return stop(pkt, "neither IPv4 nor IPv6");
}

int tun_packet_decode_ethertype(const void *data, size_t len,
				uint16_t ethertype, struct tun_packet *pkt)
{
	struct cursor c = { data, len };

	if (!pkt || (!data && len))
		return -EINVAL;
	memset(pkt, 0, sizeof(*pkt));
	pkt->len = len;
	pkt->ethertype = ethertype;
	switch (ethertype) {
	case ETHERTYPE_IPV4:
		return decode_ipv4(&c, 0, pkt);
	case ETHERTYPE_IPV6:
		return decode_ipv6(&c, 0, pkt);
	case ETHERTYPE_ARP:
		return decode_arp(&c, 0, pkt);
	}
	pkt->net = TUN_NET_OTHER;
	return 0;
}

/* ---- checksums ----------------------------------------------------------- */

static bool transport_checksum_ok(const uint8_t *p,
				  const struct tun_packet *pkt)
{
	const uint8_t *t = p + pkt->transport_offset;
	uint32_t sum = 0;

	switch (pkt->proto) {
	case TUN_PROTO_UDP:
		if (pkt->net == TUN_NET_IPV4 && get16(t + 6) == 0)
			return true; /* the sender computed none */
		break;
	case TUN_PROTO_ICMP:
		return tun_checksum_fold(tun_checksum_add(
			       0, t, pkt->transport_len)) == 0;
	case TUN_PROTO_TCP:
	case TUN_PROTO_ICMPV6:
		break;
	default:
		return true;
	}
	sum = tun_checksum_pseudo(&pkt->src, &pkt->dst, pkt->proto,
				  (uint32_t)pkt->transport_len);
	return tun_checksum_fold(tun_checksum_add(sum, t,
						  pkt->transport_len)) == 0;
}

bool tun_packet_checksums_ok(const void *data, const struct tun_packet *pkt)
{
	const uint8_t *p = data;

	if (!data || !pkt)
		return false;
	if (pkt->net == TUN_NET_IPV4 && (pkt->layers & TUN_LAYER_NET)) {
		size_t hlen = (size_t)(p[pkt->net_offset] & 0x0f) * 4;

		if (tun_checksum_fold(tun_checksum_add(0, p + pkt->net_offset,
						       hlen)) != 0)
			return false;
	}
	if (!(pkt->layers & TUN_LAYER_TRANSPORT) || pkt->fragment)
		return true;
	return transport_checksum_ok(p, pkt);
}
