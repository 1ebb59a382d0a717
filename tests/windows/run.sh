#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs the Windows test programs under wine, in DIR (where tunctl.exe and the
# stand-in wintun.dll are): run.sh DIR TEST.exe...
# Then checks what tunctl.exe says when wintun.dll is missing or wrong.
# WINE= (set, but empty) runs them directly, as on a Windows machine.
set -u
dir=$1
shift
WINE=${WINE-wine}
if [ -n "$WINE" ] && ! command -v "$WINE" >/dev/null 2>&1; then
	echo "run.sh: $WINE not found (scripts/install-deps.sh installs it)" >&2
	exit 1
fi
cd "$dir" || exit 1
run() { # a hung test fails instead of holding CI
	if [ -n "$WINE" ]; then
		timeout 120 "$WINE" "$@"
	else
		prog=$1
		shift
		timeout 120 "./$prog" "$@"
	fi
}
if [ -n "$WINE" ]; then
	# A prefix of our own beside the tests; no Mono or Gecko installer.
	WINEPREFIX=${WINEPREFIX:-$(pwd)/wine-prefix}
	WINEDEBUG=-all
	WINEDLLOVERRIDES="mscoree=;mshtml="
	export WINEPREFIX WINEDEBUG WINEDLLOVERRIDES
	"$WINE" wineboot --init >/dev/null 2>&1
fi

passed=0
failed=0
pass() {
	passed=$((passed + 1))
	echo "  WINE    $1"
}
fail() {
	failed=$((failed + 1))
	echo "  WINE    $1: FAILED"
}

for t in "$@"; do
	if run "$t" >"$t.log" 2>&1; then
		pass "$t: $(grep -o 'PASSED.*' "$t.log")"
	else
		cat "$t.log"
		fail "$t"
	fi
done

# tunctl.exe without a usable wintun.dll says where to put one.
expect() { # NAME DLL-FILE-OR-EMPTY EXPECTED-TEXT
	rm -rf nodll && mkdir nodll && cp tunctl.exe nodll/ || return
	[ -n "$2" ] && cp "$2" nodll/wintun.dll
	out=$(cd nodll && run tunctl.exe create tn0 -- cmd 2>&1)
	case $out in
	*"$3"*) pass "$1" ;;
	*) echo "$out" && fail "$1" ;;
	esac
}
printf 'not a DLL' >notadll
expect "missing wintun.dll" "" "wintun.dll not found: put the amd64 wintun.dll"
expect "wintun.dll not a DLL" notadll "wintun.dll is not an amd64 DLL"
expect "a DLL that is not wintun" ../libtunctl.dll \
	"wintun.dll has no WintunCreateAdapter"
rm -rf nodll notadll

# Our prefix only: ends whatever a failed test left running.
[ -n "$WINE" ] && "${WINESERVER:-wineserver}" -k 2>/dev/null
echo "windows: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
