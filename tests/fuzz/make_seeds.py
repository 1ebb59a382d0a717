#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the seed corpus of the fuzz targets from the real packets of
tests/unit/packets.h: each frame as TAP (first byte 1) and without its
Ethernet header as TUN (first byte 0); for echo also with UDP reflection
on (bit 2) and the target owned by the interface (bit 4). For gso: GSO
packets made here as the kernel hands them over, after the mode byte and
a virtio header in this host's byte order, and the real TCP and UDP
packets with a checksum left to finish."""
import os, re, struct, sys

here = os.path.dirname(os.path.abspath(__file__))
text = open(os.path.join(here, '..', 'unit', 'packets.h')).read()
frames = {m.group(1): bytes(int(b, 16) for b in re.findall(r'0x([0-9a-f]{2})', m.group(2)))
          for m in re.finditer(r'eth_(\w+)\[\d+\] = \{(.*?)\};', text, re.S)}

def write(target, name, data):
    d = os.path.join(here, 'corpus', target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)

for name, frame in sorted(frames.items()):
    write('packet', name + '-tap', b'\x01' + frame)
    write('packet', name + '-tun', b'\x00' + frame[14:])
    write('echo', name + '-tap', b'\x03' + frame)
    write('echo', name + '-tun', b'\x02' + frame[14:])
    if name in ('arp_request', 'ns'):
        write('echo', name + '-own', b'\x05' + frame)
# reasm: the mode (1: TAP), then length-prefixed packets
def seq(tap, *packets):
    return bytes([tap]) + b''.join(bytes([len(p) >> 8, len(p) & 0xff]) + p
                                   for p in packets)

first, second = frames['icmp6_frag_first'], frames['icmp6_frag_second']
write('reasm', 'icmp6-tap', seq(1, first, second))
write('reasm', 'icmp6-tun-reversed', seq(0, second[14:], first[14:]))
write('reasm', 'mixed', seq(1, frames['icmp_echo_request'], first,
                            frames['udp4'], second))

# gso: mode byte, virtio header (flags, gso_type, hdr_len, gso_size,
# csum_start, csum_offset; native order), packet.
def vnet(flags, gso_type, hdr_len, gso_size, csum_start, csum_offset):
    return struct.pack('=BBHHHH', flags, gso_type, hdr_len, gso_size,
                       csum_start, csum_offset)

def ip_csum(b):
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff

def gso_packet(v6, udp, datalen, opts=b''):
    data = bytes((i * 7 + 3) & 0xff for i in range(datalen))
    if udp:
        l4 = struct.pack('!HHHH', 40000, 5201, 8 + datalen, 0xdead)
    else:
        l4 = struct.pack('!HHIIBBHHH', 40000, 5201, 1000, 1, (20 + len(opts)) << 2,
                         0x18, 502, 0xdead, 0) + opts
    l4len = len(l4) + datalen
    proto = 17 if udp else 6
    if v6:
        ip = struct.pack('!IHBB', 6 << 28, l4len, proto, 64) + \
            b'\xfd' + b'\0' * 14 + b'\x01' + b'\xfd' + b'\0' * 14 + b'\x02'
    else:
        ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + l4len, 0x1234, 0x4000,
                         64, proto, 0, bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
        ip = ip[:10] + struct.pack('!H', ip_csum(ip)) + ip[12:]
    return ip + l4 + data, len(ip), len(ip) + len(l4)

ETH = {False: bytes.fromhex('02000000000b02000000000a0800'),
       True: bytes.fromhex('02000000000b02000000000a86dd')}
for v6, udp, tap, datalen, mss, name in [
        (False, False, False, 3000, 1448, 'tcp4-tun'),
        (True, False, True, 4000, 1000, 'tcp6-tap'),
        (False, True, False, 2500, 1200, 'udp4-tun'),
        (True, True, True, 3 * 1232, 1232, 'udp6-tap')]:
    pkt, l3, hdrs = gso_packet(v6, udp, datalen,
                               b'' if udp else b'\x01\x01\x08\x0a' * 3)
    l2 = ETH[v6] if tap else b''
    gso_type = 5 if udp else (4 if v6 else 1)
    hdr = vnet(1, gso_type, len(l2) + hdrs, mss, len(l2) + l3, 6 if udp else 16)
    write('gso', 'gso-' + name, bytes([1 if tap else 0]) + hdr + l2 + pkt)
    write('gso', 'gso-' + name + '-small', bytes([2 | (60 << 2) | (1 if tap else 0)]) +
          hdr + l2 + pkt)
# Not GSO, the checksum left to finish: the real TCP and UDP packets.
for name, field in (('tcp_psh', 16), ('udp4', 6), ('udp6', 6)):
    frame = frames[name]
    l3 = 40 if frame[12:14] == b'\x86\xdd' else 20
    write('gso', name + '-tap', b'\x01' + vnet(1, 0, 0, 0, 14 + l3, field) + frame)
    write('gso', name + '-tun', b'\x00' + vnet(1, 0, 0, 0, l3, field) + frame[14:])
print(len(frames), 'frames', file=sys.stderr)
