#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Scripting comforts: create --exist-ok and --name-file, and addr add /
# route add of something already there. The kernel's view (ip -j) decides.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	require_root
	NS="sh-scr-$$-${BATS_TEST_NUMBER}"
	ip netns add "$NS"
	ip -n "$NS" link set lo up
}
teardown() { netns_teardown; }

link_json() { ip -n "$NS" -d -j link show "$1"; }
ifindex() { link_json "$1" | jq -r '.[0].ifindex'; }
# How many times the device holds address $2 (e.g. 10.0.0.1/24).
addr_count() {
	ip -n "$NS" -j addr show dev "$1" |
		jq --arg a "${2%/*}" --argjson l "${2#*/}" \
			'[.[0].addr_info[] | select(.local==$a and .prefixlen==$l)] | length'
}

# ---- create --exist-ok ------------------------------------------------------

@test "create --exist-ok on a missing name creates a persistent device" {
	run --separate-stderr tc create sh0 --exist-ok
	assert_success
	assert_output sh0
	[ -z "$stderr" ]
	[ "$(link_json sh0 | jq -r '.[0].linkinfo.info_data.persist')" = true ]
}

@test "create --exist-ok twice with the same settings: exit 0, same device, nothing doubled" {
	tc create sh0 --mtu 1400 --addr 10.0.0.1/24 --addr fd00::1/64 --up \
		--route 10.1.0.0/16 --via 10.0.0.2
	before=$(ifindex sh0)
	run --separate-stderr tc create sh0 --mtu 1400 --addr 10.0.0.1/24 \
		--addr fd00::1/64 --up --route 10.1.0.0/16 --via 10.0.0.2 --exist-ok
	assert_success
	assert_output sh0
	[ -z "$stderr" ]
	[ "$(ifindex sh0)" = "$before" ]
	[ "$(addr_count sh0 10.0.0.1/24)" = 1 ]
	[ "$(addr_count sh0 fd00::1/64)" = 1 ]
	[ "$(ip -n "$NS" -j route show 10.1.0.0/16 | jq length)" = 1 ]
}

@test "create --exist-ok configures what the existing device lacks" {
	tc create sh0 --addr 10.0.0.1/24
	run tc create sh0 --exist-ok --mtu 1300 --addr 10.0.0.1/24 \
		--addr 10.0.9.1/24 --up --route 10.2.0.0/16
	assert_success
	link=$(link_json sh0)
	[ "$(jq -r '.[0].mtu' <<<"$link")" = 1300 ]
	jq -e '.[0].flags | index("UP")' <<<"$link"
	[ "$(addr_count sh0 10.0.0.1/24)" = 1 ]
	[ "$(addr_count sh0 10.0.9.1/24)" = 1 ]
	[ "$(ip -n "$NS" -j route show 10.2.0.0/16 | jq -r '.[0].dev')" = sh0 ]
}

@test "create --exist-ok keeps a device that was made non-persistent by its holder as it is" {
	# The device exists only while 'sleep' holds it; --exist-ok must
	# configure it without making it persistent.
	tc create sh0 -- sleep 30 &
	for _ in $(seq 50); do ip -n "$NS" link show sh0 >/dev/null 2>&1 && break; sleep 0.1; done
	run tc create sh0 --exist-ok --mtu 1280
	assert_success
	link=$(link_json sh0)
	[ "$(jq -r '.[0].mtu' <<<"$link")" = 1280 ]
	[ "$(jq -r '.[0].linkinfo.info_data.persist' <<<"$link")" = false ]
	# tunctl ends sleep when it is killed, so one may be gone already.
	ip netns pids "$NS" | xargs -r kill 2>/dev/null || true
	wait
}

@test "create --exist-ok refuses a device of another mode or flags, and changes nothing" {
	tc create sh0 --addr 10.0.0.1/24
	before=$(ns_state)
	run --separate-stderr tc create sh0 --exist-ok --tap --mtu 1300
	assert_failure 1
	assert_one_error_line
	assert_equal "$stderr" "tunctl: create: sh0: exists, but is not the same device: it is a tun device"
	run --separate-stderr tc create sh0 --exist-ok --multi-queue
	assert_failure 1
	assert_one_error_line
	[[ "$stderr" == *"sh0: exists, but is not the same device: it was made without --multi-queue" ]]
	run --separate-stderr tc create sh0 --exist-ok --owner 4242
	assert_failure 1
	[[ "$stderr" == *"its owner is 0" ]]
	run --separate-stderr tc create sh0 --exist-ok --open
	assert_failure 1
	[[ "$stderr" == *"it is not open: its owner is 0" ]]
	[ "$(ns_state)" = "$before" ]
}

@test "create --exist-ok with the same owner and flags succeeds" {
	tc create sh0 --tap --multi-queue --owner 0 --group 0
	run tc create sh0 --tap --multi-queue --owner 0 --group 0 --exist-ok
	assert_success
	assert_output sh0
}

@test "create --exist-ok on an interface that is not TUN/TAP: exit 1" {
	ip -n "$NS" link add sh0 type veth peer name sh0p
	run --separate-stderr tc create sh0 --exist-ok
	assert_failure 1
	assert_one_error_line
	assert_equal "$stderr" "tunctl: create: sh0: not a TUN/TAP device (for other interfaces use ip link, ip addr or ip route)"
	[ "$(link_json sh0 | jq -r '.[0].linkinfo.info_kind')" = veth ]
}

@test "create --exist-ok without a fixed name or with -- COMMAND is a usage error" {
	before=$(ns_state)
	for args in "--exist-ok" "sh%d --exist-ok" "sh0 --exist-ok -- true"; do
		# shellcheck disable=SC2086
		run --separate-stderr tc create $args
		assert_failure 2
		assert_one_error_line
		[[ "$stderr" == "tunctl: create: --exist-ok: "* ]]
	done
	[ "$(ns_state)" = "$before" ]
}

@test "create without --exist-ok on an existing name still fails" {
	tc create sh0
	run --separate-stderr tc create sh0
	assert_failure 1
	assert_one_error_line
	[[ "$stderr" == *"sh0"*"exists"* ]]
}

# ---- create --name-file -----------------------------------------------------

@test "create --name-file writes the name the kernel chose" {
	f=$BATS_TEST_TMPDIR/name
	run --separate-stderr tc create sh%d --name-file "$f"
	assert_success
	[ "$(cat "$f")" = "$output" ]
	[ "$output" = sh0 ]
	link_json sh0 >/dev/null
	# The file ends with a newline and holds nothing else.
	[ "$(wc -l <"$f")" = 1 ]
	# An existing file is replaced.
	echo "old content, longer than the name" >"$f"
	tc create sh%d --name-file "$f"
	[ "$(cat "$f")" = sh1 ]
}

@test "create --exist-ok --name-file writes the name of the existing device" {
	tc create sh0
	f=$BATS_TEST_TMPDIR/name
	run tc create sh0 --exist-ok --name-file "$f"
	assert_success
	[ "$(cat "$f")" = sh0 ]
}

@test "create --name-file in a missing directory: exit 1 and no device left behind" {
	before=$(ns_state)
	run --separate-stderr tc create sh0 --addr 10.0.0.1/24 --up \
		--name-file "$BATS_TEST_TMPDIR/missing/name"
	assert_failure 1
	assert_one_error_line
	[[ "$stderr" == "tunctl: create: $BATS_TEST_TMPDIR/missing/name: cannot write the device's name: No such file or directory" ]]
	[ -z "$output" ]
	[ "$(ns_state)" = "$before" ]
}

@test "create --name-file -- COMMAND: the file is written before COMMAND runs" {
	f=$BATS_TEST_TMPDIR/name
	run tc create sh%d --name-file "$f" -- sh -c 'cat "$1"; echo "$TUNCTL_IFNAME"' sh "$f"
	assert_success
	assert_output "sh0
sh0"
}

@test "create --name-file with an empty name is a usage error" {
	run --separate-stderr tc create sh0 --name-file ''
	assert_failure 2
	assert_equal "$stderr" "tunctl: create: --name-file: needs a file name"
}

# ---- addr add / route add of something already there ------------------------

@test "addr add of an address already there: exit 1 'already exists'; --exist-ok: exit 0" {
	tc create sh0 --addr 10.0.0.1/24 --addr fd00::1/64
	run --separate-stderr tc addr add sh0 10.0.0.1/24
	assert_failure 1
	assert_one_error_line
	assert_equal "$stderr" "tunctl: addr add: 10.0.0.1/24: already exists on sh0 (--exist-ok accepts that)"
	run --separate-stderr tc addr add sh0 10.0.0.1/24 --exist-ok
	assert_success
	[ -z "$stderr" ]
	run --separate-stderr tc addr add sh0 fd00::1/64 --exist-ok
	assert_success
	[ "$(addr_count sh0 10.0.0.1/24)" = 1 ]
	[ "$(addr_count sh0 fd00::1/64)" = 1 ]
	# --exist-ok on an address that is not there yet simply adds it.
	run tc addr add sh0 10.0.5.1/24 --exist-ok
	assert_success
	[ "$(addr_count sh0 10.0.5.1/24)" = 1 ]
}

@test "addr add --exist-ok of the same IPv6 address with another prefix length: exit 1" {
	tc create sh0 --addr fd00::1/64
	before=$(ns_state)
	run --separate-stderr tc addr add sh0 fd00::1/48 --exist-ok
	assert_failure 1
	assert_one_error_line
	assert_equal "$stderr" "tunctl: addr add: fd00::1/48: already exists on sh0 as fd00::1/64"
	[ "$(ns_state)" = "$before" ]
}

@test "addr add --exist-ok with another peer is a different address, added" {
	tc create sh0 --addr 10.0.0.1/32 --peer 10.0.0.2
	run tc addr add sh0 10.0.0.1/32 --peer 10.0.0.2 --exist-ok
	assert_success
	[ "$(ip -n "$NS" -j addr show dev sh0 | jq '[.[0].addr_info[] | select(.local=="10.0.0.1")] | length')" = 1 ]
	run tc addr add sh0 10.0.0.1/32 --peer 10.0.0.3 --exist-ok
	assert_success
	[ "$(ip -n "$NS" -j addr show dev sh0 | jq '[.[0].addr_info[] | select(.local=="10.0.0.1")] | length')" = 2 ]
}

@test "route add of a route already there: exit 1 'already exists'; --exist-ok: exit 0" {
	tc create sh0 --addr 10.0.0.1/24 --up --route 10.1.0.0/16 --via 10.0.0.2 \
		--route fd01::/64
	run --separate-stderr tc route add sh0 10.1.0.0/16 --via 10.0.0.2
	assert_failure 1
	assert_one_error_line
	assert_equal "$stderr" "tunctl: route add: 10.1.0.0/16: already exists on sh0 (--exist-ok accepts that)"
	run --separate-stderr tc route add sh0 10.1.0.0/16 --via 10.0.0.2 --exist-ok
	assert_success
	[ -z "$stderr" ]
	run tc route add sh0 fd01::/64 --exist-ok
	assert_success
	[ "$(ip -n "$NS" -j route show 10.1.0.0/16 | jq length)" = 1 ]
	[ "$(ip -n "$NS" -6 -j route show fd01::/64 | jq length)" = 1 ]
}

@test "route add --exist-ok when another route has the destination: exit 1, nothing changed" {
	tc create sh0 --addr 10.0.0.1/24 --up --route 10.1.0.0/16 --via 10.0.0.2
	before=$(ns_state)
	run --separate-stderr tc route add sh0 10.1.0.0/16 --via 10.0.0.3 --exist-ok
	assert_failure 1
	assert_one_error_line
	[[ "$stderr" == "tunctl: route add: 10.1.0.0/16: a route to the same destination"* ]]
	run --separate-stderr tc route add sh0 10.1.0.0/16 --exist-ok
	assert_failure 1
	[ "$(ns_state)" = "$before" ]
}

@test "route del takes no --exist-ok" {
	tc create sh0 --addr 10.0.0.1/24 --up
	run --separate-stderr tc route del sh0 10.1.0.0/16 --exist-ok
	assert_failure 2
	assert_equal "$stderr" "tunctl: route del: --exist-ok: unknown option"
}
