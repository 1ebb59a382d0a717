#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The rules of a setcap install (docs/SECURITY.md). Each runs as an ordinary
# user (nobody) against a copy of build/tunctl given file capabilities, as
# `make install SETCAP=1` would, in a namespace of the test's own; the
# kernel's state is read with ip -j, and what the kernel itself lets nobody
# open is asked of the kernel directly (TUNSETIFF from python, without any
# capability).

bats_require_minimum_version 1.5.0
load helpers

# A setcap binary cannot enter a namespace itself (-n needs CAP_SYS_ADMIN):
# it is started inside one. /dev/net/tun may be 0600 here (it is 0666 on a
# standard system): this process tree gets a 0666 one of its own.
NOBODY_SH='mount -t tmpfs -o mode=755 sec-devnet /dev/net &&
	mknod -m 666 /dev/net/tun c 10 200 &&
	exec setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"'

NOT_TUN='not a TUN/TAP device (for other interfaces use ip link, ip addr or ip route)'

setup() {
	netns_setup
	command -v setcap >/dev/null || skip "setcap is not installed (libcap2-bin)"
	command -v setpriv >/dev/null || skip "setpriv (util-linux) is missing"
	NOBODY_UID=$(id -u nobody)
	AS_NOBODY=(ip netns exec "$NS" unshare -m sh -c "$NOBODY_SH" sh)
	# Not under BATS_TEST_TMPDIR: nobody must be able to reach it.
	D=$(mktemp -d /tmp/tunctl-sec.XXXXXX)
	chmod 755 "$D"
	cp "$TUNCTL" "$D/tunctl"
	setcap cap_net_admin+ep "$D/tunctl" 2>/dev/null ||
		skip "file capabilities cannot be set here (filesystem or container)"
	# What the man page offers for --user: CAP_SETUID and CAP_SETGID too.
	cp "$TUNCTL" "$D/tunctl-setuid"
	setcap cap_net_admin,cap_setuid,cap_setgid+ep "$D/tunctl-setuid"
	BIN=$D/tunctl
	as_nobody "$BIN" --version >/dev/null ||
		skip "an ordinary user cannot run programs from $D (nosuid mount?)"
}

teardown() {
	netns_teardown
	[ -n "${D:-}" ] && rm -rf "$D"
}

as_nobody() { "${AS_NOBODY[@]}" "$@"; }

# The owner of device $1 as ip sees it (a name where it has one).
ip_owner() {
	ip -n "$NS" -d -j link show "$1" | jq -r '.[0].linkinfo.info_data.user // "none"'
}

# The kernel's own answer, without capabilities: may nobody attach to the
# TUN device $1 ("mq" in $2: as a queue of a multi-queue device)? Prints
# ok or the errno's name.
kernel_attach() {
	[ -x /usr/bin/python3 ] || skip "python3 is needed to ask the kernel"
	as_nobody /usr/bin/python3 -c '
import errno, fcntl, os, struct, sys
fd = os.open("/dev/net/tun", os.O_RDWR)
flags = 0x0001 | 0x1000 | (0x0100 if sys.argv[2] == "mq" else 0)
try:
    fcntl.ioctl(fd, 0x400454ca, struct.pack("16sH22x", sys.argv[1].encode(), flags))
    print("ok")
except OSError as e:
    print(errno.errorcode[e.errno])' "$1" "${2:-}"
}

# Runs "$@" (a reader that stops after one packet) in the background and
# pings $1, routed into its device, until it ends. Sets status and stderr
# as run does.
ping_until_done() {
	local peer=$1 pid
	shift
	"$@" >"$BATS_TEST_TMPDIR/bg.out" 2>"$BATS_TEST_TMPDIR/bg.err" &
	pid=$!
	for _ in $(seq 60); do
		kill -0 "$pid" 2>/dev/null || break
		ip netns exec "$NS" ping -c 1 -W 1 "$peer" >/dev/null 2>&1 || true
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill "$pid"
		fail "$* neither ended nor was refused"
	fi
	status=0
	wait "$pid" || status=$?
	stderr=$(cat "$BATS_TEST_TMPDIR/bg.err")
}

# nobody answers one ping on device $1 with the setcap copy.
echo_once() {
	ping_until_done "$2" "${AS_NOBODY[@]}" "$BIN" echo "$1" -c 1
}

# Every command that names a device, with DEV for its name.
DEVICE_COMMANDS='addr add DEV 10.9.0.1/24
addr del DEV 10.8.0.1/24
addr show DEV
route add DEV 10.9.0.0/24
route add DEV 0.0.0.0/0 --via 10.8.0.2
route del DEV 10.8.0.0/24
route show DEV
mtu DEV 1400
mtu DEV
up DEV
down DEV
delete DEV
show DEV
echo DEV
capture DEV
capture DEV --attach
addr flush DEV
route flush DEV
set DEV --txqueuelen 10
set DEV --name sec9
delete DEV --if-exists'

# "$@" (a tunctl and the words that run it in the namespace) runs every
# command on $DEV: each must fail with exit 1 and one line that says
# "$WHY", and change nothing. The timeout ends a reader that was let in.
assert_refused_everywhere() {
	local before cmd verb
	before=$(ns_state)
	while read -r cmd; do
		verb=${cmd%% DEV*}
		# shellcheck disable=SC2086
		run --separate-stderr timeout 20 "$@" ${cmd//DEV/$DEV}
		[ "$status" -eq 1 ] || fail "$verb $DEV: status $status ($stderr)"
		assert_one_error_line
		assert_equal "$stderr" "tunctl: $verb: $DEV: $WHY"
	done <<<"$DEVICE_COMMANDS"
	assert_state_unchanged "$before"
}

not_tun_devices() {
	ip -n "$NS" link add v0 type veth peer name v1
	for dev in v0 lo; do
		ip -n "$NS" addr add 10.8.0.1/24 dev "$dev"
		ip -n "$NS" link set "$dev" up
	done
	DEVS="v0 v1 lo"
	# dummy, where the kernel has the module
	ip -n "$NS" link add d0 type dummy 2>/dev/null && DEVS="$DEVS d0"
	return 0
}

@test "root: every command refuses an interface that is not TUN/TAP, in one wording, exit 1" {
	not_tun_devices
	WHY=$NOT_TUN
	for DEV in $DEVS; do
		assert_refused_everywhere "$TUNCTL" -n "$NS"
	done
}

@test "a user with the setcap binary: every command refuses veth, lo, dummy; nothing changes" {
	not_tun_devices
	WHY=$NOT_TUN
	for DEV in $DEVS; do
		assert_refused_everywhere "${AS_NOBODY[@]}" "$BIN"
	done
}

@test "a user may not use a device that is someone else's, as the kernel would refuse it" {
	tc create other0 --owner 4242 --addr 10.1.0.1/24 --up >/dev/null
	tc create grp0 --group 4243 --addr 10.2.0.1/24 --up >/dev/null
	tc create root0 --addr 10.3.0.1/24 --up >/dev/null
	DEVICE_COMMANDS=$(grep -v -e ' show ' -e '^show' -e '^mtu DEV$' <<<"$DEVICE_COMMANDS")
	assert_equal "$(kernel_attach other0)" EPERM
	DEV=other0 WHY="belongs to user 4242: only root or its owner may use it"
	assert_refused_everywhere "${AS_NOBODY[@]}" "$BIN"
	assert_equal "$(kernel_attach grp0)" EPERM
	DEV=grp0 WHY="belongs to group 4243: only root or the group's members may use it"
	assert_refused_everywhere "${AS_NOBODY[@]}" "$BIN"
	# what root makes is root's (secure by default)
	assert_equal "$(kernel_attach root0)" EPERM
	DEV=root0 WHY="belongs to user 0: only root or its owner may use it"
	assert_refused_everywhere "${AS_NOBODY[@]}" "$BIN"
	# Looking is not using: ip shows every device to everyone.
	run as_nobody "$BIN" mtu other0
	assert_success
	assert_output 1500
	run as_nobody "$BIN" show grp0
	assert_success
}

@test "a user may not add a queue to someone else's busy multi-queue device" {
	tc create mq0 --multi-queue --owner root --addr 10.4.0.1/24 --up >/dev/null
	tc echo mq0 >/dev/null &
	for _ in $(seq 100); do
		ip netns exec "$NS" ping -c 1 -W 1 10.4.0.2 >/dev/null 2>&1 && break
	done
	assert_equal "$(kernel_attach mq0 mq)" EPERM
	run --separate-stderr timeout 20 "${AS_NOBODY[@]}" "$BIN" echo mq0 --queues 2
	assert_failure 1
	assert_one_error_line
	assert_equal "$stderr" "tunctl: echo: mq0: belongs to user 0: only root or its owner may use it"
	run --separate-stderr timeout 20 "${AS_NOBODY[@]}" "$BIN" capture mq0 --attach -c 1
	assert_failure 1
	assert_equal "$stderr" "tunctl: capture: mq0: belongs to user 0: only root or its owner may use it"
	# root's reader still gets every packet
	run ip netns exec "$NS" ping -c 5 -i 0.2 -W 2 10.4.0.2
	assert_success
	assert_output --partial "5 received"
}

@test "a user may use its own device, its group's and an open one, as the kernel allows" {
	run as_nobody "$BIN" create own0 --addr 10.5.0.1/24 --up
	assert_success
	assert_output own0
	[ "$(ip_owner own0)" = nobody ]
	tc create grp0 --group nogroup --addr 10.6.0.1/24 --up >/dev/null
	tc create open0 --open --addr 10.7.0.1/24 --up >/dev/null
	n=5
	for dev in own0 grp0 open0; do
		assert_equal "$(kernel_attach "$dev")" ok
		echo_once "$dev" "10.$n.0.2"
		[ "$status" -eq 0 ] || fail "echo $dev: status $status: $stderr"
		run as_nobody "$BIN" mtu "$dev" 1400
		assert_success
		run as_nobody "$BIN" route add "$dev" "172.16.$n.0/24"
		assert_success
		[ "$(ip -n "$NS" -j link show "$dev" | jq '.[0].mtu')" = 1400 ]
		[ "$(ip -n "$NS" -j route show 172.16.$n.0/24 | jq -r '.[0].dev')" = "$dev" ]
		n=$((n + 1))
	done
	run as_nobody "$BIN" delete own0
	assert_success
	run ip -n "$NS" link show own0
	assert_failure
}

@test "--user is honoured for root only, or when it names the caller" {
	# nobody is in nogroup: the kernel lets it open this one
	tc create open0 --group nogroup --addr 10.7.0.1/24 --up >/dev/null
	mkdir "$D/w"
	chown nobody "$D/w"
	SU=$D/tunctl-setuid
	for cmd in "echo open0 --user root" "echo open0 --user daemon" \
		"capture open0 --attach -w $D/w/root.pcap --user root"; do
		# shellcheck disable=SC2086
		run --separate-stderr timeout 20 "${AS_NOBODY[@]}" "$SU" $cmd
		[ "$status" -eq 1 ] || fail "$cmd: status $status ($stderr)"
		assert_one_error_line
		user=${cmd##* }
		assert_equal "$stderr" "tunctl: ${cmd%% *}: --user $user: only root may become another user"
	done
	[ ! -e "$D/w/root.pcap" ]
	# The caller itself: allowed, and the file is the caller's.
	ping_until_done 10.7.0.2 "${AS_NOBODY[@]}" "$SU" capture open0 --attach \
		-c 1 -w "$D/w/self.pcap" --user nobody
	[ "$status" -eq 0 ] || fail "capture --user nobody: status $status: $stderr"
	[ "$(stat -c %u "$D/w/self.pcap")" = "$NOBODY_UID" ]
	# Granted CAP_SETUID and CAP_SETGID, the user's tunctl gives them up.
	# shellcheck disable=SC2016 # $PPID is the shell's, in the device's command
	run as_nobody "$SU" create t0 -- sh -c 'grep -E "^CapPrm" "/proc/$PPID/status"'
	assert_success
	assert_output --regexp $'^CapPrm:\t0+1000$'
}

@test "privilege hints only where a privilege is missing" {
	# A file the user may not read is not a missing CAP_NET_ADMIN.
	run --separate-stderr as_nobody "$BIN" -b /etc/shadow
	assert_failure 1
	assert_equal "$stderr" "tunctl: /etc/shadow: Permission denied"
	# root without CAP_SETUID: --user says that is what it needs.
	tc create open0 --open >/dev/null
	run --separate-stderr ip netns exec "$NS" setpriv \
		--bounding-set -setuid,-setgid "$TUNCTL" echo open0 --user nobody
	assert_failure 1
	assert_one_error_line
	assert_equal "$stderr" "tunctl: echo: --user: becoming user $NOBODY_UID needs CAP_SETUID and CAP_SETGID (Operation not permitted)"
}

@test "create gives the device to its maker unless --open; show says who may open it" {
	tc create sd0 >/dev/null
	[ "$(ip_owner sd0)" = root ]
	assert_equal "$(kernel_attach sd0)" EPERM
	tc create so0 --open >/dev/null
	[ "$(ip -n "$NS" -d -j link show so0 | jq '.[0].linkinfo.info_data | has("user") or has("group")')" = false ]
	assert_equal "$(kernel_attach so0)" ok
	run tc show
	assert_line "sd0: mode tun mtu 1500 flags persist owner 0 queues 0"
	assert_line "so0: mode tun mtu 1500 flags persist owner none queues 0"
	[ "$(tc -j show sd0 | jq -c '.[0] | [.owner, .open]')" = '[0,false]' ]
	[ "$(tc -j show so0 | jq -c '.[0] | [.owner, .open]')" = '[null,true]' ]
	# a user's device is the user's
	run as_nobody "$BIN" create nd0
	assert_success
	[ "$(ip_owner nd0)" = nobody ]
	# --exist-ok compares with the default too
	run tc create sd0 --exist-ok
	assert_success
	run --separate-stderr tc create so0 --exist-ok
	assert_failure 1
	assert_equal "$stderr" "tunctl: create: so0: exists, but is not the same device: it has no owner"
	run tc create so0 --exist-ok --open
	assert_success
	run --separate-stderr tc create sd0 --exist-ok --open
	assert_failure 1
	assert_equal "$stderr" "tunctl: create: sd0: exists, but is not the same device: it is not open: its owner is 0"
	# and a user cannot take root's device over with --exist-ok
	before=$(ns_state)
	run --separate-stderr as_nobody "$BIN" create sd0 --exist-ok --mtu 1300
	assert_failure 1
	assert_equal "$stderr" "tunctl: create: sd0: belongs to user 0: only root or its owner may use it"
	assert_state_unchanged "$before"
	run --separate-stderr tc create so1 --open --owner root
	assert_failure 2
	assert_one_error_line
}

@test "a user's batch of deletes checks every device, line by line" {
	run as_nobody "$BIN" create nd0
	run as_nobody "$BIN" create nd1
	tc create sd0 >/dev/null
	printf 'delete nd0\ndelete sd0\ndelete nd1\n' >"$D/batch"
	chmod 644 "$D/batch"
	run --separate-stderr as_nobody "$BIN" -b "$D/batch"
	assert_failure 1
	assert_one_error_line
	assert_equal "$stderr" "tunctl: batch:2: delete: sd0: belongs to user 0: only root or its owner may use it"
	[ "$(ip -n "$NS" -j link show | jq -r '[.[].ifname | select(. != "lo")] | sort | join(" ")')" = "nd1 sd0" ]
}

@test "a user may change its own device with set, but not give it away or move it" {
	ip netns add "$NS-b"
	run as_nobody "$BIN" create own0 --addr 10.4.0.1/24
	assert_success
	before=$(ns_state)
	run --separate-stderr as_nobody "$BIN" set own0 --owner 4242
	assert_failure 1
	assert_equal "$stderr" "tunctl: set: 4242: only root may give a device to another user"
	run --separate-stderr as_nobody "$BIN" set own0 --group 4243
	assert_failure 1
	assert_equal "$stderr" "tunctl: set: 4243: only root may give a device to a group it is not in"
	run --separate-stderr as_nobody "$BIN" set own0 --netns "$NS-b"
	assert_failure 1
	assert_equal "$stderr" "tunctl: set: $NS-b: only root may move a device into another namespace"
	ip netns del "$NS-b"
	assert_state_unchanged "$before"
	assert_equal "$(ip_owner own0)" nobody
	run as_nobody "$BIN" set own0 --txqueuelen 77 --owner nobody
	assert_success
	[ "$(ip -n "$NS" -j link show own0 | jq '.[0].txqlen')" = 77 ]
}
