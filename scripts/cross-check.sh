#!/bin/sh
# SPDX-License-Identifier: MIT
# Compile tunctl for another OS with clang against that OS's headers, and
# check that the backend defines every function lib/os/os.h declares.
#
#   scripts/cross-check.sh OUTDIR TARGET SYSROOT FILE...
#
# TARGET is a clang triple (x86_64-apple-macos11, x86_64-unknown-freebsd14,
# x86_64-unknown-openbsd7.7, x86_64-unknown-netbsd);
# SYSROOT a directory whose usr/include holds the OS's headers. Nothing is
# linked: that needs the OS itself. Run by `make cross-check`.
set -eu

out=$1 target=$2 sysroot=$3
shift 3
cc=${CROSS_CC:-clang}
nm=${CROSS_NM:-llvm-nm}
# The warnings of the Makefile's WFLAGS, as errors.
cflags=${CROSS_CFLAGS:--std=c11 -D_GNU_SOURCE -Wall -Wextra -Wstrict-prototypes \
-Wmissing-prototypes -Wformat=2 -Wshadow -Wpointer-arith -Wno-format-nonliteral}
version='-DTUNCTL_VERSION="cross-check"'

if [ ! -d "$sysroot/usr/include" ]; then
	echo "cross-check: $sysroot/usr/include: no such directory" >&2
	exit 1
fi
case $target in
*-apple-*) root="-isysroot $sysroot" ;;
*) root="--sysroot=$sysroot" ;;
esac

dir=$out/$target
rm -rf "$dir"
mkdir -p "$dir"
for f in "$@"; do
	echo "  CROSS   $target $f"
	# shellcheck disable=SC2086
	$cc -target "$target" $root $cflags "$version" -Werror -Ilib -Icmd/tunctl \
		-c -o "$dir/$(echo "$f" | tr / _ | sed 's/\.c$/.o/')" "$f"
done

# Every tun_os_* function of the backend interface must be defined, and
# every project function called must exist somewhere: what only the linker
# on the real OS would otherwise tell.
sed -n 's/^[a-z][a-z ]*[ *]\(tun_os_[a-z0-9_]*\)(.*/\1/p' lib/os/os.h |
	sort -u >"$dir/declared"
"$nm" -g --defined-only "$dir"/*.o 2>/dev/null | awk 'NF == 3 { print $3 }' |
	sed 's/^_//' | sort -u >"$dir/defined"
"$nm" -u "$dir"/*.o 2>/dev/null | awk '{ print $NF }' | sed 's/^_//' |
	grep -E '^(tun_|rts_|bsd_|utun_|feth_|fam_hdr_|bpf_next|name_unit|cli_|print_|dp_|[a-z]+_main$)' |
	sort -u >"$dir/called"
missing=$(cat "$dir/declared" "$dir/called" | sort -u | comm -23 - "$dir/defined")
if [ -n "$missing" ]; then
	echo "cross-check: $target: declared or called but defined nowhere:" >&2
	echo "$missing" | sed 's/^/  /' >&2
	exit 1
fi
echo "  CROSS   $target: $(wc -l <"$dir/declared") backend functions defined, every call resolved"
