// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * Reassembly of IPv4 and IPv6 fragments (RFC 791, RFC 8200 4.5), for the
 * echo responder: a ping or UDP datagram larger than the MTU reaches the
 * device in pieces, and can only be answered whole. Each datagram in
 * progress has a slot: its pieces are copied to their offset in a 64 KiB
 * buffer, with one bit per 8-byte block to know when none is missing; the
 * link and IP headers of the first piece go just in front, so that the
 * finished datagram is one contiguous copy away.
 *
 * Pieces that overlap are an attack on whoever reassembles them (RFC 5722),
 * not a network's doing: such a datagram is given up whole, and pieces of it
 * that still come before its deadline are dropped too. IPv4 is treated the
 * same way. A piece that only repeats bytes already held, unchanged, is a
 * duplicate made by the network and is ignored (RFC 8200 4.5).
 */

#define REASM_TIMEOUT_MS 30000
#define PAYLOAD_MAX 65535
/* Link header, IP header and the IPv6 headers before the fragment header:
 * more than that is refused. */
#define HEAD_MAX 512
#define BLOCKS ((PAYLOAD_MAX + 7) / 8)

struct slot {
	bool used;
	bool dead;	   /* given up: its later pieces are dropped */
	enum tun_net net;
	struct tun_ip src, dst;
	uint32_t id;
	uint8_t proto;	   /* IPv4: part of the key; IPv6: the next header
			      after the fragment header, from the first piece */
	uint64_t deadline; /* now_ms after which it is given up */
	unsigned pieces;   /* held so far, for the discarded count */
	size_t net_offset; /* of the first piece: where its IP header is */
	size_t head_len;   /* bytes of headers kept; 0 until the first piece */
	size_t next_at;	   /* IPv6: the byte in the head that names the
			      fragment header, to name what follows instead */
	size_t total;	   /* payload length; 0 until the last piece */
	uint8_t *buf;	   /* HEAD_MAX + PAYLOAD_MAX */
	uint8_t have[(BLOCKS + 7) / 8];
};

struct tun_reasm {
	unsigned nslots;
	unsigned long long discarded;
	struct slot slots[];
};

int tun_reasm_new(struct tun_reasm **rp, unsigned slots)
{
	struct tun_reasm *r;

	if (!rp)
		return -EINVAL;
	if (!slots)
		slots = 1;
	r = calloc(1, sizeof(*r) + slots * sizeof(r->slots[0]));
	if (!r)
		return -ENOMEM;
	r->nslots = slots;
	*rp = r;
	return 0;
}

static void release(struct slot *s)
{
	free(s->buf);
	memset(s, 0, sizeof(*s));
}

static void discard(struct tun_reasm *r, struct slot *s)
{
	r->discarded += s->pieces;
	release(s);
}

/* Give a datagram up but keep its key until its deadline. */
static void bury(struct tun_reasm *r, struct slot *s)
{
	struct slot dead = *s;

	dead.buf = NULL;
	discard(r, s);
	*s = (struct slot){ .used = true, .dead = true, .net = dead.net,
			    .src = dead.src, .dst = dead.dst, .id = dead.id,
			    .proto = dead.proto, .deadline = dead.deadline };
}

void tun_reasm_free(struct tun_reasm *r)
{
	if (!r)
		return;
	for (unsigned i = 0; i < r->nslots; i++)
		release(&r->slots[i]);
	free(r);
}

unsigned long long tun_reasm_discarded(const struct tun_reasm *r)
{
	return r ? r->discarded : 0;
}

static bool same_datagram(const struct slot *s, const struct tun_packet *pkt)
{
	return s->used && s->net == pkt->net && s->id == pkt->frag_id &&
	       (pkt->net == TUN_NET_IPV6 || s->proto == pkt->proto) &&
	       tun_ip_equal(&s->src, &pkt->src) &&
	       tun_ip_equal(&s->dst, &pkt->dst);
}

/* The datagram's slot: its own, a free one, or the oldest one's. */
static struct slot *find_slot(struct tun_reasm *r, const struct tun_packet *pkt,
			      uint64_t now)
{
	struct slot *free_slot = NULL, *oldest = NULL;

	for (unsigned i = 0; i < r->nslots; i++) {
		struct slot *s = &r->slots[i];

		if (s->used && s->deadline <= now)
			discard(r, s);
		if (same_datagram(s, pkt))
			return s;
		if (!s->used && !free_slot)
			free_slot = s;
		if (s->used && (!oldest || s->deadline < oldest->deadline))
			oldest = s;
	}
	if (!free_slot) {
		discard(r, oldest);
		free_slot = oldest;
	}
	free_slot->buf = malloc(HEAD_MAX + PAYLOAD_MAX);
	if (!free_slot->buf)
		return NULL;
	free_slot->used = true;
	free_slot->net = pkt->net;
	free_slot->src = pkt->src;
	free_slot->dst = pkt->dst;
	free_slot->id = pkt->frag_id;
	free_slot->proto = pkt->net == TUN_NET_IPV4 ? pkt->proto : 0;
	free_slot->deadline = now + REASM_TIMEOUT_MS;
	return free_slot;
}

/* IPv6: the byte that names the fragment header, found by walking the
 * headers the decoder already checked. */
static size_t ipv6_next_at(const uint8_t *p, const struct tun_packet *pkt)
{
	size_t at = pkt->net_offset + 6, pos = pkt->net_offset + 40;

	while (pos < pkt->frag_header) {
		size_t len = p[at] == 51 ? ((size_t)p[pos + 1] + 2) * 4
					 : ((size_t)p[pos + 1] + 1) * 8;

		at = pos;
		pos += len;
	}
	return at;
}

/* The first piece brings the headers the datagram is rebuilt with. */
static int keep_head(struct slot *s, const uint8_t *p,
		     const struct tun_packet *pkt, size_t start)
{
	size_t len = pkt->net == TUN_NET_IPV4 ? start : pkt->frag_header;

	if (len > HEAD_MAX)
		return -EBADMSG;
	memcpy(s->buf + HEAD_MAX - len, p, len);
	s->head_len = len;
	s->net_offset = pkt->net_offset;
	if (pkt->net == TUN_NET_IPV6) {
		s->next_at = ipv6_next_at(p, pkt);
		s->proto = p[pkt->frag_header];
	}
	return 0;
}

/* How many of the 8-byte blocks of a piece are held already. */
static size_t held(const struct slot *s, size_t off, size_t len)
{
	size_t n = 0;

	for (size_t b = off / 8; b < (off + len + 7) / 8; b++)
		n += !!(s->have[b / 8] & (1u << (b % 8)));
	return n;
}

static void mark(struct slot *s, size_t off, size_t len)
{
	for (size_t b = off / 8; b < (off + len + 7) / 8; b++)
		s->have[b / 8] |= (uint8_t)(1u << (b % 8));
}

static bool complete(const struct slot *s)
{
	if (!s->head_len || !s->total)
		return false;
	for (size_t b = 0; b < (s->total + 7) / 8; b++) {
		if (!(s->have[b / 8] & (1u << (b % 8))))
			return false;
	}
	return true;
}

/* Copy one piece into its slot. */
static int add_piece(struct slot *s, const uint8_t *p,
		     const struct tun_packet *pkt)
{
	size_t start = pkt->net == TUN_NET_IPV4
			       ? pkt->net_offset + (size_t)(p[pkt->net_offset] & 15) * 4
			       : pkt->frag_header + 8;
	size_t len = pkt->net_offset + pkt->net_len - start;
	size_t off = pkt->frag_offset;

	if (off + len > PAYLOAD_MAX || (pkt->more_fragments && (len % 8 || !len)))
		return -EBADMSG;
	if (!pkt->more_fragments) {
		if (s->total && s->total != off + len)
			return -EBADMSG; /* two different ends */
		s->total = off + len;
	}
	if (s->total && off + len > s->total)
		return -EBADMSG;
	if (held(s, off, len)) {
		bool duplicate = held(s, off, len) == (len + 7) / 8 &&
				 !memcmp(s->buf + HEAD_MAX + off, p + start, len);

		return duplicate ? 0 : -EBADMSG;
	}
	if (off == 0 && !s->head_len && keep_head(s, p, pkt, start) < 0)
		return -EBADMSG;
	memcpy(s->buf + HEAD_MAX + off, p + start, len);
	mark(s, off, len);
	s->pieces++;
	return 0;
}

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* The whole datagram into @out, its headers saying so. */
static int rebuild(const struct slot *s, uint8_t *out, size_t outsize,
		   size_t *outlen)
{
	size_t n = s->head_len + s->total;
	uint8_t *ip = out + s->net_offset;
	size_t iplen = n - s->net_offset;

	if (n > outsize)
		return -ENOBUFS;
	if (iplen > PAYLOAD_MAX + (s->net == TUN_NET_IPV6 ? 40 : 0))
		return -EBADMSG;
	memcpy(out, s->buf + HEAD_MAX - s->head_len, n);
	if (s->net == TUN_NET_IPV4) {
		put16(ip + 2, (uint32_t)iplen);
		put16(ip + 6, 0); /* no more fragments, offset 0 */
		put16(ip + 10, 0);
		put16(ip + 10, tun_checksum_fold(tun_checksum_add(
				       0, ip, (size_t)(ip[0] & 15) * 4)));
	} else {
		put16(ip + 4, (uint32_t)(iplen - 40));
		out[s->next_at] = s->proto;
	}
	*outlen = n;
	return 1;
}

int tun_reasm_add(struct tun_reasm *r, uint64_t now_ms, const void *data,
		  size_t len, enum tun_mode mode, void *out, size_t outsize,
		  size_t *outlen)
{
	struct tun_packet pkt;
	struct slot *s;
	int ret;

	if (!r || !data || !out || !outlen)
		return -EINVAL;
	*outlen = 0;
	tun_packet_decode(data, len, mode, &pkt);
	if (!(pkt.layers & TUN_LAYER_NET) || !pkt.fragment ||
	    (pkt.net != TUN_NET_IPV4 && pkt.net != TUN_NET_IPV6))
		return 0;
	s = find_slot(r, &pkt, now_ms);
	if (!s) {
		r->discarded++;
		return -ENOMEM;
	}
	if (s->dead) {
		r->discarded++;
		return -EBADMSG;
	}
	ret = add_piece(s, data, &pkt);
	if (ret < 0) {
		s->pieces++;
		bury(r, s);
		return ret;
	}
	if (!complete(s))
		return -EINPROGRESS;
	ret = rebuild(s, out, outsize, outlen);
	if (ret < 0)
		discard(r, s);
	else
		release(s);
	return ret;
}
