#!/bin/bash
# SPDX-License-Identifier: MIT
# Benchmark, not a test: TCP throughput through two TUN devices, each in a
# network namespace of its own, joined by tests/tools/tun_bridge.c
# (libtunctl reads one device and writes into the other), with and without
# --offload, in the same run.
#
#   bench/offload.sh [BUILD]        (root; `make bench` builds what it needs)
#
# Three ways are measured: devices made without --offload; with --offload
# but written one packet at a time with tun_dev_write() (GSO packets cut
# on read only); with --offload and tun_dev_write_many() (cut on read,
# joined again on write). A python3 client sends for BENCH_SECONDS
# (default 3) to a python3 server that counts; BENCH_ROUNDS (default 3) is
# how often each way is measured, alternating; the median is reported.
set -eu

BUILD=${1:-build}
TUNCTL=$(realpath "$BUILD/tunctl")
BRIDGE=$(realpath "$BUILD/tests/tun_bridge")
SECONDS_EACH=${BENCH_SECONDS:-3}
ROUNDS=${BENCH_ROUNDS:-3}
NSA="gso-bench-a-$$"
NSB="gso-bench-b-$$"
TMP=$(mktemp -d)
BRIDGE_PID=

[ "$(id -u)" -eq 0 ] || { echo "bench/offload.sh: run as root" >&2; exit 1; }
for f in "$TUNCTL" "$BRIDGE"; do
	[ -x "$f" ] || { echo "bench/offload.sh: $f missing (make bench)" >&2; exit 1; }
done

cleanup() {
	[ -z "$BRIDGE_PID" ] || kill "$BRIDGE_PID" 2>/dev/null || true
	for ns in "$NSA" "$NSB"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
		ip netns del "$ns" 2>/dev/null || true
	done
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

cat >"$TMP/server.py" <<'EOF'
import socket, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.9.0.2", 5201))
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
EOF
cat >"$TMP/client.py" <<'EOF'
import socket, sys, time
s = socket.create_connection(("10.9.0.2", 5201))
data = b"\x55" * (256 * 1024)
end = time.monotonic() + float(sys.argv[1])
while time.monotonic() < end:
    s.sendall(data)
s.close()
EOF

ip netns add "$NSA"
ip netns add "$NSB"
ip -n "$NSA" link set lo up
ip -n "$NSB" link set lo up

# wait_for FILE TEXT: until FILE has TEXT, at most 5 s.
wait_for() {
	local i=0
	until grep -q "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -lt 500 ] || { echo "bench: no '$2' in $1" >&2; exit 1; }
		sleep 0.01
	done
}

# measure "CREATE OPTIONS" "BRIDGE OPTIONS": Gbit/s of one transfer.
measure() {
	local server
	# shellcheck disable=SC2086 # options are word lists
	{
		"$TUNCTL" -n "$NSA" create ta $1 --addr 10.9.0.1/24 --up
		"$TUNCTL" -n "$NSB" create tb $1 --addr 10.9.0.2/24 --up
	} >/dev/null
	# shellcheck disable=SC2086
	timeout 120 "$BRIDGE" $2 "$NSA" ta "$NSB" tb >"$TMP/bridge.out" \
		2>"$TMP/bridge.err" &
	BRIDGE_PID=$!
	wait_for "$TMP/bridge.err" ready
	ip netns exec "$NSB" timeout 60 python3 "$TMP/server.py" \
		>"$TMP/server.out" &
	server=$!
	wait_for "$TMP/server.out" listening
	ip netns exec "$NSA" timeout 60 python3 "$TMP/client.py" "$SECONDS_EACH"
	wait "$server"
	kill "$BRIDGE_PID"
	wait "$BRIDGE_PID" || true
	BRIDGE_PID=
	"$TUNCTL" -n "$NSA" delete ta
	"$TUNCTL" -n "$NSB" delete tb
	awk '$1 != "listening" { printf "%.2f\n", $1 * 8 / $2 / 1e9 }' \
		"$TMP/server.out"
}

median() {
	sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

: >"$TMP/plain" && : >"$TMP/single" && : >"$TMP/many"
for _ in $(seq "$ROUNDS"); do
	measure "" "" >>"$TMP/plain"
	measure --offload --one-by-one >>"$TMP/single"
	measure --offload "" >>"$TMP/many"
	cp "$TMP/bridge.out" "$TMP/many.stats"
done
plain=$(median <"$TMP/plain")

# row LABEL FILE: the median, the ratio to "without", every round.
row() {
	local m
	m=$(median <"$2")
	awk -v label="$1" -v m="$m" -v base="$plain" -v all="$(tr '\n' ' ' <"$2")" \
		'BEGIN { printf "  %-40s %6.2f Gbit/s  %5.2fx   (%s)\n", label, m, m / base, all }'
}

echo "TCP through two TUN devices joined by tun_bridge (libtunctl), one flow,"
echo "$SECONDS_EACH s each, median of $ROUNDS rounds (every round in brackets):"
row "without --offload" "$TMP/plain"
row "--offload, tun_dev_write() one by one" "$TMP/single"
row "--offload, tun_dev_write_many()" "$TMP/many"
# What the last --offload run did, from the bridge's counters.
awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); c[$1, kv[1]] = kv[2] } }
     END {
	if (c["ta", "gso_packets"] > 0)
		printf "  reads: %.1f packets cut from each GSO packet;", \
			c["ta", "gso_segments"] / c["ta", "gso_packets"]
	if (c["tb", "coalesced_packets"] > 0)
		printf " writes: %.1f segments joined into each\n", \
			c["tb", "coalesced_segments"] / c["tb", "coalesced_packets"]
     }' "$TMP/many.stats"
