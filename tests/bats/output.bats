#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Output that cannot be written is an error: exit 1 and one line naming
# standard output, for every command that prints. /dev/full is only ever
# written to (a full disk), never replaced or removed.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	netns_setup
	tc create tun0 --mtu 1400 --addr 10.0.0.1/24 --addr fd00::1/64 --up \
		--route 10.1.0.0/16 >/dev/null
}
teardown() { netns_teardown; }

# tunctl -n NS ARGS... with standard output on /dev/full.
tc_full() {
	run --separate-stderr bash -c '"$@" >/dev/full' _ "$TUNCTL" -n "$NS" "$@"
}

# Each line: the arguments, a tab, the command named in the message.
PRINTING='
show	show
show tun0	show
show --names	show
list	list
-j show	show
-j show tun0	show
addr show	addr show
addr show tun0	addr show
-j addr show	addr show
route show	route show
route show tun0	route show
-j route show	route show
mtu tun0	mtu
-j mtu tun0	mtu
help	help
help create	help
help addr add	addr add
create --help	create
addr add --help	addr add
addr --help	addr
--help	
-V	
'

@test "every printing command: exit 1 and one line when standard output is full" {
	before=$(ns_state)
	n=0
	while IFS=$'\t' read -r args cmd; do
		[ -n "$args" ] || continue
		# shellcheck disable=SC2086
		tc_full $args
		[ "$status" -eq 1 ] || fail "'$args' >/dev/full: exit $status"
		assert_equal "$stderr" "tunctl: ${cmd:+$cmd: }standard output: No space left on device"
		n=$((n + 1))
	done <<<"$PRINTING"
	echo "# $n printing commands checked" >&3
	assert_state_unchanged "$before"
}

@test "commands that print nothing do not fail on a full standard output" {
	for args in "addr add tun0 10.0.2.1/24" "route add tun0 10.2.0.0/16" \
		"mtu tun0 1300" "down tun0" "up tun0" "delete tun0"; do
		# shellcheck disable=SC2086
		tc_full $args
		assert_success
		[ -z "$stderr" ]
	done
}

@test "create whose name cannot be printed removes its device, exit 1" {
	before=$(ns_state)
	tc_full create tun1 --mtu 1300 --addr 10.0.5.1/24 --up --route 10.5.0.0/16
	assert_failure 1
	assert_equal "$stderr" "tunctl: create: standard output: No space left on device; tun1 is removed again"
	assert_state_unchanged "$before"
	tc_full -j create tun%d --tap
	assert_failure 1
	assert_equal "$stderr" "tunctl: create: standard output: No space left on device; tun1 is removed again"
	assert_state_unchanged "$before"
}

@test "create --name-file that cannot be written removes its device, exit 1" {
	before=$(ns_state)
	run --separate-stderr tc create tun1 --addr 10.0.5.1/24 --up --name-file /dev/full
	assert_failure 1
	assert_equal "$stderr" "tunctl: create: /dev/full: cannot write the device's name: No space left on device"
	[ -z "$output" ]
	assert_state_unchanged "$before"
	[ -c /dev/full ]
}

@test "create --exist-ok that cannot print the name: exit 1, the device it found stays" {
	before=$(ns_state)
	tc_full create tun0 --exist-ok --mtu 1400
	assert_failure 1
	assert_equal "$stderr" "tunctl: create: standard output: No space left on device"
	assert_state_unchanged "$before"
}

@test "a batch stops at the line whose output cannot be written; its create is undone" {
	batch=$BATS_TEST_TMPDIR/batch
	printf '%s\n' "addr add tun0 10.0.3.1/24" "create tun1 --addr 10.0.4.1/24 --up" \
		"create tun2" >"$batch"
	tc_full -b "$batch"
	assert_failure 1
	assert_equal "$stderr" "tunctl: batch:2: create: standard output: No space left on device; tun1 is removed again"
	# Line 1 printed nothing and stays done; lines 2 and 3 left nothing.
	[ "$(ip -n "$NS" -j addr show tun0 | jq '[.[0].addr_info[] | select(.local=="10.0.3.1")] | length')" = 1 ]
	run ip -n "$NS" link show tun1
	assert_failure
	run ip -n "$NS" link show tun2
	assert_failure

	printf '%s\n' "show" "addr show" >"$batch"
	for j in "" -j; do
		# shellcheck disable=SC2086
		tc_full $j -b "$batch"
		assert_failure 1
		assert_equal "$stderr" "tunctl: batch:1: show: standard output: No space left on device"
	done
}

@test "/dev/full is still the full device" {
	[ -c /dev/full ]
	run bash -c 'echo x >/dev/full'
	assert_failure
}

@test "a closed standard output is an error, and no socket or device takes its place" {
	# (run's own redirection would not reach the command: a shell closes it)
	run --separate-stderr sh -c '"$@" 1>&-' sh "$TUNCTL" -n "$NS" create cl0 --addr 10.0.0.1/24 --up
	assert_failure 1
	assert_one_error_line
	[[ "$stderr" == "tunctl: create: standard output: Bad file descriptor"* ]]
	run ip -n "$NS" -j link show cl0
	assert_failure
	run --separate-stderr sh -c '"$@" 1>&-' sh "$TUNCTL" -V
	assert_failure 1
	assert_equal "$stderr" "tunctl: standard output: Bad file descriptor"
	# A command that prints nothing needs no standard output.
	tc create cl1 >/dev/null
	run sh -c '"$@" 1>&-' sh "$TUNCTL" -n "$NS" up cl1
	assert_success
}
