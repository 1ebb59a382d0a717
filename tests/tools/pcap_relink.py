#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# pcap_relink.py IN OUT LINK: the IP packets of a pcap file (Ethernet or raw
# IP) written again with another link layer, the way another OS's capture
# of a TUN device would frame them:
#   raw         LINKTYPE_RAW (101)
#   null-le-N   DLT_NULL, address family in little-endian, IPv6 as N
#   null-be-N   DLT_NULL, big-endian (a big-endian writer)
#   loop-N      DLT_LOOP (OpenBSD), always big-endian
# Frames that are not IP (ARP) are left out.
import struct
import sys


def packets(data):
    magic = struct.unpack("<I", data[:4])[0]
    end = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    linktype = struct.unpack(end + "I", data[20:24])[0]
    off = 24
    while off + 16 <= len(data):
        sec, frac, caplen, length = struct.unpack(end + "IIII", data[off:off + 16])
        body = data[off + 16:off + 16 + caplen]
        off += 16 + caplen
        if linktype == 1:
            if body[12:14] not in (b"\x08\x00", b"\x86\xdd"):
                continue
            body, length = body[14:], length - 14
        yield sec, frac, body, length


def main():
    src, dst, link = sys.argv[1:4]
    data = open(src, "rb").read()
    kind = link.split("-")
    linktype = {"raw": 101, "null": 0, "loop": 108}[kind[0]]
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, linktype)]
    for sec, frac, body, length in packets(data):
        head = b""
        if kind[0] != "raw":
            af = 2 if body[0] >> 4 == 4 else int(kind[-1])
            be = kind[0] == "loop" or kind[1] == "be"
            head = struct.pack(">I" if be else "<I", af)
        out.append(struct.pack("<IIII", sec, frac, len(head) + len(body),
                               len(head) + length) + head + body)
    open(dst, "wb").write(b"".join(out))


main()
