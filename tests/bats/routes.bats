#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Default routes, other tables and source addresses: added, listed and
# deleted the same way, with ip -j route as the oracle.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	netns_setup
	tc create tun0 --addr 10.0.0.1/24 --addr fd00::1/64 --up >/dev/null
}
teardown() { netns_teardown; }

# iproutes [-6] [table N]: what ip lists that tunctl (or ip) added.
iproutes() {
	local fam=()
	[ "${1:-}" != -6 ] || { fam=(-6); shift; }
	ip -n "$NS" "${fam[@]}" -j route show dev tun0 "$@" |
		jq -c '[.[] | select(.protocol == "boot" or .protocol == null) | {dst, gateway, metric, table, prefsrc}]'
}

@test "route add NAME default and ::/0; show prints default; del removes them" {
	run --separate-stderr tc route add tun0 default
	assert_success
	tc route add tun0 ::/0 --metric 5
	assert_equal "$(iproutes)" '[{"dst":"default","gateway":null,"metric":null,"table":null,"prefsrc":null}]'
	assert_equal "$(iproutes -6)" '[{"dst":"default","gateway":null,"metric":5,"table":null,"prefsrc":null}]'
	run tc route show tun0
	assert_line "default dev tun0 proto boot"
	assert_line "default dev tun0 metric 5 proto boot"
	assert_equal "$(tc -j route show tun0 | jq -c '[.[] | select(.dst == "default") | .family]')" '["inet","inet6"]'
	tc route del tun0 default
	tc route del tun0 ::/0
	assert_equal "$(iproutes)$(iproutes -6)" '[][]'
	run --separate-stderr tc route del tun0 default
	assert_failure 1
}

@test "route --table N and --src ADDR: added, listed with --table, deleted, flushed" {
	tc route add tun0 10.5.0.0/16 --table 100 --src 10.0.0.1
	tc route add tun0 default --via 10.0.0.2 --table 1000
	tc route add tun0 10.6.0.0/16
	assert_equal "$(iproutes table 100)" '[{"dst":"10.5.0.0/16","gateway":null,"metric":null,"table":null,"prefsrc":"10.0.0.1"}]'
	assert_equal "$(iproutes table 1000)" '[{"dst":"default","gateway":"10.0.0.2","metric":null,"table":null,"prefsrc":null}]'
	# The main table by default, another with --table.
	run tc route show tun0
	refute_line --partial 10.5.0.0
	assert_line "10.6.0.0/16 dev tun0 proto boot"
	run tc route show tun0 --table 100
	assert_output "10.5.0.0/16 dev tun0 table 100 src 10.0.0.1 proto boot"
	assert_equal "$(tc -j route show tun0 --table 1000 | jq -c '.[0] | [.dst, .gateway, .table]')" '["default","10.0.0.2",1000]'
	run --separate-stderr tc route add tun0 10.5.0.0/16 --table 100 --src 10.0.0.1 --exist-ok
	assert_success
	tc route del tun0 default --table 1000
	assert_equal "$(iproutes table 1000)" '[]'
	tc route flush tun0 --table 100
	assert_equal "$(iproutes table 100)" '[]'
	assert_equal "$(iproutes | jq -c 'map(.dst)')" '["10.6.0.0/16"]'
}

@test "route: bad --table and --src are exit 2" {
	before=$(ns_state)
	for args in "10.5.0.0/16 --table 0" "10.5.0.0/16 --table x" "10.5.0.0/16 --src fd00::1" \
		"10.5.0.0/16 --src nope" "defaults"; do
		# shellcheck disable=SC2086
		run --separate-stderr tc route add tun0 $args
		[ "$status" -eq 2 ] || fail "route add tun0 $args: $status $stderr"
	done
	assert_state_unchanged "$before"
}
