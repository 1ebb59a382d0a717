#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# set: change a device in place, each only where the system allows it;
# ip -d -j link is the oracle.

bats_require_minimum_version 1.5.0
load datapath

setup() { dp_setup; }
teardown() {
	[ -z "${NS2:-}" ] || ip netns del "$NS2" 2>/dev/null || true
	netns_teardown
}

link() { ip -n "$NS" -d -j link show dev "$1" | jq -c ".[0] | $2"; }

@test "set --name renames a device that is down, refuses one that is up, changing nothing" {
	tc create tun0 --up >/dev/null
	before=$(ns_state)
	run --separate-stderr tc set tun0 --name tunx
	assert_failure 1
	assert_one_error_line
	[[ "$stderr" == *"tun0 is up: renaming needs it down (tunctl down tun0)"* ]] || fail "$stderr"
	assert_state_unchanged "$before"
	tc down tun0
	run --separate-stderr tc set tun0 --name tunx --txqueuelen 77
	assert_success
	[ -z "$output$stderr" ]
	assert_equal "$(ip -n "$NS" -j link show type tun | jq -r '.[].ifname')" tunx
	assert_equal "$(link tunx .txqlen)" 77
}

@test "set --mac on a TAP device; a TUN device has none (exit 2)" {
	tc create tap0 --tap >/dev/null
	tc create tun0 >/dev/null
	tc set tap0 --mac 02:12:34:56:78:9a
	assert_equal "$(link tap0 .address)" '"02:12:34:56:78:9a"'
	before=$(ns_state)
	run --separate-stderr tc set tun0 --mac 02:12:34:56:78:9a
	assert_failure 2
	run --separate-stderr tc set tap0 --mac 03:12:34:56:78:9a
	assert_failure 2
	run --separate-stderr tc set tap0 --mac 02:12:34:56:78
	assert_failure 2
	assert_state_unchanged "$before"
}

@test "set --owner and --group on a persistent device nobody holds; a held one names its holder" {
	tc create tun0 >/dev/null
	tc set tun0 --owner 4242 --group 4343
	assert_equal "$(link tun0 '[.linkinfo.info_data.user, .linkinfo.info_data.group]')" '[4242,4343]'
	start echo "$TUNCTL" -n "$NS" echo tun0
	wait_line "$OUT/echo.err" "answering on tun0"
	pid=$(cat "$OUT/echo.pid")
	run --separate-stderr tc set tun0 --owner 0
	assert_failure 1
	[[ "$stderr" == *"tun0 is held by pid $pid (tunctl)"* ]] || fail "$stderr"
	assert_equal "$(link tun0 .linkinfo.info_data.user)" 4242
	finish echo INT
	# A multi-queue device lets a second reader in: still refused while held.
	tc create tun1 --multi-queue >/dev/null
	start echo1 "$TUNCTL" -n "$NS" echo tun1
	wait_line "$OUT/echo1.err" "answering on tun1"
	run --separate-stderr tc set tun1 --group 4343
	assert_failure 1
	[[ "$stderr" == *"tun1 is held by pid $(cat "$OUT/echo1.pid") (tunctl)"* ]] || fail "$stderr"
	link tun1 '.linkinfo.info_data | has("group") | not' | grep -qx true
	finish echo1 INT
}

@test "set --netns moves the device into another namespace" {
	NS2="$NS-to"
	ip netns add "$NS2"
	tc create tun0 >/dev/null
	tc set tun0 --netns "$NS2"
	assert_equal "$(ip -n "$NS" -j link show type tun | jq length)" 0
	assert_equal "$(ip -n "$NS2" -j link show type tun | jq -r '.[].ifname')" tun0
	run --separate-stderr tc set tun0 --netns "$NS2"
	assert_failure 1
}

@test "set: bad input is exit 2 and changes nothing" {
	tc create tun0 >/dev/null
	before=$(ns_state)
	assert_bad_inputs set <<'EOF2'
tun0|missing what to change
tun0 --name bad/name|bad/name
tun0 --owner no-such-user-x|no such user
tun0 --group no-such-group-x|no such group
tun0 --txqueuelen x|must be a number
tun0 --mac zz:00:00:00:00:00|not a MAC address
tun0 tun1 --name x|unexpected argument
EOF2
	assert_state_unchanged "$before"
}
