// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <stdlib.h>
#include <string.h>

#include "packet_line.h"

/* IPv4, IPv6, ARP and what IP carries, in tcpdump -n's words. */

#define PROTO_IPIP 4
#define PROTO_IPV6 41
#define PROTO_GRE 47
#define PROTO_ESP 50

/* Tunnels in tunnels, errors quoting errors: deep enough for any real
 * packet, shallow enough for the stack whatever the bytes say. */
#define MAX_DEPTH 8

static const struct pl_name icmp_names[] = {
	{ 0, "echo reply" },
	{ 4, "source quench" },
	{ 8, "echo request" },
	{ 10, "router solicitation" },
	{ 13, "time stamp request" },
	{ 14, "time stamp reply" },
	{ 15, "information request" },
	{ 16, "information reply" },
	{ 17, "address mask request" },
	{ 0, NULL },
};

static const struct pl_name icmp6_names[] = {
	{ 1, "destination unreachable" },
	{ 2, "packet too big" },
	{ 3, "time exceeded in-transit" },
	{ 4, "parameter problem" },
	{ 128, "echo request" },
	{ 129, "echo reply" },
	{ 130, "multicast listener query" },
	{ 131, "multicast listener report" },
	{ 132, "multicast listener done" },
	{ 133, "router solicitation" },
	{ 134, "router advertisement" },
	{ 135, "neighbor solicitation" },
	{ 136, "neighbor advertisement" },
	{ 137, "redirect" },
	{ 143, "multicast listener report v2" },
	{ 0, NULL },
};

static const struct pl_name icmp6_unreach_names[] = {
	{ 0, "unreachable route" },
	{ 1, " unreachable prohibited" },
	{ 2, "beyond scope" },
	{ 3, "unreachable address" },
	{ 4, "unreachable port" },
	{ 0, NULL },
};

/* The JSON "proto" value. */
static const struct pl_name proto_keys[] = {
	{ 1, "icmp" }, { 2, "igmp" }, { 4, "ipip" }, { 6, "tcp" },
	{ 17, "udp" }, { 41, "ipv6" }, { 47, "gre" }, { 50, "esp" },
	{ 51, "ah" },  { 58, "icmp6" }, { 132, "sctp" },
	{ 0, NULL },
};

/* What an IP packet holds, past its headers. */
struct l4 {
	const uint8_t *h; /* the transport header */
	size_t len;	  /* bytes of it the IP header promises */
	size_t caplen;	  /* bytes of it there are */
};

static void print_proto_key(struct cli *cli, unsigned proto)
{
	const char *key = pl_lookup(proto_keys, proto);
	char number[8];

	snprintf(number, sizeof(number), "%u", proto);
	print_str(cli, "proto", NULL, key ? key : number);
}

/* The transport checksum at @field: whether it is right, what it is and
 * what it should be (tcpdump -v's "incorrect -> 0x1234"). False when the
 * packet is cut or a fragment, and there is nothing to check. */
static bool transport_sum(const struct tun_packet *pkt, const struct l4 *t,
			  size_t field, bool *ok, uint16_t *have, uint16_t *want)
{
	uint32_t sum = 0;

	if (t->caplen < t->len || t->len < field + 2 || pkt->fragment)
		return false;
	if (pkt->proto != TUN_PROTO_ICMP)
		sum = tun_checksum_pseudo(&pkt->src, &pkt->dst, pkt->proto,
					  (uint32_t)t->len);
	sum = tun_checksum_add(sum, t->h, t->len);
	*have = pl_get16(t->h + field);
	*ok = tun_checksum_fold(sum) == 0;
	*want = tun_checksum_fold(sum + (uint16_t)~*have);
	return true;
}

/* "[udp sum ok] " or "[bad udp cksum 0x1234 -> 0x5678!] " */
static void print_sum_state(struct cli *cli, const struct tun_packet *pkt,
			    const struct l4 *t, size_t field, const char *what)
{
	uint16_t have, want;
	bool ok;

	if (!transport_sum(pkt, t, field, &ok, &have, &want))
		return;
	print_bool(cli, "checksum_ok", NULL, ok);
	if (ok)
		print_text(cli, "[%s sum ok] ", what);
	else
		print_text(cli, "[bad %s cksum 0x%04x -> 0x%04x!] ", what, have,
			   want);
}

/* ---- ICMP ------------------------------------------------------------------ */

/* The packet an ICMP error quotes: its destination, protocol and port. */
struct quoted {
	bool ok, v6;
	const uint8_t *dst;
	unsigned proto, dport;
	bool has_port;
};

static struct quoted quoted_packet(const uint8_t *q, size_t n)
{
	struct quoted o = { 0 };

	if (n >= 20 && q[0] >> 4 == 4) {
		size_t hlen = (size_t)(q[0] & 15) * 4;

		o.ok = true;
		o.dst = q + 16;
		o.proto = q[9];
		o.has_port = n >= hlen + 4;
		if (o.has_port)
			o.dport = pl_get16(q + hlen + 2);
	} else if (n >= 40 && q[0] >> 4 == 6) {
		o.ok = o.v6 = true;
		o.dst = q + 24;
		o.proto = q[6];
		o.has_port = n >= 44;
		if (o.has_port)
			o.dport = pl_get16(q + 42);
	}
	return o;
}

/* The bytes after an ICMP error's 8-byte header. */
static struct quoted quoted_of(const struct l4 *t)
{
	struct quoted none = { 0 };

	return t->caplen > 8 ? quoted_packet(t->h + 8, t->caplen - 8) : none;
}

static void print_unreach(struct cli *cli, const struct l4 *t)
{
	struct quoted q = quoted_of(t);
	unsigned code = t->h[1];

	if (!q.ok) {
		print_text(cli, "[|icmp]");
		return;
	}
	switch (code) {
	case 0:
		pl_print_addr(cli, "unreachable", "net %s unreachable", q.dst, q.v6);
		return;
	case 1:
		pl_print_addr(cli, "unreachable", "host %s unreachable", q.dst, q.v6);
		return;
	case 2:
		pl_print_addr(cli, "unreachable", "%s", q.dst, q.v6);
		print_text(cli, " protocol %u unreachable", q.proto);
		return;
	case 3:
		pl_print_addr(cli, "unreachable", "%s", q.dst, q.v6);
		if (q.proto == 6 || q.proto == 17)
			print_uint(cli, "unreachable_port", q.proto == 6
					? " tcp port %llu unreachable"
					: " udp port %llu unreachable", q.dport);
		else
			print_text(cli, " protocol %u port %u unreachable",
				   q.proto, q.dport);
		return;
	case 4:
		pl_print_addr(cli, "unreachable", "%s unreachable - need to frag",
			      q.dst, q.v6);
		if (pl_get16(t->h + 6))
			print_uint(cli, "mtu", " (mtu %llu)", pl_get16(t->h + 6));
		return;
	}
	pl_print_addr(cli, "unreachable", "%s", q.dst, q.v6);
	print_text(cli, " unreachable - #%u", code);
}

static void print_quoted(struct dp_printer *pr, const uint8_t *q, size_t n);

static void print_icmp(struct dp_printer *pr, const struct tun_packet *pkt,
		       const struct l4 *t)
{
	struct cli *cli = pr->cli;
	uint16_t have, want;
	const char *name;
	bool ok;

	print_uint(cli, "icmp_type", NULL, pkt->icmp_type);
	print_uint(cli, "icmp_code", NULL, pkt->icmp_code);
	print_text(cli, "ICMP ");
	switch (pkt->icmp_type) {
	case 0:
	case 8:
		print_str(cli, "icmp", "%s", pl_lookup(icmp_names, pkt->icmp_type));
		print_uint(cli, "id", ", id %llu", pkt->icmp_id);
		print_uint(cli, "seq", ", seq %llu", pkt->icmp_seq);
		break;
	case 3:
		print_str(cli, "icmp", NULL, "destination unreachable");
		print_unreach(cli, t);
		break;
	case 11:
		name = pkt->icmp_code == 0 ? "time exceeded in-transit"
		       : pkt->icmp_code == 1 ? "ip reassembly time exceeded"
					     : NULL;
		if (name)
			print_str(cli, "icmp", "%s", name);
		else
			print_text(cli, "time exceeded-#%u", pkt->icmp_code);
		break;
	default:
		name = pl_lookup(icmp_names, pkt->icmp_type);
		if (name)
			print_str(cli, "icmp", "%s", name);
		else
			print_text(cli, "type-#%u", pkt->icmp_type);
	}
	print_uint(cli, "length", ", length %llu", t->len);
	if (!pr->verbose)
		return;
	if (transport_sum(pkt, t, 2, &ok, &have, &want)) {
		print_bool(cli, "checksum_ok", NULL, ok);
		if (!ok)
			print_text(cli, " (wrong icmp cksum %x (->%x)!)", have,
				   want);
	}
	/* An error: the packet it quotes, as tcpdump -v shows it. */
	if (pkt->icmp_type == 3 || pkt->icmp_type == 4 || pkt->icmp_type == 5 ||
	    pkt->icmp_type == 11 || pkt->icmp_type == 12)
		print_quoted(pr, t->h + 8, t->caplen > 8 ? t->caplen - 8 : 0);
}

static void print_icmp6_unreach(struct cli *cli, const struct l4 *t)
{
	struct quoted q = quoted_of(t);
	unsigned code = t->h[1];
	const char *name = pl_lookup(icmp6_unreach_names, code);

	if (name)
		print_text(cli, ", %s", name);
	else
		print_text(cli, ", unknown unreach code (%u)", code);
	if (!q.ok)
		return;
	switch (code) {
	case 0:
	case 1:
	case 3:
		pl_print_addr(cli, "unreachable", " %s", q.dst, q.v6);
		break;
	case 4:
		pl_print_addr(cli, "unreachable", ", %s", q.dst, q.v6);
		if (q.proto == 6 || q.proto == 17)
			print_uint(cli, "unreachable_port",
				   q.proto == 6 ? " tcp port %llu" : " udp port %llu",
				   q.dport);
		else
			print_text(cli, " protocol %u port %u unreachable",
				   q.proto, q.dport);
		break;
	}
}

static void print_icmp6(struct cli *cli, const struct tun_packet *pkt,
			const struct l4 *t, int verbose)
{
	const char *name = pl_lookup(icmp6_names, pkt->icmp_type);
	unsigned type = pkt->icmp_type;

	print_uint(cli, "icmp_type", NULL, type);
	print_uint(cli, "icmp_code", NULL, pkt->icmp_code);
	print_text(cli, "ICMP6, ");
	if (name)
		print_str(cli, "icmp", "%s", name);
	else
		print_text(cli, "unknown icmp6 type (%u)", type);
	if (verbose && (type == 133 || type == 134 || type == 135 ||
			type == 136 || type == 137))
		print_uint(cli, "length", ", length %llu", t->len);
	switch (type) {
	case 1:
		print_icmp6_unreach(cli, t);
		break;
	case 2:
		if (t->caplen >= 8)
			print_uint(cli, "mtu", ", mtu %llu", pl_get32(t->h + 4));
		break;
	case 3:
		if (pkt->icmp_code == 0 && t->caplen >= 8 + 40)
			pl_print_addr(cli, "for", " for %s", t->h + 8 + 24, true);
		else if (pkt->icmp_code == 1)
			print_text(cli, " (reassembly)");
		break;
	case 128:
	case 129:
		print_uint(cli, "id", ", id %llu", pkt->icmp_id);
		print_uint(cli, "seq", ", seq %llu", pkt->icmp_seq);
		break;
	case 135:
		pl_print_ip(cli, "target", ", who has %s", &pkt->nd_target);
		break;
	case 136:
		pl_print_ip(cli, "target", ", tgt is %s", &pkt->nd_target);
		if (verbose && t->caplen >= 8) {
			static const char *const names[] = { "router",
							     "solicited",
							     "override" };
			const char *sep = "";

			print_text(cli, ", Flags [");
			for (int i = 0; i < 3; i++) {
				if (t->h[4] & (0x80 >> i)) {
					print_text(cli, "%s%s", sep, names[i]);
					sep = ", ";
				}
			}
			print_text(cli, "%s]", sep[0] ? "" : "none");
		}
		break;
	case 143:
		if (t->caplen >= 8)
			print_uint(cli, "records", ", %llu group record(s)",
				   pl_get16(t->h + 6));
		break;
	}
	if (!verbose)
		print_uint(cli, "length", ", length %llu", t->len);
}

/* ---- TCP --------------------------------------------------------------- */

/* One connection, both directions: tcpdump's table, so that sequence
 * numbers come out relative to the same first packet as in tcpdump. */
struct pl_tcp_flow {
	struct pl_tcp_flow *next;
	uint8_t v6;
	uint8_t src[16], dst[16];
	uint32_t ports;
	uint32_t seq, ack;
};

#define TCP_FLOWS 1024

void pl_tcp_flows_free(struct dp_printer *pr)
{
	if (!pr->flows)
		return;
	for (size_t i = 0; i < TCP_FLOWS; i++) {
		while (pr->flows[i]) {
			struct pl_tcp_flow *f = pr->flows[i];

			pr->flows[i] = f->next;
			free(f);
		}
	}
	free(pr->flows);
	pr->flows = NULL;
}

/* Makes @seq and @ack relative; *@thseq and *@thack are the bases, for the
 * SACK blocks. */
static bool tcp_relative(struct dp_printer *pr, const struct tun_packet *pkt,
			 uint32_t *seq, uint32_t *ack, uint32_t *thseq,
			 uint32_t *thack)
{
	struct pl_tcp_flow key = { 0 }, **slot, *f;
	size_t alen = pkt->src.family == TUN_INET6 ? 16 : 4;
	int cmp = memcmp(pkt->src.bytes, pkt->dst.bytes, alen);
	bool rev = pkt->sport > pkt->dport ||
		   (pkt->sport == pkt->dport && cmp > 0);

	if (!pr->flows && !(pr->flows = calloc(TCP_FLOWS, sizeof(*pr->flows))))
		return rev;
	key.v6 = alen == 16;
	memcpy(key.src, rev ? pkt->dst.bytes : pkt->src.bytes, alen);
	memcpy(key.dst, rev ? pkt->src.bytes : pkt->dst.bytes, alen);
	key.ports = rev ? (uint32_t)pkt->dport << 16 | pkt->sport
			: (uint32_t)pkt->sport << 16 | pkt->dport;
	slot = &pr->flows[key.ports % TCP_FLOWS];
	for (f = *slot; f; f = f->next) {
		if (f->v6 == key.v6 && f->ports == key.ports &&
		    !memcmp(f->src, key.src, 16) && !memcmp(f->dst, key.dst, 16))
			break;
	}
	if (!f || (pkt->tcp_flags & TUN_TCP_SYN)) {
		if (!f) {
			f = malloc(sizeof(*f));
			if (!f)
				return rev;
			*f = key;
			f->next = *slot;
			*slot = f;
		}
		f->seq = rev ? *ack - 1 : *seq;
		f->ack = rev ? *seq : *ack - 1;
	} else {
		*seq -= rev ? f->ack : f->seq;
		*ack -= rev ? f->seq : f->ack;
	}
	*thseq = f->seq;
	*thack = f->ack;
	return rev;
}

static const struct pl_name tcp_option_names[] = {
	{ 0, "eol" },	   { 1, "nop" },       { 2, "mss" },   { 3, "wscale" },
	{ 4, "sackOK" },   { 5, "sack" },      { 8, "TS" },    { 19, "md5" },
	{ 28, "uto" },	   { 29, "tcp-ao" },   { 30, "mptcp" }, { 34, "tfo" },
	{ 0, NULL },
};

/* One option's value, after its name, appended to @buf. */
static void tcp_option_value(char *buf, size_t size, unsigned opt,
			     const uint8_t *v, size_t n, bool rev,
			     uint32_t thseq, uint32_t thack)
{
	size_t len = strlen(buf);

#define ADD(...) (len += (size_t)snprintf(buf + len, len < size ? size - len : 0, __VA_ARGS__))
	switch (opt) {
	case 2:
		if (n >= 2)
			ADD(" %u", pl_get16(v));
		return;
	case 3:
		if (n >= 1)
			ADD(" %u", v[0]);
		return;
	case 8:
		if (n >= 8)
			ADD(" val %u ecr %u", pl_get32(v), pl_get32(v + 4));
		return;
	case 5:
		if (n % 8) {
			ADD(" invalid sack");
			return;
		}
		ADD(" %u ", (unsigned)(n / 8));
		for (size_t i = 0; i + 8 <= n; i += 8) {
			uint32_t base = rev ? thseq : thack;

			ADD("{%u:%u}", pl_get32(v + i) - base,
			    pl_get32(v + i + 4) - base);
		}
		return;
	case 0:
	case 1:
	case 4:
		return;
	}
	if (n)
		ADD(" 0x");
	for (size_t i = 0; i < n; i++)
		ADD("%02x", v[i]);
#undef ADD
}

/* ", options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7]"; in JSON an
 * array of the same texts. */
static void print_tcp_options(struct cli *cli, const uint8_t *o, size_t n,
			      bool rev, uint32_t thseq, uint32_t thack)
{
	size_t i = 0;

	print_open(cli, "options", '[');
	print_text(cli, ", options [");
	while (i < n) {
		unsigned opt = o[i], len = 1;
		const char *name = pl_lookup(tcp_option_names, opt);
		char text[160];

		if (i)
			print_text(cli, ",");
		if (opt > 1) {
			if (i + 1 >= n || o[i + 1] < 2 || o[i + 1] > n - i) {
				snprintf(text, sizeof(text), "%s[bad opt]",
					 name ? name : "");
				print_str(cli, NULL, "%s", text);
				break;
			}
			len = o[i + 1];
		}
		if (name)
			snprintf(text, sizeof(text), "%s", name);
		else
			snprintf(text, sizeof(text), "unknown-%u", opt);
		if (opt > 1)
			tcp_option_value(text, sizeof(text), opt, o + i + 2,
					 len - 2, rev, thseq, thack);
		print_str(cli, NULL, "%s", text);
		i += len;
		if (opt == 0)
			break;
	}
	print_text(cli, "]");
	print_close(cli, '[');
}

static void print_tcp_sum(struct cli *cli, const struct tun_packet *pkt,
			  const struct l4 *t)
{
	uint16_t have, want;
	bool ok;

	if (!transport_sum(pkt, t, 16, &ok, &have, &want))
		return;
	print_bool(cli, "checksum_ok", NULL, ok);
	print_text(cli, ", cksum 0x%04x", have);
	if (ok)
		print_text(cli, " (correct)");
	else
		print_text(cli, " (incorrect -> 0x%04x)", want);
}

static void print_tcp(struct dp_printer *pr, const struct tun_packet *pkt,
		      const struct l4 *t)
{
	/* tcpdump's letters and order; '.' is ACK. */
	static const char letters[] = "FSRP.UEW";
	struct cli *cli = pr->cli;
	size_t hlen = (size_t)(t->h[12] >> 4) * 4, length = t->len - hlen;
	uint32_t seq = pkt->tcp_seq, ack = pkt->tcp_ack, thseq = 0, thack = 0;
	unsigned flags = pkt->tcp_flags;
	bool rev = false;
	char text[9];
	size_t n = 0;

	for (int bit = 0; bit < 8; bit++) {
		if (flags & (1u << bit))
			text[n++] = letters[bit];
	}
	text[n] = '\0';
	print_str(cli, "flags", "Flags [%s]", n ? text : "none");
	if (pr->verbose)
		print_tcp_sum(cli, pkt, t);
	if (pr->relative && (flags & TUN_TCP_ACK))
		rev = tcp_relative(pr, pkt, &seq, &ack, &thseq, &thack);
	if (pr->verbose > 1 || length ||
	    (flags & (TUN_TCP_SYN | TUN_TCP_FIN | TUN_TCP_RST))) {
		print_uint(cli, "seq", ", seq %llu", seq);
		if (length)
			print_uint(cli, "seq_end", ":%llu", (uint32_t)(seq + length));
	}
	if (flags & TUN_TCP_ACK)
		print_uint(cli, "ack", ", ack %llu", ack);
	print_uint(cli, "win", ", win %llu", pkt->tcp_win);
	if (flags & TUN_TCP_URG)
		print_uint(cli, "urg", ", urg %llu", pl_get16(t->h + 18));
	if (hlen > 20)
		print_tcp_options(cli, t->h + 20, hlen - 20, rev, thseq, thack);
	print_uint(cli, "length", ", length %llu", length);
}

/* ---- UDP --------------------------------------------------------------- */

static const struct pl_name dhcp6_names[] = {
	{ 1, "solicit" },  { 2, "advertise" },	{ 3, "request" },
	{ 4, "confirm" },  { 5, "renew" },	{ 6, "rebind" },
	{ 7, "reply" },	   { 8, "release" },	{ 9, "decline" },
	{ 10, "reconfigure" }, { 11, "inf-req" }, { 12, "relay-fwd" },
	{ 13, "relay-reply" }, { 14, "leasequery" }, { 15, "leasequery-reply" },
	{ 0, NULL },
};

/* "BOOTP/DHCP, Request from 02:00:00:00:00:01, length 300" (the summary;
 * tcpdump -v lists the options too). */
static void print_bootp(struct cli *cli, const uint8_t *b, size_t n,
			size_t length, bool verbose)
{
	char mac[18];

	print_str(cli, "app", NULL, "dhcp");
	if (n < 1) {
		print_text(cli, "BOOTP/DHCP [|bootp]");
		return;
	}
	print_uint(cli, "bootp_op", NULL, b[0]);
	if (b[0] == 1 || b[0] == 2)
		print_text(cli, "BOOTP/DHCP, %s", b[0] == 1 ? "Request" : "Reply");
	else
		print_text(cli, "BOOTP/DHCP, unknown (0x%02x)", b[0]);
	if (n >= 34 && b[1] == 1 && b[2] == 6 && b[0] == 1)
		print_str(cli, "client_mac", " from %s", pl_mac_text(b + 28, mac));
	print_uint(cli, "length", ", length %llu", length);
	if (!verbose || n < 12)
		return;
	if (b[3])
		print_text(cli, ", hops %u", b[3]);
	print_uint(cli, "xid", ", xid 0x%llx", pl_get32(b + 4));
	if (pl_get16(b + 8))
		print_text(cli, ", secs %u", pl_get16(b + 8));
	print_text(cli, ", Flags [%s]", pl_get16(b + 10) & 0x8000 ? "Broadcast"
								  : "none");
	if (pl_get16(b + 10) & 0x7fff)
		print_text(cli, " (0x%04x)", pl_get16(b + 10));
}

/* "dhcp6 solicit" */
static void print_dhcp6(struct cli *cli, const uint8_t *d, size_t n)
{
	const char *name = n ? pl_lookup(dhcp6_names, d[0]) : NULL;

	print_str(cli, "app", NULL, "dhcp6");
	if (!n) {
		print_text(cli, "dhcp6 [|dhcp6]");
		return;
	}
	if (name)
		print_str(cli, "dhcp6", "dhcp6 %s", name);
	else
		print_text(cli, "dhcp6 msgtype-%u", d[0]);
}

static void print_udp(struct cli *cli, const struct tun_packet *pkt,
		      const struct l4 *t, bool verbose)
{
	size_t length = t->len >= 8 ? t->len - 8 : 0;

	if (pkt->sport == 53 || pkt->dport == 53) {
		print_uint(cli, "length", NULL, length);
		print_str(cli, "app", NULL, "dns");
		pl_print_dns(cli, t->h + 8, length,
			     t->caplen >= 8 ? t->caplen - 8 : 0, verbose);
		return;
	}
	if (pkt->sport == 67 || pkt->dport == 67 || pkt->sport == 68 ||
	    pkt->dport == 68) {
		print_bootp(cli, t->h + 8, t->caplen >= 8 ? t->caplen - 8 : 0,
			    length, verbose);
		return;
	}
	if (pkt->sport == 546 || pkt->dport == 546 || pkt->sport == 547 ||
	    pkt->dport == 547) {
		print_uint(cli, "length", NULL, length);
		print_dhcp6(cli, t->h + 8, t->caplen >= 8 ? t->caplen - 8 : 0);
		return;
	}
	print_uint(cli, "length", "UDP, length %llu", length);
}

/* ---- IP ------------------------------------------------------------------ */

static void print_ipv4_verbose(struct cli *cli, const uint8_t *ip,
			       const struct tun_packet *pkt)
{
	static const char *const frag_flags[] = {
		"none", "+", "DF", "DF+", "rsvd", "rsvd+", "rsvd DF", "rsvd DF+",
	};
	const char *proto = pl_lookup(pl_ipproto_names, pkt->proto);
	size_t hlen = (size_t)(ip[0] & 15) * 4;
	unsigned off = pl_get16(ip + 6);

	print_uint(cli, "tos", "(tos 0x%llx", ip[1]);
	if ((ip[1] & 3) == 1)
		print_text(cli, ",ECT(1)");
	else if ((ip[1] & 3) == 2)
		print_text(cli, ",ECT(0)");
	else if ((ip[1] & 3) == 3)
		print_text(cli, ",CE");
	if (ip[8])
		print_text(cli, ", ttl %u", ip[8]);
	print_uint(cli, "id", ", id %llu", pkt->ip_id);
	print_uint(cli, "frag_offset", ", offset %llu", (off & 0x1fff) * 8u);
	print_str(cli, "ip_flags", ", flags [%s]", frag_flags[off >> 13]);
	print_text(cli, ", proto %s (%u)", proto ? proto : "unknown",
		   pkt->proto);
	print_uint(cli, "ip_len", ", length %llu", pl_get16(ip + 2));
	if (hlen > 20)
		print_text(cli, ", options (...)");
	if (tun_checksum_fold(tun_checksum_add(0, ip, hlen)) != 0)
		print_text(cli, ", bad cksum %x!", pl_get16(ip + 10));
	print_bool(cli, "ip_checksum_ok", NULL,
		   tun_checksum_fold(tun_checksum_add(0, ip, hlen)) == 0);
	print_text(cli, ")\n    ");
}

static void print_ipv6_verbose(struct cli *cli, const uint8_t *ip,
			       const struct tun_packet *pkt)
{
	uint32_t flow = pl_get32(ip);
	const char *proto = pl_lookup(pl_ipproto_names, ip[6]);

	print_text(cli, "(");
	if (flow & 0x0ff00000)
		print_uint(cli, "class", "class 0x%02llx, ",
			   (flow & 0x0ff00000) >> 20);
	if (flow & 0x000fffff)
		print_uint(cli, "flowlabel", "flowlabel 0x%05llx, ",
			   flow & 0x000fffff);
	print_uint(cli, "hlim", "hlim %llu", ip[7]);
	print_text(cli, ", next-header %s (%u) payload length: %u) ",
		   proto ? proto : "unknown", ip[6], pl_get16(ip + 4));
	(void)pkt;
}

static void print_ip(struct dp_printer *pr, const struct pl_frame *f);
static void print_arp(struct cli *cli, const struct pl_frame *f,
		      bool verbose);

/* What a tunnel carries, printed as a packet of its own after the outer
 * summary. */
static void print_inner(struct dp_printer *pr, const uint8_t *d, size_t n,
			enum dp_link link)
{
	struct dp_packet p = { 0 };
	struct pl_frame f;

	if (pr->depth >= MAX_DEPTH) {
		print_text(pr->cli, "[|tunnel]");
		return;
	}
	p.data = d;
	p.caplen = p.len = n;
	p.link = link;
	pl_decode(&p, &f);
	/* With -e, tcpdump names no IP packet by its family. */
	f.named = pr->link && link == DP_LINK_RAW;
	print_open(pr->cli, "inner", '{');
	pr->depth++;
	pl_print_frame(pr, &f);
	pr->depth--;
	print_close(pr->cli, '{');
}

/* GRE version 0 (RFC 2784, 2890): "GREv0, key=0x5, length 92: IP ..." */
static void print_gre(struct dp_printer *pr, const struct l4 *t)
{
	struct cli *cli = pr->cli;
	const uint8_t *h = t->h;
	size_t off = 4;
	unsigned flags, proto;

	if (t->caplen < 4) {
		print_text(cli, "GRE [|gre]");
		return;
	}
	flags = pl_get16(h);
	proto = pl_get16(h + 2);
	print_uint(cli, "gre_version", "GREv%llu", flags & 7);
	if ((flags & 7) != 0) {
		print_uint(cli, "length", ", length %llu", t->len);
		return;
	}
	if (pr->verbose) {
		static const char *const names[] = {
			"checksum present", "routing present", "key present",
			"sequence# present", "source route",
		};
		const char *sep = "";

		print_text(cli, ", Flags [");
		for (int i = 0; i < 5; i++) {
			if (flags & (0x8000 >> i)) {
				print_text(cli, "%s%s", sep, names[i]);
				sep = ", ";
			}
		}
		print_text(cli, "%s]", sep[0] ? "" : "none");
	}
	if (flags & 0xc000) {
		if (t->caplen < off + 4)
			return;
		if (pr->verbose)
			print_text(cli, ", sum 0x%x", pl_get16(h + off));
		print_text(cli, ", off 0x%x", pl_get16(h + off + 2));
		off += 4;
	}
	if (flags & 0x2000) {
		if (t->caplen < off + 4)
			return;
		print_uint(cli, "gre_key", ", key=0x%llx", pl_get32(h + off));
		off += 4;
	}
	if (flags & 0x1000) {
		if (t->caplen < off + 4)
			return;
		print_uint(cli, "gre_seq", ", seq %llu", pl_get32(h + off));
		off += 4;
	}
	print_uint(cli, "gre_proto", NULL, proto);
	if (pr->link)
		print_text(cli, ", proto %s (0x%04x)",
			   proto == 0x0800 ? "IPv4" : proto == 0x86dd ? "IPv6"
			   : proto == 0x6558 ? "TEB"
					     : "unknown", proto);
	print_uint(cli, "length", ", length %llu", t->len);
	print_text(cli, pr->verbose ? "\n\t" : ": ");
	if (proto == 0x0800 || proto == 0x86dd || proto == 0)
		print_inner(pr, h + off, t->caplen - off, DP_LINK_RAW);
	else if (proto == 0x6558)
		print_inner(pr, h + off, t->caplen - off, DP_LINK_ETHERNET);
	else
		print_text(cli, "gre-proto-0x%x", proto);
}

static void print_transport(struct dp_printer *pr, const struct pl_frame *f,
			    const struct l4 *t)
{
	struct cli *cli = pr->cli;
	const struct tun_packet *pkt = &f->pkt;

	print_proto_key(cli, pkt->proto);
	if (pkt->frag_offset) {
		/* IPv6 said "frag (1448|60)" already. */
		print_uint(cli, "frag_offset", NULL, pkt->frag_offset);
		if (pkt->net == TUN_NET_IPV4)
			print_text(cli, "ip-proto-%u", pkt->proto);
		return;
	}
	switch (pkt->proto) {
	case PROTO_IPIP:
	case PROTO_IPV6:
		print_inner(pr, t->h, t->caplen, DP_LINK_RAW);
		return;
	case PROTO_GRE:
		print_gre(pr, t);
		return;
	case PROTO_ESP:
		if (t->caplen < 8)
			break;
		print_uint(cli, "spi", "ESP(spi=0x%08llx", pl_get32(t->h));
		print_uint(cli, "esp_seq", ",seq=0x%llx)", pl_get32(t->h + 4));
		print_uint(cli, "length", ", length %llu", t->len);
		return;
	}
	if (!(pkt->layers & TUN_LAYER_TRANSPORT)) {
		print_uint(cli, "length", NULL, t->len);
		print_text(cli, "ip-proto-%u %u", pkt->proto, (unsigned)t->len);
		return;
	}
	/* tcpdump -v checks UDP over IPv4 only with -vv. */
	if (pr->verbose && pkt->proto == TUN_PROTO_UDP && pkt->net == TUN_NET_IPV6)
		print_sum_state(cli, pkt, t, 6, "udp");
	if (pr->verbose && pkt->proto == TUN_PROTO_ICMPV6)
		print_sum_state(cli, pkt, t, 2, "icmp6");
	switch (pkt->proto) {
	case TUN_PROTO_ICMP:
		print_icmp(pr, pkt, t);
		break;
	case TUN_PROTO_ICMPV6:
		print_icmp6(cli, pkt, t, pr->verbose);
		break;
	case TUN_PROTO_TCP:
		print_tcp(pr, pkt, t);
		break;
	case TUN_PROTO_UDP:
		print_udp(cli, pkt, t, pr->verbose);
		break;
	}
}

/* IPv6 extension headers before the transport, as tcpdump names them:
 * "HBH ", "frag (0|1448) ". */
/* Hop-by-hop options with -v: "(rtalert: 0x0000) (padn) " */
static void print_ipv6_options(struct cli *cli, const uint8_t *h, size_t len)
{
	for (size_t i = 2; i < len;) {
		unsigned type = h[i], olen = type ? (i + 1 < len ? h[i + 1] + 2u : 2u) : 1u;

		if (type == 0)
			print_text(cli, "(pad1)");
		else if (type == 1)
			print_text(cli, "(padn)");
		else if (type == 5 && olen == 4 && i + 4 <= len)
			print_text(cli, "(rtalert: 0x%04x) ", pl_get16(h + i + 2));
		else
			print_text(cli, "(unknown opt-type 0x%02x len=%u)", type,
				   olen - 2);
		i += olen;
	}
	print_text(cli, " ");
}

static void print_ipv6_exts(struct cli *cli, const struct pl_frame *f,
			    bool verbose)
{
	const struct tun_packet *pkt = &f->pkt;
	const uint8_t *ip = f->bytes + pkt->net_offset;
	size_t off = 40, end = pkt->transport_offset - pkt->net_offset;
	unsigned next = ip[6];

	while (off < end) {
		const uint8_t *h = ip + off;

		if (next == 0 || next == 60) {
			print_text(cli, next ? "DSTOPT " : "HBH ");
			if (verbose)
				print_ipv6_options(cli, h, ((size_t)h[1] + 1) * 8);
		} else if (next == 44) {
			print_text(cli, "frag (");
			if (verbose)
				print_text(cli, "0x%08x:", pl_get32(h + 4));
			/* Nothing follows a later fragment's. */
			print_text(cli, "%u|%u)%s", pl_get16(h + 2) & 0xfff8,
				   (unsigned)(pkt->net_len - off - 8),
				   pl_get16(h + 2) & 0xfff8 ? "" : " ");
			next = h[0];
			off += 8;
			continue;
		} else if (next == 43) {
			print_text(cli, "srcrt ");
		}
		off += next == 51 ? ((size_t)h[1] + 2) * 4 : ((size_t)h[1] + 1) * 8;
		next = h[0];
	}
}

static void print_ip(struct dp_printer *pr, const struct pl_frame *f)
{
	struct cli *cli = pr->cli;
	const struct tun_packet *pkt = &f->pkt;
	const uint8_t *ip = f->ip ? f->ip : f->bytes + pkt->net_offset;
	bool v4 = pkt->net == TUN_NET_IPV4;
	bool ports = (pkt->layers & TUN_LAYER_TRANSPORT) && !pkt->frag_offset &&
		     (pkt->proto == TUN_PROTO_TCP || pkt->proto == TUN_PROTO_UDP);
	struct l4 t = {
		f->bytes + pkt->transport_offset,
		pkt->net_offset + pkt->net_len - pkt->transport_offset,
		f->p->caplen - f->offset - pkt->transport_offset,
	};

	if (t.caplen > t.len)
		t.caplen = t.len;
	if (f->ip_total > pkt->net_len)
		t.len += f->ip_total - pkt->net_len;
	print_str(cli, "family", NULL, v4 ? "inet" : "inet6");
	if (!f->named)
		print_text(cli, v4 ? "IP " : "IP6 ");
	if (pr->verbose)
		(v4 ? print_ipv4_verbose : print_ipv6_verbose)(cli, ip, pkt);
	pl_print_ip(cli, "src", "%s", &pkt->src);
	if (ports)
		print_uint(cli, "sport", ".%llu", pkt->sport);
	pl_print_ip(cli, "dst", " > %s", &pkt->dst);
	if (ports)
		print_uint(cli, "dport", ".%llu", pkt->dport);
	print_uint(cli, "ttl", NULL, pkt->ttl);
	print_text(cli, ": ");
	if (!v4)
		print_ipv6_exts(cli, f, pr->verbose);
	print_transport(pr, f, &t);
}

static void print_arp(struct cli *cli, const struct pl_frame *f,
		      bool verbose)
{
	const struct tun_packet *pkt = &f->pkt;
	char mac[18];

	print_str(cli, "family", f->named ? NULL : "ARP, ", "arp");
	if (verbose)
		print_text(cli, "Ethernet (len 6), IPv4 (len 4), ");
	pl_print_mac(cli, "sender_mac", NULL, pkt->arp_sha);
	pl_print_mac(cli, "target_mac", NULL, pkt->arp_tha);
	if (pkt->arp_op == 1) {
		print_str(cli, "arp_op", "Request", "request");
		pl_print_ip(cli, "dst", " who-has %s", &pkt->dst);
		pl_print_ip(cli, "src", " tell %s", &pkt->src);
	} else if (pkt->arp_op == 2) {
		print_str(cli, "arp_op", "Reply", "reply");
		pl_print_ip(cli, "src", " %s", &pkt->src);
		print_text(cli, " is-at %s", pl_mac_text(pkt->arp_sha, mac));
		pl_print_ip(cli, "dst", NULL, &pkt->dst);
	} else {
		snprintf(mac, sizeof(mac), "%u", pkt->arp_op);
		print_str(cli, "arp_op", "op %s", mac);
		pl_print_ip(cli, "src", " %s", &pkt->src);
		pl_print_ip(cli, "dst", " > %s", &pkt->dst);
	}
	print_uint(cli, "length", ", length %llu", pkt->net_len);
}

/* What the decoder could not read, in tunctl's words: tcpdump's would be
 * "[|tcp]" and the like, with less said. */
static void print_undecoded(struct cli *cli, const struct pl_frame *f)
{
	const struct tun_packet *pkt = &f->pkt;
	size_t length = f->p->len - f->offset;

	if (pkt->net == TUN_NET_IPV4 || pkt->net == TUN_NET_IPV6)
		print_str(cli, "family", f->named ? NULL : pkt->net == TUN_NET_IPV4
						    ? "IP" : "IP6",
			  pkt->net == TUN_NET_IPV4 ? "inet" : "inet6");
	else if (pkt->net == TUN_NET_ARP)
		print_str(cli, "family", f->named ? NULL : "ARP", "arp");
	else if (pkt->net == TUN_NET_OTHER && f->link == DP_LINK_ETHERNET)
		print_text(cli, "ethertype 0x%04x", pkt->ethertype);
	else
		print_text(cli, "packet");
	if (pkt->layers & TUN_LAYER_ETH)
		length -= pkt->net_offset;
	print_uint(cli, "length", ", length %llu", length);
	if (pkt->error)
		print_str(cli, "error", " [malformed: %s]", pkt->error);
}

/* The packet an ICMP error quotes, on a line of its own as tcpdump -v
 * prints it. It is usually cut short: the decoder is given a copy whose
 * IPv4 length says so, and the lengths printed are the original's. */
static void print_quoted(struct dp_printer *pr, const uint8_t *q, size_t n)
{
	struct dp_packet p = { 0 };
	struct pl_frame f;
	uint8_t *copy;
	size_t total;

	if (n < 20 || q[0] >> 4 != 4 || (size_t)(q[0] & 15) * 4 > n ||
	    pr->depth >= MAX_DEPTH)
		return;
	total = pl_get16(q + 2);
	copy = malloc(n);
	if (!copy)
		return;
	memcpy(copy, q, n);
	if (total > n) {
		copy[2] = (uint8_t)(n >> 8);
		copy[3] = (uint8_t)n;
	}
	p.data = copy;
	p.caplen = p.len = n;
	p.link = DP_LINK_RAW;
	pl_decode(&p, &f);
	f.ip = q;
	f.ip_total = total;
	f.named = pr->link;
	if ((f.pkt.layers & TUN_LAYER_NET) && !f.pkt.error) {
		print_open(pr->cli, "quoted", '{');
		print_text(pr->cli, "\n\t");
		pr->depth++;
		print_ip(pr, &f);
		pr->depth--;
		print_close(pr->cli, '{');
	}
	free(copy);
}

void pl_print_network(struct dp_printer *pr, const struct pl_frame *f)
{
	const struct tun_packet *pkt = &f->pkt;

	if (f->decoded && (pkt->layers & TUN_LAYER_NET) && !pkt->error) {
		if (pkt->net == TUN_NET_ARP)
			print_arp(pr->cli, f, pr->verbose);
		else
			print_ip(pr, f);
		return;
	}
	print_undecoded(pr->cli, f);
}
