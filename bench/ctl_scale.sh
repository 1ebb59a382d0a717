#!/bin/bash
# SPDX-License-Identifier: MIT
# Control plane at scale: N TUN devices, each with an IPv4 and an IPv6
# address, an MTU, up and one route, then deleted -- with tunctl -b, with
# ip -batch, as a loop of single tunctl commands and as a loop of single ip
# commands, in the same run, each in a fresh namespace. Prints seconds and
# ratios (tunctl / ip). A benchmark, not a test: it checks no speed.
#
# usage: bench/ctl_scale.sh [N] [ROUNDS]   (defaults 1000 and 3; the loops
#        run N/10 devices, scaled up, to keep the run short)
set -eu

N=${1:-1000}
ROUNDS=${2:-3}
TUNCTL=$(realpath "${TUNCTL:-build/tunctl}")
LOOP_N=$(( N >= 100 ? N / 10 : N ))
WORK=$(mktemp -d)
NS="tunctl-bench-$$"

if [ "$(id -u)" -ne 0 ]; then
	echo "ctl_scale: needs root for network namespaces" >&2
	exit 1
fi
cleanup() { ip netns del "$NS" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

# Addresses for device i: 10.A.B.1/32, fd00::I:1/128, route 172.(16+A).B.0/24.
gen() {
	local n=$1 i a b
	: >"$WORK/t.create"; : >"$WORK/ip.create"
	: >"$WORK/t.delete"; : >"$WORK/ip.delete"
	for ((i = 0; i < n; i++)); do
		a=$((i / 250)) b=$((i % 250))
		echo "create t$i --mtu 1400 --addr 10.$a.$b.1/32 --addr fd00::$i:1/128 --up --route 172.$((16 + a)).$b.0/24" >>"$WORK/t.create"
		printf '%s\n' "tuntap add t$i mode tun" "link set t$i mtu 1400" \
			"addr add 10.$a.$b.1/32 dev t$i" \
			"addr add fd00::$i:1/128 dev t$i nodad" "link set t$i up" \
			"route add 172.$((16 + a)).$b.0/24 dev t$i" >>"$WORK/ip.create"
		echo "delete t$i" >>"$WORK/t.delete"
		echo "link del t$i" >>"$WORK/ip.delete"
	done
}

now() { date +%s.%N; }
elapsed() { echo "$(now) $1" | awk '{ printf "%.3f", $1 - $2 }'; }

# Each timing runs in a namespace of its own, made and removed untimed.
fresh_ns() { ip netns del "$NS" 2>/dev/null || true; ip netns add "$NS"; }

expect_devices() {
	local got
	got=$(ip -n "$NS" -o link show | grep -c ': t[0-9]' || true)
	[ "$got" -eq "$1" ] || { echo "ctl_scale: expected $1 devices, found $got" >&2; exit 1; }
}

time_batch() { # create-file delete-file tool -> "create delete" seconds
	local t0 c d
	fresh_ns
	t0=$(now)
	if [ "$3" = tunctl ]; then "$TUNCTL" -n "$NS" -b "$1" >/dev/null
	else ip -n "$NS" -batch "$1"; fi
	c=$(elapsed "$t0")
	expect_devices "$4"
	t0=$(now)
	if [ "$3" = tunctl ]; then "$TUNCTL" -n "$NS" -b "$2" >/dev/null
	else ip -n "$NS" -batch "$2"; fi
	d=$(elapsed "$t0")
	expect_devices 0
	echo "$c $d"
}

# One process per command: each step for every device, tunctl then ip, in
# a fresh namespace each; prints "tunctl-seconds ip-seconds" per step.
STEPS="create mtu addr4 addr6 up route delete"
tunctl_step() { # step i
	local a=$(($2 / 250)) b=$(($2 % 250))
	case $1 in
	create) echo "create t$2" ;;
	mtu) echo "mtu t$2 1400" ;;
	addr4) echo "addr add t$2 10.$a.$b.1/32" ;;
	addr6) echo "addr add t$2 fd00::$2:1/128" ;;
	up) echo "up t$2" ;;
	route) echo "route add t$2 172.$((16 + a)).$b.0/24" ;;
	delete) echo "delete t$2" ;;
	esac
}
ip_step() {
	local a=$(($2 / 250)) b=$(($2 % 250))
	case $1 in
	create) echo "tuntap add t$2 mode tun" ;;
	mtu) echo "link set t$2 mtu 1400" ;;
	addr4) echo "addr add 10.$a.$b.1/32 dev t$2" ;;
	addr6) echo "addr add fd00::$2:1/128 dev t$2 nodad" ;;
	up) echo "link set t$2 up" ;;
	route) echo "route add 172.$((16 + a)).$b.0/24 dev t$2" ;;
	delete) echo "link del t$2" ;;
	esac
}
time_loop() { # tool n -> seconds per step, in STEPS order
	local tool=$1 n=$2 step i t0 out=() cmds
	fresh_ns
	for step in $STEPS; do
		cmds=$WORK/$tool.$step
		for ((i = 0; i < n; i++)); do "${tool}_step" "$step" "$i"; done >"$cmds"
		t0=$(now)
		while read -r line; do
			# shellcheck disable=SC2086
			if [ "$tool" = tunctl ]; then "$TUNCTL" -n "$NS" $line >/dev/null
			else ip -n "$NS" $line; fi
		done <"$cmds"
		out+=("$(elapsed "$t0")")
	done
	expect_devices 0
	echo "${out[*]}"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

run_rounds() { # label cmd... -> median create, median delete
	local c=() d=() r out
	for ((r = 0; r < ROUNDS; r++)); do
		out=$("$@")
		c+=("${out% *}") d+=("${out#* }")
	done
	echo "$(printf '%s\n' "${c[@]}" | median) $(printf '%s\n' "${d[@]}" | median)"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

gen "$N"
echo "ctl_scale: $N devices, median of $ROUNDS rounds; single commands on $LOOP_N devices"
read -r tb_c tb_d < <(run_rounds time_batch "$WORK/t.create" "$WORK/t.delete" tunctl "$N")
read -r ib_c ib_d < <(run_rounds time_batch "$WORK/ip.create" "$WORK/ip.delete" ip "$N")
read -r -a tl < <(time_loop tunctl "$LOOP_N")
read -r -a il < <(time_loop ip "$LOOP_N")

printf '\n%-24s %10s %10s\n' "" "create (s)" "delete (s)"
printf '%-24s %10s %10s\n' "tunctl -b" "$tb_c" "$tb_d"
printf '%-24s %10s %10s\n' "ip -batch" "$ib_c" "$ib_d"
printf 'ratio tunctl -b / ip -batch: create %s (target <= 0.8), delete %s (target <= 0.05)\n' \
	"$(ratio "$tb_c" "$ib_c")" "$(ratio "$tb_d" "$ib_d")"
printf '\nsingle commands, %s each:\n%-8s %10s %10s %7s\n' "$LOOP_N" step "tunctl (s)" "ip (s)" ratio
i=0
for step in $STEPS; do
	printf '%-8s %10s %10s %7s\n' "$step" "${tl[$i]}" "${il[$i]}" "$(ratio "${tl[$i]}" "${il[$i]}")"
	i=$((i + 1))
done
echo "(target: every single-command ratio <= 1.0)"
