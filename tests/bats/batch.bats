#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# tunctl -b FILE: one command per line, one process.

bats_require_minimum_version 1.5.0
load helpers

setup() { netns_setup; }
teardown() { netns_teardown; }

batch() { printf '%s\n' "$@" >"$BATS_TEST_TMPDIR/batch"; }
links() { ip -n "$NS" -j link show | jq -r '[.[].ifname | select(. != "lo")] | sort | join(" ")'; }

@test "a batch runs every line: comments, blank lines and quotes" {
	batch "# set up two devices" "" \
		"create tun%d --mtu 1400   # trailing comment" \
		"  addr add tun0 \"10.0.0.1/24\"" \
		"create tap0 --tap" \
		"addr add tap0 fd00::1/64" \
		"mtu tun0"
	run --separate-stderr tc -b "$BATS_TEST_TMPDIR/batch"
	assert_success
	[ -z "$stderr" ]
	assert_output "$(printf 'tun0\ntap0\n1400')"
	[ "$(links)" = "tap0 tun0" ]
	ip -n "$NS" -j addr show tun0 | jq -e '.[0].addr_info[] | select(.local=="10.0.0.1")'
	ip -n "$NS" -j addr show tap0 | jq -e '.[0].addr_info[] | select(.local=="fd00::1")'
}

@test "commands come from standard input with -b -" {
	run --separate-stderr tc -b - <<<"create tun5"
	assert_success
	assert_output tun5
}

@test "the first failing line stops the batch with its number, exit 1" {
	batch "create tun0" "addr add tun0 10.0.0.1/24" "addr add tun9 10.0.0.2/24" "create tun1"
	run --separate-stderr tc -b "$BATS_TEST_TMPDIR/batch"
	assert_failure 1
	assert_one_error_line
	assert_equal "$stderr" "tunctl: batch:3: addr add: tun9: No such device"
	[ "$(links)" = tun0 ]
}

@test "a usage error on a line stops the batch with exit 2" {
	batch "create tun0" "mtu tun0 0" "create tun1"
	run --separate-stderr tc -b "$BATS_TEST_TMPDIR/batch"
	assert_failure 2
	assert_one_error_line
	[[ "$stderr" == "tunctl: batch:2: mtu: 0: MTU must be 68-65535" ]]
	[ "$(links)" = tun0 ]
}

@test "--force runs every line and still fails" {
	batch "create tun0" "addr add tun9 10.0.0.2/24" "mtu tun0 0" "create tun1"
	run --separate-stderr tc --force -b "$BATS_TEST_TMPDIR/batch"
	assert_failure 1
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 2 ]
	[[ "$stderr" == *"batch:2: addr add: tun9"*"batch:3: mtu: 0:"* ]]
	[ "$(links)" = "tun0 tun1" ]
}

@test "a line that cannot be split, or names no command, runs nothing" {
	before=$(ns_state)
	batch "create tun0" "addr add tun0 \"10.0.0.1/24" "create tun1"
	run --separate-stderr tc -b "$BATS_TEST_TMPDIR/batch"
	assert_failure 2
	assert_one_error_line
	assert_equal "$stderr" "tunctl: batch:2: unterminated double quote"
	batch "create tun0" "" "frobnicate tun0"
	run --separate-stderr tc -b "$BATS_TEST_TMPDIR/batch"
	assert_failure 2
	assert_one_error_line
	[[ "$stderr" == "tunctl: batch:3: frobnicate: unknown command"* ]]
	assert_state_unchanged "$before"
}

@test "-b with a missing file, or with a command as well: clear errors" {
	run --separate-stderr tc -b /nonexistent/batch
	assert_failure 1
	assert_one_error_line
	[[ "$stderr" == *"/nonexistent/batch: No such file or directory" ]]
	run --separate-stderr tc -b /dev/null show
	assert_failure 2
	assert_one_error_line
}

@test "-j output of a batch is one valid JSON array" {
	batch "create tun0 --mtu 1400" "addr add tun0 10.0.0.1/24" "show tun0" \
		"addr show tun0" "mtu tun0" "route show tun0"
	run --separate-stderr tc -j -b "$BATS_TEST_TMPDIR/batch"
	assert_success
	[ "$(jq -r '.[0].ifname' <<<"$output")" = tun0 ]
	[ "$(jq -r '.[1][0].mtu' <<<"$output")" = 1400 ]
	[ "$(jq -r '.[2][0].local' <<<"$output")" = 10.0.0.1 ]
	[ "$(jq -r '.[3].mtu' <<<"$output")" = 1400 ]
	[ "$(jq -r '.[4] | type' <<<"$output")" = array ]
	[ "$(jq length <<<"$output")" = 5 ]
}

@test "consecutive deletes remove every device named" {
	for i in 0 1 2 3 4; do tc create "tun$i" >/dev/null; done
	tc create keep0 >/dev/null
	batch "delete tun0" "delete tun1" "delete tun2" "delete tun3" "delete tun4"
	run --separate-stderr tc -b "$BATS_TEST_TMPDIR/batch"
	assert_success
	[ -z "$output$stderr" ]
	[ "$(links)" = keep0 ]
	# Interface groups are left as they were.
	[ "$(ip -n "$NS" -j link show keep0 | jq -r '.[0].group')" = default ]
}

@test "a delete that fails in a run of deletes reads as if run line by line" {
	for i in 0 1 3 4; do tc create "tun$i" >/dev/null; done
	ip -n "$NS" link add veth0 type veth peer name veth1
	batch "delete tun0" "delete tun1" "delete tun2" "delete tun3"
	run --separate-stderr tc -b "$BATS_TEST_TMPDIR/batch"
	assert_failure 1
	assert_one_error_line
	assert_equal "$stderr" "tunctl: batch:3: delete: tun2: No such device"
	[ "$(links)" = "tun3 tun4 veth0 veth1" ]

	batch "delete tun3" "delete veth0" "delete tun4"
	run --separate-stderr tc --force -b "$BATS_TEST_TMPDIR/batch"
	assert_failure 1
	assert_one_error_line
	[[ "$stderr" == "tunctl: batch:2: delete: veth0: not a TUN/TAP device"* ]]
	[ "$(links)" = "veth0 veth1" ]
}

@test "the same device twice in a run of deletes: the second line fails" {
	tc create tun0 >/dev/null
	tc create tun1 >/dev/null
	batch "delete tun0" "delete tun1" "delete tun0"
	run --separate-stderr tc -b "$BATS_TEST_TMPDIR/batch"
	assert_failure 1
	assert_equal "$stderr" "tunctl: batch:3: delete: tun0: No such device"
	[ "$(links)" = "" ]
}

@test "grouped deletes never take a device that was already in the group tunctl picks" {
	for i in 0 1 2; do tc create "tun$i" >/dev/null; done
	# 0x74756e00 ("tun") is the first group tunctl tries.
	ip -n "$NS" link add veth0 group $((0x74756e00)) type veth peer name veth1
	tc create keep0 >/dev/null
	ip -n "$NS" link set keep0 group $((0x74756e01))
	batch "delete tun0" "delete tun1" "delete tun2"
	run --separate-stderr tc -b "$BATS_TEST_TMPDIR/batch"
	assert_success
	[ "$(links)" = "keep0 veth0 veth1" ]
}
