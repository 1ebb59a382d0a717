#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# tunctl create and delete, checked against the kernel with ip -j.

bats_require_minimum_version 1.5.0
load helpers

setup() { netns_setup; }
teardown() { netns_teardown; }

link_json() { ip -n "$NS" -d -j link show "$1"; }

@test "create NAME makes a persistent TUN device that outlives tunctl" {
	run --separate-stderr tc create tun7
	assert_success
	assert_output "tun7"
	[ -z "$stderr" ]
	run link_json tun7
	assert_success
	[ "$(jq -r '.[0].linkinfo.info_kind' <<<"$output")" = tun ]
	[ "$(jq -r '.[0].linkinfo.info_data.type' <<<"$output")" = tun ]
	[ "$(jq -r '.[0].linkinfo.info_data.persist' <<<"$output")" = true ]
}

@test "create with a template or no name prints the name the kernel chose" {
	run tc create tun%d
	assert_success
	assert_output "tun0"
	run tc create tun%d
	assert_output "tun1"
	run tc create
	assert_success
	name=$output
	ip -n "$NS" link show "$name"
	run tc create --tap
	assert_success
	[[ "$output" == tap* ]]
	[ "$(link_json "$output" | jq -r '.[0].linkinfo.info_data.type')" = tap ]
}

@test "create --tap with mtu, addresses, peer, up and routes: ip -j agrees" {
	run tc create tap3 --tap --mtu 1400 --addr 10.0.0.1/24 \
		--addr fd00::1/64 --up --route 10.1.0.0/16 --via 10.0.0.2 \
		--metric 50 --route fd01::/64
	assert_success
	assert_output tap3
	link=$(link_json tap3)
	[ "$(jq -r '.[0].mtu' <<<"$link")" = 1400 ]
	jq -e '.[0].flags | index("UP")' <<<"$link"
	addrs=$(ip -n "$NS" -j addr show tap3)
	jq -e '.[0].addr_info[] | select(.local=="10.0.0.1" and .prefixlen==24)' <<<"$addrs"
	jq -e '.[0].addr_info[] | select(.local=="fd00::1" and .prefixlen==64)' <<<"$addrs"
	r4=$(ip -n "$NS" -j route show 10.1.0.0/16)
	[ "$(jq -r '.[0].gateway' <<<"$r4")" = 10.0.0.2 ]
	[ "$(jq -r '.[0].dev' <<<"$r4")" = tap3 ]
	[ "$(jq -r '.[0].metric' <<<"$r4")" = 50 ]
	[ "$(ip -n "$NS" -6 -j route show fd01::/64 | jq -r '.[0].dev')" = tap3 ]
}

@test "a persistent device starts without carrier, as with ip tuntap" {
	tc create tun0 --addr 10.0.0.1/24 --addr fd00::1/64 --up >/dev/null
	link=$(link_json tun0)
	jq -e '.[0].flags | index("NO-CARRIER")' <<<"$link"
	# No reader yet, so no link work: no IPv6 link-local address either.
	[ "$(ip -n "$NS" -j addr show tun0 | jq '[.[0].addr_info[] | select(.scope=="link")] | length')" = 0 ]
}

@test "create --peer sets a point-to-point address" {
	tc create tun0 --addr 10.0.0.1/24 --peer 10.0.0.2 --addr fd00::1/64 --peer fd00::2
	addrs=$(ip -n "$NS" -j addr show tun0)
	jq -e '.[0].addr_info[] | select(.local=="10.0.0.1" and .address=="10.0.0.2")' <<<"$addrs"
	jq -e '.[0].addr_info[] | select(.local=="fd00::1" and .address=="fd00::2")' <<<"$addrs"
}

@test "create --owner --group --multi-queue --offload --pi set the device's flags" {
	run tc create tun5 --owner nobody --group nogroup --multi-queue --offload --pi
	assert_success
	data=$(link_json tun5 | jq -c '.[0].linkinfo.info_data')
	[ "$(jq -r .user <<<"$data")" = nobody ]
	[ "$(jq -r .group <<<"$data")" = nogroup ]
	[ "$(jq -r .multi_queue <<<"$data")" = true ]
	[ "$(jq -r .vnet_hdr <<<"$data")" = true ]
	[ "$(jq -r .pi <<<"$data")" = true ]
	run tc create tun6 --owner 4242
	[ "$(link_json tun6 | jq -r '.[0].linkinfo.info_data.user')" = 4242 ]
}

@test "create -j prints the name as JSON" {
	run --separate-stderr tc -j create tun%d
	assert_success
	[ "$(jq -r .ifname <<<"$output")" = tun0 ]
}

@test "create of an existing name fails with exit 1 and changes nothing" {
	tc create tun0 --mtu 1300
	before=$(ns_state)
	run --separate-stderr tc create tun0 --mtu 1400
	assert_failure 1
	assert_one_error_line
	[[ "$stderr" == *"tun0"*"exists"* ]]
	assert_state_unchanged "$before"
}

@test "a failing address removes the device create made" {
	before=$(ns_state)
	# The same address twice: the kernel refuses the second.
	run --separate-stderr tc create tun0 --addr 10.0.0.1/24 --addr 10.0.0.1/24
	assert_failure 1
	assert_one_error_line
	[[ "$stderr" == "tunctl: create: 10.0.0.1/24: "* ]]
	run ip -n "$NS" link show tun0
	assert_failure
	assert_state_unchanged "$before"
}

@test "a failing route removes the device and its addresses" {
	before=$(ns_state)
	# The gateway is not on any link of the namespace.
	run --separate-stderr tc create tun0 --addr 10.0.0.1/24 --up \
		--route 10.1.0.0/16 --via 192.0.2.99
	assert_failure 1
	assert_one_error_line
	[[ "$stderr" == "tunctl: create: 10.1.0.0/16: "* ]]
	assert_state_unchanged "$before"
}

@test "a refused MTU removes the device" {
	before=$(ns_state)
	# A TAP device takes no MTU below 68 from netlink, but tunctl refuses
	# that itself; an IPv6 address on an MTU below 1280 is the kernel's no.
	run --separate-stderr tc create tun0 --mtu 1000 --addr fd00::1/64
	assert_failure 1
	assert_one_error_line
	assert_state_unchanged "$before"
}

@test "create -- COMMAND gets the device as fd 3 and it goes away afterwards" {
	run --separate-stderr tc create tun%d --addr 10.5.0.1/24 --up -- sh -c '
		[ "$TUNCTL_FD" = 3 ] || exit 11
		[ "$(readlink /proc/self/fd/3)" = /dev/net/tun ] || exit 12
		ip -j addr show "$TUNCTL_IFNAME" > "'"$BATS_TEST_TMPDIR"'/seen"
		echo "$TUNCTL_IFNAME"'
	assert_success
	assert_output tun0
	jq -e '.[0].addr_info[] | select(.local=="10.5.0.1")' "$BATS_TEST_TMPDIR/seen"
	jq -e '.[0].flags | index("UP")' "$BATS_TEST_TMPDIR/seen"
	# The command holds the device: it has a carrier, traffic can flow.
	jq -e '.[0].flags | index("LOWER_UP")' "$BATS_TEST_TMPDIR/seen"
	run ip -n "$NS" link show tun0
	assert_failure
}

@test "create -- COMMAND passes the command's exit status on" {
	run tc create -- sh -c 'exit 7'
	assert_failure 7
	run -127 tc create -- /nonexistent/command
	[ "$(ip -n "$NS" -j link show | jq length)" = 1 ]
}

@test "create -- COMMAND forwards SIGTERM and the device still goes away" {
	"$TUNCTL" -n "$NS" create tun%d -- sleep 30 &
	pid=$!
	for _ in $(seq 50); do
		ip -n "$NS" link show tun0 >/dev/null 2>&1 && break
		sleep 0.1
	done
	ip -n "$NS" link show tun0
	kill -TERM "$pid"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq $((128 + 15)) ]
	run ip -n "$NS" link show tun0
	assert_failure
}

@test "delete removes a device; a missing device is exit 1" {
	tc create tun0
	run --separate-stderr tc delete tun0
	assert_success
	[ -z "$stderr" ]
	run ip -n "$NS" link show tun0
	assert_failure
	run --separate-stderr tc delete tun0
	assert_failure 1
	assert_one_error_line
	[[ "$stderr" == "tunctl: delete: tun0: No such device" ]]
}

@test "delete refuses an interface that is not TUN/TAP" {
	ip -n "$NS" link add veth0 type veth peer name veth1
	run --separate-stderr tc delete veth0
	assert_failure 1
	assert_one_error_line
	[[ "$stderr" == *"not a TUN/TAP device"* ]]
	ip -n "$NS" link show veth0
	run --separate-stderr tc delete lo
	assert_failure 1
}
