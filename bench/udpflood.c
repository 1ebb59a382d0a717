// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
/*
 * The UDP load of bench/echo.sh: FLOWS sockets (so FLOWS source ports, and
 * flows a multi-queue device spreads over its queues), each keeping WINDOW
 * datagrams in flight: one new datagram per reply, the window refilled when
 * replies stop coming for 20 ms. Prints the replies per second it got.
 *
 * usage: udpflood ADDRESS PORT FLOWS SECONDS [WINDOW [SIZE]]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct flow {
	struct sockaddr_storage dst;
	socklen_t dstlen;
	double seconds;
	int window;
	size_t size;
	unsigned long long replies;
	pthread_t thread;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *run(void *arg)
{
	struct flow *f = arg;
	struct timeval tv = { 0, 20000 };
	char buf[2048] = { 0 };
	double end = now() + f->seconds;
	int fd = socket(f->dst.ss_family, SOCK_DGRAM, 0);

	if (fd < 0 || connect(fd, (struct sockaddr *)&f->dst, f->dstlen) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) {
		perror("udpflood");
		return NULL;
	}
	while (now() < end) {
		for (int i = 0; i < f->window; i++)
			send(fd, buf, f->size, 0);
		while (recv(fd, buf, sizeof(buf), 0) > 0) {
			f->replies++;
			send(fd, buf, f->size, 0);
			if ((f->replies & 255) == 0 && now() >= end)
				break;
		}
	}
	close(fd);
	return NULL;
}

static int parse_dst(const char *addr, int port, struct flow *f)
{
	struct sockaddr_in *v4 = (struct sockaddr_in *)&f->dst;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&f->dst;

	memset(&f->dst, 0, sizeof(f->dst));
	if (inet_pton(AF_INET, addr, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)port);
		f->dstlen = sizeof(*v4);
		return 0;
	}
	if (inet_pton(AF_INET6, addr, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)port);
		f->dstlen = sizeof(*v6);
		return 0;
	}
	return -1;
}

int main(int argc, char **argv)
{
	struct flow *flows;
	unsigned long long total = 0;
	int nflows;
	double seconds;

	if (argc < 5) {
		fprintf(stderr,
			"usage: udpflood ADDRESS PORT FLOWS SECONDS [WINDOW [SIZE]]\n");
		return 2;
	}
	nflows = atoi(argv[3]);
	seconds = atof(argv[4]);
	flows = calloc((size_t)(nflows > 0 ? nflows : 1), sizeof(*flows));
	for (int i = 0; i < nflows; i++) {
		if (parse_dst(argv[1], atoi(argv[2]), &flows[i]) < 0) {
			fprintf(stderr, "udpflood: %s: not an address\n", argv[1]);
			return 2;
		}
		flows[i].seconds = seconds;
		flows[i].window = argc > 5 ? atoi(argv[5]) : 16;
		flows[i].size = argc > 6 ? (size_t)atoi(argv[6]) : 64;
		pthread_create(&flows[i].thread, NULL, run, &flows[i]);
	}
	for (int i = 0; i < nflows; i++) {
		pthread_join(flows[i].thread, NULL);
		total += flows[i].replies;
	}
	printf("%.0f\n", (double)total / seconds);
	free(flows);
	return 0;
}
