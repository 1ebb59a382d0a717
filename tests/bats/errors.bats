#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Bad input: exit 2, one line on stderr starting "tunctl: ", and nothing in
# the system changed. Missing privileges: exit 1 naming CAP_NET_ADMIN.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	netns_setup
	tc create tun0 --addr 10.0.0.1/24 --up --route 10.1.0.0/16 >/dev/null
}
teardown() { netns_teardown; }

# Each line: the arguments, a tab, a piece of the expected message.
BAD_INPUT='
	no command given
frobnicate	frobnicate: unknown command
--frob show	--frob: unknown option
-n	needs a value
create a/b	contains
create tun 0	unexpected argument
create 0123456789abcdef	longer than 15 bytes
create bad\x01name	control character
create tun%d%d	exactly one %d
create --addr 10.0.0.1/33	prefix length must be 0-32
create --addr 300.1.1.1/24	not a valid IPv4 address
create --addr fd00::g/64	not a valid IPv6 address
create --addr fd00::1/129	prefix length must be 0-128
create --addr	needs a value
create --mtu 0	MTU must be 68-65535
create --mtu 70000	MTU must be 68-65535
create --mtu abc	MTU must be a number
create --mtu -1	MTU must be a number
create --owner no-such-user-here	no such user
create --group no-such-group-here	no such group
create --addr 10.0.0.1/24 --peer fd00::2	different families
create --addr fd00::1/64 --peer 10.0.0.2	different families
create --peer 10.0.0.2	must follow an --addr
create --up --route 10.2.0.0/16 --via fd00::1	different families
create --up --route 10.2.0.1/16	did you mean 10.2.0.0/16
create --route 10.2.0.0/16	needs --up
create --up --route 10.2.0.0/16 --metric x	metric must be a number
create --via 10.0.0.2	must follow a --route
create --tap=yes	takes no value
create --frob	--frob: unknown option
create --	needs a COMMAND
delete	missing NAME
delete tun0 tun1	unexpected argument
delete tun/0	contains
delete tun%d	create template
show tun0 tun1	unexpected argument
show --frob	unknown option
addr	missing a verb
addr frob tun0	unknown verb
addr add	missing NAME
addr add tun0	missing PREFIX
addr add tun0 10.0.0.9/24 extra	unexpected argument
addr add tun0 10.0.0.1/33	prefix length must be 0-32
addr add tun0 300.1.1.1/24	not a valid IPv4 address
addr add tun0 fd00::g/64	not a valid IPv6 address
addr add tun0 fd00::1/129	prefix length must be 0-128
addr add tun0 10.0.0.9/24 --peer fd00::1	different families
addr add tun0 10.0.0.9/24 --peer nope	not an IPv4 or IPv6 address
addr add tun0 10.0.0.9/24 --peer 1.1.1.1 --peer 2.2.2.2	given twice
addr add 0123456789abcdef 10.0.0.9/24	longer than 15 bytes
addr del tun0	missing PREFIX
addr del tun0 10.0.0.1/24 --peer 10.0.0.2	unknown option
addr show tun0 extra	unexpected argument
route	missing a verb
route add tun0	missing PREFIX
route add tun0 10.2.0.1/16	did you mean 10.2.0.0/16
route add tun0 10.2.0.0/16 --via 300.0.0.1	not an IPv4 or IPv6 address
route add tun0 10.2.0.0/16 --via fd00::1	different families
route add tun0 10.2.0.0/16 --metric -1	metric must be a number
route add tun0 10.2.0.0/16 --metric 4294967296	metric must be 0-4294967295
route add tun0 10.2.0.0/16 --metric	needs a value
route del tun0 10.1.0.0/16 --metric abc	metric must be a number
route show tun0 extra	unexpected argument
mtu	missing NAME
mtu tun0 0	MTU must be 68-65535
mtu tun0 70000	MTU must be 68-65535
mtu tun0 abc	MTU must be a number
mtu tun0 1400 1500	unexpected argument
up	missing NAME
up tun0 tun1	unexpected argument
down	missing NAME
help nope	unknown command
'

@test "bad input: exit 2, one clear line, nothing changed (table)" {
	before=$(ns_state)
	while IFS=$'\t' read -r args want; do
		[ -n "$args$want" ] || continue
		# shellcheck disable=SC2086
		run --separate-stderr tc $(printf '%b' "$args")
		[ "$status" -eq 2 ] || fail "'$args': status $status, stderr: $stderr"
		assert_one_error_line
		[[ "$stderr" == *"$want"* ]] ||
			fail "'$args': expected '$want' in: $stderr"
		[ -z "$output" ] || fail "'$args': wrote to stdout: $output"
	done <<<"$BAD_INPUT"
	assert_state_unchanged "$before"
}

@test "a name with a space is refused" {
	run --separate-stderr tc create "bad name"
	assert_failure 2
	assert_one_error_line
	[[ "$stderr" == *"whitespace"* ]]
}

@test "a template name is accepted only by create" {
	run --separate-stderr tc mtu tun%d
	assert_failure 2
	assert_one_error_line
}

@test "an unknown network namespace: exit 1, names it" {
	run --separate-stderr "$TUNCTL" -n no-such-ns-here show
	assert_failure 1
	assert_one_error_line
	[[ "$stderr" == *"no-such-ns-here: no such network namespace"* ]]
}

# As nobody, without capabilities, in the test's namespace; /dev/net/tun
# may be 0600 here (0666 on a standard system): this process tree gets a
# 0666 one of its own.
as_nobody_in_ns() {
	ip netns exec "$NS" unshare -m sh -c 'mount -t tmpfs -o mode=755 e-devnet /dev/net &&
		mknod -m 666 /dev/net/tun c 10 200 &&
		exec setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$@"' sh "$@"
}

@test "without CAP_NET_ADMIN create says which capability and how to get it" {
	command -v setpriv >/dev/null || skip "setpriv (util-linux) missing"
	tc create tun1 --open >/dev/null
	before=$(ns_state)
	run --separate-stderr as_nobody_in_ns "$TUNCTL" create tun9
	assert_failure 1
	assert_one_error_line
	[[ "$stderr" == *"CAP_NET_ADMIN"* ]]
	[[ "$stderr" == *"setcap cap_net_admin+ep"* ]]
	run --separate-stderr as_nobody_in_ns "$TUNCTL" addr add tun1 10.0.0.7/24
	assert_failure 1
	[[ "$stderr" == *"CAP_NET_ADMIN"* ]]
	assert_state_unchanged "$before"
}

@test "a file's permissions are not a missing capability: no CAP_NET_ADMIN hint" {
	command -v setpriv >/dev/null || skip "setpriv (util-linux) missing"
	chmod 600 "$BATS_TEST_TMPDIR" # and /dev/net/tun may be 0600 too
	echo show >"$BATS_TEST_TMPDIR/cmds"
	run --separate-stderr ip netns exec "$NS" setpriv --reuid=65534 \
		--regid=65534 --clear-groups --inh-caps=-all "$TUNCTL" -b "$BATS_TEST_TMPDIR/cmds"
	assert_failure 1
	assert_one_error_line
	assert_equal "$stderr" "tunctl: $BATS_TEST_TMPDIR/cmds: Permission denied"
}

@test "help, -h and --help print usage on stdout with status 0" {
	for args in "help" "-h" "--help" "help help" "help --help" \
		"help create" "create --help" \
		"create -h" "help addr" "addr --help" "addr add --help" \
		"help route" "route del -h" "mtu --help" "up --help" \
		"down --help" "delete --help" "show --help" "list --help"; do
		# shellcheck disable=SC2086
		run --separate-stderr "$TUNCTL" $args
		[ "$status" -eq 0 ] || fail "$args: status $status"
		[[ "$output" == usage:* ]] || fail "$args: $output"
		[ -z "$stderr" ] || fail "$args: stderr $stderr"
	done
}

@test "--version says which tunctl this is" {
	run "$TUNCTL" --version
	assert_success
	assert_output --regexp '^tunctl .*, libtunctl .*not the uml-utilities tunctl'
	run "$TUNCTL" -V
	assert_success
}
