#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# wait and monitor: driven by the kernel's change notifications, checked
# against ip -j, ip monitor and the order in which the test changes things.

bats_require_minimum_version 1.5.0
load datapath

setup() { dp_setup; }
teardown() { netns_teardown; }

# running NAME: the background command NAME has not ended.
running() {
	kill -0 "$(cat "$OUT/$1.pid")" 2>/dev/null || fail "$1 ended early: $(cat "$OUT/$1.err")"
}

ip_flags() { ip -n "$NS" -j link show dev "$1" | jq -c '.[0].flags'; }

@test "wait --up started before the device exists returns once it is up, not before" {
	start w "$TUNCTL" -n "$NS" wait tun0 --up --timeout 60
	sleep 0.3
	running w
	tc create tun0
	sleep 0.5
	running w # exists, but down
	ip -n "$NS" link set tun0 up
	finish w
	[ "$STATUS" -eq 0 ] || fail "status $STATUS: $(cat "$OUT/w.err")"
	ip_flags tun0 | jq -e 'index("UP")'
	[ ! -s "$OUT/w.out" ] && [ ! -s "$OUT/w.err" ]
}

@test "wait --exists (the default) returns at once for a device that is there" {
	tc create tun0
	run --separate-stderr timeout 10 "$TUNCTL" -n "$NS" wait tun0 --timeout 0
	assert_success
	run --separate-stderr timeout 10 "$TUNCTL" -n "$NS" wait tun0 --exists --timeout 0
	assert_success
}

@test "wait --addr counts an address only once it is no longer tentative" {
	tc create tap0 --tap --up
	ip -n "$NS" addr add fd00::1/64 dev tap0
	# Up without carrier: duplicate address detection waits, the kernel
	# keeps the address tentative.
	ip -n "$NS" -j addr show dev tap0 | jq -e '.[0].addr_info[] | select(.local=="fd00::1") | .tentative'
	run --separate-stderr tc wait tap0 --addr fd00::1/64 --timeout 0.5
	assert_failure 1
	assert_one_error_line
	[[ "$stderr" == *"still missing: addr fd00::1/64 (tentative)"* ]] || fail "$stderr"
	start w "$TUNCTL" -n "$NS" wait tap0 --carrier --addr fd00::1/64 --addr fd00::1 --timeout 60
	sleep 0.3
	running w
	# A reader gives carrier; then duplicate address detection runs (a
	# second) and nobody answers it.
	start e "$TUNCTL" -n "$NS" echo tap0
	finish w
	[ "$STATUS" -eq 0 ] || fail "status $STATUS: $(cat "$OUT/w.err")"
	ip_flags tap0 | jq -e 'index("LOWER_UP")'
	ip -n "$NS" -j addr show dev tap0 |
		jq -e '.[0].addr_info[] | select(.local=="fd00::1") | has("tentative") | not'
	finish e INT
}

@test "wait --addr: an address of another length does not count" {
	tc create tun0 --addr 10.0.0.1/24
	run --separate-stderr tc wait tun0 --addr 10.0.0.1/16 --timeout 0.3
	assert_failure 1
	[[ "$stderr" == *"still missing: addr 10.0.0.1/16" ]] || fail "$stderr"
	run tc wait tun0 --addr 10.0.0.1 --addr 10.0.0.1/24 --timeout 5
	assert_success
}

@test "wait --timeout: exit 1 naming every condition still missing" {
	tc create tun0
	run --separate-stderr tc wait tun0 --up --carrier --addr 10.0.0.1/24 --timeout 0.4
	assert_failure 1
	assert_one_error_line
	assert_equal "$stderr" "tunctl: wait: tun0: timed out after 0.400 s; still missing: up, carrier, addr 10.0.0.1/24"
	ip_flags tun0 | jq -e 'index("UP") | not'
	run --separate-stderr tc wait tun1 --timeout 0.2
	assert_failure 1
	[[ "$stderr" == *"still missing: exists (no such TUN/TAP device)" ]] || fail "$stderr"
}

@test "wait --gone returns when the device is deleted or renamed away" {
	tc create tun0
	tc create tun1
	start w0 "$TUNCTL" -n "$NS" wait tun0 --gone --timeout 60
	start w1 "$TUNCTL" -n "$NS" wait tun1 --gone --timeout 60
	sleep 0.3
	running w0
	running w1
	ip -n "$NS" link del tun0
	ip -n "$NS" link set tun1 name other1
	finish w0
	[ "$STATUS" -eq 0 ]
	finish w1
	[ "$STATUS" -eq 0 ]
	[ "$(ip -n "$NS" -j link show type tun | jq -r '[.[].ifname] | join(" ")')" = other1 ]
	run tc wait tun0 --gone --timeout 0
	assert_success
}

@test "wait: bad input is exit 2" {
	ip -n "$NS" link add d0 type bridge
	assert_bad_inputs wait <<'EOF2'
|missing NAME
tun0 --gone --up|cannot be combined
tun0 --timeout x|must be a number
tun0 --timeout 1.|number of seconds
tun0 --timeout 1.2345|three decimals
tun0 --addr 10.0.0.300|10.0.0.300
tun0 tun1|unexpected argument
d0|not a TUN/TAP device
bad/name|bad/name
EOF2
}

# The names that a monitor's JSON lines report as there or created.
seen_devices() {
	jq -r 'select(.event=="exists" or .event=="created") | .ifname' "$1" | sort
}

@test "monitor started during a batch reports every device exactly once, and ends on Ctrl-C with 0" {
	for i in $(seq 0 59); do echo "create b$i"; done >"$OUT/batch"
	"$TUNCTL" -n "$NS" -b "$OUT/batch" >/dev/null 2>"$OUT/batch.err" &
	bpid=$!
	start m "$TUNCTL" -n "$NS" -j monitor
	wait "$bpid"
	want=$(ip -n "$NS" -j link show type tun | jq -r '.[].ifname' | sort)
	[ "$(wc -l <<<"$want")" -eq 60 ]
	i=0
	while [ "$(seen_devices "$OUT/m.out" | wc -l)" -lt 60 ] && [ $i -lt 200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	finish m INT
	[ "$STATUS" -eq 0 ] || fail "status $STATUS: $(cat "$OUT/m.err")"
	assert_equal "$(seen_devices "$OUT/m.out")" "$want"
	[ ! -s "$OUT/m.err" ]
}

@test "monitor: every kind of change of a TUN device, in order, and nothing of other interfaces" {
	tc create tun0
	start im ip -n "$NS" monitor address
	start m "$TUNCTL" -n "$NS" -j monitor
	wait_line "$OUT/m.out" '"event":"exists"'
	ip -n "$NS" link add d0 type bridge
	ip -n "$NS" link set d0 up
	ip -n "$NS" addr add 10.7.0.1/24 dev d0
	ip -n "$NS" link set tun0 mtu 1400
	ip -n "$NS" link set tun0 up
	ip -n "$NS" addr add 10.0.0.1/24 dev tun0
	ip -n "$NS" route add 10.9.0.0/16 via 10.0.0.2 dev tun0 metric 7
	ip netns exec "$NS" python3 - <<'PY'
import fcntl, os, struct
# TUNSETIFF then TUNSETOWNER on the persistent tun0; attaching gives
# carrier, and with it an IPv6 link-local address, for a moment.
fd = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(fd, 0x400454ca, struct.pack("16sH", b"tun0", 0x0001 | 0x1000))
fcntl.ioctl(fd, 0x400454cc, 4242)
PY
	ip -n "$NS" route del 10.9.0.0/16 dev tun0
	ip -n "$NS" addr del 10.0.0.1/24 dev tun0
	ip -n "$NS" link set tun0 down
	ip -n "$NS" link set tun0 name tunx
	ip -n "$NS" link del tunx
	wait_line "$OUT/m.out" '"event":"deleted"'
	finish m INT
	[ "$STATUS" -eq 0 ]
	finish im TERM
	# Only tun0/tunx lines; no line about d0 or its address.
	run jq -r '.ifname' "$OUT/m.out"
	refute_line d0
	got=$(jq -r '[.event, (.mtu // .owner // .local // .dst // .old_ifname // "")] | map(tostring) | join(" ")' "$OUT/m.out" |
		grep -Ev '^(route|addr)_(added|deleted) (10\.0\.0\.0/24|fe80)' | grep -v '^carrier')
	assert_equal "$got" "exists 1500
mtu 1400
up 
addr_added 10.0.0.1
route_added 10.9.0.0/16
owner 4242
route_deleted 10.9.0.0/16
addr_deleted 10.0.0.1
down 
renamed tun0
deleted "
	jq -s -e 'map(select(.event=="route_added" and .dst=="10.9.0.0/16")) |
		length == 1 and .[0].gateway == "10.0.0.2" and .[0].metric == 7' "$OUT/m.out"
	# ip monitor saw the same address changes on tun0.
	[ "$(grep -cE '^(Deleted )?[0-9]+: tun0 +inet 10\.0\.0\.1/24' "$OUT/im.out")" -eq 2 ]
	[ "$(jq -r 'select(.event|startswith("addr_")) | select(.local=="10.0.0.1") | .event' "$OUT/m.out" | wc -l)" -eq 2 ]
}

@test "monitor NAME -c COUNT: only that device, stops after COUNT changes" {
	tc create tun0
	tc create tun1
	start m "$TUNCTL" -n "$NS" monitor tun1 -c 2
	wait_line "$OUT/m.out" 'tun1: exists'
	ip -n "$NS" link set tun0 up
	ip -n "$NS" link set tun0 mtu 1300
	ip -n "$NS" link set tun1 mtu 1280
	ip -n "$NS" link set tun1 up
	finish m
	[ "$STATUS" -eq 0 ] || fail "$(cat "$OUT/m.err")"
	run cat "$OUT/m.out"
	assert_equal "${#lines[@]}" 3
	assert_line --index 0 --regexp '^[0-9:.]+ tun1: exists mode tun mtu 1500 flags persist owner 0$'
	assert_line --index 1 --regexp '^[0-9:.]+ tun1: mtu 1280$'
	assert_line --index 2 --regexp '^[0-9:.]+ tun1: up$'
}

@test "monitor: bad input is exit 2" {
	assert_bad_inputs monitor <<'EOF2'
tun0 -c 0|COUNT must be
tun0 -c x|COUNT must be a number
tun0 tun1|unexpected argument
bad/name|bad/name
EOF2
}
