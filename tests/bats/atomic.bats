#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# create is atomic: a signal or kill -9 at any moment, concurrent creates of
# the same name, a device that vanishes under a create. Counts go to the
# TAP output; the kernel's state is read with ip -j.

bats_require_minimum_version 1.5.0
load helpers

setup() { netns_setup; }
teardown() { netns_teardown; }

storm() { # SIGNAL RUNS [--batch LINES]
	run python3 "$BATS_TEST_DIRNAME/signal_storm.py" "$TUNCTL" "$NS" "$@"
	echo "# $output" >&3
	assert_success
}

@test "SIGINT, SIGTERM or SIGHUP at any moment of a create leaves no device" {
	for sig in INT TERM HUP; do
		storm "$sig" 30
	done
}

@test "kill -9 at any moment of a create leaves no device it did not print" {
	storm KILL 30
}

@test "a signal or kill -9 in a batch of creates leaves only the lines it finished" {
	for sig in INT TERM HUP KILL; do
		storm "$sig" 10 --batch 20
	done
}

# ---- ten creates --exist-ok of one name at once ------------------------------

SAME=(--exist-ok --mtu 1400 --addr 10.0.0.1/24 --addr fd00::1/64 --up
	--route 10.1.0.0/16 --route fd01::/64)

# The device and exactly what the creates asked for, once each.
assert_configured() {
	local link addrs
	link=$(ip -n "$NS" -j link show rc0) || fail "rc0 is gone"
	[ "$(jq -r '.[0].mtu' <<<"$link")" = 1400 ] || fail "mtu: $link"
	jq -e '.[0].flags | index("UP")' <<<"$link" >/dev/null || fail "not up: $link"
	addrs=$(ip -n "$NS" -j addr show rc0 |
		jq -c '[.[0].addr_info[] | select(.scope=="global") | "\(.local)/\(.prefixlen)"] | sort')
	assert_equal "$addrs" '["10.0.0.1/24","fd00::1/64"]'
	[ "$(ip -n "$NS" -j route show 10.1.0.0/16 | jq -r '.[0].dev')" = rc0 ] ||
		fail "no route 10.1.0.0/16"
	[ "$(ip -n "$NS" -6 -j route show fd01::/64 | jq -r '.[0].dev')" = rc0 ] ||
		fail "no route fd01::/64"
}

@test "ten concurrent create --exist-ok of one name all succeed, and the device is configured" {
	fifo=$BATS_TEST_TMPDIR/start
	mkfifo "$fifo"
	for round in $(seq 12); do
		pids=()
		for i in $(seq 10); do
			# Each waits at the FIFO, so that all ten start at once.
			sh -c 'cat "$0" >/dev/null; exec "$@"' "$fifo" \
				"$TUNCTL" -n "$NS" create rc0 "${SAME[@]}" \
				>"$BATS_TEST_TMPDIR/out.$i" 2>"$BATS_TEST_TMPDIR/err.$i" &
			pids+=($!)
		done
		sleep 0.2
		: >"$fifo"
		failed=0
		for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
		echo "# round $round: $failed of 10 creates failed" >&3
		if [ "$failed" -ne 0 ]; then
			cat "$BATS_TEST_TMPDIR"/err.* >&2
			fail "round $round: $failed creates failed"
		fi
		for i in $(seq 10); do
			assert_equal "$(cat "$BATS_TEST_TMPDIR/out.$i")" rc0
		done
		assert_configured
		ip -n "$NS" link del rc0
	done
}

@test "create -- COMMAND lets go of the name before COMMAND runs" {
	# Only configuring takes the name's lock: --exist-ok does not wait for
	# the command.
	tc create rc0 --mtu 1300 -- sleep 30 &
	for _ in $(seq 100); do ip -n "$NS" link show rc0 >/dev/null 2>&1 && break; sleep 0.1; done
	run --separate-stderr timeout 20 "$TUNCTL" -n "$NS" create rc0 --exist-ok --mtu 1300
	assert_success
	assert_output rc0
	ip netns pids "$NS" | xargs -r kill 2>/dev/null || true
	wait
}

# ---- --exist-ok: another IPv4 prefix or peer is a conflict -------------------

@test "create --exist-ok with another IPv4 prefix length or peer: exit 1, nothing added" {
	tc create rc0 --addr 10.0.0.1/24 --addr 10.0.1.1/32 --peer 10.0.1.2 >/dev/null
	before=$(ns_state)
	run --separate-stderr tc create rc0 --exist-ok --addr 10.0.0.1/16
	assert_failure 1
	assert_equal "$stderr" "tunctl: create: 10.0.0.1/16: already exists on rc0 as 10.0.0.1/24"
	run --separate-stderr tc create rc0 --exist-ok --addr 10.0.1.1/32 --peer 10.0.1.3
	assert_failure 1
	assert_equal "$stderr" "tunctl: create: 10.0.1.1/32: already exists on rc0 as 10.0.1.1/32 peer 10.0.1.2"
	run --separate-stderr tc create rc0 --exist-ok --addr 10.0.1.1/32
	assert_failure 1
	assert_one_error_line
	assert_state_unchanged "$before"
	# The very same addresses are still fine.
	run tc create rc0 --exist-ok --addr 10.0.0.1/24 --addr 10.0.1.1/32 --peer 10.0.1.2
	assert_success
	assert_state_unchanged "$before"
}

# ---- a device taken away under a create --------------------------------------

@test "a device deleted under a create: exit 1, one true line, nothing claimed left behind" {
	fifo=$BATS_TEST_TMPDIR/name
	mkfifo "$fifo"
	# The create waits at --name-file, its last step, until the FIFO is
	# opened; the device is deleted meanwhile. The write then fails
	# (EPIPE, SIGPIPE ignored) or not, depending on who is first; either
	# way the create fails and says only what is true.
	(
		trap '' PIPE
		exec "$TUNCTL" -n "$NS" create rc0 --addr 10.0.0.1/24 --up \
			--name-file "$fifo" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err"
	) &
	creator=$!
	for _ in $(seq 100); do ip -n "$NS" link show rc0 >/dev/null 2>&1 && break; sleep 0.1; done
	ip -n "$NS" link del rc0
	exec 4<"$fifo"
	exec 4<&-
	status=0
	wait "$creator" || status=$?
	stderr=$(cat "$BATS_TEST_TMPDIR/err")
	[ "$status" -eq 1 ] || fail "exit $status: $stderr"
	assert_one_error_line
	case $stderr in
	"tunctl: create: $fifo: cannot write the device's name: Broken pipe") ;;
	"tunctl: create: rc0: rc0 was deleted meanwhile (No such device)") ;;
	*) fail "unexpected: $stderr" ;;
	esac
	run ip -n "$NS" link show rc0
	assert_failure
}
