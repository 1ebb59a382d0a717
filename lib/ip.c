// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Our own parser and printer: inet_pton/ntop differ across systems (leading
 * zeros, Windows needs winsock), and the library must behave the same
 * everywhere. */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parses exactly four decimal octets without leading zeros, up to @end. */
static int parse_ipv4(const char *s, const char *end, uint8_t out[4])
{
	for (int i = 0; i < 4; i++) {
		unsigned v = 0;
		const char *start = s;

		while (s < end && *s >= '0' && *s <= '9') {
			v = v * 10 + (unsigned)(*s - '0');
			if (v > 255 || s - start >= 3)
				return -EINVAL;
			s++;
		}
		if (s == start || (s - start > 1 && *start == '0'))
			return -EINVAL;
		out[i] = (uint8_t)v;
		if (i < 3) {
			if (s >= end || *s != '.')
				return -EINVAL;
			s++;
		}
	}
	return s == end ? 0 : -EINVAL;
}

static int parse_ipv6(const char *s, const char *end, uint8_t out[16])
{
	uint8_t buf[16] = { 0 };
	int n = 0, gap = -1;

	if (s < end && *s == ':') {
		if (end - s < 2 || s[1] != ':')
			return -EINVAL;
		gap = 0;
		s += 2;
	}
	while (s < end && n < 16) {
		const char *start = s;
		unsigned v = 0;

		while (s < end && hexval(*s) >= 0 && s - start < 5) {
			v = v << 4 | (unsigned)hexval(*s);
			s++;
		}
		if (s < end && *s == '.') {
			/* trailing dotted IPv4, as in ::ffff:192.0.2.1 */
			if (n > 12 || parse_ipv4(start, end, buf + n) < 0)
				return -EINVAL;
			n += 4;
			s = end;
			break;
		}
		if (s == start || s - start > 4)
			return -EINVAL;
		buf[n++] = (uint8_t)(v >> 8);
		buf[n++] = (uint8_t)v;
		if (s == end)
			break;
		if (*s != ':')
			return -EINVAL;
		s++;
		if (s < end && *s == ':') {
			if (gap >= 0)
				return -EINVAL;
			gap = n;
			s++;
		} else if (s == end) {
			return -EINVAL; /* trailing single colon */
		}
	}
	if (s != end)
		return -EINVAL;
	if (gap >= 0) {
		if (n == 16)
			return -EINVAL; /* "::" must stand for at least one group */
		memmove(buf + 16 - (n - gap), buf + gap, (size_t)(n - gap));
		memset(buf + gap, 0, (size_t)(16 - n));
	} else if (n != 16) {
		return -EINVAL;
	}
	memcpy(out, buf, 16);
	return 0;
}

static int parse_ip_range(const char *s, const char *end, struct tun_ip *ip)
{
	struct tun_ip tmp = { 0 };

	if (memchr(s, ':', (size_t)(end - s))) {
		if (parse_ipv6(s, end, tmp.bytes) < 0)
			return -EINVAL;
		tmp.family = TUN_INET6;
	} else {
		if (parse_ipv4(s, end, tmp.bytes) < 0)
			return -EINVAL;
		tmp.family = TUN_INET;
	}
	*ip = tmp;
	return 0;
}

int tun_ip_parse(const char *s, struct tun_ip *ip)
{
	if (!s || !ip)
		return -EINVAL;
	return parse_ip_range(s, s + strlen(s), ip);
}

static const char *bad_address_reason(const char *s, const char *end)
{
	if (memchr(s, ':', (size_t)(end - s)))
		return "not a valid IPv6 address";
	if (memchr(s, '.', (size_t)(end - s)))
		return "not a valid IPv4 address";
	return "not an IPv4 or IPv6 address";
}

int tun_prefix_parse(const char *s, struct tun_prefix *prefix,
		     const char **why)
{
	const char *slash, *end, *p;
	struct tun_prefix tmp = { 0 };
	unsigned max, len = 0;
	const char *dummy;

	if (!why)
		why = &dummy;
	if (!prefix) {
		*why = "nowhere to put the prefix";
		return -EINVAL;
	}
	if (!s || !*s) {
		*why = "empty prefix";
		return -EINVAL;
	}
	end = s + strlen(s);
	slash = strchr(s, '/');
	if (parse_ip_range(s, slash ? slash : end, &tmp.ip) < 0) {
		*why = bad_address_reason(s, slash ? slash : end);
		return -EINVAL;
	}
	max = tmp.ip.family == TUN_INET ? 32 : 128;
	if (!slash) {
		tmp.len = max;
		*prefix = tmp;
		return 0;
	}
	for (p = slash + 1; p < end; p++) {
		if (*p < '0' || *p > '9' || p - slash > 3)
			break;
		len = len * 10 + (unsigned)(*p - '0');
	}
	if (p != end || p == slash + 1 || len > max ||
	    (p - slash > 2 && slash[1] == '0')) {
		*why = max == 32 ? "prefix length must be 0-32"
				 : "prefix length must be 0-128";
		return -EINVAL;
	}
	tmp.len = len;
	*prefix = tmp;
	return 0;
}

/* RFC 5952: the longest run of two or more zero groups, the first one on a
 * tie; its start in @best, its length returned (0 when none). */
static int longest_zero_run(const uint16_t g[8], int *best)
{
	int bestlen = 0;

	*best = -1;
	for (int i = 0; i < 8;) {
		int j = i;

		while (j < 8 && g[j] == 0)
			j++;
		if (j - i > bestlen && j - i >= 2) {
			*best = i;
			bestlen = j - i;
		}
		i = j > i ? j : i + 1;
	}
	return bestlen;
}

/* Writes the whole text into @out, which holds TUN_ADDRSTRLEN bytes. */
static void format_ipv6(const uint8_t *b, char *out)
{
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
					    0xff, 0xff };
	uint16_t g[8];
	int best, bestlen, pos = 0;

	if (!memcmp(b, mapped, sizeof(mapped))) {
		sprintf(out, "::ffff:%u.%u.%u.%u", b[12], b[13], b[14], b[15]);
		return;
	}
	for (int i = 0; i < 8; i++)
		g[i] = (uint16_t)(b[2 * i] << 8 | b[2 * i + 1]);
	bestlen = longest_zero_run(g, &best);
	out[0] = '\0';
	for (int i = 0; i < 8; i++) {
		if (i == best) {
			pos += sprintf(out + pos, "::");
			i += bestlen - 1;
			continue;
		}
		if (i > 0 && i != best + bestlen)
			pos += sprintf(out + pos, ":");
		pos += sprintf(out + pos, "%x", g[i]);
	}
}

/* Copies @text into @buf cut to fit, like inet_ntop: @buf when it all fit,
 * NULL when it was cut (or there was no room at all). */
static char *fit(const char *text, char *buf, size_t len)
{
	if (!buf || !len)
		return NULL;
	return tun_strlcpy(buf, text, len) < len ? buf : NULL;
}

char *tun_ip_format(const struct tun_ip *ip, char *buf, size_t len)
{
	char text[TUN_ADDRSTRLEN] = "?";

	if (ip && ip->family == TUN_INET)
		sprintf(text, "%u.%u.%u.%u", ip->bytes[0], ip->bytes[1],
			ip->bytes[2], ip->bytes[3]);
	else if (ip && ip->family == TUN_INET6)
		format_ipv6(ip->bytes, text);
	return fit(text, buf, len);
}

char *tun_prefix_format(const struct tun_prefix *prefix, char *buf,
			size_t len)
{
	char ip[TUN_ADDRSTRLEN], text[TUN_PREFIXSTRLEN] = "?";

	if (prefix)
		snprintf(text, sizeof(text), "%s/%u",
			 tun_ip_format(&prefix->ip, ip, sizeof(ip)),
			 prefix->len);
	return fit(text, buf, len);
}

static unsigned family_bytes(enum tun_family f)
{
	return f == TUN_INET ? 4 : f == TUN_INET6 ? 16 : 0;
}

bool tun_prefix_has_host_bits(const struct tun_prefix *prefix)
{
	struct tun_prefix masked;

	if (!prefix)
		return false;
	masked = *prefix;
	tun_prefix_mask(&masked);
	return memcmp(masked.ip.bytes, prefix->ip.bytes, 16) != 0;
}

void tun_prefix_mask(struct tun_prefix *prefix)
{
	unsigned n;

	if (!prefix)
		return;
	n = family_bytes(prefix->ip.family);
	for (unsigned i = 0; i < 16; i++) {
		unsigned bit = i * 8;

		if (i >= n || prefix->len <= bit)
			prefix->ip.bytes[i] = 0;
		else if (prefix->len < bit + 8)
			prefix->ip.bytes[i] &=
				(uint8_t)(0xff << (8 - (prefix->len - bit)));
	}
}

bool tun_ip_equal(const struct tun_ip *a, const struct tun_ip *b)
{
	unsigned n;

	if (!a || !b)
		return false;
	n = family_bytes(a->family);
	return a->family == b->family && !memcmp(a->bytes, b->bytes, n);
}
