# SPDX-License-Identifier: MIT
# The traffic of capture_corpus.bats, also usable from a shell:
#   . tests/bats/corpus.bash; corpus_make DIR

TOOLS=${BATS_TEST_DIRNAME:-$(dirname "${BASH_SOURCE[0]}")}/../tools

# Three namespaces: c (10.20.1.2, fd20:1::2) - r - s (10.20.2.2, fd20:2::2).
corpus_net() {
	local p=$1
	for n in c r s; do
		ip netns add "$p$n"
		ip -n "$p$n" link set lo up
	done
	ip link add c0 netns "${p}c" type veth peer name r0 netns "${p}r"
	ip link add s0 netns "${p}s" type veth peer name r1 netns "${p}r"
	ip -n "${p}r" link set r1 mtu 1280
	ip -n "${p}s" link set s0 mtu 1280
	ip -n "${p}c" addr add 10.20.1.2/24 dev c0
	ip -n "${p}c" addr add fd20:1::2/64 dev c0 nodad
	ip -n "${p}r" addr add 10.20.1.1/24 dev r0
	ip -n "${p}r" addr add fd20:1::1/64 dev r0 nodad
	ip -n "${p}r" addr add 10.20.2.1/24 dev r1
	ip -n "${p}r" addr add fd20:2::1/64 dev r1 nodad
	ip -n "${p}s" addr add 10.20.2.2/24 dev s0
	ip -n "${p}s" addr add fd20:2::2/64 dev s0 nodad
	for l in "c c0" "r r0" "r r1" "s s0"; do
		set -- $l
		ip -n "$p$1" link set "$2" up
	done
	ip netns exec "${p}r" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	ip -n "${p}c" route add default via 10.20.1.1
	ip -n "${p}c" -6 route add default via fd20:1::1
	ip -n "${p}s" route add default via 10.20.2.1
	ip -n "${p}s" -6 route add default via fd20:2::1
}

corpus_traffic() {
	local p=$1
	local c="ip netns exec ${p}c" s="ip netns exec ${p}s"
	$s timeout 30 python3 "$TOOLS/dns_peer.py" serve 10.20.2.2 >/dev/null 2>&1 3>&- &
	$s timeout 30 python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.20.2.2", 7777)); s.listen()
c, _ = s.accept(); data = c.recv(100); c.sendall(data.upper()); c.close()' >/dev/null 2>&1 3>&- &
	$s timeout 30 socat -u UDP6-RECV:9999,bind=[fd20:2::2] /dev/null >/dev/null 2>&1 3>&- &
	sleep 0.5
	$c ping -q -c 2 -i 0.2 10.20.2.2 >/dev/null
	$c ping -q -6 -c 2 -i 0.2 fd20:2::2 >/dev/null
	$c python3 -c '
import socket
s = socket.create_connection(("10.20.2.2", 7777)); s.sendall(b"hello"); s.recv(100); s.close()'
	$c python3 "$TOOLS/dns_peer.py" ask 10.20.2.2
	$c python3 -c '
import socket
for a, f in (("10.20.2.2", socket.AF_INET), ("fd20:2::2", socket.AF_INET6)):
    socket.socket(f, socket.SOCK_DGRAM).sendto(b"x" * 20, (a, 9))
socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).sendto(b"hi", ("fd20:2::2", 9999))'
	$c ping -q -c 1 -M do -s 1400 10.20.2.2 >/dev/null || true
	$c ping -q -6 -c 1 -M do -s 1400 fd20:2::2 >/dev/null || true
	$c ping -q -c 1 -t 1 10.20.2.2 >/dev/null || true
	$c ping -q -6 -c 1 -t 1 fd20:2::2 >/dev/null || true
	$c ping -q -c 1 -s 3000 10.20.2.2 >/dev/null
	$c ping -q -6 -c 1 -s 3000 fd20:2::2 >/dev/null
	$c python3 "$TOOLS/tunnel_send.py" 10.20.2.2 fd20:2::2
	$c ping -q -c 1 -W 4 10.20.2.99 >/dev/null || true
	sleep 0.5
}

# corpus_make DIR: the captures, in DIR.
corpus_make() {
	local P="cc-$$-" CORPUS=$1
	local c="ip netns exec ${P}c"
	corpus_net "$P"
	$c tcpdump -i c0 -w "$CORPUS/eth.pcap" >/dev/null 2>&1 3>&- &
	$c tcpdump -i any -w "$CORPUS/sll2.pcap" >/dev/null 2>&1 3>&- &
	$c tcpdump -i any -y LINUX_SLL -w "$CORPUS/sll.pcap" >/dev/null 2>&1 3>&- &
	sleep 1.5
	corpus_traffic "$P"
	sleep 1
	ip netns pids "${P}c" | xargs -r kill -INT
	sleep 0.5
	for n in c r s; do
		ip netns pids "$P$n" | xargs -r kill 2>/dev/null || true
		ip netns del "$P$n"
	done
	editcap -F pcapng "$CORPUS/eth.pcap" "$CORPUS/eth.pcapng"
	for link in raw null-le-10 null-le-24 null-be-28 null-le-30 loop-24; do
		python3 "$TOOLS/pcap_relink.py" "$CORPUS/eth.pcap" "$CORPUS/$link.pcap" "$link"
	done
}

