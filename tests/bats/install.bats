#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# make install / uninstall into a DESTDIR; a program built against the
# installed header and library through pkg-config; SETCAP=1 and a user
# running the installed binary.

bats_require_minimum_version 1.5.0
load helpers

TOP=$(realpath "$BATS_TEST_DIRNAME/../..")

setup() {
	BUILD=$(dirname "$TUNCTL")
	[ -f "$BUILD/libtunctl.a" ] ||
		skip "$TUNCTL is not in a build directory of this tree"
	# Not under BATS_TEST_TMPDIR: an ordinary user must be able to reach
	# the installed binary.
	D=$(mktemp -d /tmp/sh-install.XXXXXX)
	chmod 755 "$D"
}

teardown() {
	netns_teardown
	[ -n "${D:-}" ] && rm -rf "$D"
}

install_into() {
	make -C "$TOP" --no-print-directory BUILD="$BUILD" DESTDIR="$D" "$@" \
		>"$BATS_TEST_TMPDIR/make.log" 2>&1 ||
		fail "make $* failed: $(cat "$BATS_TEST_TMPDIR/make.log")"
}

# pkg-config that sees only the DESTDIR, with its paths moved into it.
pc() {
	PKG_CONFIG_PATH="" PKG_CONFIG_LIBDIR="$D/usr/local/lib/pkgconfig" \
		PKG_CONFIG_SYSROOT_DIR="$D" pkg-config "$@"
}

# Calls the pure functions and, to pull in the backend and its libraries
# (libmnl, libcap), one that asks the system without needing root.
write_program() {
	cat >"$BATS_TEST_TMPDIR/prog.c" <<'EOF'
#include <stdio.h>
#include <tunctl.h>

int main(void)
{
	char buf[TUN_PREFIXSTRLEN];
	struct tun_prefix p;
	struct tun_info *infos;
	struct tun_ctx *ctx;
	const char *why;
	size_t n;

	if (tun_prefix_parse("fd00:0::1/64", &p, &why) < 0)
		return 10;
	printf("%s\n", tun_prefix_format(&p, buf, sizeof(buf)));
	if (tun_prefix_parse("10.0.0.1/33", &p, &why) == 0)
		return 11;
	printf("%s\n", why);
	if (tun_ctx_new(&ctx) < 0 || tun_dev_list(ctx, &infos, &n) < 0)
		return 12;
	tun_free(infos);
	tun_ctx_free(ctx);
	if (tun_privileges_keep(TUN_PRIV_CONFIGURE) < 0)
		return 13;
	printf("libtunctl %s\n", tun_version());
	return 0;
}
EOF
}

@test "make install puts everything under DESTDIR/PREFIX, with a soname" {
	install_into install
	L=$D/usr/local/lib
	[ -x "$D/usr/local/bin/tunctl" ]
	[ -f "$L/libtunctl.a" ]
	[ -f "$L/libtunctl.so.1.0.0" ]
	[ "$(readlink "$L/libtunctl.so.1")" = libtunctl.so.1.0.0 ]
	[ "$(readlink "$L/libtunctl.so")" = libtunctl.so.1 ]
	objdump -p "$L/libtunctl.so.1.0.0" | grep -E 'SONAME +libtunctl\.so\.1$'
	cmp "$TOP/lib/tunctl.h" "$D/usr/local/include/tunctl.h"
	cmp "$TOP/lib/tunctl_packet.h" "$D/usr/local/include/tunctl_packet.h"
	[ -f "$L/pkgconfig/tunctl.pc" ]
	cmp "$TOP/man/tunctl.8" "$D/usr/local/share/man/man8/tunctl.8"
	cmp "$TOP/completions/tunctl.bash" "$D/usr/local/share/bash-completion/completions/tunctl"
	cmp "$TOP/completions/_tunctl" "$D/usr/local/share/zsh/site-functions/_tunctl"
	cmp "$TOP/completions/tunctl.fish" "$D/usr/local/share/fish/vendor_completions.d/tunctl.fish"
	# only the public API leaves the shared library
	run sh -c "nm -D --defined-only '$L/libtunctl.so.1.0.0' | awk '\$2 == \"T\" { print \$3 }' | grep -v '^tun_'"
	assert_output ""
	run "$D/usr/local/bin/tunctl" --version
	assert_success
	assert_output --partial "libtunctl"
	assert_output --partial "not the uml-utilities tunctl"
}

@test "PREFIX, BINDIR, MANDIR and the completion directories are honoured" {
	install_into install PREFIX=/usr BINDIR=/opt/tb MANDIR=/opt/man \
		BASHCOMPDIR=/opt/bash WITH_ZSHCOMPLETION=no WITH_FISHCOMPLETION=no
	[ -x "$D/opt/tb/tunctl" ]
	[ -f "$D/opt/man/man8/tunctl.8" ]
	[ -f "$D/opt/bash/tunctl" ]
	[ -f "$D/usr/lib/libtunctl.a" ]
	[ -f "$D/usr/include/tunctl.h" ]
	[ ! -e "$D/usr/share/zsh" ]
	[ ! -e "$D/usr/share/fish" ]
	grep -qx 'prefix=/usr' "$D/usr/lib/pkgconfig/tunctl.pc"
	grep -qx 'libdir=/usr/lib' "$D/usr/lib/pkgconfig/tunctl.pc"
	grep -qx 'includedir=/usr/include' "$D/usr/lib/pkgconfig/tunctl.pc"
}

@test "a program builds against the installed library through pkg-config, and runs" {
	install_into install
	write_program
	run pc --modversion tunctl
	assert_output 1.0.0
	cflags=$(pc --cflags tunctl | xargs)
	libs=$(pc --libs tunctl | xargs)
	[ "$cflags" = "-I$D/usr/local/include" ]
	[[ "$libs" == "-L$D/usr/local/lib -ltunctl"* ]]
	# shellcheck disable=SC2086
	cc -std=c11 -Wall -Wextra -Werror -o "$BATS_TEST_TMPDIR/prog" \
		"$BATS_TEST_TMPDIR/prog.c" $cflags $libs
	# linked against the soname, found in the DESTDIR
	objdump -p "$BATS_TEST_TMPDIR/prog" | grep -E 'NEEDED +libtunctl\.so\.1$'
	run env LD_LIBRARY_PATH="$D/usr/local/lib" ldd "$BATS_TEST_TMPDIR/prog"
	assert_output --partial "libtunctl.so.1 => $D/usr/local/lib/libtunctl.so.1"
	run env LD_LIBRARY_PATH="$D/usr/local/lib" "$BATS_TEST_TMPDIR/prog"
	assert_success
	assert_output "fd00::1/64
prefix length must be 0-32
libtunctl $("$D/usr/local/bin/tunctl" --version | sed -n 's/.*libtunctl \([^ ]*\) .*/\1/p')"
}

@test "a program links the static library with pkg-config --static" {
	install_into install
	write_program
	cflags=$(pc --cflags tunctl)
	# -l:libtunctl.a picks the archive over the shared library.
	libs=$(pc --static --libs tunctl | sed 's/-ltunctl/-l:libtunctl.a/')
	# shellcheck disable=SC2086
	cc -std=c11 -o "$BATS_TEST_TMPDIR/prog-static" "$BATS_TEST_TMPDIR/prog.c" \
		$cflags $libs
	! objdump -p "$BATS_TEST_TMPDIR/prog-static" | grep -q 'NEEDED.*libtunctl'
	run "$BATS_TEST_TMPDIR/prog-static"
	assert_success
	assert_line --index 0 "fd00::1/64"
}

@test "make uninstall removes every installed file" {
	install_into install
	install_into uninstall
	run find "$D" -not -type d
	assert_output ""
}

# ---- SETCAP=1: a user runs the installed binary -----------------------------

# Run "$@" as nobody. /dev/net/tun may be 0600 here (it is 0666 on a
# standard system): give this one process tree a 0666 one of its own.
NOBODY_SH='mount -t tmpfs -o mode=755 sh-devnet /dev/net &&
	mknod -m 666 /dev/net/tun c 10 200 &&
	exec setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"'
as_nobody() { unshare -m sh -c "$NOBODY_SH" sh "$@"; }
# The same, inside the test's namespace (as `ip netns exec` puts it there).
as_nobody_in_ns() { ip netns exec "$NS" unshare -m sh -c "$NOBODY_SH" sh "$@"; }

require_file_caps() {
	require_root
	command -v setcap >/dev/null || skip "setcap is not installed (libcap2-bin)"
	cp /bin/true "$D/true"
	setcap cap_net_admin+ep "$D/true" 2>/dev/null ||
		skip "file capabilities cannot be set here (filesystem or container)"
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$D/true" ||
		skip "an ordinary user cannot run programs from $D (nosuid mount?)"
	rm -f "$D/true"
}

sh_netns_setup() {
	require_root
	NS="sh-inst-$$-${BATS_TEST_NUMBER}"
	ip netns add "$NS"
}

@test "make install SETCAP=1 gives the binary cap_net_admin" {
	require_file_caps
	install_into install SETCAP=1
	run getcap "$D/usr/local/bin/tunctl"
	assert_output --partial "cap_net_admin=ep"
}

@test "a user runs the setcap'd tunctl: creates a device, keeps only CAP_NET_ADMIN, passes none on" {
	require_file_caps
	sh_netns_setup
	# Grant more than needed: tunctl must give up the rest itself.
	install_into install SETCAP=1 SETCAP_CAPS=cap_net_admin,cap_chown,cap_dac_override+ep
	bin=$D/usr/local/bin/tunctl
	run as_nobody_in_ns "$bin" create shu0 --addr 10.0.0.1/24 --up -- sh -c '
			id -u
			grep -E "^CapPrm" "/proc/$PPID/status"
			grep -E "^Cap(Prm|Eff|Amb)" /proc/self/status
			ip -j link show "$TUNCTL_IFNAME" >/dev/null && echo present'
	assert_success
	assert_line --index 0 "$(id -u nobody)"
	# tunctl itself: CAP_NET_ADMIN (bit 12) and nothing else
	assert_line --index 1 --regexp $'^CapPrm:\t0+1000$'
	# its command: nothing
	assert_line --index 2 --regexp $'^CapPrm:\t0+$'
	assert_line --index 3 --regexp $'^CapEff:\t0+$'
	assert_line --index 4 --regexp $'^CapAmb:\t0+$'
	assert_line --index 5 present
	# and a persistent device, made by the user, is there for ip to see
	run as_nobody_in_ns "$bin" create shu1 --mtu 1400 --addr 10.0.1.1/24 --up
	assert_success
	assert_output shu1
	[ "$(ip -n "$NS" -j link show shu1 | jq -r '.[0].mtu')" = 1400 ]
	ip -n "$NS" -j addr show shu1 | jq -e '.[0].addr_info[] | select(.local == "10.0.1.1")'
}

@test "with cap_sys_admin too, a user may use -n NETNS, and it is given up after" {
	require_file_caps
	sh_netns_setup
	install_into install SETCAP=1 SETCAP_CAPS=cap_net_admin,cap_sys_admin+ep
	run as_nobody "$D/usr/local/bin/tunctl" -n "$NS" create shu0 -- \
		sh -c 'grep -E "^CapPrm" "/proc/$PPID/status"'
	assert_success
	assert_output --regexp $'^CapPrm:\t0+1000$'
	run as_nobody "$D/usr/local/bin/tunctl" -n "$NS" create shu1
	assert_success
	ip -n "$NS" link show shu1
}

@test "a user without capabilities is told which privilege is missing" {
	require_root
	sh_netns_setup
	install_into install
	run --separate-stderr as_nobody_in_ns "$D/usr/local/bin/tunctl" create shu0
	assert_failure 1
	[[ "$stderr" == *"CAP_NET_ADMIN"*"setcap cap_net_admin+ep"* ]]
	run --separate-stderr as_nobody "$D/usr/local/bin/tunctl" -n "$NS" show
	assert_failure 1
	[[ "$stderr" == *"CAP_SYS_ADMIN"* ]]
}
