// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <string.h>

/* Windows has no resolver library, and OpenBSD's has no ns_* parser. */
#if !defined(_WIN32) && !defined(__OpenBSD__)
#define HAVE_NS_PARSER 1
#endif

#ifdef HAVE_NS_PARSER
/* The BSDs' resolv.h wants the socket types declared before it. */
#include <sys/types.h>
#include <netinet/in.h>
#include <arpa/nameser.h>
#include <resolv.h>
#endif

#include "packet_line.h"

#ifdef HAVE_NS_PARSER

/*
 * DNS over UDP as tcpdump -n prints it: "4660+ A? example.com. (29)" for a
 * query, "4660 1/0/0 A 192.0.2.1 (45)" for its answer. The message is taken
 * apart by the C library's resolver parser (ns_initparse, ns_parserr).
 */

static const char *const opcodes[16] = {
	"", " inv_q", " stat", " op3", " notify", " update", " op6", " op7",
	" op8", " updateA", " updateD", " updateDA", " updateM", " updateMA",
	" zoneInit", " zoneRef",
};

static const char *const rcodes[24] = {
	"", " FormErr", " ServFail", " NXDomain", " NotImp", " Refused",
	" YXDomain", " YXRRSet", " NXRRSet", " NotAuth", " NotZone", " Resp11",
	" Resp12", " Resp13", " Resp14", " NoChange", " BadVers", "Resp17",
	" Resp18", " Resp19", " Resp20", "Resp21", " Resp22", " BadCookie",
};

static const struct pl_name type_names[] = {
	{ 1, "A" },	   { 2, "NS" },	      { 5, "CNAME" },  { 6, "SOA" },
	{ 12, "PTR" },	   { 13, "HINFO" },   { 15, "MX" },    { 16, "TXT" },
	{ 28, "AAAA" },	   { 33, "SRV" },     { 35, "NAPTR" }, { 39, "DNAME" },
	{ 41, "OPT" },	   { 43, "DS" },      { 46, "RRSIG" }, { 47, "NSEC" },
	{ 48, "DNSKEY" },  { 50, "NSEC3" },   { 52, "TLSA" },  { 64, "SVCB" },
	{ 65, "HTTPS" },   { 99, "SPF" },     { 252, "AXFR" }, { 255, "ANY" },
	{ 256, "URI" },	   { 257, "CAA" },
	{ 0, NULL },
};

static void print_type(struct cli *cli, unsigned type, const char *after)
{
	const char *name = pl_lookup(type_names, type);
	char number[16];

	if (!name) {
		snprintf(number, sizeof(number), "Type%u", type);
		name = number;
	}
	print_str(cli, "type", " %s", name);
	print_text(cli, "%s", after);
}

/* A name with its final dot, "." for the root. */
static void print_name(struct cli *cli, const char *key, const char *name)
{
	char buf[NS_MAXDNAME + 2];

	if (!name[0] || strcmp(name, ".") == 0)
		snprintf(buf, sizeof(buf), ".");
	else
		snprintf(buf, sizeof(buf), "%s.", name);
	print_str(cli, key, "%s", buf);
}

static bool print_rdata_name(struct cli *cli, const ns_msg *h,
			     const uint8_t *at, const char *before)
{
	char name[NS_MAXDNAME];

	if (ns_name_uncompress(ns_msg_base(*h), ns_msg_end(*h), at, name,
			       sizeof(name)) < 0)
		return false;
	print_text(cli, "%s", before);
	print_name(cli, "data", name);
	return true;
}

static bool print_rdata(struct cli *cli, const ns_msg *h, const ns_rr *rr)
{
	const uint8_t *d = ns_rr_rdata(*rr);
	unsigned n = ns_rr_rdlen(*rr);
	struct tun_ip ip = { 0 };
	char text[TUN_ADDRSTRLEN];

	switch (ns_rr_type(*rr)) {
	case ns_t_a:
	case ns_t_aaaa:
		if (n != (ns_rr_type(*rr) == ns_t_a ? 4u : 16u))
			return false;
		ip.family = n == 4 ? TUN_INET : TUN_INET6;
		memcpy(ip.bytes, d, n);
		print_str(cli, "data", " %s", tun_ip_format(&ip, text, sizeof(text)));
		return true;
	case ns_t_ns:
	case ns_t_cname:
	case ns_t_ptr:
	case ns_t_dname:
		return print_rdata_name(cli, h, d, " ");
	case ns_t_mx:
		if (n < 3 || !print_rdata_name(cli, h, d + 2, " "))
			return false;
		print_uint(cli, "preference", " %llu", pl_get16(d));
		return true;
	case ns_t_srv:
		if (n < 7 || !print_rdata_name(cli, h, d + 6, " "))
			return false;
		print_uint(cli, "port", ":%llu", pl_get16(d + 4));
		print_text(cli, " %u %u", pl_get16(d), pl_get16(d + 2));
		return true;
	case ns_t_txt:
		for (unsigned i = 0; i < n; i += 1u + d[i]) {
			if (i + 1u + d[i] > n)
				return false;
			print_text(cli, " \"%.*s\"", d[i], (const char *)d + i + 1);
		}
		return true;
	case ns_t_opt:
		print_uint(cli, "udp_size", " UDPsize=%llu", ns_rr_class(*rr));
		if (ns_rr_ttl(*rr) & 0x8000)
			print_text(cli, " DO");
		return true;
	default:
		return true;
	}
}

/* " A 192.0.2.1": a record of the answer section, its name first with
 * -v. */
static bool print_record(struct cli *cli, ns_msg *h, ns_sect sect, int i,
			 bool verbose)
{
	ns_rr rr;
	bool ok;

	if (ns_parserr(h, sect, i, &rr) < 0)
		return false;
	print_open(cli, NULL, '{');
	if (verbose) {
		print_text(cli, " ");
		print_name(cli, "name", rr.name);
	} else {
		print_str(cli, "name", NULL, rr.name);
	}
	if (ns_rr_class(rr) != ns_c_in && ns_rr_type(rr) != ns_t_opt)
		print_text(cli, " (Class %u)", ns_rr_class(rr));
	print_type(cli, ns_rr_type(rr), "");
	ok = print_rdata(cli, h, &rr);
	print_close(cli, '{');
	return ok;
}

/* " A? example.com." */
static bool print_question(struct cli *cli, ns_msg *h, int i)
{
	ns_rr rr;

	if (ns_parserr(h, ns_s_qd, i, &rr) < 0)
		return false;
	print_open(cli, NULL, '{');
	print_type(cli, ns_rr_type(rr), "");
	if (ns_rr_class(rr) != ns_c_in)
		print_text(cli, " (Class %u)", ns_rr_class(rr));
	print_text(cli, "? ");
	print_name(cli, "name", rr.name);
	print_close(cli, '{');
	return true;
}

/* The extended RCODE: its high bits are in the OPT record. */
static unsigned full_rcode(ns_msg *h, unsigned rcode)
{
	ns_rr rr;

	for (int i = 0; i < ns_msg_count(*h, ns_s_ar); i++) {
		if (ns_parserr(h, ns_s_ar, i, &rr) == 0 &&
		    ns_rr_type(rr) == ns_t_opt)
			return rcode | (ns_rr_ttl(rr) >> 24) << 4;
	}
	return rcode;
}

static bool print_answers(struct cli *cli, ns_msg *h, unsigned an,
			  bool verbose)
{
	bool ok = true;

	print_open(cli, "answers", '[');
	for (unsigned i = 0; ok && i < an; i++) {
		if (i)
			print_text(cli, ",");
		ok = print_record(cli, h, ns_s_an, (int)i, verbose);
	}
	print_close(cli, '[');
	return ok;
}

static bool print_questions(struct cli *cli, ns_msg *h, unsigned qd)
{
	bool ok = true;

	print_open(cli, "questions", '[');
	for (unsigned i = 0; ok && i < qd; i++)
		ok = print_question(cli, h, (int)i);
	print_close(cli, '[');
	return ok;
}

static void print_flags(struct cli *cli, const uint8_t *m, unsigned flags,
			unsigned rcode)
{
	unsigned qd = pl_get16(m + 4), an = pl_get16(m + 6),
		 ns = pl_get16(m + 8), ar = pl_get16(m + 10);

	print_uint(cli, "dns_id", "%llu", pl_get16(m));
	print_bool(cli, "dns_response", NULL, flags & 0x8000);
	print_text(cli, "%s", opcodes[(flags >> 11) & 15]);
	if (flags & 0x8000) {
		if (rcode < 24)
			print_text(cli, "%s", rcodes[rcode]);
		else
			print_text(cli, " Resp%u", rcode & 0xfff);
		print_uint(cli, "rcode", NULL, rcode);
		print_text(cli, "%s%s%s%s", flags & 0x0400 ? "*" : "",
			   flags & 0x0080 ? "" : "-", flags & 0x0200 ? "|" : "",
			   flags & 0x0020 ? "$" : "");
		print_bool(cli, "truncated", NULL, flags & 0x0200);
		if (qd != 1)
			print_text(cli, " [%uq]", qd);
		print_text(cli, " %u/%u/%u", an, ns, ar);
		return;
	}
	print_text(cli, "%s%s", flags & 0x0100 ? "+" : "",
		   flags & 0x0010 ? "%" : "");
	if (flags & 0x6cf)
		print_text(cli, " [b2&3=0x%x]", flags);
	if (((flags >> 11) & 15) == 1) {
		if (qd)
			print_text(cli, " [%uq]", qd);
		if (an != 1)
			print_text(cli, " [%ua]", an);
	} else {
		if (an)
			print_text(cli, " [%ua]", an);
		if (qd != 1)
			print_text(cli, " [%uq]", qd);
	}
	if (ns)
		print_text(cli, " [%un]", ns);
	if (ar)
		print_text(cli, " [%uau]", ar);
}

void pl_print_dns(struct cli *cli, const uint8_t *m, size_t len,
		  size_t caplen, bool verbose)
{
	size_t n = caplen < len ? caplen : len;
	unsigned flags, rcode;
	ns_msg h;
	bool parsed, ok;

	if (len < 12) {
		print_text(cli, "domain [length %u < 12] (invalid)", (unsigned)len);
		return;
	}
	if (n < 12) {
		print_text(cli, " [|domain]");
		return;
	}
	flags = pl_get16(m + 2);
	parsed = ns_initparse(m, (int)n, &h) == 0;
	rcode = parsed ? full_rcode(&h, flags & 15) : flags & 15;
	print_flags(cli, m, flags, rcode);
	if (!parsed) {
		print_bool(cli, "dns_truncated", NULL, true);
		print_text(cli, " [|domain]");
		return;
	}
	if (flags & 0x8000)
		ok = print_answers(cli, &h, ns_msg_count(h, ns_s_an), verbose);
	else
		ok = print_questions(cli, &h, ns_msg_count(h, ns_s_qd));
	if (!ok) {
		print_text(cli, " [|domain]");
		return;
	}
	print_text(cli, " (%u)", (unsigned)len);
}

#else

/* No resolver parser: the length only. */
void pl_print_dns(struct cli *cli, const uint8_t *m, size_t len,
		  size_t caplen, bool verbose)
{
	(void)m;
	(void)verbose;
	(void)caplen;
	print_uint(cli, "length", "UDP, length %llu", len);
}

#endif
