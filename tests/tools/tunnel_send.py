#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# tunnel_send.py DST DST6: packets as tunnels carry them, sent to DST through
# raw sockets (the kernel adds the outer IPv4 header): IP in IP, IPv6 in
# IPv4, GRE with a key, GRE carrying IPv6, GRE carrying Ethernet
# (gretap), ESP, a WireGuard handshake initiation over UDP; then a DHCP
# request and, to DST6, a DHCPv6 solicit.
import socket
import struct
import sys


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ipv4(proto, payload, src="192.168.7.1", dst="192.168.7.2"):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0x1234, 0x4000,
                    64, proto, 0, socket.inet_aton(src), socket.inet_aton(dst))
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def icmp_echo(seq):
    body = struct.pack("!BBHHH", 8, 0, 0, 99, seq) + b"tunnelled"
    return body[:2] + struct.pack("!H", csum(body)) + body[4:]


def ipv6_icmp_echo(seq):
    src = socket.inet_pton(socket.AF_INET6, "fd77::1")
    dst = socket.inet_pton(socket.AF_INET6, "fd77::2")
    body = struct.pack("!BBHHH", 128, 0, 0, 98, seq) + b"tunnelled"
    pseudo = src + dst + struct.pack("!IxxxB", len(body), 58)
    body = body[:2] + struct.pack("!H", csum(pseudo + body)) + body[4:]
    return struct.pack("!IHBB", 0x60000000, len(body), 58, 64) + src + dst + body


def udp(sport, dport, data):
    return struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data


def send(dst, proto, payload):
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, proto)
    s.sendto(payload, (dst, 0))
    s.close()


dst = sys.argv[1]
send(dst, 4, ipv4(1, icmp_echo(1)))
send(dst, 41, ipv6_icmp_echo(2))
send(dst, 47, struct.pack("!HHI", 0x2000, 0x0800, 5) + ipv4(17, udp(4000, 5000, b"in gre")))
send(dst, 47, struct.pack("!HH", 0, 0x86dd) + ipv6_icmp_echo(3))
eth = bytes.fromhex("020000000002020000000001") + b"\x08\x00"
send(dst, 47, struct.pack("!HH", 0, 0x6558) + eth + ipv4(1, icmp_echo(4)))
send(dst, 50, struct.pack("!II", 0x1001, 7) + bytes(range(48)))
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.sendto(struct.pack("<I", 1) + struct.pack("<I", 0x11223344) + bytes(140), (dst, 51820))

# DHCP: a BOOTP request from the client port, a DHCPv6 solicit.
bootp = struct.pack("!BBBBIHH4s4s4s4s", 1, 1, 6, 0, 0x3903F326, 0, 0x8000,
                    bytes(4), bytes(4), bytes(4), bytes(4))
bootp += bytes.fromhex("020000000001") + bytes(10) + bytes(192)
bootp += b"\x63\x82\x53\x63" + bytes([53, 1, 1, 255])
b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
b.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
b.bind(("0.0.0.0", 68))
b.sendto(bootp, (dst, 67))
d = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
d.bind(("::", 546))
d.sendto(bytes([1, 0x12, 0x34, 0x56]) + struct.pack("!HH", 8, 2) + b"\0\0",
         (sys.argv[2] if len(sys.argv) > 2 else "::1", 547))
