#!/bin/sh
# SPDX-License-Identifier: MIT
# Run the BSD backend and the CLI against NetBSD's kernel network stack, as
# a rump kernel in this Linux process (docs/rump.md). Run by
# `make check-rump RUMP_DIR=DIR NETBSD_SRC=DIR`:
#
#   tests/rump/check-rump.sh OUTDIR RUMP_DIR NETBSD_SRC
#
# RUMP_DIR holds the rump kernel's lib/ and include/ (buildrump.sh's -d);
# NETBSD_SRC the NetBSD source tree it was built from (include/, sys/,
# lib/libc, lib/libpthread, external/bsd/libpcap). Both are built outside
# this tree. The code under test is compiled against NetBSD's headers, its
# system calls renamed to the rump kernel's (syscalls.redef), and linked
# with tests/rump/shim.c (the host's C library where the two differ) and
# tests/rump/driver.c, which runs the CLI and reads the kernel's state back
# without tunctl's code.
set -eu

out=$1 rump=$2 src=$3
here=$(dirname "$0")
cc=${CROSS_CC:-clang}
objcopy=${OBJCOPY:-objcopy}
hostcc=${HOSTCC:-cc}

for d in "$rump/lib" "$rump/include/rump" "$src/sys/net" "$src/include" \
	"$src/lib/libc/net" "$src/lib/libpthread"; do
	[ -d "$d" ] || { echo "check-rump: $d: no such directory" >&2; exit 1; }
done

rm -rf "$out"
mkdir -p "$out/inc/pcap" "$out/obj"
# The include directory an installed NetBSD would have, from the source
# tree's pieces.
ln -s "$src/sys/arch/amd64/include" "$out/inc/machine"
ln -s "$src/sys/arch/amd64/include" "$out/inc/amd64"
ln -s "$src/sys/arch/x86/include" "$out/inc/x86"
ln -s "$src/common/include/prop" "$out/inc/prop"
for f in fcntl poll stdarg stdbool stdint syslog termios; do
	echo "#include <sys/$f.h>" >"$out/inc/$f.h"
done
cp "$src/external/bsd/libpcap/dist/pcap/pcap.h" \
	"$src/external/bsd/libpcap/dist/pcap/namedb.h" "$out/inc/pcap/"
echo '#include <net/bpf.h>' >"$out/inc/pcap/bpf.h"
echo '#include <pcap/pcap.h>' >"$out/inc/pcap.h"

# NetBSD's headers first; clang's own only for what 7.99 lacks (stdatomic.h).
nbflags="-target x86_64-unknown-netbsd -nostdinc -isystem $out/inc \
-isystem $src/include -isystem $src/sys -isystem $src/lib/libpthread \
-isystem $($cc -print-resource-dir)/include -D_NETBSD_SOURCE -D_REENTRANT -O1 -g"
warn="-std=c11 -Wall -Wextra -Werror -Wno-unused-command-line-argument"

nb_compile() { # OBJ SRC FLAGS...
	nb_obj=$1 nb_src=$2
	shift 2
	echo "  RUMPCC  $nb_src"
	# shellcheck disable=SC2086
	$cc $nbflags "$@" -c -o "$nb_obj" "$nb_src"
	$objcopy --redefine-syms="$here/syscalls.redef" "$nb_obj"
}

# shellcheck disable=SC2086
for c in lib/*.c lib/os/bsd.c lib/os/bsd_*.c cmd/tunctl/*.c \
	cmd/tunctl/os/posix*.c "$here/driver.c"; do
	[ "$c" = cmd/tunctl/main.c ] && continue
	nb_compile "$out/obj/$(echo "$c" | tr / _ | sed 's/\.c$/.o/')" "$c" \
		$warn -Ilib -Icmd/tunctl -DTUNCTL_VERSION='"rump"'
done
for c in getifaddrs if_nametoindex; do
	nb_compile "$out/obj/libc_$c.o" "$src/lib/libc/net/$c.c" -w \
		-I"$src/lib/libc/include" -D_REENTRANT
	# libc's own name for sysctl(3)
	$objcopy --redefine-sym _sysctl=rump___sysimpl___sysctl \
		"$out/obj/libc_$c.o"
done
echo "  CC      $here/shim.c"
$hostcc -std=c11 -Wall -Wextra -Werror -c -o "$out/shim.o" "$here/shim.c"
echo "  LD      $out/driver"
$hostcc -no-pie -o "$out/driver" "$out"/obj/*.o "$out/shim.o" \
	-L"$rump/lib" -Wl,--whole-archive -lrumpnet_tun -lrumpnet_netinet6 \
	-lrumpnet_netinet -lrumpnet_net -lrumpnet -lrumpdev -lrumpvfs -lrump \
	-lrumpuser -Wl,--no-whole-archive -lpthread -ldl -lrt

exec "$here/scenarios.sh" "$out/driver" "$out"
