#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Offloads (create --offload, IFF_VNET_HDR) end to end: two devices in two
# network namespaces, joined by tests/tools/tun_bridge.c through libtunctl
# alone, carry real TCP and UDP traffic. The kernel hands the bridge GSO
# packets, which tun_dev_read() cuts and tun_dev_write_many() joins again;
# what reaches the other side must be the very bytes sent, and the
# bridge's counters (tun_dev_offload_stats) must show both happened.

bats_require_minimum_version 1.5.0
load datapath

BRIDGE=$(dirname "$TUNCTL")/tests/tun_bridge

setup() {
	require_root
	[ -x "$BRIDGE" ] || fail "$BRIDGE is missing: make test-tools"
	NSA="gso-a-$$-${BATS_TEST_NUMBER}"
	NSB="gso-b-$$-${BATS_TEST_NUMBER}"
	NS=$NSA
	OUT="$BATS_TEST_TMPDIR"
	ip netns add "$NSA"
	ip netns add "$NSB"
}

teardown() {
	local ns
	for ns in "${NSA:-}" "${NSB:-}"; do
		[ -n "$ns" ] || continue
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
		ip netns del "$ns" 2>/dev/null || true
	done
}

# bridged [create options]: ta (10.9.0.1, fd09::1) in NSA and tb (10.9.0.2,
# fd09::2) in NSB, made with the options given, joined by the bridge (with
# $BRIDGE_OPTS).
bridged() {
	"$TUNCTL" -n "$NSA" create ta "$@" --addr 10.9.0.1/24 \
		--addr fd09::1/64 --up >/dev/null
	"$TUNCTL" -n "$NSB" create tb "$@" --addr 10.9.0.2/24 \
		--addr fd09::2/64 --up >/dev/null
	start bridge timeout 60 "$BRIDGE" ${BRIDGE_OPTS:-} "$NSA" ta "$NSB" tb
	wait_line "$OUT/bridge.err" "ready"
}

# The bridge's counter NAME for device DEV, once it has stopped.
counter() {
	sed -n "s/^$1 .*\<$2=\([^ ]*\).*/\1/p" "$OUT/bridge.out"
}

stop_bridge() {
	finish bridge TERM
	[ "$STATUS" -eq 0 ] || fail "tun_bridge: $(cat "$OUT/bridge.err")"
	cat "$OUT/bridge.out" >&2
}

# tcp_copy LISTEN CONNECT: 4 MiB of random bytes from NSA to NSB over TCP
# with socat; they must arrive unchanged.
tcp_copy() {
	head -c 4M /dev/urandom >"$OUT/src"
	rm -f "$OUT/dst"
	start recv timeout 30 ip netns exec "$NSB" socat -u "$1,reuseaddr" \
		"CREATE:$OUT/dst"
	run timeout 30 ip netns exec "$NSA" socat -u "OPEN:$OUT/src" \
		"$2,retry=100,interval=0.05"
	assert_success
	finish recv
	[ "$STATUS" -eq 0 ] || fail "socat receiver: $(cat "$OUT/recv.err")"
	cmp "$OUT/src" "$OUT/dst"
}

@test "TCP over IPv4 and IPv6 through two --offload TUN devices: bytes intact, GSO packets cut and joined" {
	bridged --offload
	tcp_copy TCP4-LISTEN:5001 TCP4:10.9.0.2:5001
	tcp_copy TCP6-LISTEN:5001 TCP6:[fd09::2]:5001
	stop_bridge
	[[ "$(counter ta offloads)" == csum,tso* ]]
	[ "$(counter ta gso_packets)" -gt 0 ]
	# Most of 8 MiB came as GSO packets, each cut into several segments,
	# and went into tb joined again.
	[ "$(counter ta gso_segments)" -gt $((2 * $(counter ta gso_packets))) ]
	[ "$(counter tb coalesced_packets)" -gt 0 ]
	[ "$(counter tb coalesced_segments)" -gt $((2 * $(counter tb coalesced_packets))) ]
	[ "$(counter ta lost)" -eq 0 ]
	[ "$(counter tb lost)" -eq 0 ]
}

@test "TCP through two --offload TAP devices: Ethernet frames cut and joined, bytes intact" {
	bridged --offload --tap
	tcp_copy TCP4-LISTEN:5001 TCP4:10.9.0.2:5001
	tcp_copy TCP6-LISTEN:5001 TCP6:[fd09::2]:5001
	stop_bridge
	[ "$(counter ta gso_packets)" -gt 0 ]
	[ "$(counter tb coalesced_packets)" -gt 0 ]
	[ "$(counter ta lost)" -eq 0 ]
}

@test "TCP through --offload devices written one packet at a time: cut, never joined, bytes intact" {
	BRIDGE_OPTS=--one-by-one bridged --offload
	tcp_copy TCP4-LISTEN:5001 TCP4:10.9.0.2:5001
	stop_bridge
	[ "$(counter ta gso_packets)" -gt 0 ]
	[ "$(counter tb coalesced_packets)" -eq 0 ]
	[ "$(counter ta lost)" -eq 0 ]
}

@test "TCP through --offload devices in pass-through mode: GSO packets cross whole, bytes intact" {
	BRIDGE_OPTS=--passthrough bridged --offload
	tcp_copy TCP4-LISTEN:5001 TCP4:10.9.0.2:5001
	tcp_copy TCP6-LISTEN:5001 TCP6:[fd09::2]:5001
	stop_bridge
	# nothing cut, nothing joined: the kernel's GSO packets went across
	[ "$(counter ta passed_gso)" -gt 0 ]
	[ "$(counter ta gso_packets)" -eq 0 ]
	[ "$(counter tb coalesced_packets)" -eq 0 ]
	[ "$(counter ta lost)" -eq 0 ]
	[ "$(counter tb lost)" -eq 0 ]
}

@test "UDP with UDP_SEGMENT through --offload devices: USO packets cut into the datagrams sent" {
	bridged --offload
	start recv timeout 20 ip netns exec "$NSB" python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, 33, 1 << 22)  # SO_RCVBUFFORCE
s.bind(("10.9.0.2", 5002)); s.settimeout(5)
print("ready", flush=True)
for i in range(20):
    for j in range(10):
        d = s.recv(2000)
        assert d == bytes([i, j]) * 600, (i, j, len(d))
print("200 datagrams intact", flush=True)'
	wait_line "$OUT/recv.out" ready
	run timeout 20 ip netns exec "$NSA" python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_UDP, 103, 1200)  # UDP_SEGMENT: 10 datagrams a send
s.connect(("10.9.0.2", 5002))
for i in range(20):
    s.send(b"".join(bytes([i, j]) * 600 for j in range(10)))
    time.sleep(0.005)'
	assert_success
	finish recv
	assert_equal "$(cat "$OUT/recv.out" "$OUT/recv.err")" "ready
200 datagrams intact"
	stop_bridge
	[[ "$(counter ta offloads)" == *uso ]] ||
		skip "the datagrams came, but the kernel has no USO (Linux 6.2 or later)"
	[ "$(counter ta gso_packets)" -gt 0 ]
	[ "$(counter ta gso_segments)" -ge $((10 * $(counter ta gso_packets))) ]
}

@test "devices without --offload still carry TCP as before: no offloads, nothing cut" {
	bridged
	tcp_copy TCP4-LISTEN:5001 TCP4:10.9.0.2:5001
	stop_bridge
	[ "$(counter ta offloads)" = none ]
	[ "$(counter ta gso_packets)" -eq 0 ]
	[ "$(counter ta csum_completed)" -eq 0 ]
	[ "$(counter tb coalesced_packets)" -eq 0 ]
}

@test "echo --udp on an --offload device answers datagrams left with partial checksums, and UDP GSO" {
	"$TUNCTL" -n "$NSA" create t0 --offload --addr 10.9.0.1/24 --up >/dev/null
	start echo "$TUNCTL" -n "$NSA" echo t0 --udp
	wait_line "$OUT/echo.err" "answering on t0"
	run timeout 20 ip netns exec "$NSA" python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.9.0.1", 40000)); s.settimeout(2)
s.sendto(b"x" * 1000, ("10.9.0.2", 9))
print(s.recv(2000) == b"x" * 1000)
try:
    s.setsockopt(socket.SOL_UDP, 103, 500)  # UDP_SEGMENT
except OSError:
    pass
s.sendto(bytes(range(250)) * 8, ("10.9.0.2", 9))  # 4 datagrams
print(sorted(len(s.recv(2000)) for _ in range(4)))'
	assert_success
	assert_output "True
[500, 500, 500, 500]"
	finish echo INT
	[ "$STATUS" -eq 0 ]
	run cat "$OUT/echo.err"
	assert_line --regexp '^[0-9]+ received, 5 answered, 0 neighbour answers, [0-9]+ dropped \(0 malformed\)'
}
