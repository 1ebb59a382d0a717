#!/bin/bash
# SPDX-License-Identifier: MIT
# Every command under valgrind, in a namespace of its own: no leak, no
# invalid access, no descriptor left open at exit.
set -u

TUNCTL=$(realpath "${1:-build/tunctl}")
NS="tunctl-leaks-$$"
LOG=$(mktemp -d)
failed=0

if [ "$(id -u)" -ne 0 ]; then
	echo "leaks: skipped, needs root for a network namespace" >&2
	exit 0
fi
cleanup() { ip netns del "$NS" 2>/dev/null; rm -rf "$LOG"; }
trap cleanup EXIT
ip netns add "$NS"

# Descriptors open at exit that tunctl opened itself (not inherited).
own_open_fds() {
	awk '/Open (file descriptor|AF_)/ { fd = $0; next }
	     fd && /inherited from parent/ { fd = ""; next }
	     fd && /^==[0-9]+== *$/ { print fd; fd = "" }' "$1"
}

n=0
# check EXPECTED_STATUS ARGS...: runs tunctl under valgrind.
check() {
	local want=$1 status log
	shift
	n=$((n + 1))
	log="$LOG/$n.log"
	valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
		--track-fds=yes --log-file="$log" \
		"$TUNCTL" -n "$NS" "$@" >/dev/null 2>&1
	status=$?
	if [ "$status" -ne "$want" ] || [ -n "$(own_open_fds "$log")" ] ||
		grep -q "ERROR SUMMARY: [1-9]" "$log"; then
		echo "leaks: FAIL (status $status, wanted $want): tunctl $*"
		cat "$log"
		failed=1
	else
		echo "leaks: ok   tunctl $*"
	fi
}

check 0 create tun0 --mtu 1400 --addr 10.0.0.1/24 --addr fd00::1/64 --peer fd00::2 \
	--up --route 10.1.0.0/16 --via 10.0.0.2 --metric 5 --route fd01::/64
check 0 create --tap --multi-queue --offload --pi --owner 0 --group 0
check 0 show
check 0 -j show
check 0 list tun0
check 0 show --names
check 0 addr add tun0 10.2.0.1/24
check 0 addr show
check 0 -j addr show tun0
check 0 addr del tun0 10.2.0.1/24
check 1 addr del tun0 10.2.0.1/24
check 0 route add tun0 10.3.0.0/16 --via 10.0.0.2
check 0 route show
check 0 -j route show tun0
check 0 route del tun0 10.3.0.0/16
check 1 route del tun0 10.3.0.0/16
check 0 mtu tun0
check 0 -j mtu tun0
check 0 mtu tun0 1300
check 0 down tun0
check 0 up tun0
# The data path needs traffic: a ping that goes on until the readers
# below have seen enough (each stops by itself after -c packets).
ip netns exec "$NS" timeout 120 ping -q -i 0.1 10.0.0.2 >/dev/null 2>&1 &
pinger=$!
check 0 echo tun0 -c 3 -v --udp
check 0 -j echo tun0 -c 2 -v
check 0 capture --attach tun0 -c 3 -x -w "$LOG/attach.pcap" icmp
check 0 -j capture --attach tun0 -c 2 -w -
"$TUNCTL" -n "$NS" -q echo tun0 &
responder=$!
check 0 capture tun0 -c 4 -w "$LOG/passive.pcap" icmp
check 0 -j capture tun0 -c 2 -x
kill -INT "$responder"
wait "$responder"
kill "$pinger"
check 0 capture -r "$LOG/passive.pcap" -v -e -X -w "$LOG/copy-%S.pcap" -G 1 -W 2
check 0 -j capture -r "$LOG/passive.pcap" -c 2 icmp
check 1 capture -r "$LOG/no-such.pcap"
check 2 capture tun0 'icmp and'
check 1 echo nosuch
check 1 addr add lo 10.9.0.1/24
check 2 capture tun0 -c 0
check 1 create tun1 --addr 10.4.0.1/24 --addr 10.4.0.1/24
check 1 create tun0
check 0 create tun%d --addr 10.5.0.1/24 -- true
check 2 create --mtu 0
check 2 addr add tun0 10.0.0.1/33
check 2 frobnicate
check 0 help
check 0 help create
check 1 show nosuch
check 0 -s -s show
check 0 -j -s show tun0
check 0 wait tun0 --exists --addr 10.0.0.1/24 --timeout 10
check 1 wait tun0 --up --carrier --timeout 0.2
check 0 wait nosuch --gone
check 2 wait tun0 --gone --up
# monitor needs changes to count: toggle the MTU until it has seen them.
( for _ in $(seq 100); do
	ip -n "$NS" link set tun0 mtu 1280 2>/dev/null
	ip -n "$NS" link set tun0 mtu 1300 2>/dev/null
	sleep 0.2
done ) &
toggler=$!
check 0 monitor tun0 -c 2
check 0 -j monitor -c 1
kill "$toggler"
wait "$toggler" 2>/dev/null
check 0 create tunset0
check 0 set tunset0 --name tunset1 --txqueuelen 100 --owner 0
check 1 set tun0 --name tunset2
check 2 set tunset1
check 0 route add tun0 default --table 100 --src 10.0.0.1
check 0 route show tun0 --table 100
check 0 route flush tun0 --table 100
check 0 route flush tun0
check 0 addr flush tun0 --inet6
check 0 addr flush tun0
check 2 addr add 10.0.0.1/24 dev tun0
check 2 show -j
check 0 delete tunset1 --if-exists
check 0 delete tun0
check 1 delete tun0
check 0 delete tun0 --if-exists

exit $failed
