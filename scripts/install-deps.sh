#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs, from Debian packages, what one use of the tree needs:
#   scripts/install-deps.sh [demo|build|check|all]
# demo: `make demo`; build: `make` and `make install`; check: `make check`;
# all (the default): check, plus clang for `make fuzz`, wine for
# `make check-windows` and debootstrap for `make fresh-check`.
# Quick and silent when everything is already there.
set -eu

BUILD_PKGS="build-essential pkg-config libmnl-dev libcap-dev libpcap-dev"
DEMO_PKGS="$BUILD_PKGS iproute2 iputils-ping"
CHECK_PKGS="$DEMO_PKGS libcmocka-dev bats bats-support bats-assert jq valgrind
tcpdump tshark socat python3 mandoc bsdextrautils libcap2-bin lsof psmisc zsh fish
gcc-mingw-w64-x86-64"
ALL_PKGS="$CHECK_PKGS clang libclang-rt-14-dev wine wine64 debootstrap"

# How long apt-get takes, as `make fresh-check` measured on a minimal
# Debian 12 (2 CPUs, Debian's CDN).
profile=${1:-all}
case $profile in
demo)
	packages=$DEMO_PKGS
	why="for make demo (compiler, pkg-config, libmnl, libcap, libpcap, iproute2, ping)"
	takes="a minute or two" ;;
build)
	packages=$BUILD_PKGS
	why="to build tunctl (compiler, pkg-config, libmnl, libcap, libpcap)"
	takes="a minute or two" ;;
check)
	packages=$CHECK_PKGS
	why="for make check (the build, cmocka, bats, valgrind, tcpdump, tshark, mingw-w64 and the other test tools)"
	takes="3 to 5 minutes" ;;
all)
	packages=$ALL_PKGS
	why="to build and run every test, fuzzers and Windows tests included (make check's tools, clang, wine, debootstrap)"
	takes="4 to 8 minutes" ;;
*)
	echo "install-deps: unknown profile '$profile' (demo, build, check or all)" >&2
	exit 2 ;;
esac

missing=
for p in $packages; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages:$missing" >&2
	echo "install-deps: run as root, or: sudo apt-get install$missing" >&2
	exit 1
fi
count=$(echo "$missing" | wc -w)
echo "install-deps: installing $count Debian packages $why; apt-get takes $takes:$missing"
log=$(mktemp "${TMPDIR:-/tmp}/install-deps.XXXXXX")
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
if ! { apt-get update -q && apt-get install -y -q --no-install-recommends $missing; } \
	>"$log" 2>&1; then
	tail -n 20 "$log" >&2
	echo "install-deps: apt-get failed; its whole output is in $log" >&2
	exit 1
fi
rm -f "$log"
