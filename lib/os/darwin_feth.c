// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/sockio.h>
#include <sys/sysctl.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <net/bpf.h>
#include <net/if.h>
#include <net/ndrv.h>

#include "darwin.h"

/*
 * macOS TAP: macOS has no tap driver, but it has feth ("fake Ethernet",
 * xnu bsd/net/if_fake.c): two feth interfaces can be peered so that what
 * one sends, the other receives. We make the user's fethN and our I/O half
 * feth(N+16384), peer them, and do frame I/O on the I/O half: reading with
 * BPF (an AF_NDRV socket cannot read IP frames) and writing with AF_NDRV
 * (BPF writes are capped at 2048 bytes). This is the technique of ZeroTier's
 * MacEthernetTapAgent, with the peering done by ioctl instead of ifconfig.
 */

/* From xnu bsd/net/if_fake_var.h, which is private (not in the SDK): the
 * driver-specific request behind `ifconfig fethA peer fethB`. */
#define IF_FAKE_S_CMD_SET_PEER 1
#define IF_FAKE_G_CMD_GET_PEER 1
struct if_fake_request {
	uint64_t iffr_reserved[4]; /* must be zero, else EINVAL */
	union {
		char iffru_buf[128];
		char iffru_peer_name[IFNAMSIZ];
	} iffr_u;
};
_Static_assert(sizeof(struct if_fake_request) == 160, "if_fake_request");
_Static_assert(sizeof(struct ifdrv) == 40, "ifdrv");

/* The BPF record layout the pure walker uses (../bsdwire.h). */
_Static_assert(sizeof(struct bpf_hdr) == BPF_DARWIN_HDR_SIZE, "bpf_hdr");
_Static_assert(offsetof(struct bpf_hdr, bh_caplen) == BPF_DARWIN_OFF_CAPLEN,
	       "bh_caplen");
_Static_assert(offsetof(struct bpf_hdr, bh_datalen) ==
		       BPF_DARWIN_OFF_DATALEN, "bh_datalen");
_Static_assert(offsetof(struct bpf_hdr, bh_hdrlen) == BPF_DARWIN_OFF_HDRLEN,
	       "bh_hdrlen");
_Static_assert(BPF_ALIGNMENT == BPF_DARWIN_ALIGN, "BPF_ALIGNMENT");

#define FETH_DEFAULT_MAX_MTU 2048 /* FETH_MAX_MTU_DEFAULT */
#define BPF_BUFSIZE (128 * 1024)
#define BPF_DEVICES 256 /* BPF_MAX_DEVICES */

static const char name_why[] =
	"on macOS a TAP device is a feth interface: fethN (N below 16384) "
	"or feth%d";

/* ---- the pair ----------------------------------------------------------- */

/* The unit of a user-facing feth name, or -EINVAL. */
static int user_unit(const char *name, unsigned *unit)
{
	return name_unit(name, "feth", FETH_IO_BASE, unit) == 1 ? 0 : -EINVAL;
}

static int drvspec(struct tun_ctx *ctx, unsigned long req, const char *name,
		   unsigned long cmd, struct if_fake_request *fr)
{
	struct ifdrv ifd;
	int s = bsd_ctx_socket(ctx, AF_INET);

	if (s < 0)
		return s;
	memset(&ifd, 0, sizeof(ifd));
	tun_strlcpy(ifd.ifd_name, name, sizeof(ifd.ifd_name));
	ifd.ifd_cmd = cmd;
	ifd.ifd_len = sizeof(*fr);
	ifd.ifd_data = fr;
	if (ioctl(s, req, &ifd) < 0)
		return errno == ENXIO ? -ENODEV : -errno;
	return 0;
}

static int set_peer(struct tun_ctx *ctx, const char *name, const char *peer)
{
	struct if_fake_request fr;
	int ret;

	memset(&fr, 0, sizeof(fr));
	tun_strlcpy(fr.iffr_u.iffru_peer_name, peer,
		    sizeof(fr.iffr_u.iffru_peer_name));
	ret = drvspec(ctx, SIOCSDRVSPEC, name, IF_FAKE_S_CMD_SET_PEER, &fr);
	if (ret < 0)
		return bsd_fail(ctx, ret, "cannot peer", name);
	return 0;
}

/* The peer of feth @name; -EOPNOTSUPP when it has none (not ours). */
static int get_peer(struct tun_ctx *ctx, const char *name,
		    char peer[TUN_NAME_MAX])
{
	struct if_fake_request fr;
	int ret;

	memset(&fr, 0, sizeof(fr));
	ret = drvspec(ctx, SIOCGDRVSPEC, name, IF_FAKE_G_CMD_GET_PEER, &fr);
	if (ret == -ENODEV)
		return tun_fail(ctx, ret, "no device named %s", name);
	if (ret < 0)
		return tun_fail(ctx, -EOPNOTSUPP, "%s is not a feth interface",
				name);
	tun_strlcpy(peer, fr.iffr_u.iffru_peer_name, TUN_NAME_MAX);
	if (!peer[0])
		return tun_fail(ctx, -EOPNOTSUPP,
				"%s has no peer: not a TAP device made by tunctl",
				name);
	return 0;
}

/* net.link.fake.max_mtu: the most a feth takes (2048 unless changed). */
static unsigned feth_max_mtu(void)
{
	int v = 0;
	size_t len = sizeof(v);

	if (sysctlbyname("net.link.fake.max_mtu", &v, &len, NULL, 0) < 0 ||
	    v < 1500)
		return FETH_DEFAULT_MAX_MTU;
	return (unsigned)v;
}

/* Make fethN (or any free unit) and its I/O half, peered, the I/O half
 * up with the largest MTU so that any frame of the user's fits. */
static int make_pair(struct tun_ctx *ctx, const char *want,
		     char user[TUN_NAME_MAX], char io[TUN_NAME_MAX])
{
	char io_want[TUN_NAME_MAX];
	unsigned unit;
	int ret = bsd_clone_create(ctx, want, user);

	if (ret < 0)
		return ret;
	if (user_unit(user, &unit) < 0) {
		bsd_clone_destroy_quietly(user);
		return tun_fail(ctx, -ENOSPC, "no feth unit below %d is free",
				FETH_IO_BASE);
	}
	snprintf(io_want, sizeof(io_want), "feth%u", unit + FETH_IO_BASE);
	ret = bsd_clone_create(ctx, io_want, io);
	if (ret == 0)
		ret = set_peer(ctx, user, io);
	if (ret == 0) {
		bsd_mtu_set(ctx, io, feth_max_mtu()); /* best effort */
		ret = bsd_flags_change(ctx, io, IFF_UP, 0);
	}
	if (ret < 0) {
		if (io[0])
			bsd_clone_destroy_quietly(io);
		bsd_clone_destroy_quietly(user);
	}
	return ret;
}

/* ---- frame I/O on the I/O half ------------------------------------------ */

/* A free /dev/bpfN. bpf0 comes last: some tools insist on it. */
static int open_bpf(struct tun_ctx *ctx)
{
	char path[32];

	for (int i = 1; i <= BPF_DEVICES; i++) {
		int fd;

		snprintf(path, sizeof(path), "/dev/bpf%d", i % BPF_DEVICES);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd >= 0)
			return fd;
		if (errno == ENOENT && i > 1)
			break;
		if (errno != EBUSY && errno != ENOENT)
			return bsd_fail(ctx, -errno, "cannot open", path);
	}
	return tun_fail(ctx, -EBUSY, "every BPF device is in use");
}

static int bpf_setup(struct tun_ctx *ctx, int fd, const char *io)
{
	struct ifreq ifr;
	u_int blen = BPF_BUFSIZE, one = 1, zero = 0;

	memset(&ifr, 0, sizeof(ifr));
	tun_strlcpy(ifr.ifr_name, io, sizeof(ifr.ifr_name));
	/* The buffer size must come before BIOCSETIF. Not seeing our own
	 * writes keeps us from reading back what we inject. */
	if (ioctl(fd, BIOCSBLEN, &blen) < 0 ||
	    ioctl(fd, BIOCIMMEDIATE, &one) < 0 ||
	    ioctl(fd, BIOCSSEESENT, &zero) < 0 ||
	    ioctl(fd, BIOCSETIF, &ifr) < 0 ||
	    ioctl(fd, BIOCSHDRCMPLT, &one) < 0 || ioctl(fd, BIOCPROMISC) < 0)
		return tun_fail(ctx, -errno, "cannot set up BPF on %s", io);
	return 0;
}

/* The buffer that one read() fills: BPF refuses any other size. */
static int bpf_buffer(struct tun_ctx *ctx, int fd, struct tun_os_dev *os)
{
	u_int blen = 0;

	if (ioctl(fd, BIOCGBLEN, &blen) < 0)
		return tun_fail(ctx, -errno, "cannot read the BPF buffer size");
	if (blen == 0)
		return tun_fail(ctx, -EIO, "BPF reports a buffer of 0 bytes");
	os->buf = malloc(blen);
	if (!os->buf)
		return -ENOMEM;
	os->bufsize = blen;
	os->pos = os->end = 0;
	return 0;
}

static int open_ndrv(struct tun_ctx *ctx, const char *io)
{
	struct sockaddr_ndrv nd;
	int fd = bsd_socket(AF_NDRV, SOCK_RAW, 0);

	if (fd < 0)
		return bsd_fail(ctx, -errno, "cannot open an AF_NDRV socket",
				NULL);
	memset(&nd, 0, sizeof(nd));
	nd.snd_len = sizeof(nd);
	nd.snd_family = AF_NDRV;
	tun_strlcpy((char *)nd.snd_name, io, sizeof(nd.snd_name));
	if (bind(fd, (struct sockaddr *)&nd, sizeof(nd)) < 0 ||
	    connect(fd, (struct sockaddr *)&nd, sizeof(nd)) < 0) {
		int err = -errno;

		close(fd);
		return bsd_fail(ctx, err, "cannot bind an AF_NDRV socket to",
				io);
	}
	return fd;
}

static struct tun_os_dev *os_new(void)
{
	struct tun_os_dev *os = calloc(1, sizeof(*os));

	if (os)
		os->ndrv = -1;
	return os;
}

/* Release the I/O state; destroy the pair when it was transient. */
static void os_free(struct tun_dev *dev)
{
	struct tun_os_dev *os = dev->os;

	if (dev->fds[0] >= 0)
		close(dev->fds[0]);
	dev->fds[0] = -1;
	dev->nqueues = 0;
	if (!os)
		return;
	if (os->ndrv >= 0)
		close(os->ndrv);
	if (os->transient) {
		bsd_clone_destroy_quietly(dev->name);
		bsd_clone_destroy_quietly(os->io);
	}
	free(os->buf);
	free(os);
	dev->os = NULL;
}

/* Open BPF (unless @bpf is given, as for an adopted descriptor) and
 * AF_NDRV on the I/O half @io of @dev. On failure, @dev is as before. */
static int open_io(struct tun_ctx *ctx, struct tun_dev *dev, const char *io,
		   int bpf)
{
	struct tun_os_dev *os = os_new();
	bool own_bpf = bpf < 0;
	int ret = 0;

	if (!os)
		return -ENOMEM;
	tun_strlcpy(os->io, io, sizeof(os->io));
	if (own_bpf) {
		bpf = open_bpf(ctx);
		ret = bpf < 0 ? bpf : bpf_setup(ctx, bpf, io);
	}
	if (ret == 0)
		ret = bpf_buffer(ctx, bpf, os);
	if (ret == 0) {
		os->ndrv = open_ndrv(ctx, io);
		ret = os->ndrv < 0 ? os->ndrv : 0;
	}
	if (ret < 0) {
		if (own_bpf && bpf >= 0)
			close(bpf);
		if (os->ndrv >= 0)
			close(os->ndrv);
		free(os->buf);
		free(os);
		return ret;
	}
	dev->os = os;
	dev->mode = TUN_MODE_TAP;
	dev->hdrlen = 0;
	dev->fds[0] = bpf;
	dev->nqueues = 1;
	return 0;
}

/* ---- the backend's entry points ----------------------------------------- */

int feth_create(struct tun_ctx *ctx, const struct tun_config *cfg,
		struct tun_dev *dev)
{
	char io[TUN_NAME_MAX] = "";
	unsigned unit;
	int ret = bsd_check_config(ctx, cfg, TUN_FLAG_PERSIST, "feth");

	if (ret < 0)
		return ret;
	ret = name_unit(cfg->name, "feth", FETH_IO_BASE, &unit);
	if (ret < 0)
		return tun_fail(ctx, -EINVAL, "%s", name_why);
	ret = make_pair(ctx, ret == 1 ? cfg->name : "feth", dev->name, io);
	if (ret < 0)
		return ret;
	ret = open_io(ctx, dev, io, -1);
	if (ret < 0) {
		bsd_clone_destroy_quietly(io);
		bsd_clone_destroy_quietly(dev->name);
		return ret;
	}
	dev->os->transient = !(cfg->flags & TUN_FLAG_PERSIST);
	dev->flags = cfg->flags & TUN_FLAG_PERSIST;
	return 0;
}

int feth_attach(struct tun_ctx *ctx, const char *name, unsigned queues,
		struct tun_dev *dev)
{
	char io[TUN_NAME_MAX];
	unsigned unit;
	int ret;

	if (queues > 1)
		return tun_fail(ctx, -EOPNOTSUPP, "a feth TAP has one queue");
	if (user_unit(name, &unit) < 0)
		return tun_fail(ctx, -EINVAL, "%s", name_why);
	if ((ret = get_peer(ctx, name, io)) < 0)
		return ret;
	tun_strlcpy(dev->name, name, sizeof(dev->name));
	ret = open_io(ctx, dev, io, -1);
	if (ret == 0)
		dev->flags = TUN_FLAG_PERSIST;
	return ret;
}

int feth_adopt(struct tun_ctx *ctx, int fd, struct tun_dev *dev)
{
	char user[TUN_NAME_MAX];
	struct ifreq ifr;
	int ret;

	memset(&ifr, 0, sizeof(ifr));
	if (ioctl(fd, BIOCGETIF, &ifr) < 0)
		return 0; /* not a BPF descriptor, or not attached */
	ifr.ifr_name[sizeof(ifr.ifr_name) - 1] = '\0';
	if ((ret = get_peer(ctx, ifr.ifr_name, user)) < 0)
		return ret;
	tun_strlcpy(dev->name, user, sizeof(dev->name));
	ret = open_io(ctx, dev, ifr.ifr_name, fd);
	if (ret < 0) {
		dev->name[0] = '\0';
		return ret;
	}
	dev->flags = TUN_FLAG_PERSIST;
	return 1;
}

void feth_close(struct tun_dev *dev)
{
	os_free(dev);
}

/* One frame. A BPF read returns every frame that has arrived, so frames
 * are handed out from the buffer before the next read: after poll(), read
 * until -EAGAIN (with the descriptor non-blocking) to empty it. */
int feth_read(struct tun_dev *dev, void *buf, size_t len)
{
	struct tun_os_dev *os = dev->os;
	const uint8_t *frame;
	size_t cap, wire;
	int ret;

	for (;;) {
		if (os->pos >= os->end) {
			ssize_t n = read(dev->fds[0], os->buf, os->bufsize);

			if (n < 0)
				return -errno;
			if (n == 0)
				return -EAGAIN;
			os->pos = 0;
			os->end = (size_t)n;
		}
		ret = bpf_next(&bpf_layout_darwin, os->buf, os->end, &os->pos,
			       &frame, &cap, &wire);
		if (ret == 1)
			break;
		os->pos = os->end; /* used up or malformed: read afresh */
		if (ret < 0)
			return -EPROTO;
	}
	if (cap < wire || cap > len)
		return -EMSGSIZE;
	memcpy(buf, frame, cap);
	return (int)cap;
}

int feth_write(struct tun_dev *dev, const void *buf, size_t len)
{
	ssize_t n;

	if (len < 14)
		return -EINVAL; /* not even an Ethernet header */
	n = write(dev->os->ndrv, buf, len);
	return n < 0 ? -errno : (int)n;
}

int feth_destroy(struct tun_ctx *ctx, const char *name)
{
	char io[TUN_NAME_MAX];
	unsigned unit;
	int ret = name_unit(name, "feth", UTUN_UNIT_LIMIT + 1, &unit);

	if (ret == 1 && unit >= FETH_IO_BASE)
		return tun_fail(ctx, -EOPNOTSUPP,
				"%s is the I/O half of feth%u: delete that one",
				name, unit - FETH_IO_BASE);
	if ((ret = get_peer(ctx, name, io)) < 0)
		return ret;
	if ((ret = bsd_clone_destroy(ctx, name)) < 0)
		return ret;
	ret = bsd_clone_destroy(ctx, io);
	return ret == -ENODEV ? 0 : ret;
}

int feth_mtu_set(struct tun_ctx *ctx, const char *name, unsigned mtu)
{
	unsigned max = feth_max_mtu();

	if (mtu > max)
		return tun_fail(ctx, -EINVAL,
				"a feth interface takes an MTU of at most %u "
				"(sysctl net.link.fake.max_mtu)",
				max);
	return bsd_mtu_set(ctx, name, mtu);
}
