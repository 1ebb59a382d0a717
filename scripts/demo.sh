#!/bin/sh
# SPDX-License-Identifier: MIT
# The main job end to end, in a throwaway network namespace.
set -eu

TUNCTL=$(realpath "${1:-build/tunctl}")
NS="tunctl-demo-$$"

if [ "$(id -u)" -ne 0 ]; then
	echo "demo: run as root (it makes a network namespace)" >&2
	exit 1
fi
cleanup() {
	ip netns pids "$NS" 2>/dev/null | xargs -r kill 2>/dev/null || true
	ip netns del "$NS" 2>/dev/null || true
	rm -f "${ping_log:-}" "${capture_log:-}" "${monitor_log:-}"
}
trap cleanup EXIT INT TERM
ip netns add "$NS"
ip -n "$NS" link set lo up

if [ -t 1 ]; then bold='\033[1m' plain='\033[0m'; else bold= plain=; fi
step() { printf "\n${bold}\$ %s${plain}\n" "$*"; }
run() { step "tunctl -n $NS $*"; "$TUNCTL" -n "$NS" "$@"; }

echo "tunctl demo in network namespace $NS"
step "tunctl -n $NS monitor &   # one line per change of a TUN/TAP device"
monitor_log=$(mktemp)
"$TUNCTL" -n "$NS" monitor >"$monitor_log" 2>&1 &
monitor_pid=$!
run create tun%d --mtu 1400 --addr 10.0.0.1/24 --addr fd00::1/64 --up \
	--route 10.1.0.0/16 --via 10.0.0.2
run show
run addr show tun0
run route show tun0
run mtu tun0 1280
run -j show tun0
step "ip -n $NS -br addr   # the kernel's own view"
ip -n "$NS" -br addr

# The data path: packets go in, answers come out, and you can see them.
# ping_ok ARGS...: ping in the namespace, which must lose nothing.
ping_log=$(mktemp)
ping_ok() {
	step "ping $*"
	timeout 30 ip netns exec "$NS" ping -W 2 "$@" | tee "$ping_log" || true
	grep -q " 0% packet loss" "$ping_log" ||
		{ echo "demo: ping $* lost packets" >&2; exit 1; }
}
step "tunctl -n $NS echo tun0 &   # become tun0's reader and answer"
"$TUNCTL" -n "$NS" echo tun0 &
echo_pid=$!
# No sleep loop: wait returns as soon as the kernel reports the carrier.
run wait tun0 --carrier --timeout 10
step "tunctl -n $NS capture tun0 -c 4 icmp &   # watch without disturbing echo"
capture_log=$(mktemp)
"$TUNCTL" -n "$NS" capture tun0 -c 4 icmp >"$capture_log" 2>&1 &
capture_pid=$!
sleep 0.5
ping_ok -c 2 -i 0.2 10.0.0.2
timeout 10 tail --pid="$capture_pid" -f /dev/null || kill "$capture_pid"
wait "$capture_pid" || true
step "# what capture printed meanwhile"
cat "$capture_log"
ping_ok -6 -c 2 -i 0.2 fd00::2
ping_ok -c 2 -i 0.2 10.1.2.3   # routed into tun0 via 10.0.0.2: answered too
step "kill -INT %echo   # echo says what it did"
kill -INT "$echo_pid"
wait "$echo_pid"
run delete tun0
run delete tun0 --if-exists   # already gone: still a success
run show
step "kill -INT %monitor   # what monitor saw meanwhile"
kill -INT "$monitor_pid"
wait "$monitor_pid"
cat "$monitor_log"
echo
echo "demo: done; namespace $NS removed"
