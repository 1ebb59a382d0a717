#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Who holds a device: show's holders and queues, and busy errors that name
# the holder, against lsof and fuser; a holder of a same-named device in
# another network namespace is not reported.

bats_require_minimum_version 1.5.0
load datapath

setup() { dp_setup; }
teardown() {
	[ -z "${NS2:-}" ] || { ip netns pids "$NS2" 2>/dev/null | xargs -r kill 2>/dev/null; ip netns del "$NS2" 2>/dev/null; } || true
	netns_teardown
}

# The descriptors of /dev/net/tun that lsof sees in process $1, sorted: the
# character device 10,200. (Where /dev is made of bind mounts, as in
# make fresh-check, lsof given the path also names other devices.)
lsof_fds() {
	lsof -n -a -p "$1" -d '^txt,^mem,^cwd,^rtd' 2>/dev/null |
		awk '$5 == "CHR" && $6 == "10,200" { sub(/[a-z]+$/, "", $4); print $4 }' | sort -n
}

holders_of() {
	tc -j show "$1" | jq -c '[.[0].holders[] | {pid, comm, fd}]'
}

@test "show lists the processes holding a device as lsof does, and queues 1 while a single-queue device is held" {
	tc create tun0 >/dev/null
	assert_equal "$(tc -j show tun0 | jq -c '[.[0].queues, .[0].holders]')" '[0,[]]'
	start echo "$TUNCTL" -n "$NS" echo tun0
	wait_line "$OUT/echo.err" "answering on tun0"
	pid=$(cat "$OUT/echo.pid")
	fd=$(lsof_fds "$pid")
	[ -n "$fd" ]
	assert_equal "$(holders_of tun0)" "[{\"pid\":$pid,\"comm\":\"tunctl\",\"fd\":$fd}]"
	assert_equal "$(tc -j show tun0 | jq '.[0].queues')" 1
	run tc show tun0
	assert_line --index 0 --regexp ' queues 1$'
	assert_line --index 1 "	held by pid $pid (tunctl) fd $fd"
	finish echo INT
	assert_equal "$(tc -j show tun0 | jq -c '[.[0].queues, .[0].holders]')" '[0,[]]'
}

@test "show: a multi-queue device lists one holder per queue" {
	tc create tun0 --multi-queue >/dev/null
	start echo "$TUNCTL" -n "$NS" echo tun0 --queues 3
	wait_line "$OUT/echo.err" "answering on tun0"
	pid=$(cat "$OUT/echo.pid")
	assert_equal "$(tc -j show tun0 | jq -r '[.[0].holders[].fd] | sort | .[]')" "$(lsof_fds "$pid")"
	assert_equal "$(tc -j show tun0 | jq '.[0].queues, (.[0].holders | length)' | tr '\n' ' ')" "3 3 "
	finish echo INT
}

@test "show: a holder of a same-named device in another namespace is not reported; one that moved is" {
	NS2="$NS-other"
	ip netns add "$NS2"
	tc create tun0 >/dev/null
	"$TUNCTL" -n "$NS2" create tun0 >/dev/null
	start echo2 "$TUNCTL" -n "$NS2" echo tun0
	wait_line "$OUT/echo2.err" "answering on tun0"
	pid2=$(cat "$OUT/echo2.pid")
	# lsof sees that tunctl hold a tun0 (fdinfo says "iff: tun0")...
	[ -n "$(lsof_fds "$pid2")" ]
	grep -q "iff:.*tun0" /proc/"$pid2"/fdinfo/"$(lsof_fds "$pid2" | head -1)"
	# ... but not ours.
	assert_equal "$(holders_of tun0)" "[]"
	assert_equal "$(tc -j show tun0 | jq '.[0].queues')" 0
	# A process living in NS2 that holds our tun0 is ours.
	start c "$TUNCTL" -n "$NS" create tun1 -- ip netns exec "$NS2" sleep 30
	i=0
	sleeper='[.[0].holders[] | select(.comm == "sleep")]'
	until [ "$(tc -j show tun1 2>/dev/null | jq "$sleeper | length")" = 1 ] || [ $i -ge 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	spid=$(tc -j show tun1 | jq -r "$sleeper | .[0].pid")
	[ "$spid" -gt 0 ] || fail "no sleep among the holders: $(tc -j show tun1) $(cat "$OUT/c.err")"
	[ "$(readlink /proc/"$spid"/ns/net)" = "$(ip netns exec "$NS2" readlink /proc/self/ns/net)" ]
	fuser /dev/net/tun 2>/dev/null | grep -qw "$spid"
	# And in NS2 it is not listed as a holder of NS2's devices.
	"$TUNCTL" -n "$NS2" -j show | jq -e --argjson p "$spid" '[.[].holders[] | select(.pid == $p)] | length == 0'
	kill "$spid"
}

@test "a busy device names its holder: tun0 is held by pid N (tunctl)" {
	tc create tun0 >/dev/null
	start echo "$TUNCTL" -n "$NS" echo tun0
	wait_line "$OUT/echo.err" "answering on tun0"
	pid=$(cat "$OUT/echo.pid")
	fuser /dev/net/tun 2>/dev/null | grep -qw "$pid"
	run --separate-stderr tc echo tun0
	assert_failure 1
	[[ "$stderr" == *"tun0 is held by pid $pid (tunctl)"* ]] || fail "$stderr"
	run --separate-stderr tc capture tun0 --attach -c 1
	assert_failure 1
	[[ "$stderr" == *"tun0 is held by pid $pid (tunctl)"* ]] || fail "$stderr"
	finish echo INT
}
