#!/bin/sh
# SPDX-License-Identifier: MIT
# The scenarios of `make check-rump`, one rump kernel (one driver process)
# each: tunctl's CLI configures a tun, and the driver reads the kernel's
# state back through ioctls and RTM_GET, none of it tunctl's code.
#
#   tests/rump/scenarios.sh DRIVER OUTDIR
set -u

driver=$1 out=$2
pass=0 fail=0

# The output of step STEP in LOG: the lines after "# STEP" up to the next "# ".
section() {
	awk -v s="# $2" '$0 == s { on = 1; next } /^# / { on = 0 } on' "$1"
}

check() { # NAME LOG WANT-LINE...
	c_name=$1 c_log=$2
	shift 2
	for want; do
		if ! grep -qxF -- "$want" "$c_log"; then
			echo "  FAIL    $c_name: no line '$want' in $c_log" >&2
			fail=$((fail + 1))
			return
		fi
	done
	echo "  PASS    $c_name"
	pass=$((pass + 1))
}

check_json() { # NAME LOG STEP JQ-EXPR
	section "$2" "$3" | grep -v '^exit ' >"$out/json.log"
	if [ -s "$out/json.log" ] && jq -e "$4" "$out/json.log" >/dev/null 2>&1; then
		echo "  PASS    $1"
		pass=$((pass + 1))
	else
		echo "  FAIL    $1: '$4' is not true of the output of '$3' in $2" >&2
		fail=$((fail + 1))
	fi
}

# ---- configuration: batch mode, then the kernel's own answers ---------------
cat >"$out/config.batch" <<'BATCH'
create tun0
addr add tun0 10.9.0.1/24
addr add tun0 10.9.1.1/32 --peer 10.9.1.2
addr add tun0 fd00:9::1/64
mtu tun0 1400
up tun0
route add tun0 10.20.0.0/24 --via 10.9.0.2
route add tun0 10.30.0.0/24
route add tun0 fd00:20::/64 --via fd00:9::2
BATCH
cat >"$out/unconfig.batch" <<'BATCH'
route del tun0 10.20.0.0/24 --via 10.9.0.2
route del tun0 10.30.0.0/24
addr del tun0 10.9.0.1/24
addr del tun0 fd00:9::1/64
down tun0
BATCH
log=$out/config.log
"$driver" "tunctl -b $out/config.batch" \
	"link tun0" "addr tun0 10.9.0.1" "addr tun0 10.9.1.1" \
	"addr tun0 fd00:9::1" "route 10.20.0.0/24" "route 10.30.0.0/24" \
	"route fd00:20::/64" \
	"tunctl show tun0" "tunctl -j show tun0" "tunctl addr show tun0" \
	"tunctl -j addr show tun0" "tunctl route show tun0" \
	"tunctl -j route show tun0" "tunctl mtu tun0" \
	"tunctl -b $out/unconfig.batch" \
	"link tun0" "addr tun0 10.9.0.1" "addr tun0 10.9.1.1" \
	"addr tun0 fd00:9::1" "route 10.20.0.0/24" "route 10.30.0.0/24" \
	"tunctl delete tun0" "link tun0" >"$log" 2>&1
echo "  RUN     driver: configuration ($log)"

step() { section "$log" "$1" >"$out/step.log"; }
step "tunctl -b $out/config.batch"
check "batch: create, addr add (v4, peer, v6), mtu, up, route add" \
	"$out/step.log" "exit 0"
check "kernel: tun0 up with MTU 1400" "$log" "link tun0 up mtu=1400"
check "kernel: 10.9.0.1/24 on tun0" "$log" \
	"addr 10.9.0.1 present mask=255.255.255.0"
check "kernel: 10.9.1.1 with peer 10.9.1.2" "$log" \
	"addr 10.9.1.1 present mask=255.255.255.255 dst=10.9.1.2"
check "kernel: fd00:9::1 on tun0" "$log" "addr fd00:9::1 present"
check "kernel: 10.20.0.0/24 via 10.9.0.2" "$log" \
	"route 10.20.0.0/24 gateway=10.9.0.2 ifp=tun0 via"
check "kernel: 10.30.0.0/24 through tun0" "$log" \
	"route 10.30.0.0/24 gateway=link ifp=tun0"
check "kernel: fd00:20::/64 via fd00:9::2" "$log" \
	"route fd00:20::/64 gateway=fd00:9::2 ifp=tun0 via"
check_json "show -j: tun0, up, MTU 1400" "$log" "tunctl -j show tun0" \
	'(if type == "array" then .[0] else . end) | .name == "tun0" and .mtu == 1400'
check_json "addr show -j: the three addresses" "$log" "tunctl -j addr show tun0" \
	'[.. | strings] | (index("10.9.0.1/24") != null) and (index("fd00:9::1/64") != null) and (index("10.9.1.1/32") != null)'
check_json "route show -j: both IPv4 routes and the IPv6 one" "$log" \
	"tunctl -j route show tun0" \
	'[.. | strings] | (index("10.20.0.0/24") != null) and (index("10.30.0.0/24") != null) and (index("fd00:20::/64") != null)'
step "tunctl mtu tun0"
check "mtu: prints 1400" "$out/step.log" "1400" "exit 0"
step "tunctl -b $out/unconfig.batch"
check "batch: route del, addr del, down" "$out/step.log" "exit 0"
check "kernel: tun0 down" "$log" "link tun0 down mtu=1400"
check "kernel: addresses gone" "$log" "addr 10.9.0.1 absent" \
	"addr fd00:9::1 absent"
check "kernel: routes gone" "$log" "route 10.20.0.0/24 absent" \
	"route 10.30.0.0/24 absent"
step "tunctl delete tun0"
check "delete: tun0 gone" "$out/step.log" "exit 0"
check "kernel: no tun0" "$log" "link tun0 absent"

# ---- the data path: pings from the rump stack into the tun -----------------
create="tunctl create tun0 --addr 10.9.1.1/32 --peer 10.9.1.2 --addr fd00:9::1/64 --up"
log=$out/echo.log
"$driver" "$create" "ping 10.9.1.2 3" "tunctl echo tun0 -c 3" "wait" \
	"ping fd00:9::2 3" "tunctl echo tun0 -c 3" "wait" \
	"tunctl delete tun0" >"$log" 2>&1
echo "  RUN     driver: echo ($log)"
check "echo: the stack's IPv4 pings answered" "$log" \
	"replies 3 of 3 to 10.9.1.2"
check "echo: the stack's IPv6 pings answered" "$log" \
	"replies 3 of 3 to fd00:9::2"

log=$out/capture.log
"$driver" "$create" "ping 10.9.1.2 2" "tunctl capture tun0 -c 2 --attach" \
	"wait" "ping fd00:9::2 2" \
	"tunctl capture tun0 -c 2 --attach -w $out/capture.pcap" "wait" \
	"tunctl delete tun0" >"$log" 2>&1
echo "  RUN     driver: capture ($log)"
section "$log" "tunctl capture tun0 -c 2 --attach" >"$out/step.log"
if [ "$(grep -c 'IP 10\.9\.1\.1 > 10\.9\.1\.2: ICMP echo request' \
	"$out/step.log")" -eq 2 ]; then
	check "capture: two IPv4 echo requests" "$out/step.log" "exit 0"
else
	echo "  FAIL    capture: two IPv4 echo requests ($out/step.log)" >&2
	fail=$((fail + 1))
fi
if command -v tcpdump >/dev/null &&
	tcpdump -nr "$out/capture.pcap" 2>/dev/null >"$out/tcpdump.log" &&
	[ "$(grep -c 'IP6 fd00:9::1 > fd00:9::2: ICMP6, echo request' \
		"$out/tcpdump.log")" -eq 2 ]; then
	echo "  PASS    capture -w: tcpdump reads two ICMPv6 echo requests"
	pass=$((pass + 1))
else
	echo "  FAIL    capture -w: tcpdump -r $out/capture.pcap" >&2
	fail=$((fail + 1))
fi

echo "check-rump: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
