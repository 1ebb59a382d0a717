#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# tunctl -s show: the counters of ip -s link, exact in JSON, human in text,
# after real traffic through a device answered by tunctl echo.

bats_require_minimum_version 1.5.0
load datapath

setup() {
	dp_setup
	tc create tun0 --addr 10.0.0.1/24 --up >/dev/null
	start echo "$TUNCTL" -n "$NS" echo tun0
	wait_line "$OUT/echo.err" "answering on tun0"
	run timeout 60 ip netns exec "$NS" ping -q -f -c 2000 -s 1000 10.0.0.2
	assert_output --partial " 0% packet loss"
	# Nothing sends once the reader is gone: the counters stay still.
	finish echo INT
}
teardown() { netns_teardown; }

@test "-j -s show and -j -s -s show have the counters of ip -j -s link, exactly" {
	run tc -j show tun0
	jq -e '.[0] | has("stats64") | not' <<<"$output"
	ours=$(tc -j -s show tun0 | jq -S '.[0].stats64')
	theirs=$(ip -n "$NS" -j -s link show tun0 | jq -S '.[0].stats64')
	assert_equal "$ours" "$theirs"
	jq -e '.rx.packets >= 2000 and .tx.packets >= 2000 and .rx.bytes > 2000000' <<<"$ours"
	ours=$(tc -j -s -s show tun0 | jq -S '.[0].stats64')
	theirs=$(ip -n "$NS" -j -s -s link show tun0 | jq -S '.[0].stats64 | del(.tx.carrier_changes)')
	assert_equal "$ours" "$theirs"
	assert_equal "$(tc -j --stats show | jq -S '.[0].stats64')" \
		"$(ip -n "$NS" -j -s link show tun0 | jq -S '.[0].stats64')"
}

# The rows of numbers of an `ip -s -s -h link` style listing, one per line,
# fields separated by one space.
number_rows() { grep -E '^[[:space:]]+[0-9]' | awk '{ $1 = $1; print }'; }

@test "-s show prints human numbers as ip -h -s link does" {
	run tc -s -s show tun0
	assert_success
	assert_line --index 1 --regexp $'^\tRX: +bytes +packets +errors +dropped +missed +mcast$'
	ours=$(tc -s -s show tun0 | number_rows)
	# ip also counts carrier changes ("transns"), which tunctl does not.
	theirs=$(ip -n "$NS" -s -s -h link show tun0 | number_rows | sed '4s/ [^ ]*$//')
	assert_equal "$ours" "$theirs"
	tc -s show tun0 | grep -qE ' [0-9.]+M ' # megabytes went through
	[ "$(tc -s show tun0 | number_rows | wc -l)" -eq 2 ]
}
