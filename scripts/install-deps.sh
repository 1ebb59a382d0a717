#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs what tunctl needs to build and test, from Debian packages only.
# Quick and silent when everything is already there.
set -eu

PACKAGES="
build-essential
pkg-config
libmnl-dev
libcap-dev
libpcap-dev
libcmocka-dev
bats
bats-support
bats-assert
iproute2
iputils-ping
jq
valgrind
tcpdump
tshark
socat
python3
clang
libclang-rt-14-dev
mandoc
zsh
fish
gcc-mingw-w64-x86-64
wine
wine64
"

missing=
for p in $PACKAGES; do
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
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null
