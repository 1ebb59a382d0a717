// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <stdlib.h>
#include <string.h>

#include "datapath.h"
#include "packet_line.h"

/*
 * The packet line shared by `capture` and `echo -v`: word for word what
 * `tcpdump -n` prints for the same packet (tests/bats/capture_corpus.bats
 * compares the two), and with -j one JSON object per packet built from the
 * same calls.
 */

const struct pl_name pl_ipproto_names[] = {
	{ 0, "Options" }, { 1, "ICMP" },   { 2, "IGMP" },    { 4, "IPIP" },
	{ 6, "TCP" },	  { 17, "UDP" },   { 41, "IPv6" },   { 47, "GRE" },
	{ 43, "Routing" }, { 44, "Fragment" }, { 50, "ESP" }, { 51, "AH" },
	{ 58, "ICMPv6" }, { 132, "SCTP" },
	{ 0, NULL },
};

const char *pl_lookup(const struct pl_name *names, unsigned value)
{
	for (; names->text; names++) {
		if (names->value == value)
			return names->text;
	}
	return NULL;
}

uint16_t pl_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

uint32_t pl_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

char *pl_mac_text(const uint8_t *m, char *buf)
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
		 m[3], m[4], m[5]);
	return buf;
}

void pl_print_mac(struct cli *cli, const char *key, const char *fmt,
		  const uint8_t *m)
{
	char buf[18];

	print_str(cli, key, fmt, pl_mac_text(m, buf));
}

void pl_print_ip(struct cli *cli, const char *key, const char *fmt,
		 const struct tun_ip *ip)
{
	char buf[TUN_ADDRSTRLEN];

	print_str(cli, key, fmt, tun_ip_format(ip, buf, sizeof(buf)));
}

void pl_print_addr(struct cli *cli, const char *key, const char *fmt,
		   const uint8_t *bytes, bool v6)
{
	struct tun_ip ip = { .family = v6 ? TUN_INET6 : TUN_INET };

	memcpy(ip.bytes, bytes, v6 ? 16 : 4);
	pl_print_ip(cli, key, fmt, &ip);
}

/* ---- link layers --------------------------------------------------------- */

static const struct pl_name ethertype_names[] = {
	{ 0x0800, "IPv4" }, { 0x0806, "ARP" },	  { 0x86dd, "IPv6" },
	{ 0x8100, "802.1Q" }, { 0x88a8, "802.1Q-QinQ" },
	{ 0, NULL },
};

static void print_ethertype(struct cli *cli, unsigned type)
{
	const char *name = pl_lookup(ethertype_names, type);

	print_uint(cli, "ethertype", NULL, type);
	print_text(cli, "ethertype %s (0x%04x)", name ? name : "Unknown", type);
}

static void print_ethernet(struct cli *cli, const struct pl_frame *f)
{
	const struct tun_packet *pkt = &f->pkt;

	pl_print_mac(cli, "src_mac", "%s > ", pkt->eth_src);
	pl_print_mac(cli, "dst_mac", "%s, ", pkt->eth_dst);
	if (pkt->nvlan) {
		print_open(cli, "vlan", '[');
		for (unsigned i = 0; i < pkt->nvlan; i++)
			print_uint(cli, NULL, NULL, pkt->vlan[i]);
		print_close(cli, '[');
	}
	print_ethertype(cli, pkt->ethertype);
	print_text(cli, ", length %u: ", (unsigned)f->p->len);
}

/* Linux cooked captures: "Out" for what the host sent, and so on. */
static const char *sll_direction(unsigned type)
{
	static const char *const names[] = { "In", "B", "M", "P", "Out" };

	return type < 5 ? names[type] : "?";
}

static void print_sll(struct cli *cli, const struct pl_frame *f, bool link)
{
	const uint8_t *h = f->p->data;
	unsigned type = pl_get16(h), alen = pl_get16(h + 4);

	print_str(cli, "direction", NULL, sll_direction(type));
	if (!link)
		return;
	print_text(cli, "%3s ", sll_direction(type));
	if (alen == 6)
		pl_print_mac(cli, "src_mac", "%s ", h + 6);
	print_ethertype(cli, f->ethertype);
	print_text(cli, ", length %u: ", (unsigned)f->p->len);
}

static void print_sll2(struct cli *cli, const struct pl_frame *f, bool link)
{
	const uint8_t *h = f->p->data;
	unsigned ifindex = pl_get32(h + 4), type = h[10], alen = h[11];
	char name[DP_IFNAMSIZ] = "";

	dp_ifname(ifindex, name);
	print_uint(cli, "ifindex", NULL, ifindex);
	print_str(cli, "direction", NULL, sll_direction(type));
	print_text(cli, "%-5s %-3s ", name[0] ? name : "?", sll_direction(type));
	if (!link)
		return;
	print_text(cli, "ifindex %u ", ifindex);
	if (alen == 6)
		pl_print_mac(cli, "src_mac", "%s ", h + 12);
	print_ethertype(cli, f->ethertype);
	print_text(cli, ", length %u: ", (unsigned)f->p->len);
}

static void print_null(struct cli *cli, const struct pl_frame *f)
{
	print_uint(cli, "af", NULL, f->af);
	print_text(cli, "AF %s (%u), length %u: ",
		   f->ethertype == 0x0800 ? "IPv4" : "IPv6", f->af,
		   (unsigned)f->p->len);
}

/* With -e the link header names the protocol, which the network layer then
 * leaves out ("ethertype IPv4 (0x0800), length 98: 10.0.0.1 > ..."). */
static void print_link(struct dp_printer *pr, struct pl_frame *f)
{
	struct cli *cli = pr->cli;
	/* JSON has every field; text only what tcpdump prints. */
	bool link = pr->link || cli->json;

	switch (f->link) {
	case DP_LINK_ETHERNET:
		if (link && (f->pkt.layers & TUN_LAYER_ETH))
			print_ethernet(cli, f);
		break;
	case DP_LINK_SLL:
		if (f->offset)
			print_sll(cli, f, link);
		break;
	case DP_LINK_SLL2:
		if (f->offset)
			print_sll2(cli, f, link);
		break;
	case DP_LINK_NULL:
	case DP_LINK_LOOP:
		if (link && f->ethertype)
			print_null(cli, f);
		break;
	default:
		return;
	}
	f->named = pr->link && f->link != DP_LINK_RAW;
}

/* The address family of DLT_NULL/LOOP: IPv4 is 2 everywhere; IPv6 is 10
 * (Linux), 24 (NetBSD, OpenBSD), 28 (FreeBSD) or 30 (macOS). */
static uint16_t af_ethertype(uint32_t af)
{
	if (af == 2)
		return 0x0800;
	if (af == 10 || af == 24 || af == 28 || af == 30)
		return 0x86dd;
	return 0;
}

/* Where the network layer starts, for the link types of files. */
static void strip_link(struct pl_frame *f)
{
	const uint8_t *d = f->p->data;
	size_t n = f->p->caplen;

	switch (f->link) {
	case DP_LINK_NULL:
	case DP_LINK_LOOP:
		if (n < 4)
			return;
		f->af = f->link == DP_LINK_LOOP ? pl_get32(d)
						: (uint32_t)d[0] | d[1] << 8 |
							  d[2] << 16 |
							  (uint32_t)d[3] << 24;
		/* DLT_NULL is in the writer's byte order. */
		if (f->link == DP_LINK_NULL && f->af > 0xffff)
			f->af = pl_get32(d);
		f->ethertype = af_ethertype(f->af);
		f->offset = 4;
		break;
	case DP_LINK_SLL:
		if (n < 16)
			return;
		f->ethertype = pl_get16(d + 14);
		f->offset = 16;
		break;
	case DP_LINK_SLL2:
		if (n < 20)
			return;
		f->ethertype = pl_get16(d);
		f->offset = 20;
		break;
	default:
		break;
	}
}

void pl_decode(const struct dp_packet *p, struct pl_frame *f)
{
	memset(f, 0, sizeof(*f));
	f->p = p;
	f->link = p->link;
	if (f->link == DP_LINK_DEVICE)
		f->link = p->mode == TUN_MODE_TAP ? DP_LINK_ETHERNET
						  : DP_LINK_RAW;
	if (f->link == DP_LINK_RAW || f->link == DP_LINK_ETHERNET) {
		tun_packet_decode(p->data, p->caplen,
				  f->link == DP_LINK_ETHERNET ? TUN_MODE_TAP
							      : TUN_MODE_TUN,
				  &f->pkt);
		f->bytes = p->data;
		f->decoded = true;
		return;
	}
	strip_link(f);
	f->bytes = p->data + f->offset;
	if (!f->offset || !f->ethertype)
		return;
	tun_packet_decode_ethertype(f->bytes, p->caplen - f->offset,
				    f->ethertype, &f->pkt);
	f->decoded = true;
}

/* ---- hex and ASCII dumps -------------------------------------------------- */

static const char hex_digits[] = "0123456789abcdef";

/* tcpdump -x: 16 bytes a line, in groups of two; -X adds them as text.
 * Each line is built whole and written once, as a byte per fprintf() made
 * -x ten times slower. */
static void print_hex_lines(FILE *out, const uint8_t *d, size_t n, bool ascii)
{
	char line[128];

	for (size_t i = 0; i < n; i += 16) {
		int len = snprintf(line, sizeof(line), "\n\t0x%04zx: ", i);
		size_t j;

		for (j = i; j < i + 16 && j < n; j++) {
			if (j % 2 == 0)
				line[len++] = ' ';
			line[len++] = hex_digits[d[j] >> 4];
			line[len++] = hex_digits[d[j] & 15];
		}
		if (ascii) {
			/* The text starts in the same column on every line. */
			for (; j < i + 16; j++)
				len += snprintf(line + len, 4, j % 2 ? "  " : "   ");
			line[len++] = ' ';
			line[len++] = ' ';
			for (j = i; j < i + 16 && j < n; j++)
				line[len++] = d[j] > 0x20 && d[j] < 0x7f
						      ? (char)d[j]
						      : '.';
		}
		fwrite(line, 1, (size_t)len, out);
	}
}

/* tcpdump -A: the bytes as text, lines as they come. */
static void print_ascii(FILE *out, const uint8_t *d, size_t n)
{
	fputc('\n', out);
	for (size_t i = 0; i < n; i++) {
		uint8_t c = d[i];

		/* tcpdump drops a CR before a newline and in the last two
		 * bytes; elsewhere it is a dot. */
		if (c == '\r' && (n - i <= 2 || d[i + 1] == '\n'))
			continue;
		fputc(c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f) ? c : '.',
		      out);
	}
}

static void print_hex_json(struct cli *cli, const uint8_t *d, size_t n)
{
	char *text = malloc(2 * n + 1);

	if (!text)
		return;
	for (size_t i = 0; i < n; i++) {
		text[2 * i] = hex_digits[d[i] >> 4];
		text[2 * i + 1] = hex_digits[d[i] & 15];
	}
	text[2 * n] = '\0';
	print_str(cli, "hex", NULL, text);
	free(text);
}

/* Like tcpdump, from the network layer on: the link header only with -e. */
static void print_dump(struct dp_printer *pr, const struct pl_frame *f)
{
	const uint8_t *d = f->p->data;
	size_t n = f->p->caplen, skip = f->offset;

	if (f->link == DP_LINK_ETHERNET && (f->pkt.layers & TUN_LAYER_ETH))
		skip = f->pkt.net_offset;
	if (skip <= n) {
		d += skip;
		n -= skip;
	}
	if (pr->cli->json)
		print_hex_json(pr->cli, d, n);
	else if (pr->dump == DP_DUMP_ASCII)
		print_ascii(pr->cli->out, d, n);
	else
		print_hex_lines(pr->cli->out, d, n, pr->dump == DP_DUMP_HEX_ASCII);
}

/* ---- the line ------------------------------------------------------------- */

void pl_print_frame(struct dp_printer *pr, struct pl_frame *f)
{
	bool named = f->named;

	print_link(pr, f);
	f->named = f->named || named;
	pl_print_network(pr, f);
}

void dp_printer_init(struct dp_printer *pr, struct cli *cli, bool hex)
{
	memset(pr, 0, sizeof(*pr));
	pr->cli = cli;
	pr->dump = hex ? DP_DUMP_HEX : DP_DUMP_NONE;
	pr->sec = -1;
}

void dp_printer_free(struct dp_printer *pr)
{
	pl_tcp_flows_free(pr);
}

void dp_print_packet(struct dp_printer *pr, const struct dp_packet *p)
{
	struct cli *cli = pr->cli;
	struct pl_frame f;
	char when[32];

	pl_decode(p, &f);
	print_open(cli, NULL, '{');
	if (cli->json) {
		snprintf(when, sizeof(when), "%lld.%06ld", p->sec, p->usec);
		print_number(cli, "time", NULL, when);
	} else {
		if (p->sec != pr->sec) {
			dp_clock(p->sec, pr->hms);
			pr->sec = p->sec;
		}
		print_text(cli, "%s.%06ld ", pr->hms, p->usec);
	}
	print_uint(cli, "len", NULL, p->len);
	if (p->caplen != p->len)
		print_uint(cli, "caplen", NULL, p->caplen);
	pl_print_frame(pr, &f);
	if (pr->dump)
		print_dump(pr, &f);
	print_close(cli, '{');
	fputc('\n', cli->out);
}
