// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <string.h>

#include "internal.h"

/*
 * The echo responder's reply builder: one request in, one reply out. Replies
 * are built fresh (options and extension headers of the request are not
 * copied) with checksums computed from scratch, so a reply is correct even
 * where the request's layout was unusual.
 */

#define ETHERTYPE_ARP 0x0806
#define REPLY_TTL 64
/* Neighbour discovery messages must carry 255 (RFC 4861 7.1). */
#define ND_HOP_LIMIT 255
#define ICMP_ECHO_REPLY 0
#define ICMP_ECHO_REQUEST 8
#define ICMPV6_ECHO_REQUEST 128
#define ICMPV6_ECHO_REPLY 129
#define ND_NEIGHBOUR_SOLICIT 135
#define ND_NEIGHBOUR_ADVERT 136
#define ND_OPT_TARGET_LLADDR 2
#define ND_LEN 24	    /* solicitation or advert: header, flags, target */
#define ND_LLADDR_LEN 8	    /* a link-layer address option for Ethernet */
#define ND_SOLICITED 0x40
#define ND_OVERRIDE 0x20

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static bool is_unicast(const struct tun_ip *ip)
{
	static const uint8_t zero[16];
	size_t len = ip->family == TUN_INET6 ? 16 : 4;

	if (!memcmp(ip->bytes, zero, len))
		return false;
	if (ip->family == TUN_INET6)
		return ip->bytes[0] != 0xff;
	if (ip->bytes[0] >= 224) /* multicast, reserved, broadcast */
		return false;
	return true;
}

static bool is_own(const struct tun_echo_config *cfg, const struct tun_ip *ip)
{
	for (size_t i = 0; i < cfg->nown; i++) {
		if (tun_ip_equal(&cfg->own[i], ip))
			return true;
	}
	return false;
}

/* The reply's Ethernet header: back to the sender, from our address, with
 * the request's VLAN tags and EtherType. Returns its length. */
static size_t put_ethernet(const struct tun_echo_config *cfg,
			   const uint8_t *req, const struct tun_packet *pkt,
			   uint8_t *out)
{
	if (cfg->mode != TUN_MODE_TAP)
		return 0;
	memcpy(out, pkt->eth_src, TUN_MAC_LEN);
	memcpy(out + 6, cfg->mac, TUN_MAC_LEN);
	memcpy(out + 12, req + 12, pkt->net_offset - 12);
	return pkt->net_offset;
}

static size_t put_ipv4(uint8_t *h, const struct tun_packet *pkt,
		       size_t payload_len)
{
	memset(h, 0, 20);
	h[0] = 0x45;
	h[1] = pkt->tos;
	put16(h + 2, (uint16_t)(20 + payload_len));
	put16(h + 4, pkt->ip_id);
	h[8] = REPLY_TTL;
	h[9] = pkt->proto;
	memcpy(h + 12, pkt->dst.bytes, 4);
	memcpy(h + 16, pkt->src.bytes, 4);
	put16(h + 10, tun_checksum_fold(tun_checksum_add(0, h, 20)));
	return 20;
}

struct ipv6_reply {
	const uint8_t *first; /* the request's version, class and flow label,
				 or NULL for fresh ones */
	const struct tun_ip *src, *dst;
	uint8_t next, hop_limit;
};

static size_t put_ipv6(uint8_t *h, const struct ipv6_reply *r,
		       size_t payload_len)
{
	static const uint8_t fresh[4] = { 0x60, 0, 0, 0 };

	memcpy(h, r->first ? r->first : fresh, 4);
	put16(h + 4, (uint16_t)payload_len);
	h[6] = r->next;
	h[7] = r->hop_limit;
	memcpy(h + 8, r->src->bytes, 16);
	memcpy(h + 24, r->dst->bytes, 16);
	return 40;
}

/* The transport checksum at @t + @at over @len bytes, with the
 * pseudo-header of @src and @dst unless ICMPv4. */
static void put_checksum(uint8_t *t, size_t at, size_t len, uint8_t proto,
			 const struct tun_ip *src, const struct tun_ip *dst)
{
	uint32_t sum = 0;
	uint16_t csum;

	put16(t + at, 0);
	if (proto != TUN_PROTO_ICMP)
		sum = tun_checksum_pseudo(src, dst, proto, (uint32_t)len);
	csum = tun_checksum_fold(tun_checksum_add(sum, t, len));
	/* In UDP zero means "no checksum"; its ones'-complement twin is
	 * sent instead. */
	if (proto == TUN_PROTO_UDP && csum == 0)
		csum = 0xffff;
	put16(t + at, csum);
}

/* An ICMP/ICMPv6 echo reply or a reflected UDP datagram: the request's
 * transport header and data, addresses swapped, in fresh IP headers. */
static int mirror(const struct tun_echo_config *cfg, const uint8_t *req,
		  const struct tun_packet *pkt, uint8_t *out, size_t outsize,
		  size_t *outlen)
{
	size_t tlen = pkt->transport_len;
	size_t l2 = cfg->mode == TUN_MODE_TAP ? pkt->net_offset : 0;
	size_t l3 = pkt->net == TUN_NET_IPV4 ? 20 : 40;
	uint8_t *t = out + l2 + l3;

	if (l2 + l3 + tlen > outsize)
		return -ENOBUFS;
	put_ethernet(cfg, req, pkt, out);
	memcpy(t, req + pkt->transport_offset, tlen);
	if (pkt->net == TUN_NET_IPV4) {
		put_ipv4(out + l2, pkt, tlen);
	} else {
		struct ipv6_reply r = { req + pkt->net_offset, &pkt->dst,
					&pkt->src, pkt->proto, REPLY_TTL };

		put_ipv6(out + l2, &r, tlen);
	}
	switch (pkt->proto) {
	case TUN_PROTO_ICMP:
		t[0] = ICMP_ECHO_REPLY;
		put_checksum(t, 2, tlen, pkt->proto, NULL, NULL);
		break;
	case TUN_PROTO_ICMPV6:
		t[0] = ICMPV6_ECHO_REPLY;
		put_checksum(t, 2, tlen, pkt->proto, &pkt->dst, &pkt->src);
		break;
	case TUN_PROTO_UDP:
		put16(t, pkt->dport);
		put16(t + 2, pkt->sport);
		put_checksum(t, 6, tlen, pkt->proto, &pkt->dst, &pkt->src);
		break;
	}
	*outlen = l2 + l3 + tlen;
	return TUN_ECHO_REPLY;
}

static int answer_arp(const struct tun_echo_config *cfg, const uint8_t *req,
		      const struct tun_packet *pkt, uint8_t *out,
		      size_t outsize, size_t *outlen)
{
	size_t l2 = pkt->net_offset;
	uint8_t *a = out + l2;

	/* A sender of 0.0.0.0 probes whether the target is free (RFC 5227),
	 * and sender == target announces: neither wants an answer. */
	if (pkt->arp_op != 1 || !is_unicast(&pkt->src) ||
	    !is_unicast(&pkt->dst) || tun_ip_equal(&pkt->src, &pkt->dst) ||
	    is_own(cfg, &pkt->dst))
		return TUN_ECHO_DROP;
	if (l2 + 28 > outsize)
		return -ENOBUFS;
	put_ethernet(cfg, req, pkt, out);
	memcpy(a, req + l2, 6); /* hardware and protocol types, lengths */
	put16(a + 6, 2);
	memcpy(a + 8, cfg->mac, TUN_MAC_LEN);
	memcpy(a + 14, pkt->dst.bytes, 4);
	memcpy(a + 18, pkt->arp_sha, TUN_MAC_LEN);
	memcpy(a + 24, pkt->src.bytes, 4);
	*outlen = l2 + 28;
	return TUN_ECHO_NEIGHBOUR;
}

static bool wants_advert(const struct tun_echo_config *cfg,
			 const struct tun_packet *pkt)
{
	/* A source of :: is duplicate address detection: answering would
	 * tell the host that its own new address is taken. */
	return pkt->icmp_code == 0 && pkt->ttl == ND_HOP_LIMIT &&
	       is_unicast(&pkt->src) && is_unicast(&pkt->nd_target) &&
	       !is_own(cfg, &pkt->nd_target);
}

/*
 * A reply is never larger than its request, so that echo cannot be used to
 * amplify. A solicitation with options (the sender's link-layer address)
 * gets the advert with ours. One without any is either a unicast
 * reachability probe, which RFC 4861 7.2.4 lets us answer without the
 * option (the sender already knows our address), or a multicast one,
 * which 4.3 forbids (it must carry the sender's address) and which would
 * need the larger answer: that one is dropped.
 */
static int answer_solicit(const struct tun_echo_config *cfg,
			  const uint8_t *req, const struct tun_packet *pkt,
			  uint8_t *out, size_t outsize, size_t *outlen)
{
	struct ipv6_reply r = { NULL, &pkt->nd_target, &pkt->src,
				TUN_PROTO_ICMPV6, ND_HOP_LIMIT };
	bool lladdr = pkt->transport_len >= ND_LEN + ND_LLADDR_LEN;
	size_t tlen = lladdr ? ND_LEN + ND_LLADDR_LEN : ND_LEN;
	size_t l2 = pkt->net_offset;
	uint8_t *t = out + l2 + 40;

	if (!wants_advert(cfg, pkt) || (!lladdr && !is_unicast(&pkt->dst)))
		return TUN_ECHO_DROP;
	if (l2 + 40 + tlen > outsize)
		return -ENOBUFS;
	put_ethernet(cfg, req, pkt, out);
	put_ipv6(out + l2, &r, tlen);
	memset(t, 0, tlen);
	t[0] = ND_NEIGHBOUR_ADVERT;
	/* Override only means something with an address to take. */
	t[4] = lladdr ? ND_SOLICITED | ND_OVERRIDE : ND_SOLICITED;
	memcpy(t + 8, pkt->nd_target.bytes, 16);
	if (lladdr) {
		t[24] = ND_OPT_TARGET_LLADDR;
		t[25] = 1; /* in units of 8 bytes */
		memcpy(t + 26, cfg->mac, TUN_MAC_LEN);
	}
	put_checksum(t, 2, tlen, TUN_PROTO_ICMPV6, &pkt->nd_target, &pkt->src);
	*outlen = l2 + 40 + tlen;
	return TUN_ECHO_NEIGHBOUR;
}

enum ip_kind { IP_OTHER, IP_ECHO, IP_SOLICIT, IP_UDP };

static enum ip_kind classify(const struct tun_echo_config *cfg,
			     const struct tun_packet *pkt)
{
	if (!(pkt->layers & TUN_LAYER_TRANSPORT) || pkt->fragment)
		return IP_OTHER;
	switch (pkt->proto) {
	case TUN_PROTO_ICMP:
		return pkt->icmp_type == ICMP_ECHO_REQUEST && !pkt->icmp_code
			       ? IP_ECHO
			       : IP_OTHER;
	case TUN_PROTO_ICMPV6:
		if (pkt->icmp_type == ICMPV6_ECHO_REQUEST && !pkt->icmp_code)
			return IP_ECHO;
		if (pkt->icmp_type == ND_NEIGHBOUR_SOLICIT &&
		    cfg->mode == TUN_MODE_TAP)
			return IP_SOLICIT;
		return IP_OTHER;
	case TUN_PROTO_UDP:
		return cfg->udp ? IP_UDP : IP_OTHER;
	}
	return IP_OTHER;
}

static int answer_ip(const struct tun_echo_config *cfg, const uint8_t *req,
		     const struct tun_packet *pkt, uint8_t *out,
		     size_t outsize, size_t *outlen)
{
	enum ip_kind kind = classify(cfg, pkt);

	if (kind == IP_OTHER)
		return TUN_ECHO_DROP;
	/* Only what would be answered is worth a checksum pass. */
	if (!tun_packet_checksums_ok(req, pkt))
		return TUN_ECHO_MALFORMED;
	if (kind == IP_SOLICIT)
		return answer_solicit(cfg, req, pkt, out, outsize, outlen);
	/* Broadcasts and multicasts get no echo: a reply cannot come from
	 * such an address. */
	if (!is_unicast(&pkt->src) || !is_unicast(&pkt->dst) ||
	    (cfg->mode == TUN_MODE_TAP && (pkt->eth_dst[0] & 1)))
		return TUN_ECHO_DROP;
	return mirror(cfg, req, pkt, out, outsize, outlen);
}

int tun_echo_reply(const struct tun_echo_config *cfg, const void *req,
		   size_t len, void *out, size_t outsize, size_t *outlen)
{
	struct tun_packet pkt;

	if (!cfg || !req || !out || !outlen || (cfg->nown && !cfg->own))
		return -EINVAL;
	*outlen = 0;
	if (tun_packet_decode(req, len, cfg->mode, &pkt) < 0)
		return TUN_ECHO_MALFORMED;
	switch (pkt.net) {
	case TUN_NET_IPV4:
	case TUN_NET_IPV6:
		return answer_ip(cfg, req, &pkt, out, outsize, outlen);
	case TUN_NET_ARP:
		return answer_arp(cfg, req, &pkt, out, outsize, outlen);
	default:
		return TUN_ECHO_DROP;
	}
}

void tun_echo_mac(const char *ifname, uint8_t mac[TUN_MAC_LEN])
{
	/* FNV-1a: the same name gives the same address on every run. */
	uint32_t h = 2166136261u;

	if (!mac)
		return;
	for (const char *s = ifname ? ifname : ""; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	mac[0] = 0x02; /* locally administered, unicast */
	mac[1] = 0x74; /* 't' */
	mac[2] = (uint8_t)(h >> 24);
	mac[3] = (uint8_t)(h >> 16);
	mac[4] = (uint8_t)(h >> 8);
	mac[5] = (uint8_t)h;
}
