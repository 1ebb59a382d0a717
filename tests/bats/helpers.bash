# SPDX-License-Identifier: MIT
# Shared by the integration tests: each test makes its own network
# namespace, runs build/tunctl in it, and checks the kernel with iproute2.

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

TUNCTL=$(realpath "${TUNCTL:-$BATS_TEST_DIRNAME/../../build/tunctl}")

require_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root for network namespaces"
}

# A namespace of our own, removed by netns_teardown; devices inside it
# vanish with it.
netns_setup() {
	require_root
	NS="tunctl-test-$$-${BATS_TEST_NUMBER}"
	ip netns add "$NS"
	ip -n "$NS" link set lo up
}

netns_teardown() {
	if [ -n "${NS:-}" ]; then
		ip netns pids "$NS" 2>/dev/null | xargs -r kill 2>/dev/null || true
		ip netns del "$NS" 2>/dev/null || true
	fi
}

# tunctl inside the test's namespace.
tc() {
	"$TUNCTL" -n "$NS" "$@"
}

# Everything a command could have changed in the namespace, for
# "bad input changes nothing". Carrier state is left out: the kernel's link
# watch flips it on its own a moment after a device without a reader goes up.
ns_state() {
	local carrier='(.flags // []) -= ["NO-CARRIER", "LOWER_UP", "linkdown"]'
	ip -n "$NS" -d -j link show | jq -c "map(del(.operstate) | $carrier)"
	ip -n "$NS" -j addr show | jq -c "map(del(.operstate) | $carrier)"
	ip -n "$NS" -j route show table all | jq -c "map($carrier)"
	ip -n "$NS" -6 -j route show table all | jq -c "map($carrier)"
}

# Fails unless stderr holds exactly one line starting with "tunctl: ".
assert_one_error_line() {
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ] ||
		fail "expected one line on stderr, got: $stderr"
	[[ "$stderr" == "tunctl: "* ]] ||
		fail "stderr does not start with 'tunctl: ': $stderr"
}

# Compares ns_state with an earlier snapshot, showing what changed.
assert_state_unchanged() {
	local now
	now=$(ns_state)
	[ "$now" = "$1" ] && return 0
	diff <(tr ',' '\n' <<<"$1") <(tr ',' '\n' <<<"$now") >&2 || true
	fail "the namespace changed"
}
