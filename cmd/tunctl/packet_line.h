/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The tunctl authors. */
#ifndef TUNCTL_PACKET_LINE_H
#define TUNCTL_PACKET_LINE_H

/* The parts of the packet line (packet_line.c: link layers and dumps,
 * packet_net.c: IP and what it carries, packet_dns.c: DNS). */

#include "datapath.h"

struct pl_name {
	unsigned value;
	const char *text;
};

/* One packet being printed. */
struct pl_frame {
	const struct dp_packet *p;
	enum dp_link link;	/* never DP_LINK_DEVICE */
	size_t offset;		/* where the network layer starts (files) */
	uint16_t ethertype;	/* of the network layer (files) */
	uint32_t af;		/* DLT_NULL/LOOP: the address family */
	bool decoded;		/* @pkt holds the decoder's result */
	bool named;		/* -e printed the protocol already */
	const uint8_t *bytes;	/* what @pkt's offsets index */
	const uint8_t *ip;	/* a quoted IPv4 header as it was, else NULL */
	size_t ip_total;	/* and its length before it was cut */
	struct tun_packet pkt;
};

extern const struct pl_name pl_ipproto_names[];
const char *pl_lookup(const struct pl_name *names, unsigned value);
uint16_t pl_get16(const uint8_t *p);
uint32_t pl_get32(const uint8_t *p);
char *pl_mac_text(const uint8_t *m, char *buf);
void pl_print_mac(struct cli *cli, const char *key, const char *fmt,
		  const uint8_t *m);
void pl_print_ip(struct cli *cli, const char *key, const char *fmt,
		 const struct tun_ip *ip);
/* An address given as 4 or 16 bytes. */
void pl_print_addr(struct cli *cli, const char *key, const char *fmt,
		   const uint8_t *bytes, bool v6);

void pl_decode(const struct dp_packet *p, struct pl_frame *f);
/* The link layer (with -e) and the rest. */
void pl_print_frame(struct dp_printer *pr, struct pl_frame *f);
/* Everything after the link layer: "IP 10.0.0.1 > 10.0.0.2: ICMP ..." */
void pl_print_network(struct dp_printer *pr, const struct pl_frame *f);
/* A DNS message (UDP port 53) as tcpdump prints it. */
void pl_print_dns(struct cli *cli, const uint8_t *msg, size_t len,
		  size_t caplen, bool verbose);
void pl_tcp_flows_free(struct dp_printer *pr);

#endif
