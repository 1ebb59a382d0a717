#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# capture -r against tcpdump -n -r, line for line, on real traffic made
# here: a client, a router and a server in namespaces of their own, the
# router's second link with an MTU of 1280 (so that it sends "need to
# frag" and "packet too big"), TCP, DNS (tests/tools/dns_peer.py), UDP to
# closed ports, TTL 1, fragments, an address nobody has, and tunnels
# (tests/tools/tunnel_send.py: IP in IP, IPv6 in IPv4, GRE with IPv4,
# IPv6 and Ethernet inside, ESP, a WireGuard handshake). The same
# packets are then framed as every link type capture -r reads.
#
# Deliberate differences from tcpdump, each handled below and explained in
# the man page (capture, "Differences from tcpdump"):
# - DLT_NULL with Linux's AF_INET6 (10): tcpdump says "AF Unknown (10)"
#   and dumps the bytes; tunctl decodes the packet as for BSD's values;
# - with -v, neighbour discovery and DHCP options and MLDv2 group records
#   are not listed (tcpdump prints them on lines of their own), nor
#   DHCPv6's transaction id and options;
# - with -v, IPv4 options are "options (...)", not decoded.

bats_require_minimum_version 1.5.0
load datapath

load corpus

setup_file() {
	[ "$(id -u)" -eq 0 ] || return 0
	export CORPUS="$BATS_FILE_TMPDIR"
	corpus_make "$CORPUS"
}

setup() {
	require_root
}

# same FILE [OPTIONS...]: our lines are tcpdump's. THEIRS=OTHER reads
# tcpdump's from OTHER instead.
same() {
	local file=$1
	shift
	tcpdump -n "$@" -r "$CORPUS/${THEIRS:-$file}" 2>/dev/null >"$BATS_TEST_TMPDIR/theirs"
	run --separate-stderr "$TUNCTL" capture "$@" -r "$CORPUS/$file"
	assert_success
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/ours"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/theirs")" -gt 20 ]
	diff "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
}

@test "corpus: every kind of packet is in it" {
	run tcpdump -n -r "$CORPUS/eth.pcap"
	for want in 'Flags \[S\], seq [0-9]+, win [0-9]+, options \[mss 1460,sackOK,TS val' \
		'Flags \[P\.\], seq 1:6, ack 1,' \
		'ICMP6, echo request' 'ICMP6, packet too big, mtu 1280' \
		'unreachable - need to frag \(mtu 1280\)' 'udp port 9 unreachable' \
		'ICMP6, destination unreachable, unreachable port, fd20:2::2 udp port 9' \
		'ICMP time exceeded in-transit' 'ICMP6, time exceeded in-transit' \
		'ICMP host 10.20.2.99 unreachable' \
		'\+ A\? a.test. ' 'AAAA\? a.test.' ' 3/0/0 CNAME a.test., A 192.0.2.1, A 192.0.2.2 ' \
		' PTR a.test. ' ' MX mx.test. 10 ' ' TXT "hello" "world" ' \
		'\|\$? 3/0/0' ' ServFail ' ' NXDomain ' '\[1au\]' \
		'ARP, Request' 'neighbor solicitation' 'frag \(0\|' 'ip-proto-1' \
		': IP 192.168.7.1 > 192.168.7.2: ICMP echo request' ': IP6 fd77::1 > fd77::2: ICMP6' \
		'GREv0, key=0x5, length 42: IP 192.168.7.1.4000 > 192.168.7.2.5000: UDP' \
		'GREv0, length [0-9]+: IP6 fd77::1' 'ESP\(spi=0x00001001,seq=0x7\)' \
		'protocol 47 unreachable' '51820: UDP, length 148' \
		'BOOTP/DHCP, Request from 02:00:00:00:00:01, length 244' 'dhcp6 solicit'; do
		grep -Eq -- "$want" <<<"$output" || fail "no '$want' in the corpus"
	done
}

@test "corpus: Ethernet, the same lines as tcpdump -n" {
	same eth.pcap
}

@test "corpus: Ethernet, -e: the same lines as tcpdump -n -e" {
	same eth.pcap -e
}

@test "corpus: pcapng, the same lines as tcpdump -n" {
	same eth.pcapng
}

@test "corpus: Linux cooked v1 and v2, with and without -e" {
	same sll.pcap
	same sll.pcap -e
	same sll2.pcap
	same sll2.pcap -e
}

@test "corpus: raw IP, DLT_NULL in both byte orders with each OS's AF_INET6, DLT_LOOP" {
	for f in raw null-le-24 null-be-28 null-le-30 loop-24; do
		same "$f.pcap"
	done
	# Linux's AF_INET6: tcpdump cannot; the lines it prints for BSD's.
	THEIRS=null-le-24.pcap same null-le-10.pcap
	run tcpdump -n -r "$CORPUS/null-le-10.pcap"
	assert_output --partial "AF Unknown (10)"
	same null-be-28.pcap -e
	same loop-24.pcap -e
}

@test "corpus: -x, -X and -A dump the same bytes as tcpdump" {
	same eth.pcap -x
	same eth.pcap -X
	same eth.pcap -A
	same raw.pcap -X
}

@test "corpus: -v, the same lines as tcpdump -n -v but for the listed differences" {
	for f in eth.pcap sll2.pcap; do
		# tcpdump's lines of ND and DHCP options, its MLDv2 records
		# and DHCPv6 options go.
		tcpdump -n -v -r "$CORPUS/$f" 2>/dev/null |
			awk '/^\t  / { next } { print }' |
			sed -e 's/\(multicast listener report v2, [0-9]* group record(s)\) \[.*/\1/' \
				-e 's/\( dhcp6 [a-z-]*\) (xid=.*/\1/' \
				>"$BATS_TEST_TMPDIR/theirs"
		run --separate-stderr "$TUNCTL" capture -v -r "$CORPUS/$f"
		assert_success
		diff "$BATS_TEST_TMPDIR/theirs" <(printf '%s\n' "$output")
	done
	# What -v adds is there: header fields, checksums, a quoted packet.
	assert_output --regexp 'IP \(tos 0x0, ttl 64, id [0-9]+, offset 0, flags \[DF\], proto TCP \(6\), length 60\)'
	assert_output --partial 'cksum 0x'
	assert_output --partial '[icmp6 sum ok] ICMP6, echo request'
	assert_output --regexp 'need to frag \(mtu 1280\), length 556'$'\n\t''IP \(tos 0x0, ttl 64, id 0, offset 0, flags \[DF\], proto ICMP \(1\), length 1428\)'
}

@test "corpus: a filter picks the same packets as tcpdump's" {
	same eth.pcap 'tcp or udp port 53'
	same sll2.pcap icmp6
	same null-le-30.pcap 'ip6 and icmp6'
}

@test "corpus: -r - reads standard input" {
	tcpdump -n -r "$CORPUS/eth.pcapng" 2>/dev/null >"$BATS_TEST_TMPDIR/theirs"
	run --separate-stderr "$TUNCTL" capture -r - <"$CORPUS/eth.pcapng"
	assert_success
	diff "$BATS_TEST_TMPDIR/theirs" <(printf '%s\n' "$output")
	[[ "$stderr" == "tunctl: capture: reading from file -, link-type EN10MB (Ethernet), snapshot length 262144" ]]
}

@test "corpus: -j carries the fields of the line" {
	run --separate-stderr "$TUNCTL" -j capture -r "$CORPUS/eth.pcap" 'tcp[tcpflags] & tcp-syn != 0'
	assert_success
	run jq -r '[.src, .sport, .dst, .dport, .flags, .seq, .win] | @tsv' <<<"$output"
	assert_line --index 0 --regexp $'^10\\.20\\.1\\.2\t[0-9]+\t10\\.20\\.2\\.2\t7777\tS\t[0-9]+\t[0-9]+$'
	run --separate-stderr "$TUNCTL" -j capture -r "$CORPUS/eth.pcap" 'udp port 53'
	run jq -c 'select(.dns_response) | [.dns_id, .rcode, [.answers[] | .type, .data]]' <<<"$output"
	assert_line --index 2 '[4658,0,["CNAME","a.test.","A","192.0.2.1","A","192.0.2.2"]]'
	assert_line --index 8 '[4664,3,[]]'
}

@test "capture -r: a cut file decodes up to the damage, says where, exit 1" {
	size=$(stat -c %s "$CORPUS/eth.pcap")
	head -c $((size - 30)) "$CORPUS/eth.pcap" >"$BATS_TEST_TMPDIR/cut.pcap"
	run --separate-stderr "$TUNCTL" capture -r "$BATS_TEST_TMPDIR/cut.pcap"
	assert_failure 1
	total=$(tcpdump -n -r "$CORPUS/eth.pcap" 2>/dev/null | wc -l)
	[ "${#lines[@]}" -eq $((total - 1)) ]
	[[ "$stderr" == *"tunctl: capture: $BATS_TEST_TMPDIR/cut.pcap: after record $((total - 1)): truncated dump file; tried to read "* ]]
	# The lines before the damage are tcpdump's.
	diff <(tcpdump -n -r "$CORPUS/eth.pcap" 2>/dev/null | head -n $((total - 1))) \
		<(printf '%s\n' "$output")
}

@test "capture -r: not a capture file, an unknown link type, a missing file" {
	printf 'hello, this is no pcap file at all\n' >"$BATS_TEST_TMPDIR/text"
	run --separate-stderr "$TUNCTL" capture -r "$BATS_TEST_TMPDIR/text"
	assert_failure 1
	assert_one_error_line
	[[ "$stderr" == "tunctl: capture: $BATS_TEST_TMPDIR/text: unknown file format" ]]
	editcap -T ieee-802-11 "$CORPUS/eth.pcap" "$BATS_TEST_TMPDIR/wifi.pcap"
	run --separate-stderr "$TUNCTL" capture -r "$BATS_TEST_TMPDIR/wifi.pcap"
	assert_failure 2
	assert_one_error_line
	[ "$stderr" = "tunctl: capture: $BATS_TEST_TMPDIR/wifi.pcap: link-type IEEE802_11 (802.11) is not one a TUN/TAP device gives" ]
	run --separate-stderr "$TUNCTL" capture -r "$BATS_TEST_TMPDIR/nothing.pcap"
	assert_failure 1
	assert_one_error_line
	[[ "$stderr" == "tunctl: capture: $BATS_TEST_TMPDIR/nothing.pcap: "*"No such file or directory"* ]]
	run --separate-stderr "$TUNCTL" capture -r "$CORPUS/eth.pcap" 'tcp and'
	assert_failure 2
	assert_one_error_line
	run --separate-stderr "$TUNCTL" capture -r "$CORPUS/eth.pcap" --attach
	assert_failure 2
	assert_one_error_line
}

@test "capture -A: carriage returns as tcpdump -A prints them" {
	# tcpdump drops a CR before a newline and in a packet's last two
	# bytes, and prints a dot for the others.
	python3 - "$BATS_TEST_TMPDIR/cr.pcap" <<'PY'
import struct, sys
def pkt(payload):
    udp = struct.pack('!HHHH', 1000, 2000, 8 + len(payload), 0) + payload
    return struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 1, 0, 64,
                       17, 0, bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])) + udp
with open(sys.argv[1], 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 101))
    for p in [b'ab\rcd\r\nx\rz', b'abc\r', b'ab\rx', b'a\r\rx\r']:
        d = pkt(p)
        f.write(struct.pack('<IIII', 1, 0, len(d), len(d)) + d)
PY
	tcpdump -n -A -r "$BATS_TEST_TMPDIR/cr.pcap" 2>/dev/null >"$BATS_TEST_TMPDIR/theirs"
	run --separate-stderr "$TUNCTL" capture -A -r "$BATS_TEST_TMPDIR/cr.pcap"
	assert_success
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/ours"
	diff "$BATS_TEST_TMPDIR/theirs" "$BATS_TEST_TMPDIR/ours"
}
