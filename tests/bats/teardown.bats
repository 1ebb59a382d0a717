#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Idempotent teardown: delete --if-exists, addr flush, route flush, with
# ip -j as the oracle.

bats_require_minimum_version 1.5.0
load helpers

setup() { netns_setup; }
teardown() { netns_teardown; }

@test "delete --if-exists: 0 when already gone, deletes when there; without it 1" {
	tc create tun0 >/dev/null
	run --separate-stderr tc delete tun0 --if-exists
	assert_success
	[ "$(ip -n "$NS" -j link show type tun | jq length)" -eq 0 ]
	run --separate-stderr tc delete tun0 --if-exists
	assert_success
	[ -z "$output$stderr" ]
	run --separate-stderr tc delete tun0
	assert_failure 1
	assert_one_error_line
}

@test "delete --if-exists: still 1 on a real failure, and 2 for a bad name" {
	ip -n "$NS" link add br0 type bridge
	run --separate-stderr tc delete br0 --if-exists
	assert_failure 1
	assert_one_error_line
	ip -n "$NS" -j link show br0 | jq -e 'length == 1'
	run --separate-stderr tc delete bad/name --if-exists
	assert_failure 2
}

addrs() { ip -n "$NS" -j addr show dev tun0 | jq -r '[.[0].addr_info[] | "\(.local)/\(.prefixlen)"] | sort | join(" ")'; }

@test "addr flush --inet, --inet6 and both remove exactly those addresses" {
	tc create tun0 --addr 10.0.0.1/24 --addr 10.0.0.2/24 --addr 10.1.0.1/16 \
		--addr fd00::1/64 --addr fd01::1/64 --up >/dev/null
	run --separate-stderr tc addr flush tun0 --inet
	assert_success
	assert_equal "$(addrs)" "fd00::1/64 fd01::1/64"
	tc addr add tun0 10.0.0.1/24
	run --separate-stderr tc addr flush tun0 --inet6
	assert_success
	assert_equal "$(addrs)" "10.0.0.1/24"
	tc addr add tun0 fd00::1/64
	run --separate-stderr tc addr flush tun0
	assert_success
	assert_equal "$(addrs)" ""
	run --separate-stderr tc addr flush tun0
	assert_success
	run --separate-stderr tc addr flush tun0 --inet --inet6
	assert_failure 2
	run --separate-stderr tc addr flush tun9
	assert_failure 1
}

@test "route flush removes every route added through the device, not the address routes" {
	tc create tun0 --addr 10.0.0.1/24 --addr fd00::1/64 --up --route 10.9.0.0/16 \
		--route fd01::/64 --route 10.8.0.0/16 --via 10.0.0.9 --metric 5 >/dev/null
	ip -n "$NS" route add 10.7.0.0/16 dev tun0 proto static
	ip -n "$NS" link add br0 type bridge
	ip -n "$NS" link set br0 up
	ip -n "$NS" addr add 10.5.0.1/24 dev br0
	ip -n "$NS" route add 10.6.0.0/16 dev br0
	run --separate-stderr tc route flush tun0
	assert_success
	[ -z "$output$stderr" ]
	assert_equal "$(ip -n "$NS" -j route show dev tun0 | jq -r '[.[] | "\(.dst) \(.protocol)"] | join(",")')" "10.0.0.0/24 kernel"
	assert_equal "$(ip -n "$NS" -6 -j route show dev tun0 | jq -r '[.[] | "\(.dst) \(.protocol)"] | join(",")')" "fd00::/64 kernel"
	# Another interface's route stays.
	ip -n "$NS" -j route show dev br0 | jq -e 'map(select(.dst=="10.6.0.0/16")) | length == 1'
	run --separate-stderr tc route flush br0
	assert_failure 1
	ip -n "$NS" -j route show dev br0 | jq -e 'map(select(.dst=="10.6.0.0/16")) | length == 1'
}
