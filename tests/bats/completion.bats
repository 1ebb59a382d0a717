#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The bash completion, driven the way bash drives it: COMP_WORDS and
# COMP_CWORD in, COMPREPLY out. Live values come from a namespace the test
# makes and fills with build/tunctl.

bats_require_minimum_version 1.5.0
load helpers
load shells

setup() {
	# shellcheck source=../../completions/tunctl.bash
	source "$BATS_TEST_DIRNAME/../../completions/tunctl.bash"
}

teardown() { netns_teardown; }

sh_netns_setup() {
	require_root
	NS="sh-comp-$$-${BATS_TEST_NUMBER}"
	ip netns add "$NS"
	ip -n "$NS" link set lo up
}

# complete WORD... : the words of the line, the last one being completed;
# the result, sorted, one per line, in $output.
complete_words() {
	COMP_WORDS=("$TUNCTL" "$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="${COMP_WORDS[*]}"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	# bash runs completion functions without errexit, as here.
	set +e
	_tunctl "$TUNCTL" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	set -e
	output=$(printf '%s\n' "${COMPREPLY[@]}" | sort)
}

# The sorted words given as arguments, one per line.
words() { printf '%s\n' "$@" | sort; }

@test "complete -F _tunctl is registered for tunctl" {
	run complete -p tunctl
	assert_success
	assert_output "complete -F _tunctl tunctl"
}

@test "the first word completes to the commands" {
	complete_words ""
	assert_equal "$output" "$(words create delete show list addr route mtu set up down capture echo wait monitor help)"
	complete_words "de"
	assert_equal "$output" "$(words delete)"
	complete_words "-j" "r"
	assert_equal "$output" "$(words route)"
}

@test "a dash before the command completes to the global options" {
	complete_words "-"
	assert_equal "$output" "$(words -n --netns -j --json -b --batch --force -q --quiet -V --version -s --stats -h --help)"
	complete_words "--n"
	assert_equal "$output" "$(words --netns)"
}

@test "addr and route complete their verbs, help completes commands then verbs" {
	complete_words addr ""
	assert_equal "$output" "$(words add del show flush)"
	complete_words route d
	assert_equal "$output" "$(words del)"
	complete_words help ""
	assert_equal "$output" "$(words create delete show list addr route mtu set up down capture echo wait monitor help)"
	complete_words help addr ""
	assert_equal "$output" "$(words add del show flush)"
}

@test "each command completes its own options" {
	complete_words addr add tun0 10.0.0.1/24 -
	assert_equal "$output" "$(words --peer --exist-ok -h --help)"
	complete_words route del tun0 -
	assert_equal "$output" "$(words --via --metric --table -h --help)"
	complete_words show --n
	assert_equal "$output" "$(words --names)"
	complete_words create tun0 --mu
	assert_equal "$output" "$(words --multi-queue)"
	complete_words create tun0 --e
	assert_equal "$output" "$(words --exist-ok)"
	complete_words capture tun0 --r
	assert_equal "$output" "$(words --read --rotate --rotate-size)"
	complete_words echo --q
	assert_equal "$output" "$(words --queues)"
}

@test "an option's value is not taken for the device: create --mtu 1400 --<TAB>" {
	complete_words create --mtu 1400 --nam
	assert_equal "$output" "$(words --name-file)"
	# and no options or devices are offered for the value itself
	complete_words create --mtu ""
	assert_equal "$output" ""
}

@test "-n completes namespace names from /run/netns" {
	sh_netns_setup
	complete_words -n "sh-comp-$$-"
	assert_equal "$output" "$NS"
	complete_words --netns "sh-comp-$$-"
	assert_equal "$output" "$NS"
	complete_words --netns = "sh-comp-$$-"
	assert_equal "$output" "$NS"
}

@test "device names come live from tunctl -n NETNS show --names" {
	sh_netns_setup
	tc create shc0 >/dev/null
	tc create shc1 --tap >/dev/null
	complete_words -n "$NS" show ""
	assert_equal "$output" "$(words shc0 shc1)"
	complete_words -n "$NS" delete shc1
	assert_equal "$output" "shc1"
	complete_words -n "$NS" -j mtu ""
	assert_equal "$output" "$(words shc0 shc1)"
	complete_words --netns "$NS" up s
	assert_equal "$output" "$(words shc0 shc1)"
	complete_words -n "$NS" addr show ""
	assert_equal "$output" "$(words shc0 shc1)"
	complete_words -n "$NS" route add ""
	assert_equal "$output" "$(words shc0 shc1)"
	complete_words -n "$NS" capture ""
	assert_equal "$output" "$(words shc0 shc1)"
	# only the first word is a device
	complete_words -n "$NS" mtu shc0 ""
	assert_equal "$output" ""
	# create names a new device: nothing to offer
	complete_words -n "$NS" create ""
	assert_equal "$output" ""
}

@test "without -n the devices are those of the current namespace" {
	sh_netns_setup
	tc create shc0 >/dev/null
	# Run the completion itself inside the namespace.
	run ip netns exec "$NS" bash -c '
		source "$1"
		COMP_WORDS=("$2" show ""); COMP_CWORD=2; _tunctl
		printf "%s\n" "${COMPREPLY[@]}"' sh \
		"$BATS_TEST_DIRNAME/../../completions/tunctl.bash" "$TUNCTL"
	assert_success
	assert_output "shc0"
}

@test "addr del NAME and route del NAME complete what the device has" {
	sh_netns_setup
	tc create shc0 --addr 10.0.0.1/24 --addr fd00::1/64 --up \
		--route 10.1.0.0/16 --via 10.0.0.2 --route fd01::/64 >/dev/null
	complete_words -n "$NS" addr del shc0 ""
	# the kernel also gave the device a link-local address
	assert_equal "$(grep -v '^fe80:' <<<"$output")" "$(words 10.0.0.1/24 fd00::1/64)"
	complete_words -n "$NS" addr del shc0 10.
	assert_equal "$output" "10.0.0.1/24"
	complete_words -n "$NS" route del shc0 10.1
	assert_equal "$output" "10.1.0.0/16"
	complete_words -n "$NS" route del shc0 fd01
	assert_equal "$output" "fd01::/64"
}

# complete_typed LINE: what bash does on TAB at the end of LINE with
# complete -F _tunctl: the words split as bash splits them (blanks, and a
# run of COMP_WORDBREAKS characters such as "::" a word of its own), then
# the text after the last blank or break replaced by the candidate. Prints
# the new line when there is one candidate, else the candidates.
complete_typed() {
	local line=$1
	mapfile -t COMP_WORDS < <(grep -oE '[^[:space:]:=]+|[:=]+' <<<"$line")
	[[ $line != *[[:space:]] ]] || COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE=$line
	COMP_POINT=${#line}
	COMPREPLY=()
	set +e
	_tunctl "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	set -e
	if [ "${#COMPREPLY[@]}" -eq 1 ]; then
		output="${line%"${line##*[[:space:]:=]}"}${COMPREPLY[0]}"
	else
		output=$(printf '%s\n' "${COMPREPLY[@]}" | sort)
	fi
}

@test "bash completes IPv6 addresses and routes past their colons" {
	sh_netns_setup
	tc create shc0 --addr fd00::1/64 --addr fd00:1::5/64 --up --route fd01:2::/64 >/dev/null
	l="$TUNCTL -n $NS addr del shc0"
	complete_typed "$l fd00::"
	assert_equal "$output" "$l fd00::1/64"
	complete_typed "$l fd00:1"
	assert_equal "$output" "$l fd00:1::5/64"
	complete_typed "$l fd00:1::"
	assert_equal "$output" "$l fd00:1::5/64"
	# Both start with "fd00:": bash shows what follows that colon.
	complete_typed "$l fd00:"
	assert_equal "$output" "$(words :1/64 1::5/64)"
	l="$TUNCTL -n $NS route del shc0"
	complete_typed "$l fd01:"
	assert_equal "$output" "$l fd01:2::/64"
	# Nothing else changed: options after a colon-free word, devices.
	complete_typed "$TUNCTL -n $NS addr del sh"
	assert_equal "$output" "$TUNCTL -n $NS addr del shc0"
	complete_typed "$TUNCTL route add shc0 fd02::/64 --me"
	assert_equal "$output" "$TUNCTL route add shc0 fd02::/64 --metric"
}

@test "a missing namespace or tunctl gives no devices and no error" {
	run --separate-stderr complete_words -n sh-no-such-netns show ""
	assert_success
	[ -z "$stderr" ]
	COMP_WORDS=(/nonexistent/tunctl show "")
	COMP_CWORD=2
	set +e
	run --separate-stderr _tunctl
	set -e
	assert_success
	[ -z "$stderr" ]
	[ "${#COMPREPLY[@]}" -eq 0 ]
}

@test "-b, -w and --name-file complete file names" {
	mkdir "$BATS_TEST_TMPDIR/dir"
	touch "$BATS_TEST_TMPDIR/dir/lines.batch" "$BATS_TEST_TMPDIR/dir/out.pcap"
	complete_words -b "$BATS_TEST_TMPDIR/dir/li"
	assert_equal "$output" "$BATS_TEST_TMPDIR/dir/lines.batch"
	complete_words --batch "$BATS_TEST_TMPDIR/dir/"
	assert_equal "$output" "$(words "$BATS_TEST_TMPDIR/dir/lines.batch" "$BATS_TEST_TMPDIR/dir/out.pcap")"
	complete_words capture tun0 -w "$BATS_TEST_TMPDIR/dir/o"
	assert_equal "$output" "$BATS_TEST_TMPDIR/dir/out.pcap"
	complete_words capture tun0 --write "$BATS_TEST_TMPDIR/dir/o"
	assert_equal "$output" "$BATS_TEST_TMPDIR/dir/out.pcap"
	complete_words create tun0 --name-file "$BATS_TEST_TMPDIR/dir/o"
	assert_equal "$output" "$BATS_TEST_TMPDIR/dir/out.pcap"
	complete_words create tun0 --name-file = "$BATS_TEST_TMPDIR/dir/o"
	assert_equal "$output" "$BATS_TEST_TMPDIR/dir/out.pcap"
}

@test "--owner and --user complete users, --group groups" {
	complete_words create tun0 --owner roo
	assert_equal "$output" "root"
	complete_words echo tun0 --user roo
	assert_equal "$output" "root"
	complete_words create tun0 --group roo
	assert_equal "$output" "root"
}

@test "create ... -- completes a command, then its arguments as files" {
	complete_words create tun0 --up -- bat
	[[ "$output" == *bats* ]]
	mkdir "$BATS_TEST_TMPDIR/d" && touch "$BATS_TEST_TMPDIR/d/script.sh"
	complete_words create tun0 -- sh "$BATS_TEST_TMPDIR/d/sc"
	assert_equal "$output" "$BATS_TEST_TMPDIR/d/script.sh"
}

@test "capture completes filter words after the device" {
	complete_words capture tun0 ic
	assert_equal "$output" "$(words icmp icmp6)"
}

@test "zsh and fish also complete live device names, addresses and routes in a namespace" {
	sh_netns_setup
	tc create shc0 --addr 10.0.0.1/24 --up --route 10.1.0.0/16 >/dev/null
	tc create shc1 >/dev/null
	assert_equal "$(zsh_complete -n "$NS" show "")" "$(words shc0 shc1)"
	assert_equal "$(zsh_complete --netns="$NS" mtu "")" "$(words shc0 shc1)"
	assert_equal "$(zsh_complete -n "$NS" addr del shc0 "" | grep -v '^fe80:')" "10.0.0.1/24"
	zsh_complete -n "$NS" route del shc0 "" | grep -qx 10.1.0.0/16
	assert_equal "$(zsh_complete -n "$NS" mtu shc0 "")" ""
	assert_equal "$(fish_complete -n "$NS" show "")" "$(words shc0 shc1)"
	assert_equal "$(fish_complete --netns="$NS" up "")" "$(words shc0 shc1)"
	assert_equal "$(fish_complete -n "$NS" addr del shc0 "" | grep -v '^fe80:')" "10.0.0.1/24"
	fish_complete -n "$NS" route del shc0 "" | grep -qx 10.1.0.0/16
	assert_equal "$(fish_complete -n "$NS" mtu shc0 "")" ""
	fish_complete -n "" | grep -qx "$NS"
	zsh_complete -n "" | grep -qx "$NS"
}
