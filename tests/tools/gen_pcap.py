#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# gen_pcap.py COUNT OUT [START_SEC [STEP_USEC]]: a raw-IP pcap of COUNT
# small packets, a mix of what crosses a tunnel (ICMP and ICMPv6 echo,
# UDP, DNS queries, TCP with options), STEP_USEC apart from START_SEC. For
# the decoding benchmark and capture's rotation tests.
import struct
import sys


def ipv4(proto, payload, ident):
    return struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident,
                       0x4000, 64, proto, 0, bytes([10, 0, 0, 1]),
                       bytes([10, 0, 0, 2])) + payload


def ipv6(nh, payload):
    return struct.pack(">IHBB16s16s", 0x60000000, len(payload), nh, 64,
                       bytes.fromhex("fd00" + "00" * 13 + "01"),
                       bytes.fromhex("fd00" + "00" * 13 + "02")) + payload


def packet(i):
    kind = i % 5
    if kind == 0:
        return ipv4(1, struct.pack(">BBHHH", 8, 0, 0, 77, i & 0xffff) + b"x" * 24, i & 0xffff)
    if kind == 1:
        return ipv6(58, struct.pack(">BBHHH", 128, 0, 0, 78, i & 0xffff) + b"y" * 24)
    if kind == 2:
        return ipv4(17, struct.pack(">HHHH", 40000 + i % 1000, 7777, 8 + 16, 0) + b"z" * 16, i & 0xffff)
    if kind == 3:
        q = struct.pack(">HHHHHH", i & 0xffff, 0x0100, 1, 0, 0, 0) + b"\x07example\x03com\x00" + struct.pack(">HH", 1, 1)
        return ipv4(17, struct.pack(">HHHH", 50000 + i % 1000, 53, 8 + len(q), 0) + q, i & 0xffff)
    opts = struct.pack(">BBH", 2, 4, 1460) + b"\x04\x02" + struct.pack(">BBII", 8, 10, i, 0) + b"\x01\x03\x03\x07"
    tcp = struct.pack(">HHIIBBHHH", 40000 + i % 1000, 443, i * 7919 & 0xffffffff, 0,
                      (20 + len(opts)) // 4 << 4, 0x02, 64240, 0, 0) + opts
    return ipv4(6, tcp, i & 0xffff)


def main():
    count, out = int(sys.argv[1]), sys.argv[2]
    start = int(sys.argv[3]) if len(sys.argv) > 3 else 1700000000
    step = int(sys.argv[4]) if len(sys.argv) > 4 else 10
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 101))
        chunk = []
        for i in range(count):
            p = packet(i)
            usec = start * 1000000 + i * step
            chunk.append(struct.pack("<IIII", usec // 1000000, usec % 1000000, len(p), len(p)) + p)
            if len(chunk) == 10000:
                f.write(b"".join(chunk))
                chunk = []
        f.write(b"".join(chunk))


main()
