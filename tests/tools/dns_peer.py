#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# dns_peer.py serve ADDR | ask SERVER: a tiny DNS server with fixed
# answers, and a client that asks it one question of each kind, so that
# capture's DNS lines can be compared with tcpdump's on real messages.
import socket
import struct
import sys

A, NS, CNAME, PTR, MX, TXT, AAAA, OPT = 1, 2, 5, 12, 15, 16, 28, 41


def name(text):
    out = b""
    for label in text.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def rr(owner, rtype, rdata, ttl=300):
    return owner + struct.pack(">HHIH", rtype, 1, ttl, len(rdata)) + rdata


def answer(query):
    qid, flags = struct.unpack(">HH", query[:4])
    end = 12
    while query[end]:
        end += query[end] + 1
    qname = query[12:end + 1]
    qtype = struct.unpack(">H", query[end + 1:end + 3])[0]
    question = query[12:end + 5]
    labels, i = [], 0
    while qname[i]:
        labels.append(qname[i + 1:i + 1 + qname[i]].decode())
        i += qname[i] + 1
    text = ".".join(labels)
    ptr = b"\xc0\x0c"  # the question's name
    rcode, tc, answers = 0, 0, []
    if text == "a.test" and qtype == A:
        answers = [rr(ptr, A, bytes([192, 0, 2, 1]))]
    elif text == "a.test" and qtype == AAAA:
        answers = [rr(ptr, AAAA, bytes.fromhex("20010db8000000000000000000000001"))]
    elif text == "www.test":
        answers = [rr(ptr, CNAME, name("a.test")),
                   rr(name("a.test"), A, bytes([192, 0, 2, 1])),
                   rr(name("a.test"), A, bytes([192, 0, 2, 2]))]
    elif text == "1.2.0.192.in-addr.arpa":
        answers = [rr(ptr, PTR, name("a.test"))]
    elif text == "mail.test":
        answers = [rr(ptr, MX, struct.pack(">H", 10) + name("mx.test"))]
    elif text == "txt.test":
        answers = [rr(ptr, TXT, b"\x05hello\x05world")]
    elif text == "big.test":
        tc = 1
        answers = [rr(ptr, A, bytes([192, 0, 2, i])) for i in range(1, 4)]
    elif text == "fail.test":
        rcode = 2
    else:
        rcode = 3
    flags = 0x8000 | (flags & 0x0100) | 0x0080 | (tc << 9) | rcode
    head = struct.pack(">HHHHHH", qid, flags, 1, len(answers), 0, 0)
    return head + question + b"".join(answers)


def serve(addr):
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(family, socket.SOCK_DGRAM)
    s.bind((addr, 53))
    s.settimeout(30)
    try:
        while True:
            query, peer = s.recvfrom(512)
            s.sendto(answer(query), peer)
    except socket.timeout:
        pass


def ask(server):
    family = socket.AF_INET6 if ":" in server else socket.AF_INET
    s = socket.socket(family, socket.SOCK_DGRAM)
    s.settimeout(2)
    opt = b"\0" + struct.pack(">HHIH", OPT, 1232, 0, 0)
    questions = [("a.test", A, 0x0100, b""), ("a.test", AAAA, 0x0100, b""),
                 ("www.test", A, 0x0100, opt), ("1.2.0.192.in-addr.arpa", PTR, 0x0100, b""),
                 ("mail.test", MX, 0x0100, b""), ("txt.test", TXT, 0x0000, b""),
                 ("big.test", A, 0x0120, b""), ("fail.test", A, 0x0100, b""),
                 ("missing.test", A, 0x0100, opt)]
    for qid, (qname, qtype, flags, extra) in enumerate(questions, 0x1230):
        ar = 1 if extra else 0
        msg = struct.pack(">HHHHHH", qid, flags, 1, 0, 0, ar)
        msg += name(qname) + struct.pack(">HH", qtype, 1) + extra
        s.sendto(msg, (server, 53))
        s.recvfrom(512)


{"serve": serve, "ask": ask}[sys.argv[1]](sys.argv[2])
