#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# tunctl echo against real peers: ping and ping -6 over TUN and TAP, a UDP
# client, the kernel's neighbour table, /proc for capabilities.

bats_require_minimum_version 1.5.0
load datapath

setup() { dp_setup; }
teardown() { netns_teardown; }

# A device with IPv4 and IPv6 addresses and tunctl echo answering on it.
echo_on() {
	local dev=$1
	shift
	start echo "$TUNCTL" -n "$NS" echo "$dev" "$@"
	wait_line "$OUT/echo.err" "answering on $dev"
}

@test "echo answers ping over TUN, IPv4 and IPv6, with 0% loss" {
	tc create tun0 --addr 10.0.0.1/24 --addr fd00::1/64 --up
	echo_on tun0
	ping_ok -c 20 -i 0.01 10.0.0.2
	ping_ok -6 -c 20 -i 0.01 fd00::2
	finish echo INT
	[ "$STATUS" -eq 0 ]
	run cat "$OUT/echo.err"
	assert_line --regexp '^[0-9]+ received, 40 answered, 0 neighbour answers, [0-9]+ dropped \(0 malformed\), 0 fragments$'
}

@test "echo answers any destination routed into the device" {
	tc create tun0 --addr 10.0.0.1/24 --addr fd00::1/64 --up \
		--route 10.9.0.0/16 --route fd09::/64
	echo_on tun0
	ping_ok -c 3 -i 0.05 10.9.8.7
	ping_ok -6 -c 3 -i 0.05 fd09::77
	finish echo TERM
	[ "$STATUS" -eq 0 ]
}

@test "echo over TAP answers ARP and neighbour solicitations, then ping and ping -6 with 0% loss" {
	tc create tap0 --tap --addr 10.1.0.1/24 --addr fd01::1/64 --up
	echo_on tap0
	mac=$(sed -n 's/.* as \([0-9a-f:]*\) .*/\1/p' "$OUT/echo.err")
	[[ "$mac" == 02:74:* ]]
	ping_ok -c 10 -i 0.01 10.1.0.2
	ping_ok -6 -c 10 -i 0.01 fd01::2
	# The kernel learned our stable, locally administered address.
	[ "$(ip -n "$NS" -j neigh show 10.1.0.2 | jq -r '.[0].lladdr')" = "$mac" ]
	[ "$(ip -n "$NS" -j neigh show fd01::2 | jq -r '.[0].lladdr')" = "$mac" ]
	finish echo INT
	run cat "$OUT/echo.err"
	assert_line --regexp '^[0-9]+ received, 20 answered, 2 neighbour answers,'
}

@test "echo on TAP never claims the interface's own address" {
	tc create tap0 --tap --addr 10.1.0.1/24 --up
	echo_on tap0 -v
	# An ARP probe and an announcement from the host itself go unanswered.
	nsx python3 - <<-'EOF'
		import socket, struct
		s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
		s.bind(("tap0", 0))
		mac = s.getsockname()[4]
		def arp(sender, target):
		    return (b"\xff" * 6 + mac + b"\x08\x06" +
		            struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + mac +
		            socket.inet_aton(sender) + b"\0" * 6 + socket.inet_aton(target))
		s.send(arp("0.0.0.0", "10.1.0.9"))   # probe
		s.send(arp("10.1.0.1", "10.1.0.1"))  # announcement
	EOF
	ping_ok -c 2 -i 0.05 10.1.0.2
	finish echo INT
	run grep -c 'is-at' "$OUT/echo.out"
	assert_output 1
}

@test "echo --udp reflects datagrams back to a real UDP client, IPv4 and IPv6" {
	tc create tun0 --addr 10.0.0.1/24 --addr fd00::1/64 --up
	echo_on tun0 --udp
	run timeout 10 ip netns exec "$NS" socat -T 2 - UDP:10.0.0.2:7777 <<<"hello over IPv4"
	assert_success
	assert_output "hello over IPv4"
	run timeout 10 ip netns exec "$NS" socat -T 2 - UDP6:[fd00::2]:5353 <<<"hello over IPv6"
	assert_success
	assert_output "hello over IPv6"
	# Ports swapped, checked by a client that looks at the sender.
	run timeout 10 ip netns exec "$NS" python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.0.0.1", 40000)); s.settimeout(2)
s.sendto(b"x" * 1000, ("10.0.0.2", 9))
data, peer = s.recvfrom(2000)
print(len(data), peer[0], peer[1])'
	assert_success
	assert_output "1000 10.0.0.2 9"
	finish echo INT
	run cat "$OUT/echo.err"
	assert_line --regexp '^[0-9]+ received, 3 answered,'
}

@test "echo answers pings and UDP larger than the MTU: fragments are put together" {
	tc create tun0 --addr 10.0.0.1/24 --addr fd00::1/64 --up
	tc create tap0 --tap --addr 10.1.0.1/24 --addr fd01::1/64 --up
	start echo "$TUNCTL" -n "$NS" echo tun0 --udp
	wait_line "$OUT/echo.err" "answering on tun0"
	start echo2 "$TUNCTL" -n "$NS" echo tap0
	wait_line "$OUT/echo2.err" "answering on tap0"
	ping_ok -c 3 -i 0.05 -s 4000 10.0.0.2
	ping_ok -6 -c 3 -i 0.05 -s 4000 fd00::2
	ping_ok -c 2 -i 0.05 -s 65000 10.0.0.2
	ping_ok -c 3 -i 0.05 -s 3000 10.1.0.2
	ping_ok -6 -c 3 -i 0.05 -s 3000 fd01::2
	run timeout 10 ip netns exec "$NS" python3 -c '
import socket
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.settimeout(2)
s.sendto(bytes(range(256)) * 40, ("fd00::2", 9))
data, peer = s.recvfrom(20000)
print(len(data), data == bytes(range(256)) * 40)'
	assert_output "10240 True"
	finish echo INT
	finish echo2 INT
	run cat "$OUT/echo.err"
	assert_line --regexp '^[0-9]+ received, 9 answered, 0 neighbour answers, [0-9]+ dropped \(0 malformed\), [1-9][0-9]+ fragments$'
}

@test "echo without --udp drops UDP and counts it" {
	tc create tun0 --addr 10.0.0.1/24 --up
	echo_on tun0
	run timeout 10 ip netns exec "$NS" socat -T 1 - UDP:10.0.0.2:7777 <<<"nobody home"
	assert_output ""
	finish echo INT
	run cat "$OUT/echo.err"
	assert_line --regexp '^[0-9]+ received, 0 answered, 0 neighbour answers, [1-9][0-9]* dropped \(0 malformed\)'
}

@test "echo -c COUNT stops by itself after COUNT replies" {
	tc create tun0 --addr 10.0.0.1/24 --up
	echo_on tun0 -c 3
	run timeout 30 ip netns exec "$NS" ping -c 5 -i 0.2 -W 1 10.0.0.2
	assert_output --partial "5 packets transmitted, 3 received"
	finish echo
	[ "$STATUS" -eq 0 ]
	run cat "$OUT/echo.err"
	assert_line --regexp '^[0-9]+ received, 3 answered,'
}

@test "echo -v prints each request and reply, -j as JSON lines" {
	tc create tun0 --addr 10.0.0.1/24 --up
	echo_on tun0 -v -c 2
	run timeout 10 ip netns exec "$NS" ping -c 2 -i 0.1 10.0.0.2
	finish echo
	# Only the pings: the kernel may send router solicitations too.
	run grep 'ICMP echo' "$OUT/echo.out"
	assert_line --index 0 --regexp '^[0-9:.]+ IP 10\.0\.0\.1 > 10\.0\.0\.2: ICMP echo request, id [0-9]+, seq 1, length 64$'
	assert_line --index 1 --regexp '^[0-9:.]+ IP 10\.0\.0\.2 > 10\.0\.0\.1: ICMP echo reply, id [0-9]+, seq 1, length 64$'
	assert_line --index 3 --regexp 'ICMP echo reply, id [0-9]+, seq 2, length 64$'

	start echo "$TUNCTL" -n "$NS" -j echo tun0 -v -c 1
	wait_line "$OUT/echo.err" "answering on tun0"
	run timeout 10 ip netns exec "$NS" ping -c 1 10.0.0.2
	finish echo
	run jq -c . "$OUT/echo.out"
	assert_success
	run jq -r 'select(.icmp == "echo request" or .icmp == "echo reply") | [.family, .src, .dst, .proto, .icmp, .seq, .len] | @tsv' "$OUT/echo.out"
	assert_line --index 0 "$(printf 'inet\t10.0.0.1\t10.0.0.2\ticmp\techo request\t1\t84')"
	assert_line --index 1 "$(printf 'inet\t10.0.0.2\t10.0.0.1\ticmp\techo reply\t1\t84')"
	run jq -c 'select(.received) | keys_unsorted, .answered' "$OUT/echo.out"
	assert_line --index 0 '["received","answered","neighbour","dropped","malformed","fragments"]'
	assert_line --index 1 1
}

@test "a running echo has no effective capabilities, and --user switches user" {
	tc create tun0 --addr 10.0.0.1/24 --up
	echo_on tun0
	[ "$(cap_eff "$PID")" = 0000000000000000 ]
	ping_ok -c 2 -i 0.1 10.0.0.2
	finish echo INT
	echo_on tun0 --user nobody
	[ "$(cap_eff "$PID")" = 0000000000000000 ]
	[ "$(awk '/^Uid:/ { print $2 }' "/proc/$PID/status")" = "$(id -u nobody)" ]
	ping_ok -c 2 -i 0.1 10.0.0.2
	finish echo INT
	[ "$STATUS" -eq 0 ]
}

@test "echo answers on the device inherited from create -- (TUNCTL_FD)" {
	start create "$TUNCTL" -n "$NS" create --addr 10.0.0.1/24 --up -- "$TUNCTL" echo -c 4
	wait_line "$OUT/create.err" "answering on tun"
	ping_ok -c 4 -i 0.05 10.0.0.2
	finish create
	[ "$STATUS" -eq 0 ]
	# The device went away with the command.
	run tc show --names
	assert_output ""
}

@test "echo --queues 2 attaches two queues of a multi-queue device and answers every flow" {
	tc create tun0 --multi-queue --addr 10.0.0.1/24 --up
	for i in 10 11 12 13 14 15; do
		ip -n "$NS" addr add "10.0.0.$i/24" dev tun0
	done
	echo_on tun0 --queues 2
	[ "$(tc -j show tun0 | jq '.[0].queues')" -eq 2 ]
	# Several flows, so that the kernel spreads them over the queues.
	pids=()
	for i in 10 11 12 13 14 15; do
		timeout 30 ip netns exec "$NS" ping -q -c 20 -i 0.01 -W 2 \
			-I "10.0.0.$i" "10.0.0.$((i + 50))" >"$OUT/ping$i" 2>&1 3>&- &
		pids+=($!)
	done
	wait "${pids[@]}"
	for i in 10 11 12 13 14 15; do
		grep -q " 0% packet loss" "$OUT/ping$i" || fail "$(cat "$OUT/ping$i")"
	done
	finish echo INT
	run cat "$OUT/echo.err"
	assert_line --regexp '^[0-9]+ received, 120 answered,'
}

# steer_by_size DEV: a steering program on multi-queue DEV that sends
# packets over 1000 bytes to queue 0 and the rest to queue 1, so that the
# pieces of one datagram (whole-MTU pieces, then a short last one) arrive
# on different queues. The kernel's own choice hashes addresses only and
# would keep them together; other steering (or a queue added meanwhile)
# does not.
steer_by_size() {
	timeout 10 ip netns exec "$NS" python3 - "$1" <<'PY'
import ctypes, fcntl, os, platform, struct, sys
nr = {"x86_64": 321, "aarch64": 280}.get(platform.machine())
if nr is None:
    sys.exit("no bpf syscall number for " + platform.machine())
libc = ctypes.CDLL(None, use_errno=True)
# r0 = skb->len; if r0 > 1000 return 0; return 1
code = struct.pack("<" + "BBhi" * 6, 0x61, 0x10, 0, 0, 0x25, 0, 2, 1000,
                   0xb7, 0, 0, 1, 0x95, 0, 0, 0, 0xb7, 0, 0, 0, 0x95, 0, 0, 0)
insns = ctypes.create_string_buffer(code, len(code))
lic = ctypes.create_string_buffer(b"GPL")
attr = struct.pack("<IIQQ", 1, 6, ctypes.addressof(insns),
                   ctypes.addressof(lic)) + bytes(104)
attr = ctypes.create_string_buffer(attr, len(attr))
prog = libc.syscall(nr, 5, attr, len(attr))  # BPF_PROG_LOAD
if prog < 0:
    sys.exit("BPF_PROG_LOAD: " + os.strerror(ctypes.get_errno()))
fd = os.open("/dev/net/tun", os.O_RDWR)
ifr = lambda name, flags: struct.pack("16sH22x", name, flags)
fcntl.ioctl(fd, 0x400454ca, ifr(sys.argv[1].encode(), 0x1101))  # TUNSETIFF
fcntl.ioctl(fd, 0x800454e0, struct.pack("i", prog))  # TUNSETSTEERINGEBPF
fcntl.ioctl(fd, 0x400454d9, ifr(b"", 0x0400))  # TUNSETQUEUE detach
PY
}

@test "echo --queues 2 puts together datagrams whose pieces came on different queues" {
	tc create tun0 --multi-queue --addr 10.0.0.1/24 --addr fd00::1/64 --up
	steer_by_size tun0
	echo_on tun0 --queues 2 --udp
	ping_ok -c 3 -i 0.05 -s 3000 10.0.0.2
	ping_ok -6 -c 3 -i 0.05 -s 3000 fd00::2
	run timeout 30 ip netns exec "$NS" python3 -c '
import socket
ok = 0
for dst, fam in (("10.0.0.2", socket.AF_INET), ("fd00::2", socket.AF_INET6)):
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.settimeout(3)
    msg = bytes(range(256)) * 12
    s.sendto(msg, (dst, 9))
    data, peer = s.recvfrom(5000)
    ok += data == msg
print(ok)'
	assert_output 2
	finish echo INT
	run cat "$OUT/echo.err"
	assert_line --regexp '^[0-9]+ received, 8 answered, 0 neighbour answers, [0-9]+ dropped \(0 malformed\), [1-9][0-9]* fragments$'
}

@test "echo counts malformed packets and other traffic, and keeps answering" {
	tc create tun0 --addr 10.0.0.1/24 --up
	echo_on tun0
	# An echo request with a wrong ICMP checksum, through a raw socket.
	nsx python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
s.sendto(bytes([8, 0, 0x12, 0x34, 0, 1, 0, 1]) + b"bad", ("10.0.0.2", 0))'
	# TCP is not answered.
	nsx timeout 2 bash -c 'echo > /dev/tcp/10.0.0.2/80' 2>/dev/null || true
	ping_ok -c 2 -i 0.05 10.0.0.2
	finish echo INT
	run cat "$OUT/echo.err"
	assert_line --regexp '^[0-9]+ received, 2 answered, 0 neighbour answers, [1-9][0-9]* dropped \(1 malformed\)'
}

@test "a second echo on a single-queue device fails: it already has a reader" {
	tc create tun0 --addr 10.0.0.1/24 --up
	echo_on tun0
	run --separate-stderr tc echo tun0
	assert_failure 1
	assert_one_error_line
	[[ "$stderr" == *"tun0 is held by pid $(cat "$OUT/echo.pid") (tunctl)"* ]] || fail "$stderr"
	finish echo INT
}

@test "echo: bad input exits 2 with one line and changes nothing" {
	tc create tun0 --addr 10.0.0.1/24 --up
	before=$(ns_state)
	assert_bad_inputs echo <<-'EOF'
		tun0 -c 0|COUNT must be 1-
		tun0 -c many|COUNT must be a number
		tun0 -c|needs a value
		tun0 --queues 0|N must be 1-16
		tun0 --queues 17|N must be 1-16
		tun0 --queues 2|not a multi-queue device
		tun0 --user no-such-user-here|no such user
		tun0 extra|unexpected argument
		tun0 --frob|unknown option
		|missing NAME
		--queues 2|needs NAME
	EOF
	assert_state_unchanged "$before"
	run --separate-stderr env TUNCTL_FD=nonsense "$TUNCTL" -n "$NS" echo
	assert_failure 2
	assert_one_error_line
}
