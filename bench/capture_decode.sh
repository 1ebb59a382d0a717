#!/bin/bash
# SPDX-License-Identifier: MIT
# Benchmark, not a test: decoding a pcap file to text, `tunctl capture -r`
# against `tcpdump -n -r`, in the same run, output to /dev/null. The file
# (tests/tools/gen_pcap.py) holds BENCH_PACKETS (default 1,000,000) small
# packets of the kinds a tunnel carries: ICMP and ICMPv6 echo, UDP, DNS
# queries, TCP SYNs with options. Each tool reads it BENCH_ROUNDS (3)
# times, alternating; the best time of each counts.
#
#   bench/capture_decode.sh [BUILD]     (no root needed)
set -eu

BUILD=${1:-build}
TUNCTL=$(realpath "$BUILD/tunctl")
PACKETS=${BENCH_PACKETS:-1000000}
ROUNDS=${BENCH_ROUNDS:-3}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT INT TERM

command -v tcpdump >/dev/null || { echo "bench/capture_decode.sh: needs tcpdump" >&2; exit 1; }

python3 "$(dirname "$0")/../tests/tools/gen_pcap.py" "$PACKETS" "$DIR/small.pcap"

# seconds CMD...: wall-clock seconds of CMD, output to /dev/null.
seconds() {
	local start end
	start=$(date +%s.%N)
	"$@" >/dev/null 2>&1
	end=$(date +%s.%N)
	echo "$end - $start" | bc -l
}

best_tunctl=
best_tcpdump=
for _ in $(seq "$ROUNDS"); do
	t=$(seconds tcpdump -n -r "$DIR/small.pcap")
	if [ -z "$best_tcpdump" ] || [ "$(echo "$t < $best_tcpdump" | bc)" = 1 ]; then best_tcpdump=$t; fi
	t=$(seconds "$TUNCTL" capture -r "$DIR/small.pcap")
	if [ -z "$best_tunctl" ] || [ "$(echo "$t < $best_tunctl" | bc)" = 1 ]; then best_tunctl=$t; fi
done
# Both must have printed every packet.
lines_tcpdump=$(tcpdump -n -r "$DIR/small.pcap" 2>/dev/null | wc -l)
lines_tunctl=$("$TUNCTL" capture -r "$DIR/small.pcap" 2>/dev/null | wc -l)

printf 'decode %d packets to text (best of %d):\n' "$PACKETS" "$ROUNDS"
printf '  tcpdump -n -r      %7.3f s  %d lines\n' "$best_tcpdump" "$lines_tcpdump"
printf '  tunctl capture -r  %7.3f s  %d lines\n' "$best_tunctl" "$lines_tunctl"
printf '  tunctl/tcpdump     %7.2f (goal: at most 1.00)\n' \
	"$(echo "$best_tunctl / $best_tcpdump" | bc -l)"
