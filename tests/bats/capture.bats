#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# tunctl capture against the tools a user would check it with: tcpdump -r
# and tshark -r read its files, and agree with the lines it printed.

bats_require_minimum_version 1.5.0
load datapath

setup() { dp_setup; }
teardown() { netns_teardown; }

# A device answered by tunctl echo, so that pings come back.
answered() {
	local dev=$1
	shift
	tc create "$dev" "$@" --up >/dev/null
	start echo "$TUNCTL" -n "$NS" -q echo "$dev"
	wait_until_reader "$dev"
}

# A reader brings the carrier up.
wait_until_reader() {
	local i=0
	until tc -j show "$1" | jq -e '.[0].flags | index("carrier")' >/dev/null; do
		i=$((i + 1))
		[ "$i" -le 100 ] || fail "nothing attached to $1"
		sleep 0.05
	done
}

# capture ARGS...: tunctl capture in the background (as "capture"),
# waiting until it listens.
capture_bg() {
	start capture "$TUNCTL" -n "$NS" capture "$@"
	wait_line "$OUT/capture.err" "tunctl: capture: (listening on|reading from)"
}

# From our lines or tshark's fields: "SRC DST SEQ" per ICMP echo packet.
our_echoes() {
	sed -n 's/^[0-9:.]* IP6\{0,1\} \([^ ]*\) > \([^ ]*\): ICMP6\{0,1\},\{0,1\} echo [a-z]*, id [0-9]*, seq \([0-9]*\),.*/\1 \2 \3/p' "$1"
}

@test "capture -c N -w FILE: tcpdump -r counts N, tshark decodes the addresses and ICMP seqs it printed" {
	answered tun0 --addr 10.0.0.1/24
	capture_bg tun0 -c 6 -w "$OUT/ping.pcap" icmp
	ping_ok -c 3 -i 0.1 10.0.0.2
	finish capture
	[ "$STATUS" -eq 0 ]
	[ "$(grep -c 'ICMP echo' "$OUT/capture.out")" -eq 6 ]
	run cat "$OUT/capture.err"
	assert_line '6 packets captured, 6 received by filter, 0 dropped by kernel'

	run --separate-stderr tcpdump -r "$OUT/ping.pcap" -n
	assert_success
	[ "${#lines[@]}" -eq 6 ]
	run tcpdump -r "$OUT/ping.pcap" -n 2>&1
	assert_output --partial "link-type RAW"

	ours=$(our_echoes "$OUT/capture.out")
	theirs=$(tshark -r "$OUT/ping.pcap" -T fields -e ip.src -e ip.dst \
		-e icmp.seq 2>/dev/null | tr '\t' ' ')
	[ -n "$ours" ]
	[ "$ours" = "$theirs" ] || fail "ours: $ours | tshark: $theirs"
	[ "$(wc -l <<<"$ours")" -eq 6 ]
	# The same lines as tcpdump's own, field for field after the time.
	diff <(cut -d' ' -f2- "$OUT/capture.out") \
		<(tcpdump -r "$OUT/ping.pcap" -n 2>/dev/null | cut -d' ' -f2-)
}

@test "capture over TUN, IPv6: tshark agrees on addresses and sequence numbers" {
	answered tun0 --addr fd00::1/64
	capture_bg tun0 -c 4 -w "$OUT/ping6.pcap" icmp6 and 'ip6[40] >= 128'
	ping_ok -6 -c 2 -i 0.1 fd00::2
	finish capture
	[ "$STATUS" -eq 0 ]
	ours=$(our_echoes "$OUT/capture.out")
	theirs=$(tshark -r "$OUT/ping6.pcap" -T fields -e ipv6.src -e ipv6.dst \
		-e icmpv6.echo.sequence_number 2>/dev/null | tr '\t' ' ')
	[ "$(wc -l <<<"$ours")" -eq 4 ]
	[ "$ours" = "$theirs" ] || fail "ours: $ours | tshark: $theirs"
}

@test "capture -e on TAP prints Ethernet headers as tcpdump -e does, and writes LINKTYPE_ETHERNET" {
	answered tap0 --tap --addr 10.1.0.1/24
	capture_bg tap0 -e -c 4 -w "$OUT/tap.pcap" arp or icmp
	ping_ok -c 1 10.1.0.2
	finish capture
	[ "$STATUS" -eq 0 ]
	run cat "$OUT/capture.out"
	assert_line --index 0 --regexp '^[0-9:.]+ ([0-9a-f]{2}:){5}[0-9a-f]{2} > ff:ff:ff:ff:ff:ff, ethertype ARP \(0x0806\), length 42: Request who-has 10\.1\.0\.2 tell 10\.1\.0\.1, length 28$'
	assert_line --index 1 --regexp '^[0-9:.]+ 02:74:([0-9a-f]{2}:){3}[0-9a-f]{2} > ([0-9a-f]{2}:){5}[0-9a-f]{2}, ethertype ARP \(0x0806\), length 42: Reply 10\.1\.0\.2 is-at 02:74:'
	assert_line --index 2 --regexp ', ethertype IPv4 \(0x0800\), length 98: 10\.1\.0\.1 > 10\.1\.0\.2: ICMP echo request, id [0-9]+, seq 1, length 64$'
	run tcpdump -r "$OUT/tap.pcap" -n -e 2>&1
	assert_output --partial "link-type EN10MB"
	diff <(cut -d' ' -f2- "$OUT/capture.out") \
		<(tcpdump -r "$OUT/tap.pcap" -n -e 2>/dev/null | cut -d' ' -f2-)
	run --separate-stderr tshark -r "$OUT/tap.pcap" -T fields -e eth.src -e arp.opcode -e icmp.seq
	[ "${#lines[@]}" -eq 4 ]
}

@test "SIGINT mid-capture leaves a readable file with as many packets as were printed" {
	answered tun0 --addr 10.0.0.1/24
	capture_bg tun0 -w "$OUT/int.pcap" icmp
	ping_ok -c 10 -i 0.05 10.0.0.2
	# Stop while packets keep coming.
	timeout 30 ip netns exec "$NS" ping -q -c 200 -i 0.01 10.0.0.2 \
		>/dev/null 2>&1 3>&- &
	sleep 0.5
	finish capture INT
	[ "$STATUS" -eq 0 ]
	printed=$(grep -c 'ICMP echo' "$OUT/capture.out")
	[ "$printed" -ge 20 ]
	run --separate-stderr tcpdump -r "$OUT/int.pcap" -n
	assert_success
	[ "${#lines[@]}" -eq "$printed" ]
	run cat "$OUT/capture.err"
	assert_line --regexp "^$printed packets captured, [0-9]+ received by filter, 0 dropped by kernel$"
}

@test "capture -w - writes pcap to standard output for tcpdump -r -" {
	answered tun0 --addr 10.0.0.1/24
	capture_bg tun0 -c 4 -w - icmp
	ping_ok -c 2 -i 0.1 10.0.0.2
	finish capture
	[ "$STATUS" -eq 0 ]
	run --separate-stderr tcpdump -r - -n <"$OUT/capture.out"
	assert_success
	[ "${#lines[@]}" -eq 4 ]
	assert_line --index 0 --partial "IP 10.0.0.1 > 10.0.0.2: ICMP echo request"
	run cat "$OUT/capture.err"
	assert_line '4 packets captured, 4 received by filter, 0 dropped by kernel'
}

@test "capture -j prints one JSON object per packet, then the summary" {
	answered tun0 --addr 10.0.0.1/24
	start capture "$TUNCTL" -n "$NS" -j capture tun0 -c 2 udp
	wait_line "$OUT/capture.err" "listening on"
	nsx python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.0.0.1", 40001))
s.sendto(b"abc", ("10.0.0.2", 53)); s.sendto(b"defgh", ("10.0.0.2", 53))'
	finish capture
	run jq -c . "$OUT/capture.out"
	assert_success
	[ "${#lines[@]}" -eq 3 ]
	run jq -r 'select(.proto) | [.family, .src, .sport, .dst, .dport, .proto, .length, .len, .ttl] | @tsv' "$OUT/capture.out"
	assert_line --index 0 "$(printf 'inet\t10.0.0.1\t40001\t10.0.0.2\t53\tudp\t3\t31\t64')"
	assert_line --index 1 "$(printf 'inet\t10.0.0.1\t40001\t10.0.0.2\t53\tudp\t5\t33\t64')"
	jq -s -e 'map(select(.proto) | .time | type == "number") | all' "$OUT/capture.out"
	run jq -c 'select(.captured)' "$OUT/capture.out"
	assert_output '{"captured":2,"received":2,"dropped":0}'
}

@test "capture -x adds a hex dump of each packet" {
	answered tun0 --addr 10.0.0.1/24
	capture_bg tun0 -c 1 -x icmp
	ping_ok -c 1 10.0.0.2
	finish capture
	run cat "$OUT/capture.out"
	assert_line --index 1 --regexp $'^\t0x0000:  4500 0054 [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{2}01 [0-9a-f]{4} 0a00 0001$'
	assert_line --index 6 --regexp $'^\t0x0050:  [0-9a-f]{4} [0-9a-f]{4}$'
}

@test "capture --attach reads a persistent device that nobody holds, filtering in user space" {
	tc create tun0 --addr 10.0.0.1/24 --addr fd00::1/64 --up
	capture_bg --attach tun0 -c 2 -w "$OUT/attach.pcap" icmp6 and 'ip6[40] == 128'
	tc -j show tun0 | jq -e '.[0].flags | index("carrier")'
	timeout 10 ip netns exec "$NS" ping -c 2 -i 0.1 -W 1 10.0.0.2 || true
	timeout 10 ip netns exec "$NS" ping -6 -c 2 -i 0.1 -W 1 fd00::2 || true
	finish capture
	[ "$STATUS" -eq 0 ]
	[ "$(grep -c 'ICMP6, echo request' "$OUT/capture.out")" -eq 2 ]
	run --separate-stderr tcpdump -r "$OUT/attach.pcap" -n
	[ "${#lines[@]}" -eq 2 ]
	run cat "$OUT/capture.err"
	assert_line --regexp '^2 packets captured, [0-9]+ read from the device, 0 unreadable$'
}

@test "capture --attach takes the device inherited from create -- (TUNCTL_FD)" {
	start create "$TUNCTL" -n "$NS" create --addr 10.0.0.1/24 --up -- \
		"$TUNCTL" capture --attach -c 2 -w "$OUT/inherited.pcap" -- icmp
	wait_line "$OUT/create.err" "reading from tun"
	timeout 10 ip netns exec "$NS" ping -c 2 -i 0.1 -W 1 10.0.0.2 || true
	finish create
	[ "$STATUS" -eq 0 ]
	run --separate-stderr tcpdump -r "$OUT/inherited.pcap" -n
	[ "${#lines[@]}" -eq 2 ]
}

@test "a running capture has no effective capabilities, watching or attached" {
	answered tun0 --addr 10.0.0.1/24
	capture_bg tun0
	[ "$(cap_eff "$PID")" = 0000000000000000 ]
	ping_ok -c 2 -i 0.1 10.0.0.2
	finish capture TERM
	[ "$STATUS" -eq 0 ]
	[ "$(grep -c 'ICMP echo' "$OUT/capture.out")" -eq 4 ]
	tc create tun1 --addr 10.5.0.1/24 --up
	capture_bg --attach tun1 --user nobody
	[ "$(cap_eff "$PID")" = 0000000000000000 ]
	[ "$(awk '/^Uid:/ { print $2 }' "/proc/$PID/status")" = "$(id -u nobody)" ]
	finish capture INT
	[ "$STATUS" -eq 0 ]
}

@test "capture on a device that is down fails with exit 1 and says how to bring it up" {
	tc create tun0 >/dev/null
	run --separate-stderr timeout 10 "$TUNCTL" -n "$NS" capture tun0 -c 1
	assert_failure 1
	assert_one_error_line
	[ "$stderr" = "tunctl: capture: tun0: the device is down (bring it up: tunctl up tun0)" ]
}

@test "capture: bad input exits 2 with one line and changes nothing" {
	tc create tun0 --addr 10.0.0.1/24 --up
	before=$(ns_state)
	assert_bad_inputs capture <<-'EOF'
		tun0 -c 0|COUNT must be 1-
		tun0 -c -3|COUNT must be a number
		tun0 -c ten|COUNT must be a number
		tun0 icmp and|syntax error
		tun0 nosuchprotocol|nosuchprotocol
		tun0 port 99999|port 99999
		tun0 -w|needs a value
		tun0 --user no-such-user-here|no such user
		tun0 --frob|unknown option
		|missing NAME
		--attach|missing NAME
	EOF
	assert_state_unchanged "$before"
	# A filter the compiler refuses: pcap's own words.
	run --separate-stderr tc capture tun0 'tcp[tcpflags] &'
	assert_failure 2
	assert_one_error_line
	[[ "$stderr" == "tunctl: capture: tcp[tcpflags] &: "* ]]
}

# ---- output that cannot be written is an error (issue 9) -----------------

@test "capture -c 5 >/dev/full exits 1 and says standard output is full" {
	answered tun0 --addr 10.0.0.1/24
	start capture sh -c "exec '$TUNCTL' -n '$NS' capture tun0 -c 5 icmp >/dev/full"
	wait_line "$OUT/capture.err" "listening on"
	timeout 30 ip netns exec "$NS" ping -q -c 20 -i 0.1 -W 1 10.0.0.2 >/dev/null 3>&- &
	finish capture
	kill %1 2>/dev/null || true
	[ "$STATUS" -eq 1 ]
	run grep -v -e '^tunctl: capture: listening on' -e ' packets captured, ' "$OUT/capture.err"
	assert_output 'tunctl: capture: standard output: No space left on device'
}

# head -2 reads two lines and exits; with SIGPIPE ignored (as systemd runs
# services) nothing kills tunctl, so it must notice by itself, also when no
# further packet comes to be written.
@test "capture | head -2 ends promptly with SIGPIPE ignored, even when no more packets come" {
	answered tun0 --addr 10.0.0.1/24
	start pipeline bash -c "trap '' PIPE
		'$TUNCTL' -n '$NS' capture tun0 icmp 2>'$OUT/capture.err' | head -2
		echo \"\${PIPESTATUS[*]}\" >'$OUT/pipeline.status'"
	wait_line "$OUT/capture.err" "listening on"
	# One request and its reply: exactly the two lines head takes.
	ping_ok -c 1 10.0.0.2
	finish pipeline
	[ "$(wc -l <"$OUT/pipeline.out")" -eq 2 ]
	run cat "$OUT/pipeline.status"
	assert_output '1 0'
	run cat "$OUT/capture.err"
	assert_line 'tunctl: capture: standard output: Broken pipe'
	assert_line --regexp '^2 packets captured'
}

@test "capture | head -2 with SIGPIPE ignored ends while packets keep coming" {
	answered tun0 --addr 10.0.0.1/24
	timeout 60 ip netns exec "$NS" ping -q -c 300 -i 0.05 10.0.0.2 >/dev/null 2>&1 3>&- &
	SECONDS=0
	run timeout 20 env --ignore-signal=PIPE bash -c \
		"'$TUNCTL' -n '$NS' capture tun0 icmp 2>'$OUT/capture.err' | head -2; echo \"\${PIPESTATUS[*]}\""
	kill %1 2>/dev/null || true
	[ "$SECONDS" -lt 10 ] || fail "took ${SECONDS}s"
	assert_line --index 2 '1 0'
	grep -qx 'tunctl: capture: standard output: Broken pipe' "$OUT/capture.err"
}

@test "capture -w /dev/full ends at once, before listening, with exit 1" {
	answered tun0 --addr 10.0.0.1/24
	run --separate-stderr timeout 10 "$TUNCTL" -n "$NS" capture tun0 -w /dev/full
	assert_failure 1
	assert_one_error_line
	[ "$stderr" = "tunctl: capture: /dev/full: No space left on device" ]
}

# A 64 KiB tmpfs in a mount namespace of our own fills up mid-capture.
@test "capture -w on a full disk: no cut record, the count is the file's, exit 1" {
	answered tun0 --addr 10.0.0.1/24
	mkdir "$OUT/mnt"
	timeout 60 ip netns exec "$NS" ping -q -c 400 -i 0.01 -s 1000 10.0.0.2 \
		>/dev/null 2>&1 3>&- &
	run --separate-stderr timeout 50 unshare -m sh -c "
		mount -t tmpfs -o size=64k tunctl-test '$OUT/mnt' || exit 99
		'$TUNCTL' -n '$NS' capture tun0 -w '$OUT/mnt/full.pcap' icmp >'$OUT/lines'
		s=\$?
		cp '$OUT/mnt/full.pcap' '$OUT/full.pcap'
		exit \$s"
	kill %1 2>/dev/null || true
	[ "$status" -ne 99 ] || skip "cannot mount a tmpfs here"
	[ "$status" -eq 1 ] || fail "status $status: $stderr"
	[[ "$stderr" == *"tunctl: capture: $OUT/mnt/full.pcap: No space left on device"* ]]
	count=$(sed -n 's/^\([0-9]*\) packets captured.*/\1/p' <<<"$stderr")
	[ "$count" -gt 10 ]
	run --separate-stderr tcpdump -n -r "$OUT/full.pcap"
	assert_success
	[ -z "$stderr" ] || [[ "$stderr" == "reading from file"* ]] || fail "tcpdump: $stderr"
	[ "${#lines[@]}" -eq "$count" ]
	run --separate-stderr tshark -r "$OUT/full.pcap"
	assert_success
	stderr=$(grep -v '^Running as user "root"' <<<"$stderr" || true)
	[ -z "$stderr" ] || fail "tshark: $stderr"
	[ "${#lines[@]}" -eq "$count" ]
	# The file is exactly its header and whole records.
	[ "$(stat -c %s "$OUT/full.pcap")" -eq $((24 + count * (16 + 1028))) ]
}

@test "SIGHUP ends a capture like SIGINT: summary, whole file, exit 0" {
	answered tun0 --addr 10.0.0.1/24
	capture_bg tun0 -w "$OUT/hup.pcap" icmp
	ping_ok -c 3 -i 0.1 10.0.0.2
	# -w takes packets in blocks, handed over within 100 ms.
	sleep 0.5
	finish capture HUP
	[ "$STATUS" -eq 0 ]
	run cat "$OUT/capture.err"
	assert_line --regexp '^6 packets captured, 6 received by filter, 0 dropped by kernel$'
	run --separate-stderr tcpdump -r "$OUT/hup.pcap" -n
	assert_success
	[ "${#lines[@]}" -eq 6 ]
}

# ---- writing files: rotation and the other tcpdump options ----------------

@test "capture -G: files start on the clock's minute, each whole before the next, -W keeps the newest" {
	# 300 packets a second apart from 22:13:20 UTC; TZ fixes the names.
	python3 "$BATS_TEST_DIRNAME/../tools/gen_pcap.py" 300 "$OUT/in.pcap" 1700000000 1000000
	cd "$OUT"
	run --separate-stderr env TZ=UTC "$TUNCTL" capture -r in.pcap -w 'part-%H%M.pcap' -G 60
	assert_success
	# Aligned: 40 packets until 22:14:00, then a minute each (tcpdump's
	# -G would count 60 from the first packet).
	for f in 2213:40 2214:60 2215:60 2216:60 2217:60 2218:20; do
		run --separate-stderr tcpdump -n -r "part-${f%:*}.pcap"
		assert_success
		[ "${#lines[@]}" -eq "${f#*:}" ] || fail "part-${f%:*}.pcap: ${#lines[@]} packets"
		[[ "$stderr" != *truncated* ]]
	done
	rm part-*.pcap
	run --separate-stderr env TZ=UTC "$TUNCTL" capture -r in.pcap -w 'part-%H%M.pcap' -G 60 -W 2
	assert_success
	run ls part-*.pcap
	assert_output $'part-2217.pcap\npart-2218.pcap'
}

@test "capture -C: numbered files below the size, together every packet, -W keeps the newest" {
	python3 "$BATS_TEST_DIRNAME/../tools/gen_pcap.py" 40000 "$OUT/in.pcap"
	cd "$OUT"
	run --separate-stderr "$TUNCTL" capture -r in.pcap -w size.pcap -C 1
	assert_success
	total=0
	for f in size.pcap size.pcap1 size.pcap2; do
		[ "$(stat -c %s "$f")" -le 1000000 ]
		n=$(tcpdump -n -r "$f" 2>/dev/null | wc -l)
		total=$((total + n))
	done
	[ ! -e size.pcap3 ]
	[ "$total" -eq 40000 ]
	run --separate-stderr "$TUNCTL" capture -r in.pcap -w keep.pcap -C 1 -W 1
	assert_success
	run ls keep.pcap*
	assert_output keep.pcap2
}

@test "capture -G 1 live: every file whole, together as many packets as captured" {
	answered tun0 --addr 10.0.0.1/24
	capture_bg tun0 -w "$OUT/live-%H%M%S.pcap" -G 1 icmp
	ping_ok -c 25 -i 0.1 10.0.0.2
	sleep 0.5
	finish capture INT
	[ "$STATUS" -eq 0 ]
	total=0
	for f in "$OUT"/live-*.pcap; do
		run --separate-stderr tshark -r "$f"
		assert_success
		total=$((total + $(tcpdump -n -r "$f" 2>/dev/null | wc -l)))
	done
	[ "$(ls "$OUT"/live-*.pcap | wc -l)" -ge 2 ]
	[ "$total" -eq 50 ]
	run cat "$OUT/capture.err"
	assert_line --regexp '^50 packets captured'
}

@test "capture -s SNAPLEN keeps the first bytes, watching and attached; -B and --immediate are taken" {
	answered tun0 --addr 10.0.0.1/24
	capture_bg tun0 -s 40 -B 1024 --immediate -c 2 -w "$OUT/snap.pcap" icmp
	grep -q 'snapshot length 40 bytes' "$OUT/capture.err"
	ping_ok -c 1 -s 200 10.0.0.2
	finish capture
	[ "$STATUS" -eq 0 ]
	run --separate-stderr tshark -r "$OUT/snap.pcap" -T fields -e frame.cap_len -e frame.len
	assert_line --index 0 $'40\t228'
	run tcpdump -r "$OUT/snap.pcap" 2>&1
	assert_output --partial "snapshot length 40"
	tc create tun1 --addr 10.6.0.1/24 --up
	capture_bg --attach tun1 -s 30 -c 1 -w "$OUT/snap2.pcap" icmp
	timeout 10 ip netns exec "$NS" ping -c 1 -W 1 10.6.0.2 || true
	finish capture
	run --separate-stderr tshark -r "$OUT/snap2.pcap" -T fields -e frame.cap_len -e frame.len
	assert_line --index 0 $'30\t84'
}

@test "capture -w - --print: pcap on standard output, the lines on standard error; -l" {
	answered tun0 --addr 10.0.0.1/24
	capture_bg tun0 -c 2 -w - --print -l icmp
	ping_ok -c 1 10.0.0.2
	finish capture
	[ "$STATUS" -eq 0 ]
	run --separate-stderr tcpdump -n -r - <"$OUT/capture.out"
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	grep -q ': ICMP echo request, id' "$OUT/capture.err"
	grep -q ': ICMP echo reply, id' "$OUT/capture.err"
}

@test "capture: bad writing options exit 2 with one line" {
	tc create tun0 --addr 10.0.0.1/24 --up
	assert_bad_inputs capture <<-'EOF'
		tun0 -G 10|go with -w FILE
		tun0 --print|go with -w FILE
		tun0 -w f -W 3|goes with -G or -C
		tun0 -w f -G 0|SECONDS must be
		tun0 -w f -C 0|MB must be
		tun0 -s 0|SNAPLEN must be
		tun0 -s 300000|SNAPLEN must be
		tun0 -B 0|KB must be
		tun0 -x -A|choose one of them
		-r|needs a value
	EOF
}
