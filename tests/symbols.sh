#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/symbols.sh BUILD: libtunctl.a and libtunctl.so define, for a
# program that links them, exactly the functions lib/tunctl.h (and the
# lib/tunctl_packet.h it includes) declares:
# every public name, and no internal one (such as nl_state or tun_fail)
# to collide with a program's own. The Apple-only ones are left out here.
set -eu
build=${1:-build}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# The headers' TUNCTL_EXPORT functions, outside the Apple-only block.
cat lib/tunctl.h lib/tunctl_packet.h |
	sed -e '/^#if defined(__APPLE__)/,/^#endif/d' |
	tr '\n' ' ' | grep -o 'TUNCTL_EXPORT [^(;]*(' |
	sed -e 's/($//' -e 's/.*[ *]//' | grep '^tun_' | sort -u >"$dir/header"
[ -s "$dir/header" ] || { echo "symbols: no TUNCTL_EXPORT in lib/tunctl.h"; exit 1; }

nm -g --defined-only "$build/libtunctl.a" |
	awk 'NF == 3 { print $3 }' | sort -u >"$dir/static"
nm -D --defined-only "$build/libtunctl.so" |
	awk 'NF == 3 && $2 != "A" { sub(/@.*/, "", $3); print $3 }' |
	sort -u >"$dir/shared"

status=0
for lib in static shared; do
	if ! diff -u "$dir/header" "$dir/$lib" >"$dir/diff"; then
		echo "symbols: the $lib library does not export exactly lib/tunctl.h's names"
		echo "(- declared but missing, + exported but not public):"
		sed 1,2d "$dir/diff" | grep '^[-+]'
		status=1
	fi
done
# Every public name is in version node LIBTUNCTL_1.0.
if nm -D --defined-only "$build/libtunctl.so" | awk 'NF == 3 && $2 != "A"' |
	grep -v '@@LIBTUNCTL_1\.0$'; then
	echo "symbols: names outside version LIBTUNCTL_1.0"
	status=1
fi
# tests/unit/test_api.c walks the whole header with bad arguments.
for name in $(cat "$dir/header"); do
	grep -qw "$name" tests/unit/test_api.c || {
		echo "symbols: $name is not in tests/unit/test_api.c"
		status=1
	}
done
[ "$status" -ne 0 ] ||
	echo "  SYMBOLS $(wc -l <"$dir/header") public names, nothing else, in libtunctl.a and libtunctl.so"
exit "$status"
