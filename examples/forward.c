// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/*
 * forward NAME PORT PEER_IPV4 PEER_PORT: the smallest VPN data path, without
 * the crypto. It creates the TUN device NAME (root or CAP_NET_ADMIN), says
 * "forwarding NAME index N" on stderr, then sends what the system routes into NAME to
 * the peer in UDP datagrams, and writes what the peer sends into NAME, as if
 * it came from a network. The device goes when it is killed.
 *
 * The device has offloads (TUN_FLAG_VNET_HDR): the kernel hands over TCP in
 * GSO packets of up to 64 KiB, which tun_dev_read_many() cuts into packets
 * of the device's MTU, one per datagram; tun_dev_write_many() joins what
 * comes back into GSO packets, so the kernel handles one packet, not dozens.
 * Each packet is read HEAD bytes into its buffer, for the VPN's header.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <tunctl.h>

#define BATCH 64
#define HEAD 4	   /* our header in front of each packet: a tag */
#define ROOM 65600 /* a buffer: header and the largest packet */
static const char tag[HEAD] = { 'T', 'U', 'N', '1' };

struct batch {
	char mem[BATCH][ROOM];
	struct tun_rbuf rbufs[BATCH];
	struct tun_buf wbufs[BATCH];
	struct iovec iov[BATCH];
	struct mmsghdr msgs[BATCH];
};

static void set_msg(struct batch *b, int i, char *data, size_t len)
{
	b->iov[i] = (struct iovec){ data, len };
	b->msgs[i] = (struct mmsghdr){ .msg_hdr = { .msg_iov = &b->iov[i],
						    .msg_iovlen = 1 } };
}

/* Device to peer until -EAGAIN, as poll() cannot see what @dev holds. */
static int tun_to_udp(struct tun_dev *dev, int sock, struct batch *b)
{
	int n;

	while ((n = tun_dev_read_many(dev, 0, b->rbufs, BATCH, HEAD)) > 0) {
		int m = 0;

		for (int i = 0; i < n; i++) {
			if (b->rbufs[i].ret < 0)
				continue; /* one packet lost; the others go on */
			memcpy(b->mem[i], tag, HEAD);
			set_msg(b, m++, b->mem[i], HEAD + (size_t)b->rbufs[i].ret);
		}
		if (m && sendmmsg(sock, b->msgs, (unsigned)m, 0) < 0 &&
		    errno != ENOBUFS && errno != ECONNREFUSED)
			return -errno; /* else lost, as on a network */
	}
	return n == -EAGAIN || n == -EINTR ? 0 : n;
}

/* Peer to device: every datagram waiting, untagged, in one write call. */
static int udp_to_tun(struct tun_dev *dev, int sock, struct batch *b)
{
	int n, m = 0;

	for (int i = 0; i < BATCH; i++)
		set_msg(b, i, b->mem[i], ROOM);
	n = recvmmsg(sock, b->msgs, BATCH, MSG_DONTWAIT, NULL);
	if (n < 0)
		return errno == EAGAIN || errno == ECONNREFUSED ? 0 : -errno;
	for (int i = 0; i < n; i++) {
		if (b->msgs[i].msg_len > HEAD && !memcmp(b->mem[i], tag, HEAD))
			b->wbufs[m++] = (struct tun_buf){ b->mem[i] + HEAD,
							  b->msgs[i].msg_len - HEAD };
	}
	if (m) /* a packet the kernel refuses is a lost one */
		tun_dev_write_many(dev, 0, b->wbufs, (size_t)m);
	return 0;
}

static int open_socket(char *argv[])
{
	struct sockaddr_in me = { AF_INET, htons(atoi(argv[2])), { 0 }, { 0 } };
	struct sockaddr_in to = { AF_INET, htons(atoi(argv[4])), { 0 }, { 0 } };
	int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), room = 8 << 20;

	if (sock >= 0 && (inet_pton(AF_INET, argv[3], &to.sin_addr) != 1 ||
			  bind(sock, (struct sockaddr *)&me, sizeof(me)) < 0 ||
			  connect(sock, (struct sockaddr *)&to, sizeof(to)) < 0))
		return close(sock), -1;
	/* Room for bursts: a full queue drops, and TCP slows down for it. */
	setsockopt(sock, SOL_SOCKET, SO_RCVBUFFORCE, &room, sizeof(room));
	setsockopt(sock, SOL_SOCKET, SO_SNDBUFFORCE, &room, sizeof(room));
	return sock;
}

int main(int argc, char *argv[])
{
	struct tun_config cfg = { .name = argv[1], .flags = TUN_FLAG_VNET_HDR };
	struct batch *in = calloc(1, sizeof(*in)), *out = calloc(1, sizeof(*out));
	struct tun_ctx *ctx = NULL;
	struct tun_dev *dev = NULL;
	unsigned index;
	int sock = -1, ret = -ENOMEM;

	if (argc != 5) {
		fprintf(stderr, "usage: forward NAME PORT PEER_IPV4 PEER_PORT\n");
		return 2;
	}
	for (int i = 0; out && i < BATCH; i++)
		out->rbufs[i] = (struct tun_rbuf){ out->mem[i], ROOM, 0 };
	if (!in || !out || (ret = tun_ctx_new(&ctx)) < 0 ||
	    (ret = tun_dev_create(ctx, &cfg, &dev)) < 0 ||
	    (ret = tun_dev_ifindex(ctx, dev, &index)) < 0 ||
	    fcntl(tun_dev_fd(dev, 0), F_SETFL, O_NONBLOCK) < 0 ||
	    (sock = open_socket(argv)) < 0) {
		fprintf(stderr, "forward: %s %s\n", strerror(ret < 0 ? -ret : errno),
			tun_ctx_detail(ctx));
		goto out;
	}
	fprintf(stderr, "forwarding %s index %u\n", tun_dev_name(dev), index);
	for (;;) {
		struct pollfd p[2] = { { tun_dev_wait_handle(dev, 0), POLLIN, 0 },
				       { sock, POLLIN, 0 } };

		if (poll(p, 2, -1) < 0 && errno != EINTR)
			break;
		if ((p[0].revents && (ret = tun_to_udp(dev, sock, out)) < 0) ||
		    (p[1].revents && (ret = udp_to_tun(dev, sock, in)) < 0)) {
			fprintf(stderr, "forward: %s\n", strerror(-ret));
			break;
		}
	}
out:
	free(in);
	free(out);
	close(sock);
	tun_dev_close(dev);
	tun_ctx_free(ctx);
	return 1;
}
