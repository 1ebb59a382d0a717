#!/bin/bash
# SPDX-License-Identifier: MIT
# Benchmark, not a test: `tunctl capture -w` and `tcpdump -w` side by side
# on the same interface under the same flood (UDP through tunctl echo),
# inside a network namespace of its own. Prints what each captured and what
# the kernel dropped for each, from their own summaries and from the files.
#
#   bench/capture.sh [BUILD]     (root; `make bench` builds what it needs)
#
# BENCH_SECONDS (default 3) is the length of each flood, BENCH_ROUNDS
# (default 3) the number of floods, BENCH_FLOWS (4) and BENCH_WINDOW (32)
# its UDP flows and datagrams in flight per flow. The flood ends by itself.
# tunctl prints its lines (to /dev/null) as well as writing the file;
# tcpdump -w only writes.
set -eu

BUILD=${1:-build}
TUNCTL=$(realpath "$BUILD/tunctl")
FLOOD=$(realpath "$BUILD/bench/udpflood")
SECONDS_EACH=${BENCH_SECONDS:-3}
ROUNDS=${BENCH_ROUNDS:-3}
NS="dp-bench-capture-$$"
DIR=$(mktemp -d)
PIDS=()

[ "$(id -u)" -eq 0 ] || { echo "bench/capture.sh: run as root" >&2; exit 1; }
command -v tcpdump >/dev/null || { echo "bench/capture.sh: needs tcpdump" >&2; exit 1; }

cleanup() {
	for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	ip netns pids "$NS" 2>/dev/null | xargs -r kill 2>/dev/null || true
	ip netns del "$NS" 2>/dev/null || true
	rm -rf "$DIR"
}
trap cleanup EXIT INT TERM

ip netns add "$NS"
ip -n "$NS" link set lo up
"$TUNCTL" -n "$NS" create tun0 --addr 10.0.0.1/24 --up >/dev/null
"$TUNCTL" -n "$NS" -q echo tun0 --udp &
PIDS+=($!)
until ip -n "$NS" -j link show tun0 | grep -q LOWER_UP; do sleep 0.01; done

# Waits for a line in a file, at most 5 s.
wait_line() {
	for _ in $(seq 100); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "bench: no '$2' in $1" >&2
	exit 1
}

count_file() {
	tcpdump -r "$1" -n 2>/dev/null | wc -l
}

# One flood with both capturing; prints one row per tool.
round() {
	local r=$1 ours theirs flood
	"$TUNCTL" -n "$NS" capture tun0 -w "$DIR/tunctl.pcap" udp \
		>/dev/null 2>"$DIR/tunctl.err" &
	ours=$!
	ip netns exec "$NS" tcpdump -i tun0 -n -w "$DIR/tcpdump.pcap" udp \
		>/dev/null 2>"$DIR/tcpdump.err" &
	theirs=$!
	PIDS+=("$ours" "$theirs")
	wait_line "$DIR/tunctl.err" "listening on"
	wait_line "$DIR/tcpdump.err" "listening on"
	flood=$(ip netns exec "$NS" timeout $((SECONDS_EACH + 10)) \
		"$FLOOD" 10.0.0.2 9 "${BENCH_FLOWS:-4}" "$SECONDS_EACH" "${BENCH_WINDOW:-32}")
	sleep 0.3 # what is in flight reaches both
	kill -INT "$ours" "$theirs"
	wait "$ours" "$theirs" || true
	row "$r" tunctl "$flood" "$DIR/tunctl.pcap" \
		"$(sed -n 's/^\([0-9]*\) packets captured.* \([0-9]*\) dropped by kernel$/\1 \2/p' "$DIR/tunctl.err")"
	row "$r" tcpdump "$flood" "$DIR/tcpdump.pcap" \
		"$(awk '/packets captured/ { c = $1 } /dropped by kernel/ { d = $1 } END { print c, d }' "$DIR/tcpdump.err")"
}

# row ROUND TOOL FLOOD_RATE FILE "CAPTURED DROPPED"
row() {
	local captured dropped
	read -r captured dropped <<<"$5"
	printf '%5s %-8s %12s %10s %10s %10s\n' "$1" "$2" \
		"$(($3 * 2 * SECONDS_EACH))" "$captured" "$(count_file "$4")" \
		"$dropped"
}

echo "tunctl capture -w and tcpdump -w on the same interface, UDP flood" \
	"through tunctl echo (${BENCH_FLOWS:-4} flows x ${BENCH_WINDOW:-32} in" \
	"flight), ${SECONDS_EACH}s each, $(nproc) CPUs"
printf '%5s %-8s %12s %10s %10s %10s\n' round tool "on the wire" captured \
	"in file" dropped
for r in $(seq "$ROUNDS"); do
	round "$r"
done
echo "on the wire: requests and replies (2 x replies counted by the client);" \
	"captured and dropped: each tool's own summary."
