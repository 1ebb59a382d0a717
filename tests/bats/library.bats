#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# libtunctl calls that only a program can make, through
# tests/tools/dev_info.c, checked against ip -j.

bats_require_minimum_version 1.5.0
load datapath

setup() {
	dp_setup
	TOOL=$(dirname "$TUNCTL")/tests/dev_info
	[ -x "$TOOL" ] || fail "$TOOL is missing: make test-tools"
}

teardown() {
	exec 4>&- 2>/dev/null || true
	netns_teardown
}

@test "tun_dev_ifindex and tun_dev_mtu follow the open device through a rename, not its old name" {
	mkfifo "$OUT/in"
	nsx "$TOOL" lib0 <"$OUT/in" >"$OUT/info.out" 2>"$OUT/info.err" 3>&- &
	echo $! >"$OUT/info.pid"
	exec 4>"$OUT/in"
	wait_line "$OUT/info.err" ready
	index=$(ip -n "$NS" -j link show lib0 | jq '.[0].ifindex')
	echo >&4
	wait_line "$OUT/info.out" "^index $index mtu 1500$"
	# Renamed, and another device takes the old name: asking by the old
	# name would answer for that one.
	ip -n "$NS" link set lib0 mtu 1400
	ip -n "$NS" link set lib0 name lib9
	tc create lib0 --mtu 9000 >/dev/null
	echo >&4
	wait_line "$OUT/info.out" "^index $index mtu 1400$"
	run grep -c . "$OUT/info.out"
	assert_output 2
	exec 4>&-
	finish info
	[ "$STATUS" -eq 0 ] || fail "dev_info: $(cat "$OUT/info.err")"
}
