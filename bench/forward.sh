#!/bin/bash
# SPDX-License-Identifier: MIT
# Benchmark, not a test: one TCP flow between two network namespaces
# through examples/forward.c (two --offload TUN devices, each read and
# written by a forwarder, joined by UDP over a veth pair), against the same
# flow straight over that veth pair, in the same run, as a ratio.
#
#   bench/forward.sh [BUILD]        (root; `make bench` builds what it needs)
#
# A python3 client sends for BENCH_SECONDS (default 3) to a python3 server
# that counts; BENCH_ROUNDS (default 3) rounds of each, alternating; the
# median is reported.
set -eu

BUILD=${1:-build}
FORWARD=$(realpath "$BUILD/examples/forward")
SECONDS_EACH=${BENCH_SECONDS:-3}
ROUNDS=${BENCH_ROUNDS:-3}
NSA="fwd-bench-a-$$"
NSB="fwd-bench-b-$$"
TMP=$(mktemp -d)

[ "$(id -u)" -eq 0 ] || { echo "bench/forward.sh: run as root" >&2; exit 1; }
[ -x "$FORWARD" ] || { echo "bench/forward.sh: $FORWARD missing (make bench)" >&2; exit 1; }

cleanup() {
	for ns in "$NSA" "$NSB"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
		ip netns del "$ns" 2>/dev/null || true
	done
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

cat >"$TMP/server.py" <<'PY'
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], 5201))
s.listen(1)
print("listening", flush=True)
c, _ = s.accept()
buf = bytearray(1 << 20)
n, t = 0, time.monotonic()
while True:
    k = c.recv_into(buf)
    if not k:
        break
    n += k
print(n, time.monotonic() - t, flush=True)
PY
cat >"$TMP/client.py" <<'PY'
import socket, sys, time
s = socket.create_connection((sys.argv[1], 5201))
data = b"\x55" * (256 * 1024)
end = time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:
    s.sendall(data)
s.close()
PY

wait_for() {
	local i=0
	until grep -q "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -lt 500 ] || { echo "bench: no '$2' in $1" >&2; exit 1; }
		sleep 0.01
	done
}

ip netns add "$NSA"
ip netns add "$NSB"
for ns in "$NSA" "$NSB"; do ip -n "$ns" link set lo up; done
ip -n "$NSA" link add wan type veth peer name wan netns "$NSB"
ip -n "$NSA" addr add 192.168.77.1/24 dev wan
ip -n "$NSB" addr add 192.168.77.2/24 dev wan
ip -n "$NSA" link set wan up
ip -n "$NSB" link set wan up
ip netns exec "$NSA" "$FORWARD" fa 5000 192.168.77.2 5001 2>"$TMP/fa.err" &
ip netns exec "$NSB" "$FORWARD" fb 5001 192.168.77.1 5000 2>"$TMP/fb.err" &
wait_for "$TMP/fa.err" forwarding
wait_for "$TMP/fb.err" forwarding
# The veth's 1500 less the IPv4, UDP and tag headers of the forwarder.
ip -n "$NSA" link set fa mtu 1400 up
ip -n "$NSB" link set fb mtu 1400 up
ip -n "$NSA" addr add 10.9.0.1/24 dev fa
ip -n "$NSB" addr add 10.9.0.2/24 dev fb

# measure ADDRESS: Gbit/s of one flow from A to ADDRESS in B.
measure() {
	local server
	ip netns exec "$NSB" timeout 60 python3 "$TMP/server.py" "$1" \
		>"$TMP/server.out" &
	server=$!
	wait_for "$TMP/server.out" listening
	ip netns exec "$NSA" timeout 60 python3 "$TMP/client.py" "$1" "$SECONDS_EACH"
	wait "$server"
	awk '$1 != "listening" { printf "%.2f\n", $1 * 8 / $2 / 1e9 }' \
		"$TMP/server.out"
}

median() {
	sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

: >"$TMP/fwd" && : >"$TMP/veth"
for _ in $(seq "$ROUNDS"); do
	measure 10.9.0.2 >>"$TMP/fwd"
	measure 192.168.77.2 >>"$TMP/veth"
done
fwd=$(median <"$TMP/fwd")
veth=$(median <"$TMP/veth")
echo "One TCP flow between two namespaces, $SECONDS_EACH s each, median of $ROUNDS rounds:"
awk -v f="$fwd" -v v="$veth" -v fa="$(tr '\n' ' ' <"$TMP/fwd")" \
	-v va="$(tr '\n' ' ' <"$TMP/veth")" 'BEGIN {
	printf "  %-46s %6.2f Gbit/s  (%s)\n", "examples/forward.c: two --offload TUN + UDP", f, fa
	printf "  %-46s %6.2f Gbit/s  (%s)\n", "a veth pair", v, va
	printf "  ratio forwarder / veth: %.2f\n", f / v
}'
