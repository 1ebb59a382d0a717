#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# ip-style words get a hint instead of "unexpected argument"; each is bad
# input (exit 2, one line, nothing changed).

bats_require_minimum_version 1.5.0
load helpers

setup() {
	netns_setup
	tc create tun0 >/dev/null
}
teardown() { netns_teardown; }

# hint ARGS... -- WANT: tunctl ARGS exits 2 with one line containing WANT.
hint() {
	local args=() want
	while [ "$1" != -- ]; do args+=("$1"); shift; done
	want=$2
	run --separate-stderr tc "${args[@]}"
	[ "$status" -eq 2 ] || fail "${args[*]}: status $status: $stderr"
	assert_one_error_line
	[[ "$stderr" == *"$want"* ]] || fail "${args[*]}: '$stderr' lacks '$want'"
}

@test "ip's words and order get hints, and change nothing" {
	before=$(ns_state)
	hint addr add 10.0.0.5/24 dev tun0 -- "addr add: dev: not needed: the device comes first (usage: tunctl addr add NAME PREFIX"
	hint addr add 10.0.0.5/24 tun0 -- "addr add: 10.0.0.5/24: the device comes first: tun0 10.0.0.5/24"
	hint addr del 10.0.0.5/24 tun0 -- "the device comes first: tun0 10.0.0.5/24"
	hint route add tun0 10.1.0.0/16 via 10.0.0.2 -- "route add: via: write --via GATEWAY, as an option"
	hint route add tun0 10.1.0.0/16 metric 5 -- "metric: write --metric N, as an option"
	hint route add 10.1.0.0/16 dev tun0 -- "dev: not needed: the device comes first"
	hint route add default tun0 -- "default: the device comes first: tun0 default"
	hint addr add tun0 10.0.0.1/32 peer 10.0.0.2 -- "addr add: peer: write --peer ADDR, as an option"
	hint show -j -- "show: -j: a global option: it goes before the command (tunctl -j show ...)"
	hint addr show tun0 --json -- "--json: a global option: it goes before the command (tunctl --json addr show ...)"
	hint show -n other -- "(tunctl -n NETNS show ...)"
	hint show -x -- "show: -x: unknown option"
	hint delete tun0 tun1 -- "tun1: unexpected argument"
	assert_state_unchanged "$before"
}
