// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include "internal.h"

/* The Internet checksum (RFC 1071): a ones'-complement sum of big-endian
 * 16-bit words. Bytes are combined one at a time, so neither alignment nor
 * the host's byte order matters. */

uint32_t tun_checksum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;
	uint64_t acc = sum;

	if (!data)
		return sum;
	while (len >= 2) {
		acc += (uint32_t)(p[0] << 8 | p[1]);
		p += 2;
		len -= 2;
	}
	if (len)
		acc += (uint32_t)(p[0] << 8);
	/* Fold into 32 bits; a caller may keep adding to the result. */
	while (acc >> 32)
		acc = (acc & 0xffffffffu) + (acc >> 32);
	return (uint32_t)acc;
}

uint16_t tun_checksum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint32_t tun_checksum_pseudo(const struct tun_ip *src, const struct tun_ip *dst,
			     uint8_t proto, uint32_t len)
{
	size_t alen = src && src->family == TUN_INET6 ? 16 : 4;
	/* IPv6's 32-bit length and next header, which add up to the same
	 * words as IPv4's zero, protocol and 16-bit length. */
	const uint8_t tail[8] = { (uint8_t)(len >> 24), (uint8_t)(len >> 16),
				  (uint8_t)(len >> 8),	(uint8_t)len,
				  0,			0,
				  0,			proto };
	uint32_t sum;

	if (!src || !dst)
		return 0;
	sum = tun_checksum_add(0, src->bytes, alen);
	sum = tun_checksum_add(sum, dst->bytes, alen);
	return tun_checksum_add(sum, tail, sizeof(tail));
}
