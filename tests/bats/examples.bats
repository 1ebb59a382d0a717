#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The programs of examples/, built as a library user builds them (public
# header, libtunctl.a), doing what their comments promise: the echo
# responder answers ping; the forwarder carries ping and a TCP transfer
# between two namespaces over UDP, with offloads and batches.

bats_require_minimum_version 1.5.0
load datapath

setup() {
	dp_setup
	EX=$(dirname "$TUNCTL")/examples
	[ -x "$EX/echo" ] && [ -x "$EX/forward" ] ||
		fail "$EX/echo and $EX/forward are missing: make examples"
	NSB=
}

teardown() {
	netns_teardown
	if [ -n "$NSB" ]; then
		ip netns pids "$NSB" 2>/dev/null | xargs -r kill 2>/dev/null || true
		ip netns del "$NSB" 2>/dev/null || true
	fi
}

@test "examples/echo answers ping on the device it made" {
	start echo nsx "$EX/echo" ex0
	wait_line "$OUT/echo.err" "answering on ex0"
	ip -n "$NS" addr add 10.7.0.1/24 dev ex0
	ip -n "$NS" link set ex0 up
	ping_ok -c 3 -i 0.1 10.7.0.2
	ping_ok -c 2 -i 0.1 10.7.0.200
	kill "$PID"
}

# Two namespaces joined by a veth pair (the "internet"), a forwarder and
# its TUN device in each.
two_sites() {
	NSB="${NS}b"
	ip netns add "$NSB"
	ip -n "$NSB" link set lo up
	ip -n "$NS" link add wan type veth peer name wan netns "$NSB"
	ip -n "$NS" addr add 192.168.77.1/24 dev wan
	ip -n "$NSB" addr add 192.168.77.2/24 dev wan
	ip -n "$NS" link set wan up
	ip -n "$NSB" link set wan up
	start fwa nsx "$EX/forward" fa 5000 192.168.77.2 5001
	start fwb ip netns exec "$NSB" "$EX/forward" fb 5001 192.168.77.1 5000
	wait_line "$OUT/fwa.err" "forwarding fa index"
	wait_line "$OUT/fwb.err" "forwarding fb index"
	# the index it found through its descriptor is the device's
	[ "$(awk '{ print $4 }' "$OUT/fwa.err")" = \
		"$(ip -n "$NS" -j link show fa | jq '.[0].ifindex')" ]
	# room for the UDP, IP and tag headers on the veth's 1500
	ip -n "$NS" link set fa mtu 1400 up
	ip -n "$NSB" link set fb mtu 1400 up
	ip -n "$NS" addr add 10.9.0.1/24 dev fa
	ip -n "$NSB" addr add 10.9.0.2/24 dev fb
}

@test "examples/forward carries ping and a TCP transfer between two namespaces" {
	two_sites
	ping_ok -c 3 -i 0.1 10.9.0.2
	ping_ok -c 2 -i 0.1 -s 3000 10.9.0.2 # fragments, each in a datagram
	cat >"$OUT/server.py" <<'PY'
import hashlib, socket
s = socket.socket()
s.bind(("10.9.0.2", 5201))
s.listen(1)
print("listening", flush=True)
c, _ = s.accept()
h, n = hashlib.sha256(), 0
while True:
    b = c.recv(1 << 20)
    if not b:
        break
    h.update(b)
    n += len(b)
print(n, h.hexdigest(), flush=True)
PY
	start server ip netns exec "$NSB" timeout 60 python3 "$OUT/server.py"
	wait_line "$OUT/server.out" listening
	head -c 16777216 /dev/urandom >"$OUT/data"
	run timeout 60 ip netns exec "$NS" python3 -c '
import socket, sys
s = socket.create_connection(("10.9.0.2", 5201))
s.sendall(open(sys.argv[1], "rb").read())
s.close()' "$OUT/data"
	assert_success
	finish server
	[ "$STATUS" -eq 0 ] || fail "server: $(cat "$OUT/server.err")"
	want="16777216 $(sha256sum "$OUT/data" | cut -d' ' -f1)"
	run tail -1 "$OUT/server.out"
	assert_output "$want"
	# both forwarders still running
	kill -0 "$(cat "$OUT/fwa.pid")"
	kill -0 "$(cat "$OUT/fwb.pid")"
}
