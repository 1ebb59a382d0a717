// SPDX-License-Identifier: MIT
/* Copyright (C) 2026 The tunctl authors. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <linux/if_ether.h>
#include <linux/if_tun.h>
#include <sys/capability.h>

#include "../gso.h"
#include "linux_netlink.h"
#include "os.h"

/* Linux 6.2; Debian 12's headers are 6.1's. */
#ifndef TUN_F_USO4
#define TUN_F_USO4 0x20
#endif
#ifndef TUN_F_USO6
#define TUN_F_USO6 0x40
#endif

/* Room for the framing before a packet: packet info, virtio header. */
#define FRAMING_MAX (sizeof(struct tun_pi) + 64)

/* One queue of a device with offloads: the GSO packet being handed out,
 * segment by segment, which only the queue's reader touches, and what
 * reads and writes did (each counter is its own thread's). */
struct offload_queue {
	uint8_t *stage; /* GSO_PACKET_MAX bytes */
	struct gso gso; /* done when nothing is pending */
	struct tun_offload_stats stats;
};

/* Backend state, only for devices with a virtio header. */
struct tun_os_dev {
	struct offload_queue q[TUN_QUEUES_MAX];
};

/* Devices: /dev/net/tun and its ioctls. */

#define TUN_CLONE_DEVICE "/dev/net/tun"

static short setiff_flags(enum tun_mode mode, unsigned flags)
{
	short f = mode == TUN_MODE_TAP ? IFF_TAP : IFF_TUN;

	if (!(flags & TUN_FLAG_PI))
		f |= IFF_NO_PI;
	if (flags & TUN_FLAG_MULTI_QUEUE)
		f |= IFF_MULTI_QUEUE;
	if (flags & TUN_FLAG_VNET_HDR)
		f |= IFF_VNET_HDR;
	return f;
}

static int open_clone(struct tun_ctx *ctx)
{
	int fd = open(TUN_CLONE_DEVICE, O_RDWR | O_CLOEXEC);

	if (fd >= 0)
		return fd;
	if (errno == ENOENT || errno == ENODEV)
		return tun_fail(ctx, -errno,
				TUN_CLONE_DEVICE " is missing (modprobe tun)");
	return tun_fail(ctx, -errno, "cannot open " TUN_CLONE_DEVICE);
}

static void offload_free(struct tun_dev *dev)
{
	if (!dev->os)
		return;
	for (size_t i = 0; i < TUN_ARRAY_SIZE(dev->os->q); i++)
		free(dev->os->q[i].stage);
	free(dev->os);
	dev->os = NULL;
}

/* TSO, and USO where the kernel has it: it then hands over GSO packets of
 * up to 64 KiB, one read instead of dozens, which reads cut again
 * (lib/gso.c). Checksum offload comes with them, as the kernel wants. */
static int offload_enable(struct tun_ctx *ctx, struct tun_dev *dev)
{
	const unsigned long tso = TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6;
	unsigned offloads = TUN_OFFLOAD_CSUM | TUN_OFFLOAD_TSO;
	int err;

	dev->os = calloc(1, sizeof(*dev->os));
	if (!dev->os)
		return -ENOMEM;
	for (unsigned i = 0; i < dev->nqueues; i++) {
		dev->os->q[i].stage = malloc(GSO_PACKET_MAX);
		if (!dev->os->q[i].stage) {
			offload_free(dev);
			return -ENOMEM;
		}
	}
	if (ioctl(dev->fds[0], TUNSETOFFLOAD, tso) < 0) {
		err = -errno;
		offload_free(dev);
		return tun_fail(ctx, err, "TUNSETOFFLOAD refused");
	}
	/* USO4 and USO6 go together. A kernel before 6.2 refuses bits it
	 * does not know with EINVAL, and keeps TSO as set above. */
	if (ioctl(dev->fds[0], TUNSETOFFLOAD,
		  tso | TUN_F_USO4 | TUN_F_USO6) == 0)
		offloads |= TUN_OFFLOAD_USO;
	for (unsigned i = 0; i < dev->nqueues; i++)
		dev->os->q[i].stats.offloads = offloads;
	return 0;
}

/* Bytes of framing before each packet: packet info, then virtio header;
 * with the virtio header, offloads on. */
static int framing(struct tun_ctx *ctx, struct tun_dev *dev)
{
	int vnet = 0;

	dev->hdrlen = dev->flags & TUN_FLAG_PI ? sizeof(struct tun_pi) : 0;
	if (!(dev->flags & TUN_FLAG_VNET_HDR))
		return 0;
	if (ioctl(dev->fds[0], TUNGETVNETHDRSZ, &vnet) < 0)
		return tun_fail(ctx, -errno, "cannot read the virtio header size");
	/* The kernel refuses sizes below the header's own. */
	if (vnet < VNET_HDR_LEN || dev->hdrlen + (unsigned)vnet > FRAMING_MAX)
		return tun_fail(ctx, -EPROTO, "virtio header of %d bytes", vnet);
	dev->hdrlen += (unsigned)vnet;
	return offload_enable(ctx, dev);
}

/* Attach one more descriptor to dev->name with the device's flags. */
static int open_queue(struct tun_ctx *ctx, struct tun_dev *dev, short extra)
{
	struct ifreq ifr = { 0 };
	int fd = open_clone(ctx);

	if (fd < 0)
		return fd;
	tun_strlcpy(ifr.ifr_name, dev->name, IFNAMSIZ);
	ifr.ifr_flags = (short)(setiff_flags(dev->mode, dev->flags) | extra);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	tun_strlcpy(dev->name, ifr.ifr_name, sizeof(dev->name));
	dev->fds[dev->nqueues++] = fd;
	return 0;
}

static int explain_setiff(struct tun_ctx *ctx, int err, const char *name)
{
	switch (err) {
	case -EPERM:
		return tun_fail(ctx, err, "TUNSETIFF needs CAP_NET_ADMIN");
	case -EBUSY:
		return tun_fail(ctx, -EEXIST, "an interface named %s exists", name);
	default:
		return tun_fail(ctx, err, "TUNSETIFF refused");
	}
}

static int set_owner(struct tun_ctx *ctx, int fd, const struct tun_config *cfg)
{
	if (cfg->has_owner &&
	    ioctl(fd, TUNSETOWNER, (unsigned long)cfg->owner) < 0)
		return tun_fail(ctx, -errno, "cannot set the owner");
	if (cfg->has_group &&
	    ioctl(fd, TUNSETGROUP, (unsigned long)cfg->group) < 0)
		return tun_fail(ctx, -errno, "cannot set the group");
	return 0;
}

int linux_set_owner(struct tun_ctx *ctx, const struct tun_info *info,
		    long long owner, long long group)
{
	struct tun_config cfg = { .has_owner = owner >= 0, .owner = owner,
				  .has_group = group >= 0, .group = group };
	struct tun_dev dev;
	int ret;

	memset(&dev, 0, sizeof(dev));
	for (unsigned i = 0; i < TUN_QUEUES_MAX; i++)
		dev.fds[i] = -1;
	if ((ret = tun_os_dev_attach(ctx, info->name, 1, &dev)) < 0)
		return ret;
	ret = set_owner(ctx, dev.fds[0], &cfg);
	tun_os_dev_close(&dev);
	return ret;
}

int tun_os_dev_create(struct tun_ctx *ctx, const struct tun_config *cfg,
		      struct tun_dev *dev)
{
	unsigned queues = cfg->queues ? cfg->queues : 1;
	bool named = cfg->name && cfg->name[0];
	short excl = named && !strchr(cfg->name, '%') ? IFF_TUN_EXCL : 0;
	short no_carrier = cfg->flags & TUN_FLAG_NO_CARRIER ? IFF_NO_CARRIER : 0;
	int ret;

	dev->mode = cfg->mode;
	dev->flags = cfg->flags & (TUN_FLAG_PI | TUN_FLAG_MULTI_QUEUE |
				   TUN_FLAG_VNET_HDR);
	if (named)
		tun_strlcpy(dev->name, cfg->name, sizeof(dev->name));
	ret = open_queue(ctx, dev, excl | no_carrier);
	if (ret == -EINVAL && no_carrier) /* before Linux 6.0 */
		ret = open_queue(ctx, dev, excl);
	if (ret < 0) {
		if (ret == -ENOENT || ret == -ENODEV || ret == -EACCES)
			return ret; /* detail from open_clone */
		return explain_setiff(ctx, ret, named ? cfg->name : "device");
	}
	/* The device vanishes with its last descriptor until persist is set,
	 * which is done last: every failure below leaves nothing behind. */
	ret = set_owner(ctx, dev->fds[0], cfg);
	while (ret == 0 && dev->nqueues < queues)
		ret = open_queue(ctx, dev, 0);
	if (ret == 0)
		ret = framing(ctx, dev);
	if (ret == 0 && (cfg->flags & TUN_FLAG_PERSIST))
		ret = tun_os_dev_set_persist(ctx, dev, true);
	if (ret < 0)
		tun_os_dev_close(dev);
	return ret;
}

int tun_os_dev_attach(struct tun_ctx *ctx, const char *name, unsigned queues,
		      struct tun_dev *dev)
{
	struct tun_info info;
	int ret = tun_os_info_get(ctx, name, &info);

	if (ret < 0)
		return ret;
	if (queues > 1 && !(info.flags & TUN_FLAG_MULTI_QUEUE))
		return tun_fail(ctx, -EINVAL,
				"%s is not a multi-queue device", name);
	dev->mode = info.mode;
	/* Attach with the flags the device has, so as not to change them
	 * under whoever made it. */
	dev->flags = info.flags & (TUN_FLAG_PI | TUN_FLAG_MULTI_QUEUE |
				   TUN_FLAG_VNET_HDR);
	tun_strlcpy(dev->name, info.name, sizeof(dev->name));
	while (dev->nqueues < queues) {
		ret = open_queue(ctx, dev, 0);
		if (ret < 0)
			break;
	}
	if (ret == 0)
		ret = framing(ctx, dev);
	if (ret < 0) {
		tun_os_dev_close(dev);
		if (ret == -EBUSY)
			return linux_fail_busy(ctx, name,
					       "another program is already its reader");
		if (ret == -EPERM)
			return tun_fail(ctx, ret,
					"attaching needs CAP_NET_ADMIN or to be the device's owner");
	}
	return ret;
}

int tun_os_dev_from_fd(struct tun_ctx *ctx, int fd, struct tun_dev *dev)
{
	struct ifreq ifr = { 0 };
	int ret;

	if (ioctl(fd, TUNGETIFF, &ifr) < 0)
		return tun_fail(ctx, -errno,
				"descriptor %d is not a TUN/TAP device", fd);
	tun_strlcpy(dev->name, ifr.ifr_name, sizeof(dev->name));
	dev->mode = ifr.ifr_flags & IFF_TAP ? TUN_MODE_TAP : TUN_MODE_TUN;
	if (!(ifr.ifr_flags & IFF_NO_PI))
		dev->flags |= TUN_FLAG_PI;
	if (ifr.ifr_flags & IFF_VNET_HDR)
		dev->flags |= TUN_FLAG_VNET_HDR;
	if (ifr.ifr_flags & IFF_MULTI_QUEUE)
		dev->flags |= TUN_FLAG_MULTI_QUEUE;
	dev->fds[0] = fd;
	dev->nqueues = 1;
	ret = framing(ctx, dev);
	if (ret < 0) {
		dev->fds[0] = -1; /* still the caller's on failure */
		dev->nqueues = 0;
	}
	return ret;
}

/* The name the device has now: it may have been renamed since it was
 * opened. */
static int current_name(const struct tun_dev *dev, char name[TUN_NAME_MAX])
{
	struct ifreq ifr = { 0 };

	if (ioctl(dev->fds[0], TUNGETIFF, &ifr) < 0)
		return -errno;
	tun_strlcpy(name, ifr.ifr_name, TUN_NAME_MAX);
	return 0;
}

/* By its current name, checked again afterwards: had it been renamed in
 * between, the answer could be another device's, so ask again. */
int tun_os_dev_info(struct tun_ctx *ctx, const struct tun_dev *dev,
		    struct tun_info *info)
{
	char before[TUN_NAME_MAX], after[TUN_NAME_MAX];
	int ret;

	for (int tries = 0; tries < 8; tries++) {
		if ((ret = current_name(dev, before)) < 0)
			return tun_fail(ctx, ret, "TUNGETIFF refused");
		ret = tun_os_info_get(ctx, before, info);
		if (ret < 0 && ret != -ENODEV)
			return ret;
		if ((ret = current_name(dev, after)) < 0)
			return tun_fail(ctx, ret, "TUNGETIFF refused");
		if (!strcmp(before, after))
			return ret;
	}
	return tun_fail(ctx, -EAGAIN, "the device keeps being renamed");
}

void tun_os_dev_close(struct tun_dev *dev)
{
	offload_free(dev);
	for (unsigned i = 0; i < dev->nqueues; i++) {
		if (dev->fds[i] >= 0)
			close(dev->fds[i]);
		dev->fds[i] = -1;
	}
	dev->nqueues = 0;
}

int tun_os_dev_set_persist(struct tun_ctx *ctx, struct tun_dev *dev,
			   bool persist)
{
	if (ioctl(dev->fds[0], TUNSETPERSIST, (unsigned long)persist) < 0) {
		if (errno == EBADFD) /* the descriptor lost its device */
			return tun_fail(ctx, -ENODEV, "%s was deleted meanwhile",
					dev->name);
		return tun_fail(ctx, -errno, "TUNSETPERSIST refused");
	}
	return 0;
}

/* A packet cut short by the kernel carries TUN_PKT_STRIP in its packet
 * information. */
static int check_pi(const struct tun_dev *dev, const uint8_t *hdr)
{
	struct tun_pi pi;

	if (!(dev->flags & TUN_FLAG_PI))
		return 0;
	memcpy(&pi, hdr, sizeof(pi));
	return pi.flags & TUN_PKT_STRIP ? -EMSGSIZE : 0;
}

/* Framing the library adds and removes itself: all of it, or in
 * pass-through mode the packet information only. */
static unsigned own_framing(const struct tun_dev *dev)
{
	if (dev->passthrough)
		return dev->flags & TUN_FLAG_PI ? sizeof(struct tun_pi) : 0;
	return dev->hdrlen;
}

static int read_plain(struct tun_dev *dev, unsigned queue, void *buf,
		      size_t len)
{
	uint8_t hdr[FRAMING_MAX];
	unsigned strip = own_framing(dev);
	struct iovec iov[2] = { { hdr, strip }, { buf, len } };
	ssize_t n;
	int ret;

	if (strip)
		n = readv(dev->fds[queue], iov, 2);
	else
		n = read(dev->fds[queue], buf, len);
	if (n < 0)
		return -errno;
	if ((size_t)n < dev->hdrlen)
		return -EPROTO;
	if ((ret = check_pi(dev, hdr)) < 0)
		return ret;
	n -= (ssize_t)strip;
	/* The kernel reports the whole length even when it cut the packet. */
	if ((size_t)n > len)
		return -EMSGSIZE;
	return (int)n;
}

static int next_segment(struct offload_queue *q, void *buf, size_t len)
{
	int n = gso_next(&q->gso, buf, len);

	if (n >= 0)
		q->stats.gso_segments++;
	return n;
}

/* A packet that is not GSO, whole in @buf: finish its checksum if the
 * kernel left it to us. */
static int finish_plain(struct offload_queue *q, const struct vnet_hdr *vh,
			void *buf, size_t len, size_t plen)
{
	if (plen > len)
		return -EMSGSIZE;
	if (vh->flags & VNET_F_NEEDS_CSUM) {
		if (vnet_csum_complete(vh, buf, plen) < 0)
			return -EPROTO;
		q->stats.csum_completed++;
	}
	return (int)plen;
}

/* A GSO packet, its first @len bytes in @buf and the rest already in the
 * stage at the same offsets: put it together there and hand out the first
 * segment. */
static int start_gso(struct tun_dev *dev, struct offload_queue *q,
		     const struct vnet_hdr *vh, void *buf, size_t len,
		     size_t plen)
{
	int ret;

	if (plen > GSO_PACKET_MAX)
		return -EMSGSIZE;
	memcpy(q->stage, buf, plen < len ? plen : len);
	ret = gso_start(&q->gso, vh, q->stage, plen, dev->mode);
	if (ret < 0)
		return ret == -EBADMSG ? -EPROTO : ret;
	q->stats.gso_packets++;
	return next_segment(q, buf, len);
}

/* With offloads, a read hands out the rest of the last GSO packet first.
 * Otherwise one packet is read: what fits goes straight into @buf (most
 * packets are small), the rest of a GSO packet into the stage. */
static int read_offloaded(struct tun_dev *dev, unsigned queue, void *buf,
			  size_t len)
{
	struct offload_queue *q = &dev->os->q[queue];
	size_t inbuf = len < GSO_PACKET_MAX ? len : GSO_PACKET_MAX;
	uint8_t hdr[FRAMING_MAX];
	struct iovec iov[3] = {
		{ hdr, dev->hdrlen },
		{ buf, len },
		{ q->stage + inbuf, GSO_PACKET_MAX - inbuf },
	};
	struct vnet_hdr vh;
	size_t plen;
	ssize_t n;
	int ret;

	if (!gso_done(&q->gso))
		return next_segment(q, buf, len);
	n = readv(dev->fds[queue], iov, 3);
	if (n < 0)
		return -errno;
	if ((size_t)n < dev->hdrlen)
		return -EPROTO;
	if ((ret = check_pi(dev, hdr)) < 0)
		return ret;
	vnet_hdr_get(&vh, hdr + (dev->flags & TUN_FLAG_PI ? 4 : 0));
	plen = (size_t)n - dev->hdrlen;
	if ((vh.gso_type & ~VNET_GSO_ECN) == VNET_GSO_NONE)
		return finish_plain(q, &vh, buf, len, plen);
	return start_gso(dev, q, &vh, buf, len, plen);
}

bool tun_os_dev_ready(const struct tun_dev *dev, unsigned queue)
{
	struct pollfd p = { .fd = dev->fds[queue], .events = POLLIN };

	if (dev->os && !gso_done(&dev->os->q[queue].gso))
		return true;
	return poll(&p, 1, 0) > 0;
}

int tun_os_dev_read(struct tun_dev *dev, unsigned queue, void *buf, size_t len)
{
	if (dev->os && !dev->passthrough)
		return read_offloaded(dev, queue, buf, len);
	return read_plain(dev, queue, buf, len);
}

int tun_os_dev_offload_stats(const struct tun_dev *dev, unsigned queue,
			     struct tun_offload_stats *stats)
{
	if (dev->os)
		*stats = dev->os->q[queue].stats;
	return 0;
}

static uint16_t frame_proto(enum tun_mode mode, const uint8_t *p, size_t len)
{
	if (mode == TUN_MODE_TAP)
		return len >= 14 ? (uint16_t)(p[12] << 8 | p[13]) : 0;
	if (len && (p[0] >> 4) == 6)
		return ETH_P_IPV6;
	return ETH_P_IP;
}

int tun_os_dev_write(struct tun_dev *dev, unsigned queue, const void *buf,
		     size_t len)
{
	/* A zero virtio header: nothing for the kernel to finish or cut;
	 * in pass-through mode the caller's. */
	uint8_t hdr[FRAMING_MAX] = { 0 };
	unsigned add = own_framing(dev), theirs = dev->hdrlen - add;
	struct iovec iov[2] = { { hdr, add }, { (void *)buf, len } };
	ssize_t n;

	if (len < theirs)
		return -EINVAL;
	if (dev->flags & TUN_FLAG_PI) {
		struct tun_pi pi = { 0, 0 };
		uint16_t proto = frame_proto(dev->mode, (const uint8_t *)buf + theirs,
					     len - theirs);

		pi.proto = (uint16_t)(proto << 8 | proto >> 8);
		memcpy(hdr, &pi, sizeof(pi));
	}
	if (add)
		n = writev(dev->fds[queue], iov, 2);
	else
		n = write(dev->fds[queue], buf, len);
	if (n < 0)
		return -errno;
	return (int)((size_t)n - add);
}

/* Segments joined in @g, whose payload lengths are @plen: framing, the
 * group's headers, then each payload from where it lies. */
static int write_joined(struct tun_dev *dev, unsigned queue,
			const struct gro *g, const struct tun_buf *pkts,
			const size_t *plen)
{
	uint8_t frame[FRAMING_MAX] = { 0 }, hdr[GRO_HEADERS_MAX];
	struct iovec iov[GRO_SEGMENTS_MAX + 2];
	size_t pi = dev->flags & TUN_FLAG_PI ? sizeof(struct tun_pi) : 0;
	struct vnet_hdr vh;

	gro_finish(g, hdr, &vh);
	if (pi) {
		uint16_t proto = frame_proto(dev->mode, hdr, g->hdr_end);

		frame[2] = (uint8_t)(proto >> 8);
		frame[3] = (uint8_t)proto;
	}
	vnet_hdr_put(frame + pi, &vh);
	iov[0] = (struct iovec){ frame, dev->hdrlen };
	iov[1] = (struct iovec){ hdr, g->hdr_end };
	for (unsigned i = 0; i < g->count; i++)
		iov[2 + i] = (struct iovec){
			(uint8_t *)pkts[i].data + g->hdr_end, plen[i]
		};
	if (writev(dev->fds[queue], iov, (int)g->count + 2) < 0)
		return -errno;
	return 0;
}

/* As tun_dev_write_many() returns: how many, or the first one's error. */
static int write_singly(struct tun_dev *dev, unsigned queue,
			const struct tun_buf *pkts, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		int ret = tun_os_dev_write(dev, queue, pkts[i].data,
					   pkts[i].len);

		if (ret < 0)
			return i ? (int)i : ret;
	}
	return (int)count;
}

/* The packets at @pkts that make one GSO packet, written as one; or the
 * first alone. Returns how many were written, or a negative errno. */
static int write_run(struct tun_dev *dev, unsigned queue,
		     const struct tun_buf *pkts, size_t count)
{
	struct offload_queue *q = &dev->os->q[queue];
	size_t plen[GRO_SEGMENTS_MAX];
	struct gro g;
	int ret;

	plen[0] = gro_start(&g, pkts[0].data, pkts[0].len, dev->mode);
	while (plen[0] && g.count < count && g.count < GRO_SEGMENTS_MAX) {
		size_t n = gro_append(&g, pkts[g.count].data,
				      pkts[g.count].len);

		if (!n)
			break;
		plen[g.count - 1] = n;
	}
	if (plen[0] && g.count > 1) {
		ret = write_joined(dev, queue, &g, pkts, plen);
		if (ret == 0) {
			q->stats.coalesced_packets++;
			q->stats.coalesced_segments += g.count;
			return (int)g.count;
		}
		/* Refused whole: one by one, so that only a bad one is lost. */
		if (ret == -EINVAL)
			return write_singly(dev, queue, pkts, g.count);
		return ret;
	}
	ret = tun_os_dev_write(dev, queue, pkts[0].data, pkts[0].len);
	return ret < 0 ? ret : 1;
}

int tun_os_dev_write_many(struct tun_dev *dev, unsigned queue,
			  const struct tun_buf *pkts, size_t count)
{
	size_t done = 0;

	if (!dev->os || dev->passthrough)
		return TUN_OS_STEPWISE;
	while (done < count) {
		int ret = write_run(dev, queue, pkts + done, count - done);

		if (ret < 0)
			return done ? (int)done : ret;
		done += (size_t)ret;
	}
	return (int)done;
}

/* ---- namespaces and privileges ------------------------------------------ */

int tun_os_netns_enter(const char *name)
{
	char path[256];
	int fd, ret = 0;

	if (snprintf(path, sizeof(path), "/run/netns/%s", name) >=
	    (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (setns(fd, CLONE_NEWNET) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static bool have_cap(cap_value_t cap)
{
	cap_flag_value_t v = CAP_CLEAR;
	cap_t cur = cap_get_proc();

	if (cur) {
		cap_get_flag(cur, cap, CAP_EFFECTIVE, &v);
		cap_free(cur);
	}
	return v == CAP_SET;
}

/* Capabilities from the caller's ambient set (a container runtime, a
 * capsh wrapper) are the caller's own, not ours to take away. */
static bool have_ambient(void)
{
	for (int c = 0; c <= CAP_LAST_CAP; c++) {
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, c, 0, 0) > 0)
			return true;
	}
	return false;
}

int tun_os_privileges_keep(unsigned keep)
{
	static const struct {
		unsigned priv;
		cap_value_t cap;
	} map[] = {
		{ TUN_PRIV_CONFIGURE, CAP_NET_ADMIN },
		{ TUN_PRIV_CAPTURE, CAP_NET_RAW },
		{ TUN_PRIV_NETNS, CAP_SYS_ADMIN },
		{ TUN_PRIV_USER, CAP_SETUID },
		{ TUN_PRIV_USER, CAP_SETGID },
	};
	cap_t cur, next = NULL;
	cap_flag_value_t v;
	bool any = false;
	int ret = 0;

	/* Root keeps root's powers, as with ip; a program run by root with
	 * `create -- COMMAND` must get them too. */
	if (getuid() == 0 || geteuid() == 0 || have_ambient())
		return 0;
	cur = cap_get_proc();
	if (!cur)
		return -errno;
	for (cap_value_t c = 0; c <= CAP_LAST_CAP && !any; c++)
		any = cap_get_flag(cur, c, CAP_PERMITTED, &v) == 0 && v == CAP_SET;
	if (!any)
		goto out; /* no file capabilities: nothing to give up */
	next = cap_init();
	if (!next) {
		ret = -errno;
		goto out;
	}
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		cap_value_t c = map[i].cap;

		if (!(keep & map[i].priv))
			continue;
		if (cap_get_flag(cur, c, CAP_PERMITTED, &v) == 0 && v == CAP_SET)
			cap_set_flag(next, CAP_PERMITTED, 1, &c, CAP_SET);
		if (cap_get_flag(cur, c, CAP_EFFECTIVE, &v) == 0 && v == CAP_SET)
			cap_set_flag(next, CAP_EFFECTIVE, 1, &c, CAP_SET);
	}
	if (cap_compare(cur, next) != 0 && cap_set_proc(next) < 0)
		ret = -errno;
out:
	cap_free(next);
	cap_free(cur);
	return ret;
}

int tun_os_drop_privileges(long long uid, long long gid)
{
	cap_t none;
	int ret = 0;

	/* Emptying the bounding set keeps an exec'd program (as root) from
	 * getting capabilities back. It needs CAP_SETPCAP; a process given
	 * only CAP_NET_ADMIN has nothing there to regain anyway. */
	if (have_cap(CAP_SETPCAP)) {
		for (cap_value_t c = 0; c <= CAP_LAST_CAP; c++) {
			if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 &&
			    errno != EINVAL)
				return -errno;
		}
	}
	if (uid >= 0) {
		gid_t g = (gid_t)gid;

		if (gid < 0)
			return -EINVAL;
		if (setgroups(1, &g) < 0 || setgid(g) < 0 ||
		    setuid((uid_t)uid) < 0)
			return -errno;
	}
	none = cap_init();
	if (!none)
		return -errno;
	if (cap_set_proc(none) < 0)
		ret = -errno;
	cap_free(none);
	if (ret == 0 && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		ret = -errno;
	return ret;
}

/* The descriptor itself is handed over on Linux: nothing to suspend. */
int tun_os_dev_suspend(struct tun_dev *dev)
{
	(void)dev;
	return 0;
}
