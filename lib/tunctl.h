/* SPDX-License-Identifier: MIT */
/* Copyright (C) 2026 The tunctl authors. */
#ifndef TUNCTL_H
#define TUNCTL_H

/*
 * libtunctl: create, configure, read and write TUN/TAP devices the same way
 * on every operating system.
 *
 * Conventions: functions that can fail return 0 (or a byte count) on success
 * and a negative errno on failure. They never print and never exit. When a
 * failure has more to say than its errno (the kernel's own sentence from a
 * netlink extended ack, which argument was wrong), tun_ctx_detail() returns
 * it until the next call on the same context.
 *
 * Arguments: a NULL pointer where a call needs an object (a context, a
 * device, a config, a buffer, a place for a result), a zero length where
 * it needs room or a count without its array, and a device name that is
 * empty, longer than TUN_NAME_MAX - 1 bytes or otherwise refused by
 * tun_name_validate() make a call return -EINVAL before it does anything.
 * Calls that cannot fail answer such arguments with "" for a string, -1
 * for a descriptor, 0 for a count or a sum, false for a question, and the
 * void ones do nothing. NULL is allowed where a call says so (the
 * tun_*_free() and tun_dev_close() calls, an optional @peer or @failure,
 * the @ifname of a listing). tests/unit/test_api.c holds the header to it.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && defined(TUNCTL_BUILD_DLL)
#define TUNCTL_EXPORT __declspec(dllexport)
#elif defined(_WIN32)
#define TUNCTL_EXPORT
#else
#define TUNCTL_EXPORT __attribute__((visibility("default")))
#endif

/* An interface name including its terminating NUL (IFNAMSIZ on Linux). */
#define TUN_NAME_MAX 16
/* Room for any address printed by tun_ip_format(), with its NUL. */
#define TUN_ADDRSTRLEN 46
/* Room for any prefix printed by tun_prefix_format(), with its NUL. */
#define TUN_PREFIXSTRLEN (TUN_ADDRSTRLEN + 4)
/* The most queues a multi-queue device is opened with. */
#define TUN_QUEUES_MAX 16

/* Address families: our own numbers, because AF_INET6 differs by OS. */
enum tun_family {
	TUN_FAMILY_NONE = 0,
	TUN_INET = 4,
	TUN_INET6 = 6,
};

struct tun_ip {
	enum tun_family family;
	uint8_t bytes[16]; /* network order; 4 used for TUN_INET */
};

struct tun_prefix {
	struct tun_ip ip;
	unsigned len; /* prefix length: 0-32 or 0-128 */
};

enum tun_mode {
	TUN_MODE_TUN = 0, /* layer 3: IP packets */
	TUN_MODE_TAP = 1, /* layer 2: Ethernet frames */
};

/* Device flags, in struct tun_config.flags and struct tun_info.flags. */
#define TUN_FLAG_UP 0x01	  /* administratively up (info only) */
#define TUN_FLAG_PERSIST 0x02	  /* outlives its descriptor */
#define TUN_FLAG_MULTI_QUEUE 0x04 /* several descriptors may attach */
#define TUN_FLAG_PI 0x08	  /* kernel packet-info header kept (Linux) */
#define TUN_FLAG_VNET_HDR 0x10	  /* virtio-net header: TSO/USO, GSO
				     packets cut on read (Linux) */
#define TUN_FLAG_CARRIER 0x20	  /* a reader is attached (info only) */
#define TUN_FLAG_NO_CARRIER 0x40  /* create: link down until a reader
				     attaches, like a device made for later
				     use (Linux) */

/*
 * What tun_dev_create() makes. A zero-initialised config is a valid one:
 * a TUN device named by the system, no owner, no group, one queue. Start
 * from `struct tun_config cfg = { 0 };` and set what differs.
 */
struct tun_config {
	unsigned version; /* 0; later versions of this struct (fields added
			     at its end) will be asked for by number */
	const char *name; /* NULL or "" lets the system choose; may be "tun%d" */
	enum tun_mode mode;
	unsigned flags;	 /* TUN_FLAG_PERSIST, _MULTI_QUEUE, _PI, _VNET_HDR */
	bool has_owner;	 /* false: no owner */
	bool has_group;	 /* false: no group */
	long long owner; /* with has_owner: the uid allowed to attach without
			    privilege; 0 to 2^32 - 2 (-EINVAL beyond); must
			    be 0 without has_owner */
	long long group; /* with has_group: the gid likewise */
	unsigned queues; /* descriptors to open; 0 means 1 */
};

/* A device's counters, as `ip -s -s link` shows them. */
struct tun_stats {
	bool valid; /* false where the system gave none */
	uint64_t rx_bytes, rx_packets, rx_errors, rx_dropped;
	uint64_t rx_over_errors, rx_missed_errors, multicast;
	uint64_t rx_length_errors, rx_crc_errors, rx_frame_errors,
		rx_fifo_errors;
	uint64_t tx_bytes, tx_packets, tx_errors, tx_dropped;
	uint64_t tx_carrier_errors, collisions;
	uint64_t tx_aborted_errors, tx_fifo_errors, tx_window_errors,
		tx_heartbeat_errors;
};

/* One TUN/TAP device as the system sees it. */
struct tun_info {
	char name[TUN_NAME_MAX];
	unsigned index;
	enum tun_mode mode;
	unsigned flags; /* TUN_FLAG_* */
	unsigned mtu;
	long long owner; /* -1 when unset */
	long long group; /* -1 when unset */
	unsigned queues; /* attached queues; 0 when nobody holds the device */
	bool has_mac;
	uint8_t mac[6];
	struct tun_stats stats; /* Linux only so far */
};

/* One address on a device. */
struct tun_addr {
	char ifname[TUN_NAME_MAX];
	unsigned ifindex;
	struct tun_prefix local;
	struct tun_ip peer; /* family TUN_FAMILY_NONE when not point-to-point */
};

/* Who put a route there. */
enum tun_route_origin {
	TUN_ROUTE_OTHER = 0,
	TUN_ROUTE_KERNEL, /* made by the system for an address */
	TUN_ROUTE_BOOT,	  /* added by a tool such as tunctl or ip */
	TUN_ROUTE_STATIC, /* added by an administrator or daemon */
};

/* One route through a device. */
struct tun_route {
	char ifname[TUN_NAME_MAX]; /* filled by tun_route_list() */
	struct tun_prefix dst;
	struct tun_ip gateway; /* family TUN_FAMILY_NONE for an interface route */
	bool has_metric;       /* false: the system's default when adding,
				  any metric when deleting */
	uint32_t metric;
	enum tun_route_origin origin; /* filled by tun_route_list() */
	uint32_t table;	       /* routing table; 0 is the main one (Linux) */
	struct tun_ip src;     /* preferred source address; family
				  TUN_FAMILY_NONE when none (Linux) */
};

/* A handle for configuration calls; holds the system sockets and the detail
 * of the last failure. One per thread. */
struct tun_ctx;
/* An open device: its descriptor(s), name, mode and framing. */
struct tun_dev;

/* ---- context ---------------------------------------------------------- */

/**
 * tun_ctx_new - allocate a configuration context
 * @ctxp: where the new context is stored
 *
 * System sockets are opened on first use, not here. Returns 0 or -ENOMEM.
 */
TUNCTL_EXPORT int tun_ctx_new(struct tun_ctx **ctxp);
/** tun_ctx_free - close the context's sockets and free it; NULL is allowed */
TUNCTL_EXPORT void tun_ctx_free(struct tun_ctx *ctx);
/**
 * tun_ctx_detail - what the last failing call on @ctx had to say beyond its
 * errno, such as the kernel's extended-ack message; "" when nothing.
 */
TUNCTL_EXPORT const char *tun_ctx_detail(const struct tun_ctx *ctx);

/**
 * tun_netns_enter - move the calling thread into the named network
 * namespace (/run/netns/NAME on Linux), like `ip -n`.
 *
 * Call before tun_ctx_new(). Returns 0, -EINVAL for a name that cannot be a
 * file in /run/netns (empty, ".", "..", a '/', over 255 bytes), -ENOENT
 * when the namespace does not exist, -EPERM without CAP_SYS_ADMIN, -EOPNOTSUPP where the OS has none.
 */
TUNCTL_EXPORT int tun_netns_enter(const char *name);

/* ---- devices ---------------------------------------------------------- */

/**
 * tun_dev_create - create a new device and open it
 * @ctx: context for the detail of a failure
 * @cfg: what to create; an existing name is an error (-EEXIST)
 * @devp: the open device
 *
 * Without TUN_FLAG_PERSIST the device disappears when it is closed. On
 * failure nothing is left behind.
 */
TUNCTL_EXPORT int tun_dev_create(struct tun_ctx *ctx,
				 const struct tun_config *cfg,
				 struct tun_dev **devp);
/**
 * tun_dev_attach - become the reader of an existing persistent device
 * @ctx: context
 * @name: the device
 * @queues: how many descriptors to open (more than one needs a multi-queue
 *	device); 0 means 1
 * @devp: the open device
 *
 * The device keeps its flags (packet info, virtio header). Returns -EBUSY
 * when a single-queue device already has a reader, -ENODEV when absent.
 */
TUNCTL_EXPORT int tun_dev_attach(struct tun_ctx *ctx, const char *name,
				 unsigned queues, struct tun_dev **devp);
/**
 * tun_dev_from_fd - adopt a descriptor opened elsewhere (inherited through
 * `tunctl create -- COMMAND`, or handed in by iOS/Android)
 *
 * The descriptor is owned by the device from then on and closed with it.
 */
TUNCTL_EXPORT int tun_dev_from_fd(struct tun_ctx *ctx, int fd,
				  struct tun_dev **devp);
/** tun_dev_close - close every descriptor of the device; NULL is allowed */
TUNCTL_EXPORT void tun_dev_close(struct tun_dev *dev);
/** tun_dev_set_persist - make the device outlive (or not) its descriptors */
TUNCTL_EXPORT int tun_dev_set_persist(struct tun_ctx *ctx, struct tun_dev *dev,
				      bool persist);
TUNCTL_EXPORT const char *tun_dev_name(const struct tun_dev *dev);
TUNCTL_EXPORT enum tun_mode tun_dev_mode(const struct tun_dev *dev);
TUNCTL_EXPORT unsigned tun_dev_queues(const struct tun_dev *dev);
/** tun_dev_fd - the descriptor of queue @queue, for poll(); -1 if none.
 * On Windows the value of an event handle: use tun_dev_wait_handle(). */
TUNCTL_EXPORT int tun_dev_fd(const struct tun_dev *dev, unsigned queue);

/* What a program waits on for a queue to have packets: a descriptor for
 * poll() on POSIX systems, an event HANDLE for WaitForMultipleObjects() on
 * Windows. */
#ifdef _WIN32
typedef void *tun_handle;
#define TUN_HANDLE_NONE NULL
#else
typedef int tun_handle;
#define TUN_HANDLE_NONE (-1)
#endif

/** tun_dev_wait_handle - what to wait on for queue @queue; TUN_HANDLE_NONE
 * if the queue is not open */
TUNCTL_EXPORT tun_handle tun_dev_wait_handle(const struct tun_dev *dev,
					     unsigned queue);
/**
 * tun_dev_ifindex - the interface index of the open device
 * tun_dev_mtu - its MTU now
 *
 * Found through the device's descriptor where the system allows (Linux), so
 * that a rename meanwhile cannot give another device's answer; elsewhere by
 * the name it was opened with. Return 0, -EINVAL for a NULL argument, or
 * the errno of the lookup.
 */
TUNCTL_EXPORT int tun_dev_ifindex(struct tun_ctx *ctx,
				  const struct tun_dev *dev, unsigned *index);
TUNCTL_EXPORT int tun_dev_mtu(struct tun_ctx *ctx, const struct tun_dev *dev,
			      unsigned *mtu);
/**
 * tun_dev_read - read one packet (TUN: an IP packet; TAP: an Ethernet frame)
 * with the platform's framing removed
 *
 * A device with TUN_FLAG_VNET_HDR (Linux) has TCP and UDP segmentation
 * offloads on: the kernel hands over one GSO packet of up to 64 KiB for
 * many TCP or UDP packets, and checksums for the reader to finish. Reads cut
 * such a packet into the packets it stands for, one per call, with their
 * checksums done; the rest waits in @dev for the next calls on @queue.
 * Those packets are no longer on the descriptor: a caller that waits with
 * poll() must, each time it wakes, read until -EAGAIN (as it must on
 * macOS, where one BPF read holds many frames).
 *
 * Returns the packet's length, or one of these, with what to do:
 *
 *   -EAGAIN, -EWOULDBLOCK  nothing is waiting (non-blocking descriptor, or
 *			    always on Windows): wait on tun_dev_fd(), read
 *			    again
 *   -EINTR		    a signal came first: read again
 *   -EMSGSIZE		    @len was too small for the packet (or segment),
 *			    which is lost: read the next one
 *   -EPROTO		    the framing does not match the packet (a packet
 *			    information or virtio header describing
 *			    something else): the packet is lost, read on
 *   -EPROTONOSUPPORT	    a GSO packet of a kind the reads cannot cut (not
 *			    TCP or UDP): the packet is lost, read on
 *   -EINVAL		    @queue is not open, or @buf is NULL or empty:
 *			    nothing was read; a bug of the caller's
 *   -EBADFD, -ENODEV	    the device is gone (deleted, or on Windows its
 *			    adapter ended): stop, and close @dev
 *   -EBUSY		    (Windows) another program holds the suspended
 *			    device: stop, or try again later
 *   another errno	    the system failed: stop
 *
 * Only the last three end the device for the reader; the packet-loss ones
 * may come in a run but never stop the packets behind them.
 */
TUNCTL_EXPORT int tun_dev_read(struct tun_dev *dev, unsigned queue, void *buf,
			       size_t len);
/* One buffer for tun_dev_read_many(). */
struct tun_rbuf {
	void *data;  /* the packet goes at data + headroom */
	size_t size; /* bytes at @data, headroom included */
	int ret;     /* filled: the packet's length, or the errno that lost
			it (-EMSGSIZE, -EPROTO, -EPROTONOSUPPORT) */
};

/**
 * tun_dev_read_many - read as many packets as are ready, up to @count
 * @bufs: where they go, one per buffer, each @headroom bytes in: room for
 *	a header of the caller's own (a VPN's), put in front without a copy
 * @headroom: the same for every buffer; less than each one's size
 *
 * The first read is as tun_dev_read()'s (it waits on a blocking
 * descriptor); later ones take only what is ready at once: the rest of a
 * GSO packet cut into segments, then what the descriptor holds. A packet
 * lost to one of the per-packet errors of tun_dev_read() takes its buffer
 * with that error in ->ret, and reading goes on.
 *
 * Returns how many buffers were filled (at least 1), or when none was, the
 * error of tun_dev_read() (-EAGAIN, -EINTR, a device gone...), or -EINVAL
 * for a bad argument (no buffer read into).
 */
TUNCTL_EXPORT int tun_dev_read_many(struct tun_dev *dev, unsigned queue,
				    struct tun_rbuf *bufs, size_t count,
				    size_t headroom);
/** tun_dev_write - write one packet, adding the platform's framing */
TUNCTL_EXPORT int tun_dev_write(struct tun_dev *dev, unsigned queue,
				const void *buf, size_t len);

/* One packet for tun_dev_write_many(). */
struct tun_buf {
	const void *data;
	size_t len;
};

/**
 * tun_dev_write_many - write @count packets in order, as tun_dev_write()
 * would one after the other
 * @pkts: the packets; @count: how many (at most INT_MAX)
 *
 * On a device with TUN_FLAG_VNET_HDR (Linux), runs of consecutive TCP
 * segments of one connection, such as tun_dev_read() cuts from a GSO
 * packet, go to the kernel joined as one GSO packet: one system call, and
 * one packet for the network stack to handle instead of dozens. Segments
 * join when a sender's segmentation could have cut them so: the same
 * headers but for lengths, sequence numbers and IPv4 ids that follow on,
 * flags ACK (PSH on the last only), each as long as the first but the
 * last, and correct checksums (the kernel trusts those of a GSO packet).
 * Anything else is written as it is. A program that passes packets from
 * one device to another reads until -EAGAIN and writes what it got with
 * one call.
 *
 * Returns @count, or the number of packets written before the first that
 * failed, or that one's negative errno when it was the first.
 */
TUNCTL_EXPORT int tun_dev_write_many(struct tun_dev *dev, unsigned queue,
				     const struct tun_buf *pkts, size_t count);

/* The virtio-net header in front of each packet in pass-through mode:
 * flags, gso_type, hdr_len, gso_size, csum_start, csum_offset, the 16-bit
 * ones little-endian (struct virtio_net_hdr, <linux/virtio_net.h>). */
#define TUN_VNET_HDR_LEN 10

/**
 * tun_dev_set_passthrough - hand packets over as the kernel has them, for
 * programs that pass them from one device to another without looking
 * @dev: a device with TUN_FLAG_VNET_HDR (else -EINVAL)
 * @on: true for pass-through, false for the usual reads and writes
 *
 * In pass-through mode a read returns the packet's virtio-net header
 * (TUN_VNET_HDR_LEN bytes) and then the packet, a GSO packet whole (up to
 * 64 KiB) with its checksum maybe left to do; a write takes the same, so
 * that what one device's read gave another device's write takes unchanged,
 * and the kernel cuts or finishes it only where it must. Writes of fewer
 * than TUN_VNET_HDR_LEN bytes are -EINVAL. tun_dev_write_many() writes
 * them one by one, and tun_dev_offload_stats() counts nothing for them.
 * Returns 0.
 */
TUNCTL_EXPORT int tun_dev_set_passthrough(struct tun_dev *dev, bool on);

/* Offloads of a device with TUN_FLAG_VNET_HDR, in tun_offload_stats. */
#define TUN_OFFLOAD_CSUM 0x01 /* checksums left to the reader */
#define TUN_OFFLOAD_TSO 0x02  /* TCP segmentation, IPv4 and IPv6 */
#define TUN_OFFLOAD_USO 0x04  /* UDP segmentation (Linux 6.2 or later) */

/* What the offloads did for the reads and writes of one queue. */
struct tun_offload_stats {
	unsigned offloads;	 /* TUN_OFFLOAD_* the kernel accepted */
	uint64_t gso_packets;	 /* GSO packets read and cut */
	uint64_t gso_segments;	 /* the packets they were cut into */
	uint64_t csum_completed; /* other packets whose checksum was
				    finished */
	uint64_t coalesced_packets;  /* GSO packets tun_dev_write_many()
					made of segments */
	uint64_t coalesced_segments; /* the segments in them */
};

/**
 * tun_dev_offload_stats - which offloads @dev has, and what reads and
 * writes on @queue made of them so far
 * @stats: filled in; all zero for a device without TUN_FLAG_VNET_HDR
 *
 * Reads update the read counters, writes the write counters, without
 * locks: one thread may read @queue while another writes it, but call this
 * from the thread that does both, or once they have stopped. Returns 0, or -EINVAL when @queue is not
 * open.
 */
TUNCTL_EXPORT int tun_dev_offload_stats(const struct tun_dev *dev,
					unsigned queue,
					struct tun_offload_stats *stats);

/** tun_dev_destroy - remove a TUN/TAP device by name; -ENODEV when absent,
 * -EOPNOTSUPP (with a detail) when the interface is not a TUN/TAP device */
TUNCTL_EXPORT int tun_dev_destroy(struct tun_ctx *ctx, const char *name);

/**
 * tun_dev_list - the TUN/TAP devices of the system (of the namespace on Linux)
 * @infos: an array to release with tun_free()
 * @count: its length
 */
TUNCTL_EXPORT int tun_dev_list(struct tun_ctx *ctx, struct tun_info **infos,
			   size_t *count);
/** tun_dev_info_get - one device; -ENODEV when absent, -EOPNOTSUPP (with a
 * detail) when not a TUN/TAP device */
TUNCTL_EXPORT int tun_dev_info_get(struct tun_ctx *ctx, const char *name,
			       struct tun_info *info);
/** tun_free - release memory returned by the library */
TUNCTL_EXPORT void tun_free(void *p);

/* ---- interface configuration ------------------------------------------ */

/**
 * tun_addr_add - add an address to a device
 * @local: the device's own address and the prefix length of its subnet
 * @peer: the other end of a point-to-point link, or NULL
 *
 * Returns -EEXIST when the address is already there.
 */
TUNCTL_EXPORT int tun_addr_add(struct tun_ctx *ctx, const char *ifname,
			       const struct tun_prefix *local,
			       const struct tun_ip *peer);
/** tun_addr_del - remove an address; -EADDRNOTAVAIL when absent */
TUNCTL_EXPORT int tun_addr_del(struct tun_ctx *ctx, const char *ifname,
			       const struct tun_prefix *local);
/** tun_addr_list - addresses of @ifname, or of every TUN/TAP device when
 * @ifname is NULL; release @addrs with tun_free() */
TUNCTL_EXPORT int tun_addr_list(struct tun_ctx *ctx, const char *ifname,
				struct tun_addr **addrs, size_t *count);

/** tun_route_add - route @route->dst through @ifname; -EEXIST if present */
TUNCTL_EXPORT int tun_route_add(struct tun_ctx *ctx, const char *ifname,
				const struct tun_route *route);
/** tun_route_del - remove a route; -ESRCH when no route matches */
TUNCTL_EXPORT int tun_route_del(struct tun_ctx *ctx, const char *ifname,
				const struct tun_route *route);
/** tun_route_list - routes through @ifname, or through every TUN/TAP device
 * when NULL: unicast routes of every table (@table 0 is the main one);
 * release @routes with tun_free() */
TUNCTL_EXPORT int tun_route_list(struct tun_ctx *ctx, const char *ifname,
				 struct tun_route **routes, size_t *count);

TUNCTL_EXPORT int tun_mtu_get(struct tun_ctx *ctx, const char *ifname,
			      unsigned *mtu);
TUNCTL_EXPORT int tun_mtu_set(struct tun_ctx *ctx, const char *ifname,
			      unsigned mtu);
/** tun_link_set_up - bring the interface up (true) or down (false) */
TUNCTL_EXPORT int tun_link_set_up(struct tun_ctx *ctx, const char *ifname,
				  bool up);

/* ---- configuring in one go ---------------------------------------------- */

struct tun_setup_addr {
	struct tun_prefix local;
	struct tun_ip peer; /* family TUN_FAMILY_NONE when none */
};

/* What tun_setup_apply() applies, in this order: MTU, addresses, up, routes
 * (routes need the device up). */
struct tun_setup {
	unsigned mtu; /* 0 leaves the MTU as it is */
	const struct tun_setup_addr *addrs;
	size_t naddrs;
	bool up;
	const struct tun_route *routes;
	size_t nroutes;
};

enum tun_setup_step {
	TUN_SETUP_MTU,
	TUN_SETUP_ADDR,
	TUN_SETUP_UP,
	TUN_SETUP_ROUTE,
};

/* Which step of a tun_setup_apply() failed: the step, and for addresses and
 * routes the index in the setup's array. */
struct tun_setup_failure {
	enum tun_setup_step step;
	size_t index;
};

/**
 * tun_setup_apply - configure a device in one go
 * @ifname: the device
 * @setup: what to apply
 * @failure: on failure, which step failed (may be NULL)
 *
 * Faster than the single calls: on Linux the device is looked up once and
 * every request goes to the kernel in one message, with one
 * acknowledgement awaited. Steps after a failed one may still have been
 * applied: a caller that needs all or nothing removes the device it made.
 */
TUNCTL_EXPORT int tun_setup_apply(struct tun_ctx *ctx, const char *ifname,
			    const struct tun_setup *setup,
			    struct tun_setup_failure *failure);

/**
 * tun_dev_destroy_many - remove several TUN/TAP devices together
 * @names: the devices
 * @count: how many
 * @done: set to how many of @names, from the first, were removed
 *
 * Stops at the first name that is missing or not a TUN/TAP device (and
 * returns that error, with *@done its index) after removing those before
 * it. On Linux the kernel unregisters them all at once, which waits for the
 * network stack to quiesce once instead of once per device.
 */
TUNCTL_EXPORT int tun_dev_destroy_many(struct tun_ctx *ctx,
				   const char *const *names, size_t count,
				   size_t *done);

/* ---- changing a device in place ------------------------------------------ */

/* What tun_link_change() changes; the zero value changes nothing. */
struct tun_link_change {
	const char *name;      /* a new name (the device must be down) */
	bool set_owner;	       /* a zeroed change leaves owner and group */
	long long owner;       /* the new owner uid, with set_owner */
	bool set_group;
	long long group;       /* the new group gid, with set_group */
	bool set_txqueuelen;
	unsigned txqueuelen;
	bool set_mac; /* TAP only */
	uint8_t mac[6];
	const char *netns; /* move into /run/netns/NETNS (Linux), last */
};

/**
 * tun_link_change - change a TUN/TAP device in place: owner and group
 * first (only for a persistent device nobody holds: -EBUSY naming the
 * holder otherwise), then name, queue length and MAC together, then the
 * network namespace
 *
 * A rename of a device that is up is -EBUSY. Set @ch->owner and
 * @ch->group to -1 to leave them.
 */
TUNCTL_EXPORT int tun_link_change(struct tun_ctx *ctx, const char *ifname,
				  const struct tun_link_change *ch);

/* ---- who holds a device ------------------------------------------------ */

/* Room for a command name (Linux: 16 with the NUL). */
#define TUN_COMM_MAX 32

/* A process holding a TUN/TAP device open: one per descriptor. */
struct tun_holder {
	char ifname[TUN_NAME_MAX];
	long long pid;
	char comm[TUN_COMM_MAX]; /* its command name */
	int fd;			 /* the descriptor, in that process */
};

/**
 * tun_holders - the processes holding @ifname, or any TUN/TAP device when
 * @ifname is NULL, in the current network namespace
 *
 * Only processes the caller may inspect are seen (Linux: /proc/PID/fd).
 * Free *@holders with tun_free(). -EOPNOTSUPP where the system cannot
 * tell.
 */
TUNCTL_EXPORT int tun_holders(struct tun_ctx *ctx, const char *ifname,
			      struct tun_holder **holders, size_t *count);

/* ---- change notifications ---------------------------------------------- */

/*
 * What happens to TUN/TAP devices, as the system reports it (Linux:
 * rtnetlink notifications). tun_events_open() subscribes first and then
 * lists what is already there, so no change falls between the listing and
 * the first notification: the devices and addresses present come first as
 * events with @initial set, then one TUN_EVENT_SYNC, then changes as they
 * happen. Other kinds of interface are left out. Elsewhere
 * tun_events_open() returns -EOPNOTSUPP.
 */

enum tun_event_type {
	TUN_EVENT_LINK_NEW = 1, /* a device appeared: @link */
	TUN_EVENT_LINK_CHANGE,	/* @link changed; @old is how it was */
	TUN_EVENT_LINK_DEL,	/* @link is gone */
	TUN_EVENT_ADDR_NEW,	/* @addr appeared on @link */
	TUN_EVENT_ADDR_CHANGE,	/* @addr_flags of @addr changed */
	TUN_EVENT_ADDR_DEL,
	TUN_EVENT_ROUTE_NEW,	/* @route (any table) through @link */
	TUN_EVENT_ROUTE_DEL,
	TUN_EVENT_SYNC, /* everything present at open has been reported */
};

/* In tun_event.addr_flags: an address that cannot be used (yet). */
#define TUN_ADDR_TENTATIVE 0x01 /* duplicate address detection running */
#define TUN_ADDR_DADFAILED 0x02 /* another host has it */

struct tun_event {
	enum tun_event_type type;
	bool initial;	     /* describes what was there at open */
	struct tun_info link; /* the device (as last known for addr/route) */
	struct tun_info old;  /* TUN_EVENT_LINK_CHANGE: the state before */
	struct tun_addr addr; /* TUN_EVENT_ADDR_* */
	unsigned addr_flags;  /* TUN_ADDR_* */
	struct tun_route route; /* TUN_EVENT_ROUTE_* */
};

/* A subscription to change notifications. */
struct tun_events;

/**
 * tun_events_open - subscribe to changes of TUN/TAP devices, their
 * addresses and routes, in the current network namespace
 *
 * Errors and their detail go to @ctx, which must outlive the subscription.
 */
TUNCTL_EXPORT int tun_events_open(struct tun_ctx *ctx,
				  struct tun_events **evp);
/**
 * tun_events_next - the next event, without blocking
 *
 * Returns 1 with @event filled, -EAGAIN when none is ready (wait until
 * tun_events_fd() is readable), -ENOBUFS when the system dropped
 * notifications because they came faster than they were read (the
 * subscription then no longer describes the system: open a new one), or
 * another -errno.
 */
TUNCTL_EXPORT int tun_events_next(struct tun_events *ev,
				  struct tun_event *event);
/** tun_events_fd - a descriptor that turns readable when events wait */
TUNCTL_EXPORT int tun_events_fd(const struct tun_events *ev);
/** tun_events_close - end the subscription; NULL is allowed */
TUNCTL_EXPORT void tun_events_close(struct tun_events *ev);

/* ---- privileges -------------------------------------------------------- */

/**
 * tun_privileges_drop - give up every capability for good and, when @uid is
 * not -1, become that user (and @gid, or the user's own group when -1)
 *
 * For readers (echo, capture) once their descriptors are open. An id that
 * is neither -1 nor 0 to 2^32 - 2 is -EINVAL.
 */
TUNCTL_EXPORT int tun_privileges_drop(long long uid, long long gid);

/* What a program still needs, for tun_privileges_keep(). */
#define TUN_PRIV_CONFIGURE 0x01 /* create and configure devices (Linux:
				   CAP_NET_ADMIN) */
#define TUN_PRIV_CAPTURE 0x02	/* watch an interface (CAP_NET_RAW) */
#define TUN_PRIV_NETNS 0x04	/* enter a network namespace (CAP_SYS_ADMIN) */
#define TUN_PRIV_USER 0x08	/* become another user (CAP_SETUID/SETGID) */

/**
 * tun_privileges_keep - for a program given privileges by its file (Linux:
 * `setcap cap_net_admin+ep`) and run by an ordinary user, give up every
 * privilege that @keep (TUN_PRIV_* bits) does not name
 *
 * The capabilities go from the permitted, effective and inheritable sets,
 * so neither this process nor a program it runs gets them back. Nothing is
 * done for root, nor when the capabilities came from the caller (ambient),
 * nor on systems without capabilities. Returns 0 or a negative errno.
 */
TUNCTL_EXPORT int tun_privileges_keep(unsigned keep);

/* ---- OS-independent helpers (pure functions) ---------------------------- */

/** tun_ip_parse - parse "10.0.0.1" or "fd00::1"; -EINVAL if neither */
TUNCTL_EXPORT int tun_ip_parse(const char *s, struct tun_ip *ip);
/**
 * tun_prefix_parse - parse "10.0.0.1/24", "fd00::1/64" or a bare address
 * (a host prefix: /32 or /128)
 * @why: on -EINVAL, a short reason ("prefix length must be 0-32")
 */
TUNCTL_EXPORT int tun_prefix_parse(const char *s, struct tun_prefix *prefix,
				   const char **why);
/**
 * tun_ip_format - print @ip into @buf; IPv6 in RFC 5952 form
 * @len: room in @buf; TUN_ADDRSTRLEN bytes always suffice
 *
 * Like inet_ntop(): returns @buf, or NULL when the text did not fit (then
 * @buf holds as much of it as fits, always terminated, nothing written
 * beyond @len) or @buf is NULL. A NULL @ip or an unknown family prints "?".
 */
TUNCTL_EXPORT char *tun_ip_format(const struct tun_ip *ip, char *buf,
				  size_t len);
/** tun_prefix_format - "address/len" into @buf; TUN_PREFIXSTRLEN bytes
 * always suffice; returns @buf or NULL as tun_ip_format() does */
TUNCTL_EXPORT char *tun_prefix_format(const struct tun_prefix *prefix,
				      char *buf, size_t len);
/** tun_prefix_has_host_bits - true when bits beyond the length are set */
TUNCTL_EXPORT bool tun_prefix_has_host_bits(const struct tun_prefix *prefix);
/** tun_prefix_mask - clear the bits beyond the prefix length */
TUNCTL_EXPORT void tun_prefix_mask(struct tun_prefix *prefix);
/** tun_ip_equal - same family and same bytes */
TUNCTL_EXPORT bool tun_ip_equal(const struct tun_ip *a, const struct tun_ip *b);
/**
 * tun_name_validate - is @name usable as an interface name here?
 * @allow_template: accept one "%d" for the system to fill in
 * @why: on -EINVAL, a short reason
 */
TUNCTL_EXPORT int tun_name_validate(const char *name, bool allow_template,
				    const char **why);

/* The library's version, "1.2.3" or a git description. */
TUNCTL_EXPORT const char *tun_version(void);

/* ==== handing a device over; DNS (written for Windows) ================== */
/*
 * Windows devices have no descriptor. There tun_dev_fd() returns the value
 * of an event handle, signalled while a packet may be waiting: wait on
 * (HANDLE)(intptr_t)fd with WaitForMultipleObjects. tun_dev_read() never
 * blocks there; it returns -EAGAIN when nothing is waiting.
 * tun_dev_from_fd() takes what `tunctl create -- COMMAND` hands down as
 * TUNCTL_FD: an inherited pipe that holds the device's name and mode, which
 * it then opens by that name, as tun_dev_attach() does.
 */

/**
 * tun_dev_suspend - stop reading and writing @dev without closing it, so
 * that another program can attach to it by name
 *
 * On Windows a wintun adapter has one reader (session) at a time and a
 * tap-windows6 adapter one open handle, while a wintun adapter exists only
 * as long as its creator keeps it open: the creator suspends and waits.
 * The next tun_dev_read() or tun_dev_write() resumes (or fails with -EBUSY
 * while the other program reads). Where descriptors are handed over
 * instead, it does nothing. Returns 0.
 */
TUNCTL_EXPORT int tun_dev_suspend(struct tun_dev *dev);

/**
 * tun_dns_set - make @servers (IPv4 and IPv6, in order) the DNS servers of
 * @ifname; @count 0 removes them
 *
 * Windows: SetInterfaceDnsSettings (Windows 10 2004 or later). Elsewhere
 * -EOPNOTSUPP, with a detail naming the system's own tool.
 */
TUNCTL_EXPORT int tun_dns_set(struct tun_ctx *ctx, const char *ifname,
			      const struct tun_ip *servers, size_t count);

/* ==== Apple only: the descriptor of a packet-tunnel provider ============= */
#if defined(__APPLE__) && defined(__MACH__)
/**
 * tun_utun_find_fd - the utun socket among this process's descriptors
 *
 * In an iOS or macOS NEPacketTunnelProvider the system opens the utun and
 * hides it behind packetFlow. This finds it — the socket whose peer is the
 * utun kernel control (getpeername + CTLIOCGINFO) — so that
 * tun_dev_from_fd() can adopt it; reads and writes then strip and add the
 * 4-byte family header. See docs/mobile.md.
 *
 * Returns the descriptor, or -ENOENT when there is none.
 */
TUNCTL_EXPORT int tun_utun_find_fd(void);
#endif

#ifdef __cplusplus
}
#endif

/* The packet toolkit: decoding, checksums, echo replies, reassembly, pcap. */
#include "tunctl_packet.h"

#endif
