# SPDX-License-Identifier: MIT
# Shared by echo.bats and capture.bats: background tunctl processes that
# are waited for with a deadline, never forever, and real peers (ping,
# socat, python3) inside the test's own namespace.

load helpers

# The data-path tests' own namespace (dp-...), removed by netns_teardown,
# which also ends every process still running in it.
dp_setup() {
	require_root
	NS="dp-$$-${BATS_TEST_NUMBER}"
	ip netns add "$NS"
	ip -n "$NS" link set lo up
	OUT="$BATS_TEST_TMPDIR"
}

# In the namespace: a peer program.
nsx() {
	ip netns exec "$NS" "$@"
}

# start NAME CMD...: run CMD in the background with stdout and stderr in
# $OUT/NAME.out and $OUT/NAME.err; its pid in $OUT/NAME.pid and $PID.
start() {
	local name=$1
	shift
	"$@" >"$OUT/$name.out" 2>"$OUT/$name.err" 3>&- &
	PID=$!
	echo "$PID" >"$OUT/$name.pid"
}

# wait_line FILE REGEX [SECONDS]: until a line of FILE matches.
wait_line() {
	local file=$1 re=$2 limit=${3:-5} i=0
	while ! grep -Eq -- "$re" "$file" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -le $((limit * 20)) ] ||
			fail "no line matching '$re' in $file after ${limit}s: $(cat "$file")"
		sleep 0.05
	done
}

# finish NAME [SIGNAL]: send SIGNAL (none: just wait) to NAME and wait for
# it, at most 10 s; its exit status in $STATUS.
finish() {
	local name=$1 sig=${2:-} pid
	pid=$(cat "$OUT/$name.pid")
	[ -z "$sig" ] || kill -s "$sig" "$pid" 2>/dev/null || true
	timeout 10 tail --pid="$pid" -f /dev/null ||
		fail "$name (pid $pid) did not end: $(cat "$OUT/$name.err")"
	STATUS=0
	wait "$pid" || STATUS=$?
}

# ping_ok ARGS...: ping from the namespace with a deadline; 0% loss.
ping_ok() {
	run timeout 30 ip netns exec "$NS" ping -q -W 2 "$@"
	assert_success
	assert_output --partial " 0% packet loss"
}

# The effective capabilities of a running process, in hex.
cap_eff() {
	awk '/^CapEff:/ { print $2 }' "/proc/$1/status"
}

# assert_bad_inputs COMMAND <<EOF ... one "ARGS|WANT" a line: each
# `tunctl COMMAND ARGS` (no TUNCTL_FD inherited) exits 2 with one line on
# stderr that contains WANT.
assert_bad_inputs() {
	local cmd=$1 args want
	while IFS='|' read -r args want; do
		[ -n "$want" ] || continue
		# shellcheck disable=SC2086
		run --separate-stderr env -u TUNCTL_FD "$TUNCTL" -n "$NS" "$cmd" $args
		[ "$status" -eq 2 ] || fail "$cmd $args: status $status: $stderr"
		assert_one_error_line
		[[ "$stderr" == *"$want"* ]] || fail "$cmd $args: '$stderr' lacks '$want'"
	done
}
