#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# addr, route, mtu, up, down and show on a device made by the test, with
# ip -j as the oracle.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	netns_setup
	tc create tun0 >/dev/null
}
teardown() { netns_teardown; }

ip_addrs() { ip -n "$NS" -j addr show dev "${1:-tun0}"; }

@test "addr add: several IPv4 and IPv6 addresses, one with a peer" {
	run --separate-stderr tc addr add tun0 10.0.0.1/24
	assert_success
	[ -z "$output$stderr" ]
	tc addr add tun0 10.0.1.1/16
	tc addr add tun0 fd00::1/64
	tc addr add tun0 fd00:1::1/48
	tc addr add tun0 192.168.7.1/32 --peer 192.168.7.2
	a=$(ip_addrs)
	for want in 10.0.0.1/24 10.0.1.1/16 fd00::1/64 fd00:1::1/48; do
		jq -e --arg l "${want%/*}" --argjson p "${want#*/}" \
			'.[0].addr_info[] | select(.local==$l and .prefixlen==$p)' <<<"$a"
	done
	jq -e '.[0].addr_info[] | select(.local=="192.168.7.1" and .address=="192.168.7.2")' <<<"$a"
}

@test "addr show and -j addr show list what ip -j lists" {
	tc addr add tun0 10.0.0.1/24
	tc addr add tun0 fd00::1/64 --peer fd00::2
	run --separate-stderr tc addr show tun0
	assert_success
	assert_line "tun0 inet 10.0.0.1/24"
	assert_line "tun0 inet6 fd00::1/64 peer fd00::2"
	ours=$(tc -j addr show tun0 | jq -c '[.[] | {family, local, prefixlen, address}] | sort_by(.local)')
	theirs=$(ip_addrs | jq -c '[.[0].addr_info[] | {family, local, prefixlen, address}] | sort_by(.local)')
	[ "$ours" = "$theirs" ]
}

@test "addr show with no name covers every TUN/TAP device and nothing else" {
	tc create tap1 --tap >/dev/null
	tc addr add tun0 10.0.0.1/24
	tc addr add tap1 10.0.2.1/24
	ip -n "$NS" addr add 10.0.9.1/24 dev lo
	out=$(tc -j addr show)
	[ "$(jq -r '.[] | select(.local=="10.0.0.1") | .ifname' <<<"$out")" = tun0 ]
	[ "$(jq -r '.[] | select(.local=="10.0.2.1") | .ifname' <<<"$out")" = tap1 ]
	[ -z "$(jq -r '.[] | select(.ifname=="lo")' <<<"$out")" ]
}

@test "addr del removes exactly the address named" {
	tc addr add tun0 10.0.0.1/24
	tc addr add tun0 10.3.0.5/24
	tc addr add tun0 fd00::1/64
	tc addr add tun0 192.168.7.1/32 --peer 192.168.7.2
	run --separate-stderr tc addr del tun0 10.0.0.1/24
	assert_success
	tc addr del tun0 fd00::1/64
	tc addr del tun0 192.168.7.1/32
	a=$(ip_addrs)
	[ "$(jq '[.[0].addr_info[] | select(.local=="10.0.0.1" or .local=="fd00::1" or .local=="192.168.7.1")] | length' <<<"$a")" = 0 ]
	jq -e '.[0].addr_info[] | select(.local=="10.3.0.5")' <<<"$a"
}

@test "addr del of an absent address or a wrong length: exit 1, nothing changed" {
	tc addr add tun0 10.0.0.1/24
	before=$(ns_state)
	run --separate-stderr tc addr del tun0 10.0.0.1/16
	assert_failure 1
	assert_one_error_line
	[[ "$stderr" == *"tun0 has 10.0.0.1/24"* ]]
	run --separate-stderr tc addr del tun0 10.9.9.9/24
	assert_failure 1
	assert_one_error_line
	assert_state_unchanged "$before"
}

@test "addr add of an address already there: exit 1" {
	tc addr add tun0 10.0.0.1/24
	before=$(ns_state)
	run --separate-stderr tc addr add tun0 10.0.0.1/24
	assert_failure 1
	assert_one_error_line
	[[ "$stderr" == *"exists"* ]]
	assert_state_unchanged "$before"
}

@test "route add and del, IPv4 and IPv6, interface and gateway routes" {
	tc addr add tun0 10.0.0.1/24
	tc addr add tun0 fd00::1/64
	tc up tun0
	run --separate-stderr tc route add tun0 10.1.0.0/16
	assert_success
	[ -z "$output$stderr" ]
	tc route add tun0 10.2.0.0/16 --via 10.0.0.2 --metric 20
	tc route add tun0 fd01::/64
	tc route add tun0 fd02::/64 --via fd00::2 --metric 30
	tc route add tun0 0.0.0.0/0 --via 10.0.0.2 --metric 999
	[ "$(ip -n "$NS" -j route show 10.1.0.0/16 | jq -r '.[0].dev')" = tun0 ]
	r=$(ip -n "$NS" -j route show 10.2.0.0/16)
	[ "$(jq -r '.[0].gateway' <<<"$r")" = 10.0.0.2 ]
	[ "$(jq -r '.[0].metric' <<<"$r")" = 20 ]
	[ "$(ip -n "$NS" -6 -j route show fd01::/64 | jq -r '.[0].dev')" = tun0 ]
	r=$(ip -n "$NS" -6 -j route show fd02::/64)
	[ "$(jq -r '.[0].gateway' <<<"$r")" = fd00::2 ]
	[ "$(jq -r '.[0].metric' <<<"$r")" = 30 ]
	[ "$(ip -n "$NS" -j route show default | jq -r '.[0].metric')" = 999 ]

	tc route del tun0 10.1.0.0/16
	tc route del tun0 10.2.0.0/16 --via 10.0.0.2
	tc route del tun0 fd02::/64 --metric 30
	tc route del tun0 0.0.0.0/0
	[ "$(ip -n "$NS" -j route show 10.1.0.0/16)" = "[]" ]
	[ "$(ip -n "$NS" -j route show 10.2.0.0/16)" = "[]" ]
	[ "$(ip -n "$NS" -6 -j route show fd02::/64)" = "[]" ]
	[ "$(ip -n "$NS" -j route show default)" = "[]" ]
	[ "$(ip -n "$NS" -6 -j route show fd01::/64 | jq length)" = 1 ]
}

@test "route show matches ip -j route show dev" {
	tc addr add tun0 10.0.0.1/24
	tc up tun0
	tc route add tun0 10.1.0.0/16 --via 10.0.0.2 --metric 5
	tc route add tun0 fd01::/64
	run --separate-stderr tc route show tun0
	assert_success
	assert_line "10.1.0.0/16 dev tun0 via 10.0.0.2 metric 5 proto boot"
	assert_line --regexp "^fd01::/64 dev tun0 metric 1024 proto boot$"
	ours=$(tc -j route show tun0 | jq -c '[.[] | select(.family=="inet") | {dst, gateway, metric}] | sort_by(.dst)')
	theirs=$(ip -n "$NS" -j route show dev tun0 | jq -c '[.[] | {dst: (if (.dst|contains("/")) then .dst else .dst + "/32" end), gateway, metric}] | sort_by(.dst)')
	[ "$ours" = "$theirs" ]
}

@test "route add of a present route and route del of an absent one: exit 1" {
	tc addr add tun0 10.0.0.1/24
	tc up tun0
	tc route add tun0 10.1.0.0/16
	before=$(ns_state)
	run --separate-stderr tc route add tun0 10.1.0.0/16
	assert_failure 1
	assert_one_error_line
	run --separate-stderr tc route del tun0 10.7.0.0/16
	assert_failure 1
	assert_one_error_line
	[[ "$stderr" == *"no such route"* ]]
	assert_state_unchanged "$before"
}

@test "route through a device that is down: says so and what to do, exit 1" {
	run --separate-stderr tc route add tun0 10.1.0.0/16
	assert_failure 1
	assert_one_error_line
	# Named, with what to do about it.
	assert_equal "$stderr" "tunctl: route add: 10.1.0.0/16: tun0 is down: bring it up first (tunctl up tun0)"
}

@test "mtu prints the number alone, sets it, and -j gives an object" {
	run --separate-stderr tc mtu tun0
	assert_success
	assert_output 1500
	tc mtu tun0 1400
	[ "$(ip -n "$NS" -j link show tun0 | jq '.[0].mtu')" = 1400 ]
	run tc mtu tun0
	assert_output 1400
	run tc -j mtu tun0
	[ "$(jq -c . <<<"$output")" = '{"ifname":"tun0","mtu":1400}' ]
}

@test "up and down change the administrative state" {
	run --separate-stderr tc up tun0
	assert_success
	ip -n "$NS" -j link show tun0 | jq -e '.[0].flags | index("UP")'
	tc down tun0
	run ip -n "$NS" -j link show tun0
	[ "$(jq '.[0].flags | index("UP")' <<<"$output")" = null ]
}

@test "show lists only TUN/TAP devices, with mode, flags and addresses" {
	tc create tap1 --tap --mtu 1400 --owner 4242 --multi-queue >/dev/null
	ip -n "$NS" link add veth0 type veth peer name veth1
	tc addr add tun0 10.0.0.1/24
	tc up tun0
	run --separate-stderr tc show
	assert_success
	assert_line "tun0: mode tun mtu 1500 flags up,persist owner 0 queues 0"
	assert_line "	inet 10.0.0.1/24"
	assert_line "tap1: mode tap mtu 1400 flags persist,multi_queue owner 4242 queues 0"
	refute_output --partial veth
	refute_output --partial "lo:"
	run tc list
	assert_line "tun0: mode tun mtu 1500 flags up,persist owner 0 queues 0"
	run tc show --names
	assert_output "$(printf 'tun0\ntap1')"
}

@test "show -j agrees with ip -d -j link" {
	tc create tap1 --tap --mtu 1400 --owner 4242 --pi >/dev/null
	tc addr add tap1 fd00::1/64
	out=$(tc -j show tap1)
	link=$(ip -n "$NS" -d -j link show tap1)
	[ "$(jq -r '.[0].ifname' <<<"$out")" = tap1 ]
	[ "$(jq -r '.[0].mode' <<<"$out")" = tap ]
	[ "$(jq '.[0].mtu' <<<"$out")" = "$(jq '.[0].mtu' <<<"$link")" ]
	[ "$(jq '.[0].ifindex' <<<"$out")" = "$(jq '.[0].ifindex' <<<"$link")" ]
	[ "$(jq -r '.[0].address' <<<"$out")" = "$(jq -r '.[0].address' <<<"$link")" ]
	[ "$(jq '.[0].owner' <<<"$out")" = 4242 ]
	jq -e '.[0].flags | index("pi")' <<<"$out"
	jq -e '.[0].flags | index("persist")' <<<"$out"
	jq -e '.[0].addr_info[] | select(.family=="inet6" and .local=="fd00::1" and .prefixlen==64)' <<<"$out"
}

@test "show of a missing device or a non-TUN interface: exit 1" {
	run --separate-stderr tc show tun9
	assert_failure 1
	assert_one_error_line
	assert_equal "$stderr" "tunctl: show: tun9: No such device"
	run --separate-stderr tc show lo
	assert_failure 1
	[[ "$stderr" == *"not a TUN/TAP device"* ]]
}

@test "commands on a missing device: exit 1, the same words from every command" {
	before=$(ns_state)
	for cmd in "addr add tun9 10.0.0.1/24" "addr del tun9 10.0.0.1/24" \
		"addr show tun9" "route add tun9 10.1.0.0/16" \
		"route del tun9 10.1.0.0/16" "route show tun9" "mtu tun9" \
		"mtu tun9 1400" "up tun9" "down tun9" "delete tun9" "show tun9" \
		"echo tun9" "capture tun9"; do
		# shellcheck disable=SC2086
		run --separate-stderr tc $cmd
		[ "$status" -eq 1 ] || fail "$cmd: status $status"
		assert_one_error_line
		verb=${cmd% tun9*}
		assert_equal "$stderr" "tunctl: $verb: tun9: No such device"
	done
	assert_state_unchanged "$before"
}
