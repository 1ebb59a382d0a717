#!/bin/bash
# SPDX-License-Identifier: MIT
# Benchmark, not a test: replies per second of `tunctl echo` against
# bench/bare_echo.c (the least a program can do to answer), under the same
# flood, in the same run, inside a network namespace of its own.
#
#   bench/echo.sh [BUILD]        (root; `make bench` builds what it needs)
#
# BENCH_SECONDS (default 3) is the length of each flood, BENCH_ROUNDS
# (default 3) how often each responder is measured, alternating; the median
# is reported. Every flood ends by itself (ping -w, udpflood's deadline).
set -eu

BUILD=${1:-build}
TUNCTL=$(realpath "$BUILD/tunctl")
BARE=$(realpath "$BUILD/bench/bare_echo")
FLOOD=$(realpath "$BUILD/bench/udpflood")
SECONDS_EACH=${BENCH_SECONDS:-3}
ROUNDS=${BENCH_ROUNDS:-3}
NS="dp-bench-echo-$$"
RESPONDER=

[ "$(id -u)" -eq 0 ] || { echo "bench/echo.sh: run as root" >&2; exit 1; }
for f in "$TUNCTL" "$BARE" "$FLOOD"; do
	[ -x "$f" ] || { echo "bench/echo.sh: $f missing (make bench)" >&2; exit 1; }
done

cleanup() {
	stop_responder
	ip netns pids "$NS" 2>/dev/null | xargs -r kill 2>/dev/null || true
	ip netns del "$NS" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

ip netns add "$NS"
ip -n "$NS" link set lo up
"$TUNCTL" -n "$NS" create tun0 --addr 10.0.0.1/24 --up >/dev/null
"$TUNCTL" -n "$NS" create mq0 --multi-queue --addr 10.1.0.1/24 --up >/dev/null
# More sources, so that pings make several flows for the queues.
for i in 2 3 4 5; do ip -n "$NS" addr add "10.1.0.1$i/24" dev mq0; done

has_carrier() {
	ip -n "$NS" -j link show "$1" | grep -q LOWER_UP
}

# start_responder bare|tunctl DEV [tunctl echo options]
start_responder() {
	local kind=$1 dev=$2 i=0
	shift 2
	if [ "$kind" = bare ]; then
		ip netns exec "$NS" "$BARE" "$dev" &
	else
		"$TUNCTL" -n "$NS" -q echo "$dev" --udp "$@" &
	fi
	RESPONDER=$!
	until has_carrier "$dev"; do
		i=$((i + 1))
		[ "$i" -lt 200 ] || { echo "bench: $kind did not attach" >&2; exit 1; }
		sleep 0.01
	done
}

stop_responder() {
	[ -n "$RESPONDER" ] || return 0
	kill -TERM "$RESPONDER" 2>/dev/null || true
	wait "$RESPONDER" 2>/dev/null || true
	RESPONDER=
	# The device loses its carrier once the reader is gone.
	sleep 0.1
}

# Replies per second of a ping flood (-l: that many in flight) from each
# source address given, all at once.
ping_rate() {
	local dst=$1 total=0 out n files=() pids=()
	shift
	for src in "$@"; do
		out=$(mktemp)
		files+=("$out")
		ip netns exec "$NS" ping -f -q -l 8 -w "$SECONDS_EACH" -I "$src" \
			"$dst" >"$out" 2>&1 &
		pids+=($!)
	done
	wait "${pids[@]}" || true
	for out in "${files[@]}"; do
		n=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$out")
		total=$((total + ${n:-0}))
		rm -f "$out"
	done
	echo $((total / SECONDS_EACH))
}

udp_rate() {
	ip netns exec "$NS" timeout $((SECONDS_EACH + 10)) \
		"$FLOOD" "$1" 7 "$2" "$SECONDS_EACH" 16
}

median() {
	printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"
}

# measure NAME DEV "TUNCTL OPTIONS" LOAD...: alternate bare and tunctl.
measure() {
	local name=$1 dev=$2 opts=$3 bare=() ours=()
	shift 3
	for _ in $(seq "$ROUNDS"); do
		start_responder bare "$dev"
		bare+=("$("$@")")
		stop_responder
		# shellcheck disable=SC2086
		start_responder tunctl "$dev" $opts
		ours+=("$("$@")")
		stop_responder
	done
	report "$name" "$(median "${bare[@]}")" "$(median "${ours[@]}")"
}

report() {
	awk -v name="$1" -v bare="$2" -v ours="$3" 'BEGIN {
		printf "%-44s %10d %10d %7.2f\n", name, bare, ours,
			bare ? ours / bare : 0 }'
}

echo "tunctl echo against a bare read/write loop: replies per second," \
	"median of $ROUNDS x ${SECONDS_EACH}s, $(nproc) CPUs"
printf '%-44s %10s %10s %7s\n' "load" "bare loop" "tunctl" "ratio"
measure "ping -f -l 8, 1 flow (single queue)" tun0 "" \
	ping_rate 10.0.0.2 10.0.0.1
measure "ping -f -l 8, 4 flows (single queue)" tun0 "" \
	ping_rate 10.0.0.2 10.0.0.1 10.0.0.1 10.0.0.1 10.0.0.1
measure "UDP 64 B, 4 flows x 16 (single queue)" tun0 "" \
	udp_rate 10.0.0.2 4
measure "UDP 64 B, 8 flows x 16 (--queues 2)" mq0 "--queues 2" \
	udp_rate 10.1.0.2 8
measure "ping -f -l 8, 4 sources (--queues 2)" mq0 "--queues 2" \
	ping_rate 10.1.0.2 10.1.0.12 10.1.0.13 10.1.0.14 10.1.0.15
echo "bare loop: one queue, one thread, blocking read/write, no checks;" \
	"tunctl: decodes, verifies checksums, counts."
