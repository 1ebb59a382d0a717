#!/bin/sh
# SPDX-License-Identifier: MIT
# The main job end to end, in a throwaway network namespace.
set -eu

TUNCTL=$(realpath "${1:-build/tunctl}")
NS="tunctl-demo-$$"

if [ "$(id -u)" -ne 0 ]; then
	echo "demo: run as root (it makes a network namespace)" >&2
	exit 1
fi
cleanup() { ip netns del "$NS" 2>/dev/null || true; }
trap cleanup EXIT INT TERM
ip netns add "$NS"
ip -n "$NS" link set lo up

if [ -t 1 ]; then bold='\033[1m' plain='\033[0m'; else bold= plain=; fi
step() { printf "\n${bold}\$ %s${plain}\n" "$*"; }
run() { step "tunctl -n $NS $*"; "$TUNCTL" -n "$NS" "$@"; }

echo "tunctl demo in network namespace $NS"
run create tun%d --mtu 1400 --addr 10.0.0.1/24 --addr fd00::1/64 --up \
	--route 10.1.0.0/16 --via 10.0.0.2
run show
run addr show tun0
run route show tun0
run mtu tun0 1280
run -j show tun0
step "ip -n $NS -br addr   # the kernel's own view"
ip -n "$NS" -br addr
run delete tun0
run show
echo
echo "demo: done; namespace $NS removed"
