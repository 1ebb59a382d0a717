#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the seed corpus of the fuzz targets from the real packets of
tests/unit/packets.h: each frame as TAP (first byte 1) and without its
Ethernet header as TUN (first byte 0); for echo also with UDP reflection
on (bit 2) and the target owned by the interface (bit 4)."""
import os, re, sys

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
print(len(frames), 'frames', file=sys.stderr)
