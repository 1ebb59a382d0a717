// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/sockio.h>

#include <errno.h>
#include <pthread.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <net/if.h>
#include <net/if_dl.h>
#include <net/route.h>
#include <netinet/in.h>
#include <netinet/in_var.h>
#include <netinet6/in6_var.h>

#include "commands.h"

/*
 * The test driver of `make check-rump` (docs/rump.md): one rump kernel in
 * this process, tunctl's CLI run in it as on NetBSD, and a second view of
 * the kernel's state that shares no code with tunctl. Built against NetBSD's
 * headers like the code under test; its system calls reach the rump kernel.
 *
 *   driver STEP...
 *
 * Each STEP is one argument, words split on spaces:
 *   "tunctl ARGS"         run tunctl's main with ARGS; prints "exit N"
 *   "link NAME"           "link NAME up|down mtu=N", or "link NAME absent"
 *   "addr NAME IP"        "addr IP present [dst=PEER]" or "addr IP absent"
 *   "route DST"           "route DST gateway=IP|link=NAME" or "route DST absent"
 *   "ping DST N"          from now on, in a second thread: after a second,
 *                         N ICMP (or ICMPv6) echo requests from the stack
 *                         to DST, one every 100 ms, counting the replies
 *   "wait"                join that thread: "replies K of N to DST"
 * The caller (tests/rump/check-rump.sh) compares the output.
 */

int rump_init(void);

#define MAXWORDS 32

static int split(char *s, char **argv)
{
	int n = 0;

	for (char *w = strtok(s, " "); w && n < MAXWORDS - 1;
	     w = strtok(NULL, " "))
		argv[n++] = w;
	argv[n] = NULL;
	return n;
}

static int inet_socket(int family)
{
	int fd = socket(family, SOCK_DGRAM, 0);

	if (fd < 0) {
		printf("socket: %s\n", strerror(errno));
		exit(1);
	}
	return fd;
}

static void show_link(const char *name)
{
	struct ifreq ifr;
	int fd = inet_socket(AF_INET);
	unsigned flags;

	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.ifr_name, name, sizeof(ifr.ifr_name));
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
		printf("link %s absent\n", name);
		close(fd);
		return;
	}
	flags = (unsigned short)ifr.ifr_flags;
	if (ioctl(fd, SIOCGIFMTU, &ifr) < 0)
		ifr.ifr_mtu = -1;
	printf("link %s %s mtu=%d\n", name, flags & IFF_UP ? "up" : "down",
	       ifr.ifr_mtu);
	close(fd);
}

static void show_addr4(const char *name, const char *text)
{
	struct ifaliasreq ifra;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifra.ifra_addr;
	struct sockaddr_in *dst = (struct sockaddr_in *)&ifra.ifra_dstaddr;
	struct sockaddr_in *mask = (struct sockaddr_in *)&ifra.ifra_mask;
	char buf[INET_ADDRSTRLEN];
	int fd = inet_socket(AF_INET);

	memset(&ifra, 0, sizeof(ifra));
	strlcpy(ifra.ifra_name, name, sizeof(ifra.ifra_name));
	sin->sin_len = sizeof(*sin);
	sin->sin_family = AF_INET;
	inet_pton(AF_INET, text, &sin->sin_addr);
	if (ioctl(fd, SIOCGIFALIAS, &ifra) < 0) {
		printf("addr %s absent\n", text);
	} else {
		printf("addr %s present", text);
		printf(" mask=%s", inet_ntop(AF_INET, &mask->sin_addr, buf,
					     sizeof(buf)));
		if (dst->sin_family == AF_INET && dst->sin_addr.s_addr)
			printf(" dst=%s", inet_ntop(AF_INET, &dst->sin_addr,
						    buf, sizeof(buf)));
		printf("\n");
	}
	close(fd);
}

static void show_addr6(const char *name, const char *text)
{
	struct in6_ifreq ifr;
	char buf[INET6_ADDRSTRLEN];
	int fd = inet_socket(AF_INET6);

	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.ifr_name, name, sizeof(ifr.ifr_name));
	ifr.ifr_addr.sin6_len = sizeof(ifr.ifr_addr);
	ifr.ifr_addr.sin6_family = AF_INET6;
	inet_pton(AF_INET6, text, &ifr.ifr_addr.sin6_addr);
	if (ioctl(fd, SIOCGIFAFLAG_IN6, &ifr) < 0) {
		printf("addr %s absent\n", text);
		close(fd);
		return;
	}
	printf("addr %s present", text);
	inet_pton(AF_INET6, text, &ifr.ifr_addr.sin6_addr);
	if (ioctl(fd, SIOCGIFDSTADDR_IN6, &ifr) == 0 &&
	    !IN6_IS_ADDR_UNSPECIFIED(&ifr.ifr_dstaddr.sin6_addr))
		printf(" dst=%s", inet_ntop(AF_INET6,
					    &ifr.ifr_dstaddr.sin6_addr, buf,
					    sizeof(buf)));
	printf("\n");
	close(fd);
}

static void show_addr(const char *name, const char *text)
{
	if (strchr(text, ':'))
		show_addr6(name, text);
	else
		show_addr4(name, text);
}

/* RTM_GET for DST ("A.B.C.D/len" or "X::/len"), read back on the same
 * routing socket: the kernel's own answer, not a dump. */
static void show_route(const char *text)
{
	struct {
		struct rt_msghdr h;
		uint8_t space[512];
	} m;
	char addr[64], buf[INET6_ADDRSTRLEN];
	const char *slash = strchr(text, '/');
	unsigned len = slash ? (unsigned)atoi(slash + 1) : 128;
	int v6 = strchr(text, ':') != NULL;
	size_t salen = v6 ? sizeof(struct sockaddr_in6)
			  : sizeof(struct sockaddr_in);
	size_t step = (salen + 7) & ~(size_t)7;
	uint8_t *p = m.space;
	int fd = socket(PF_ROUTE, SOCK_RAW, 0);
	pid_t pid = getpid();
	ssize_t n;

	snprintf(addr, sizeof(addr), "%.*s", (int)(slash ? slash - text
							: (long)strlen(text)),
		 text);
	memset(&m, 0, sizeof(m));
	m.h.rtm_version = RTM_VERSION;
	m.h.rtm_type = RTM_GET;
	m.h.rtm_seq = 1;
	m.h.rtm_addrs = RTA_DST | RTA_NETMASK | RTA_IFP;
	/* dst, then the netmask, then an empty AF_LINK asking for the ifp */
	for (int i = 0; i < 2; i++, p += step) {
		p[0] = (uint8_t)salen;
		p[1] = v6 ? AF_INET6 : AF_INET;
		if (i == 0) {
			inet_pton(v6 ? AF_INET6 : AF_INET, addr,
				  p + (v6 ? 8 : 4));
		} else {
			for (unsigned b = 0; b < len; b++)
				p[(v6 ? 8 : 4) + b / 8] |= (uint8_t)(0x80 >> (b % 8));
		}
	}
	p[0] = sizeof(struct sockaddr_dl);
	p[1] = AF_LINK;
	p += (sizeof(struct sockaddr_dl) + 7) & ~(size_t)7;
	m.h.rtm_msglen = (unsigned short)(p - (uint8_t *)&m);
	if (fd < 0 || write(fd, &m, m.h.rtm_msglen) < 0) {
		printf("route %s absent (%s)\n", text, strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	do
		n = read(fd, &m, sizeof(m));
	while (n > 0 && (m.h.rtm_seq != 1 || m.h.rtm_pid != pid));
	close(fd);
	if (n <= 0 || m.h.rtm_errno) {
		printf("route %s absent\n", text);
		return;
	}
	p = m.space;
	printf("route %s", text);
	for (int bit = 1; bit <= RTA_BRD; bit <<= 1) {
		if (!(m.h.rtm_addrs & bit))
			continue;
		if (bit == RTA_GATEWAY && p[1] == AF_LINK) {
			printf(" gateway=link");
		} else if (bit == RTA_GATEWAY) {
			printf(" gateway=%s",
			       inet_ntop(p[1], p + (p[1] == AF_INET6 ? 8 : 4),
					 buf, sizeof(buf)));
		} else if (bit == RTA_IFP && p[1] == AF_LINK) {
			const struct sockaddr_dl *sdl = (const void *)p;

			printf(" ifp=%.*s", sdl->sdl_nlen, sdl->sdl_data);
		}
		p += p[0] ? ((size_t)p[0] + 7) & ~(size_t)7 : 8;
	}
	printf("%s\n", m.h.rtm_flags & RTF_GATEWAY ? " via" : "");
}

/* ---- pings from the rump kernel's own stack -------------------------- */

struct pinger {
	char dst[64];
	int count, replies;
	pthread_t thread;
};

static uint16_t checksum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)(p[len - 1] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };

	nanosleep(&ts, NULL);
}

/* Is @buf (@n bytes from the socket) an echo reply of ours? Raw IPv4
 * sockets deliver the IP header too; ICMPv6 ones only the message. */
static int is_reply(int v6, const uint8_t *buf, ssize_t n)
{
	size_t off = v6 ? 0 : (size_t)(buf[0] & 0xf) * 4;

	return n >= (ssize_t)off + 8 && buf[off] == (v6 ? 129 : 0) &&
	       buf[off + 4] == 0x7a && buf[off + 5] == 0x11;
}

static void *ping_main(void *arg)
{
	struct pinger *pg = arg;
	int v6 = strchr(pg->dst, ':') != NULL;
	struct sockaddr_storage ss;
	struct timeval tv = { 0, 100000 };
	uint8_t msg[64], buf[256];
	int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_RAW,
			v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP);

	memset(&ss, 0, sizeof(ss));
	if (v6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_len = sizeof(*sin6);
		sin6->sin6_family = AF_INET6;
		inet_pton(AF_INET6, pg->dst, &sin6->sin6_addr);
	} else {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_len = sizeof(*sin);
		sin->sin_family = AF_INET;
		inet_pton(AF_INET, pg->dst, &sin->sin_addr);
	}
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) {
		printf("ping: socket: %s\n", strerror(errno));
		return NULL;
	}
	sleep_ms(1000);
	for (int i = 0; i < pg->count; i++) {
		memset(msg, 0, sizeof(msg));
		msg[0] = v6 ? 128 : 8; /* echo request */
		msg[4] = 0x7a;	       /* identifier 0x7a11 */
		msg[5] = 0x11;
		msg[7] = (uint8_t)i;
		if (!v6) { /* the kernel sums ICMPv6 itself */
			uint16_t sum = checksum(msg, sizeof(msg));

			msg[2] = (uint8_t)(sum >> 8);
			msg[3] = (uint8_t)sum;
		}
		if (sendto(fd, msg, sizeof(msg), 0, (struct sockaddr *)&ss,
			   ((struct sockaddr *)&ss)->sa_len) < 0)
			printf("ping: sendto %s: %s\n", pg->dst,
			       strerror(errno));
		for (int tries = 0; tries < 10; tries++) {
			ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, NULL,
					     NULL);

			if (n > 0 && is_reply(v6, buf, n)) {
				pg->replies++;
				break;
			}
		}
	}
	close(fd);
	return NULL;
}

static void ping_start(struct pinger *pg, const char *dst, int count)
{
	memset(pg, 0, sizeof(*pg));
	snprintf(pg->dst, sizeof(pg->dst), "%s", dst);
	pg->count = count;
	if (pthread_create(&pg->thread, NULL, ping_main, pg) != 0) {
		printf("ping: no thread\n");
		exit(1);
	}
}

static void ping_wait(struct pinger *pg)
{
	pthread_join(pg->thread, NULL);
	printf("replies %d of %d to %s\n", pg->replies, pg->count, pg->dst);
}

static int run_tunctl(char **argv, int argc)
{
	int ret;

	fflush(stdout);
	ret = tunctl_main(argc, argv);
	fflush(stdout);
	fflush(stderr);
	printf("exit %d\n", ret);
	return ret;
}

int main(int argc, char *argv[])
{
	struct pinger pg;
	int err = rump_init();

	if (err) {
		fprintf(stderr, "rump_init: %s\n", strerror(err));
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	alarm(120); /* a scenario that hangs fails */
	for (int i = 1; i < argc; i++) {
		char *words[MAXWORDS];
		char *step = strdup(argv[i]);
		int n = split(step, words);

		printf("# %s\n", argv[i]);
		if (n >= 1 && !strcmp(words[0], "tunctl"))
			run_tunctl(words, n);
		else if (n == 2 && !strcmp(words[0], "link"))
			show_link(words[1]);
		else if (n == 3 && !strcmp(words[0], "addr"))
			show_addr(words[1], words[2]);
		else if (n == 2 && !strcmp(words[0], "route"))
			show_route(words[1]);
		else if (n == 3 && !strcmp(words[0], "ping"))
			ping_start(&pg, words[1], atoi(words[2]));
		else if (n == 1 && !strcmp(words[0], "wait"))
			ping_wait(&pg);
		else
			printf("driver: bad step\n");
		free(step);
	}
	return 0;
}
