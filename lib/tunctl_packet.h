/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The tunctl authors. */
#ifndef TUNCTL_PACKET_H
#define TUNCTL_PACKET_H

/*
 * libtunctl's packet toolkit: what a program that reads and writes a
 * device needs to look at the packets, with no device of its own. Pure
 * functions, the same on every OS; the conventions of tunctl.h hold.
 * tunctl.h includes this header; it can also be included alone.
 */

#include "tunctl.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ==== data path: packet decoding, checksums, the echo responder ========== */
/*
 * Pure functions behind `tunctl capture` and `tunctl echo`: no system calls,
 * the same on every OS. A packet is what tun_dev_read() returns, an IP packet
 * on TUN, an Ethernet frame on TAP. Truncated or malformed input is reported,
 * never read beyond.
 */

#define TUN_MAC_LEN 6
/* VLAN tags decoded in front of a frame's EtherType (802.1ad + 802.1Q). */
#define TUN_VLAN_MAX 2

/* Which layers tun_packet_decode() filled, in tun_packet.layers. */
#define TUN_LAYER_ETH 0x01	 /* Ethernet header, VLAN tags (TAP) */
#define TUN_LAYER_NET 0x02	 /* IPv4, IPv6 or ARP header */
#define TUN_LAYER_TRANSPORT 0x04 /* ICMP, ICMPv6, TCP or UDP header */

enum tun_net {
	TUN_NET_NONE = 0, /* nothing decoded */
	TUN_NET_IPV4,
	TUN_NET_IPV6,
	TUN_NET_ARP,
	TUN_NET_OTHER, /* an EtherType the decoder does not know */
};

/* IP protocol numbers with a decoded transport header. */
#define TUN_PROTO_ICMP 1
#define TUN_PROTO_TCP 6
#define TUN_PROTO_UDP 17
#define TUN_PROTO_ICMPV6 58

/* TCP flags, in tun_packet.tcp_flags. */
#define TUN_TCP_FIN 0x01
#define TUN_TCP_SYN 0x02
#define TUN_TCP_RST 0x04
#define TUN_TCP_PSH 0x08
#define TUN_TCP_ACK 0x10
#define TUN_TCP_URG 0x20
#define TUN_TCP_ECE 0x40
#define TUN_TCP_CWR 0x80

/* A decoded packet. Offsets index the bytes given to tun_packet_decode(). */
struct tun_packet {
	unsigned layers;   /* TUN_LAYER_* */
	const char *error; /* NULL, or why decoding stopped ("truncated TCP
			      header"); a static string */
	size_t len;	   /* bytes given */

	/* Ethernet (TAP) */
	uint8_t eth_dst[TUN_MAC_LEN];
	uint8_t eth_src[TUN_MAC_LEN];
	unsigned nvlan;
	uint16_t vlan[TUN_VLAN_MAX]; /* VLAN ids, outermost first */
	uint16_t ethertype;	     /* the one after the tags */

	/* network layer */
	enum tun_net net;
	size_t net_offset;   /* where the IP or ARP header starts */
	size_t net_len;	     /* IP: the length its header gives (Ethernet
				padding excluded) */
	struct tun_ip src;   /* ARP: the sender's protocol address */
	struct tun_ip dst;   /* ARP: the target's protocol address */
	uint8_t ttl;	     /* IPv4 TTL or IPv6 hop limit */
	uint8_t tos;	     /* IPv4 TOS or IPv6 traffic class */
	uint16_t ip_id;	     /* IPv4 identification */
	uint8_t proto;	     /* upper-layer protocol, past IPv6 extension
				headers */
	bool fragment;	     /* part of a fragmented datagram */
	bool more_fragments; /* more fragments follow */
	uint32_t frag_offset; /* in bytes; non-zero: no transport header */
	uint32_t frag_id;     /* the datagram's identification */
	size_t frag_header;   /* IPv6: where the fragment header starts */

	/* ARP (Ethernet/IPv4 only) */
	uint16_t arp_op; /* 1 request, 2 reply */
	uint8_t arp_sha[TUN_MAC_LEN];
	uint8_t arp_tha[TUN_MAC_LEN];

	/* transport layer */
	size_t transport_offset;
	size_t transport_len; /* to the end of the IP packet (UDP: its
				 length field) */
	uint16_t sport, dport; /* TCP, UDP */
	uint32_t tcp_seq, tcp_ack;
	uint16_t tcp_win;
	uint8_t tcp_flags;	    /* TUN_TCP_* */
	uint8_t icmp_type, icmp_code; /* ICMP and ICMPv6 */
	uint16_t icmp_id, icmp_seq;   /* echo request and reply */
	struct tun_ip nd_target;      /* neighbour solicitation/advertisement */
	size_t payload_offset;	      /* after the transport header */
	size_t payload_len;
};

/**
 * tun_packet_decode - decode the headers of one packet
 * @data: the packet (TUN) or frame (TAP)
 * @len: its length
 * @mode: TUN_MODE_TUN for a bare IP packet, TUN_MODE_TAP for Ethernet
 * @pkt: filled with every header that could be decoded
 *
 * IPv4 (with options), IPv6 (past hop-by-hop, routing, fragment,
 * destination-options and AH headers), ARP, 802.1Q/802.1ad tags, ICMP,
 * ICMPv6, TCP and UDP. Fields of layers not in @pkt->layers are zero.
 *
 * Returns 0 when every header present was whole, or -EBADMSG when the packet
 * is truncated or malformed; then @pkt->error says why, and what was decoded
 * before that point is still valid.
 */
TUNCTL_EXPORT int tun_packet_decode(const void *data, size_t len,
				    enum tun_mode mode, struct tun_packet *pkt);
/**
 * tun_packet_decode_ethertype - decode a packet whose link header is gone
 * @data: the network-layer header; @len: bytes at @data
 * @ethertype: what it is (0x0800 IPv4, 0x86dd IPv6, 0x0806 ARP); others
 *	give TUN_NET_OTHER
 *
 * For frames of other link layers (a Linux cooked capture, BSD loopback).
 * Returns as tun_packet_decode().
 */
TUNCTL_EXPORT int tun_packet_decode_ethertype(const void *data, size_t len,
					      uint16_t ethertype,
					      struct tun_packet *pkt);

/**
 * tun_packet_checksums_ok - verify the IPv4 header checksum and the ICMP,
 * ICMPv6, TCP or UDP checksum of a decoded packet
 * @data: the bytes given to tun_packet_decode()
 * @pkt: its decoded form
 *
 * Fragments and protocols without a checksum pass. A UDP checksum of zero
 * passes over IPv4 (it means "none") and fails over IPv6 (RFC 8200).
 */
TUNCTL_EXPORT bool tun_packet_checksums_ok(const void *data,
					   const struct tun_packet *pkt);

/**
 * tun_checksum_add - add @len bytes to a running ones'-complement sum
 * @sum: 0 to start, or a previous result; @data needs no alignment
 *
 * Pieces after the first must start at an even offset of the whole.
 */
TUNCTL_EXPORT uint32_t tun_checksum_add(uint32_t sum, const void *data,
					size_t len);
/** tun_checksum_fold - the 16-bit Internet checksum (RFC 1071) of @sum, in
 * host order: store it big-endian */
TUNCTL_EXPORT uint16_t tun_checksum_fold(uint32_t sum);
/**
 * tun_checksum_pseudo - the sum of the TCP/UDP/ICMPv6 pseudo-header
 * @src: source address; @dst: destination, of the same family
 * @proto: upper-layer protocol; @len: upper-layer length
 */
TUNCTL_EXPORT uint32_t tun_checksum_pseudo(const struct tun_ip *src,
					   const struct tun_ip *dst,
					   uint8_t proto, uint32_t len);

/* What tun_echo_reply() made of a packet. */
enum tun_echo_action {
	TUN_ECHO_DROP = 0,   /* nothing to answer: no reply */
	TUN_ECHO_REPLY,	     /* an ICMP/ICMPv6 echo reply or a reflected UDP
				datagram */
	TUN_ECHO_NEIGHBOUR,  /* an ARP reply or neighbour advertisement (TAP) */
	TUN_ECHO_MALFORMED,  /* truncated, malformed or bad checksum: no reply */
};

struct tun_echo_config {
	enum tun_mode mode;
	bool udp;		  /* reflect UDP datagrams to their sender */
	uint8_t mac[TUN_MAC_LEN]; /* TAP: the hardware address we answer
				     from; see tun_echo_mac() */
	const struct tun_ip *own; /* the interface's own addresses: never
				     claimed by ARP or ND answers */
	size_t nown;
};

/**
 * tun_echo_reply - the answer of an echo responder to one packet
 * @cfg: how to answer
 * @req: the packet read from the device
 * @len: its length
 * @out: where the reply is built; must not overlap @req
 * @outsize: room in @out; 65535 + 64 bytes always suffice
 * @outlen: the reply's length, for TUN_ECHO_REPLY and TUN_ECHO_NEIGHBOUR
 *
 * Answers ICMP and ICMPv6 echo requests to any unicast destination, UDP
 * datagrams with @cfg->udp (addresses and ports swapped), and on TAP ARP
 * requests and IPv6 neighbour solicitations for any address but the
 * interface's own (not probes or duplicate-address detection). Replies carry
 * fresh, correct checksums; requests with wrong ones are malformed.
 *
 * Returns a TUN_ECHO_* action, or -ENOBUFS when @outsize is too small.
 */
TUNCTL_EXPORT int tun_echo_reply(const struct tun_echo_config *cfg,
				 const void *req, size_t len, void *out,
				 size_t outsize, size_t *outlen);

/**
 * tun_echo_mac - a stable, locally administered unicast MAC address for
 * the echo responder on @ifname: 02:74 followed by a hash of the name
 */
TUNCTL_EXPORT void tun_echo_mac(const char *ifname,
				uint8_t mac[TUN_MAC_LEN]);

/* Reassembly of fragmented IPv4 and IPv6 datagrams, so that the echo
 * responder can answer a ping or a UDP datagram larger than the MTU. */
struct tun_reasm;

/**
 * tun_reasm_new - a reassembler for up to @slots datagrams at a time
 *
 * Memory for a datagram (64 KiB) is taken when its first fragment comes.
 * Returns 0 or -ENOMEM.
 */
TUNCTL_EXPORT int tun_reasm_new(struct tun_reasm **rp, unsigned slots);
/** tun_reasm_free - free the reassembler; NULL is allowed */
TUNCTL_EXPORT void tun_reasm_free(struct tun_reasm *r);
/**
 * tun_reasm_add - offer one packet to the reassembler
 * @r: the reassembler
 * @now_ms: a monotonic clock in milliseconds; datagrams still incomplete
 *	after 30 s are discarded
 * @data: the packet (TUN) or frame (TAP); @len: its length; @mode: which
 * @out: where a completed datagram is written, with the first fragment's
 *	link header; @outsize: its room (65535 + 64 suffices)
 * @outlen: the completed datagram's length
 *
 * Returns 0 when the packet is no fragment (use it as it is), 1 when it
 * completed a datagram (in @out), -EINPROGRESS when it was kept until the
 * rest comes, -EBADMSG when it was refused (it overlaps a piece already
 * held, other than as an unchanged duplicate; two different ends; beyond
 * 64 KiB; a non-final piece not a multiple of 8 bytes), -ENOBUFS when @out
 * is too small for the datagram. A refused piece discards its whole
 * datagram, and pieces of it that still come within 30 s are refused too
 * (RFC 5722, applied to IPv4 as well). Not thread-safe: one reassembler
 * per thread, or a lock around each call.
 */
TUNCTL_EXPORT int tun_reasm_add(struct tun_reasm *r, uint64_t now_ms,
				const void *data, size_t len,
				enum tun_mode mode, void *out, size_t outsize,
				size_t *outlen);
/** tun_reasm_discarded - fragments thrown away so far: expired, evicted
 * for room, or part of a datagram found malformed */
TUNCTL_EXPORT unsigned long long tun_reasm_discarded(const struct tun_reasm *r);

/* pcap files (the classic format that tcpdump -w writes). */
#define TUN_PCAP_FILE_HEADER_LEN 24
#define TUN_PCAP_RECORD_HEADER_LEN 16
#define TUN_LINKTYPE_ETHERNET 1 /* TAP frames */
#define TUN_LINKTYPE_RAW 101	/* TUN packets: bare IPv4 or IPv6 */

/** tun_pcap_linktype - the pcap link type of a device's packets */
TUNCTL_EXPORT uint32_t tun_pcap_linktype(enum tun_mode mode);
/**
 * tun_pcap_file_header - the 24 bytes that start a pcap file
 * @out: TUN_PCAP_FILE_HEADER_LEN bytes
 * @linktype: TUN_LINKTYPE_*; @snaplen: the longest record it will hold
 *
 * Little-endian, microsecond timestamps, version 2.4, on every OS.
 */
TUNCTL_EXPORT void tun_pcap_file_header(uint8_t *out, uint32_t linktype,
					uint32_t snaplen);
/**
 * tun_pcap_record_header - the 16 bytes before each packet in the file
 * @out: TUN_PCAP_RECORD_HEADER_LEN bytes
 * @sec: seconds since 1970 (UTC); @usec: microseconds, below 1000000
 * @caplen: bytes of the packet that follow; @len: its length on the wire
 */
TUNCTL_EXPORT void tun_pcap_record_header(uint8_t *out, uint32_t sec,
					  uint32_t usec, uint32_t caplen,
					  uint32_t len);

#ifdef __cplusplus
}
#endif

#endif
