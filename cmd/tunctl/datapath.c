// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "datapath.h"

/*
 * The packet line shared by `capture` and `echo -v`, in tcpdump's spirit:
 *
 *   TIME [SRCMAC > DSTMAC, [vlan N, ]]IP SRC[.PORT] > DST[.PORT]: SUMMARY, length N
 *
 * and with -j one JSON object per packet built from the same calls.
 */

struct name {
	unsigned value;
	const char *text;
};

static const char *lookup(const struct name *names, unsigned value)
{
	for (; names->text; names++) {
		if (names->value == value)
			return names->text;
	}
	return NULL;
}

static const struct name icmp_names[] = {
	{ 0, "echo reply" },	    { 3, "destination unreachable" },
	{ 5, "redirect" },	    { 8, "echo request" },
	{ 11, "time exceeded" },    { 12, "parameter problem" },
	{ 13, "timestamp request" }, { 14, "timestamp reply" },
	{ 0, NULL },
};

static const struct name icmp6_names[] = {
	{ 1, "destination unreachable" },
	{ 2, "packet too big" },
	{ 3, "time exceeded" },
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

/* The JSON "proto" value and the label in the line. */
static const struct protocol {
	unsigned number;
	const char *key;
	const char *label;
} protocols[] = {
	{ 1, "icmp", "ICMP" },	 { 2, "igmp", "IGMP" }, { 6, "tcp", "TCP" },
	{ 17, "udp", "UDP" },	 { 47, "gre", "GRE" },	{ 50, "esp", "ESP" },
	{ 51, "ah", "AH" },	 { 58, "icmp6", "ICMP6" },
	{ 132, "sctp", "SCTP" },
};

static const struct protocol *find_protocol(unsigned number)
{
	for (size_t i = 0; i < sizeof(protocols) / sizeof(protocols[0]); i++) {
		if (protocols[i].number == number)
			return &protocols[i];
	}
	return NULL;
}

static char *mac_text(const uint8_t *m, char *buf)
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
		 m[3], m[4], m[5]);
	return buf;
}

static void print_mac(struct cli *cli, const char *key, const char *fmt,
		      const uint8_t *m)
{
	char buf[18];

	print_str(cli, key, fmt, mac_text(m, buf));
}

static void print_ip(struct cli *cli, const char *key, const char *fmt,
		     const struct tun_ip *ip)
{
	char buf[TUN_ADDRSTRLEN];

	print_str(cli, key, fmt, tun_ip_format(ip, buf, sizeof(buf)));
}

static void print_ethernet(struct cli *cli, const struct tun_packet *pkt)
{
	print_mac(cli, "src_mac", "%s > ", pkt->eth_src);
	print_mac(cli, "dst_mac", "%s, ", pkt->eth_dst);
	if (pkt->nvlan) {
		print_open(cli, "vlan", '[');
		for (unsigned i = 0; i < pkt->nvlan; i++)
			print_uint(cli, NULL, "vlan %llu, ", pkt->vlan[i]);
		print_close(cli, '[');
	}
	print_uint(cli, "ethertype", NULL, pkt->ethertype);
}

static void print_icmp(struct cli *cli, const struct tun_packet *pkt)
{
	bool v6 = pkt->proto == TUN_PROTO_ICMPV6;
	const char *name = lookup(v6 ? icmp6_names : icmp_names, pkt->icmp_type);

	print_uint(cli, "icmp_type", NULL, pkt->icmp_type);
	print_uint(cli, "icmp_code", NULL, pkt->icmp_code);
	if (name)
		print_str(cli, "icmp", "%s", name);
	else
		print_text(cli, "type %u code %u", pkt->icmp_type,
			   pkt->icmp_code);
	if ((!v6 && (pkt->icmp_type == 0 || pkt->icmp_type == 8)) ||
	    (v6 && (pkt->icmp_type == 128 || pkt->icmp_type == 129))) {
		print_uint(cli, "id", ", id %llu", pkt->icmp_id);
		print_uint(cli, "seq", ", seq %llu", pkt->icmp_seq);
	}
	if (pkt->nd_target.family)
		print_ip(cli, "target",
			 pkt->icmp_type == 135 ? ", who has %s" : ", tgt is %s",
			 &pkt->nd_target);
}

static void print_tcp(struct cli *cli, const struct tun_packet *pkt)
{
	/* tcpdump's letters and order; '.' is ACK. */
	static const char letters[] = "FSRP.UEW";
	char flags[9];
	size_t n = 0;

	for (int bit = 0; bit < 8; bit++) {
		if (pkt->tcp_flags & (1u << bit))
			flags[n++] = letters[bit];
	}
	flags[n] = '\0';
	print_str(cli, "flags", "[%s]", n ? flags : "none");
	print_uint(cli, "seq", ", seq %llu", pkt->tcp_seq);
	if (pkt->tcp_flags & TUN_TCP_ACK)
		print_uint(cli, "ack", ", ack %llu", pkt->tcp_ack);
	print_uint(cli, "win", ", win %llu", pkt->tcp_win);
}

/* What follows "SRC > DST: ", and the length tcpdump would show. */
static size_t print_transport(struct cli *cli, const struct tun_packet *pkt)
{
	const struct protocol *proto = find_protocol(pkt->proto);
	char number[8];

	snprintf(number, sizeof(number), "%u", pkt->proto);
	print_str(cli, "proto", NULL, proto ? proto->key : number);
	if (proto)
		print_text(cli, "%s", proto->label);
	else
		print_text(cli, "proto %u", pkt->proto);
	if (!(pkt->layers & TUN_LAYER_TRANSPORT))
		return pkt->transport_len;
	switch (pkt->proto) {
	case TUN_PROTO_ICMP:
	case TUN_PROTO_ICMPV6:
		print_text(cli, " ");
		print_icmp(cli, pkt);
		return pkt->transport_len;
	case TUN_PROTO_TCP:
		print_text(cli, " ");
		print_tcp(cli, pkt);
		return pkt->payload_len;
	}
	return pkt->payload_len;
}

static size_t print_network(struct cli *cli, const struct tun_packet *pkt)
{
	bool ports = (pkt->layers & TUN_LAYER_TRANSPORT) &&
		     (pkt->proto == TUN_PROTO_TCP || pkt->proto == TUN_PROTO_UDP);
	size_t length;

	print_str(cli, "family", pkt->net == TUN_NET_IPV4 ? "IP " : "IP6 ",
		  pkt->net == TUN_NET_IPV4 ? "inet" : "inet6");
	print_ip(cli, "src", "%s", &pkt->src);
	if (ports)
		print_uint(cli, "sport", ".%llu", pkt->sport);
	print_ip(cli, "dst", " > %s", &pkt->dst);
	if (ports)
		print_uint(cli, "dport", ".%llu", pkt->dport);
	print_text(cli, ": ");
	print_uint(cli, "ttl", NULL, pkt->ttl);
	length = print_transport(cli, pkt);
	if (pkt->fragment) {
		print_uint(cli, "frag_offset", " (fragment at %llu",
			   pkt->frag_offset);
		print_bool(cli, "more_fragments", NULL, pkt->more_fragments);
		print_text(cli, "%s)", pkt->more_fragments ? ", more" : "");
	}
	return length;
}

static void print_arp(struct cli *cli, const struct tun_packet *pkt)
{
	print_str(cli, "family", "ARP, ", "arp");
	print_mac(cli, "sender_mac", NULL, pkt->arp_sha);
	print_mac(cli, "target_mac", NULL, pkt->arp_tha);
	if (pkt->arp_op == 1) {
		print_str(cli, "arp_op", "Request", "request");
		print_ip(cli, "dst", " who-has %s", &pkt->dst);
		print_ip(cli, "src", " tell %s", &pkt->src);
	} else if (pkt->arp_op == 2) {
		char mac[18];

		print_str(cli, "arp_op", "Reply", "reply");
		print_ip(cli, "src", " %s", &pkt->src);
		print_text(cli, " is-at %s", mac_text(pkt->arp_sha, mac));
		print_ip(cli, "dst", NULL, &pkt->dst);
	} else {
		char op[8];

		snprintf(op, sizeof(op), "%u", pkt->arp_op);
		print_str(cli, "arp_op", "op %s", op);
		print_ip(cli, "src", " %s", &pkt->src);
		print_ip(cli, "dst", " > %s", &pkt->dst);
	}
}

static const char hex_digits[] = "0123456789abcdef";

/* tcpdump -x: 16 bytes a line, in groups of two. Each line is built whole
 * and written once, as a byte per fprintf() made -x ten times slower. */
static void print_hex_lines(FILE *out, const struct dp_packet *p)
{
	char line[96];

	for (size_t i = 0; i < p->caplen; i += 16) {
		int n = snprintf(line, sizeof(line), "\n\t0x%04zx: ", i);

		for (size_t j = i; j < i + 16 && j < p->caplen; j++) {
			if (j % 2 == 0)
				line[n++] = ' ';
			line[n++] = hex_digits[p->data[j] >> 4];
			line[n++] = hex_digits[p->data[j] & 15];
		}
		fwrite(line, 1, (size_t)n, out);
	}
}

static void print_hex(struct cli *cli, const struct dp_packet *p)
{
	char *text;

	if (!cli->json) {
		print_hex_lines(cli->out, p);
		return;
	}
	text = malloc(2 * p->caplen + 1);
	if (!text)
		return;
	for (size_t i = 0; i < p->caplen; i++) {
		text[2 * i] = hex_digits[p->data[i] >> 4];
		text[2 * i + 1] = hex_digits[p->data[i] & 15];
	}
	text[2 * p->caplen] = '\0';
	print_str(cli, "hex", NULL, text);
	free(text);
}

void dp_printer_init(struct dp_printer *pr, struct cli *cli, bool hex)
{
	pr->cli = cli;
	pr->hex = hex;
	pr->sec = -1;
	pr->hms[0] = '\0';
}

void dp_print_packet(struct dp_printer *pr, const struct dp_packet *p)
{
	struct cli *cli = pr->cli;
	struct tun_packet pkt;
	char when[32];
	size_t length = p->len;

	tun_packet_decode(p->data, p->caplen, p->mode, &pkt);
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
	if (pkt.layers & TUN_LAYER_ETH)
		print_ethernet(cli, &pkt);
	if (pkt.net == TUN_NET_IPV4 || pkt.net == TUN_NET_IPV6) {
		if (pkt.layers & TUN_LAYER_NET)
			length = print_network(cli, &pkt);
		else
			print_str(cli, "family",
				  pkt.net == TUN_NET_IPV4 ? "IP" : "IP6",
				  pkt.net == TUN_NET_IPV4 ? "inet" : "inet6");
	} else if (pkt.net == TUN_NET_ARP) {
		if (pkt.layers & TUN_LAYER_NET)
			print_arp(cli, &pkt);
		else
			print_str(cli, "family", "ARP", "arp");
		length = pkt.len - pkt.net_offset;
	} else if (pkt.net == TUN_NET_OTHER) {
		print_text(cli, "ethertype 0x%04x", pkt.ethertype);
		length = pkt.len - pkt.net_offset;
	} else {
		print_text(cli, "packet");
	}
	print_uint(cli, "length", ", length %llu", length);
	if (pkt.error)
		print_str(cli, "error", " [malformed: %s]", pkt.error);
	if (pr->hex)
		print_hex(cli, p);
	print_close(cli, '{');
	fputc('\n', cli->out);
}

int dp_parse_count(struct cli *cli, const char *s, unsigned long long *count)
{
	return cli_parse_uint(cli, "COUNT", s, 1, 1000000000000000000ULL,
			      count);
}

int dp_check_device(struct cli *cli, const char *name, const char *nodev_hint,
		    struct tun_info *info)
{
	int ret = cli_parse_name(cli, name, false);

	return ret ? ret : cli_check_device(cli, name, true, nodev_hint, info);
}

int dp_parse_user(struct cli *cli, const char *s, long long *uid,
		  long long *gid)
{
	if (cli_os_lookup_user(s, uid, gid) < 0)
		return cli_usage_error(cli, s, "no such user");
	if (cli_os_caller_is_root())
		return EXIT_OK;
	/* A setcap install given CAP_SETUID must not turn users into
	 * others. */
	if (!cli_os_caller_is(*uid)) {
		cli_say(cli, NULL, "--user %s: only root may become another user",
			s);
		return EXIT_SYSTEM;
	}
	*uid = *gid = -1; /* the caller already */
	return EXIT_OK;
}

int dp_drop_privileges(struct cli *cli, long long uid, long long gid)
{
	int ret = tun_drop_privileges(uid, gid);

	if (ret == -EPERM && uid >= 0) {
		cli_say(cli, "--user",
			"becoming user %lld needs CAP_SETUID and CAP_SETGID (%s)",
			uid, cli_os_strerror(ret));
		return EXIT_SYSTEM;
	}
	return ret < 0 ? cli_fail(cli, "dropping privileges", ret) : EXIT_OK;
}

bool dp_read_lost(int err)
{
	return err == -EMSGSIZE || err == -EPROTO || err == -EPROTONOSUPPORT;
}

int dp_read_failed(struct cli *cli, const char *name, int err)
{
	struct tun_info info;

	if (cli->ctx && tun_info_get(cli->ctx, name, &info) == -ENODEV) {
		cli_say(cli, name, "the device was deleted");
		return EXIT_SYSTEM;
	}
	return cli_fail(cli, name, err);
}

int dp_inherited_fd(struct cli *cli)
{
	const char *s = getenv("TUNCTL_FD");
	unsigned long long fd;

	if (!s || !*s) {
		cli_usage_error(cli, NULL,
				"missing NAME (and no device inherited through "
				"TUNCTL_FD from 'tunctl create ... --')");
		return -1;
	}
	if (cli_parse_uint(cli, "TUNCTL_FD", s, 0, 65535, &fd) != 0)
		return -1;
	return (int)fd;
}
