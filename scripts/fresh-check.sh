#!/bin/sh
# SPDX-License-Identifier: MIT
# Proves the README's commands on a clean system: each runs, as root, in a
# throwaway copy of a minimal Debian 12 (debootstrap --variant=minbase plus
# git, make and ca-certificates), in a clean clone of the committed tree.
#
#   scripts/fresh-check.sh [demo] [check] [build] [install]   (default: all)
#
# demo: make demo; check: make check; build: scripts/install-deps.sh && make;
# install: scripts/install-deps.sh && make install, then runs what it
# installed. The root is built once under FRESH_DIR (default build-fresh/,
# ignored by git) and again with FRESH_REBUILD=1. Each command gets an
# overlay on top of it, with private mount and PID namespaces: every mount
# lives and dies with the command, and so does every process it started. The
# host's apt sources are copied in, so packages come from the same mirror.
# FRESH_COMMIT checks another commit than HEAD. It needs root, debootstrap,
# overlayfs and a network. Logs: FRESH_DIR/logs.
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
FRESH_DIR=${FRESH_DIR:-$TOP/build-fresh}
FRESH_TIMEOUT=${FRESH_TIMEOUT:-3600}
SUITE=bookworm
BASE=$FRESH_DIR/debian12
STAMP=$BASE/.fresh-check-base

command_of() {
	case $1 in
	demo) echo "make demo" ;;
	check) echo "make check" ;;
	build) echo "scripts/install-deps.sh && make" ;;
	install) echo "scripts/install-deps.sh && make install &&" \
		"tunctl --version && pkg-config --modversion tunctl" ;;
	*) return 1 ;;
	esac
}

say() { echo "fresh-check: $*"; }
die() { echo "fresh-check: $*" >&2; exit 1; }

# ---- inside the private namespaces (pid 1 of its PID namespace) -------------

# mount_dev ROOT: a /dev of its own, with only the devices a build and the
# tests use, /dev/net/tun among them.
mount_dev() {
	mount -t tmpfs -o mode=0755,nosuid tmpfs "$1/dev"
	mkdir -p "$1/dev/net" "$1/dev/pts" "$1/dev/shm"
	for d in null zero full random urandom tty net/tun; do
		touch "$1/dev/$d"
		mount --bind "/dev/$d" "$1/dev/$d"
	done
	mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$1/dev/pts"
	ln -s pts/ptmx "$1/dev/ptmx"
	mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$1/dev/shm"
	ln -s /proc/self/fd "$1/dev/fd"
	ln -s /proc/self/fd/0 "$1/dev/stdin"
	ln -s /proc/self/fd/1 "$1/dev/stdout"
	ln -s /proc/self/fd/2 "$1/dev/stderr"
}

# inside RUN COMMIT COMMAND: RUN/root becomes the overlay, the clone goes to
# /root/tunctl in it, and COMMAND runs there under chroot.
inside() {
	run=$1 commit=$2 cmd=$3
	root=$run/root
	mount -t overlay overlay \
		-o "lowerdir=$BASE,upperdir=$run/upper,workdir=$run/work" "$root"
	mount -t proc proc "$root/proc"
	mount -t sysfs sysfs "$root/sys"
	# /run (and /var/run, a link to it) of its own: `ip netns add` keeps
	# its namespaces in /run/netns.
	mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs "$root/run"
	mount_dev "$root"
	cp -L /etc/resolv.conf "$root/etc/resolv.conf"
	git clone -q --no-hardlinks "$TOP" "$root/root/tunctl"
	git -C "$root/root/tunctl" checkout -q --detach "$commit"
	timeout -s KILL "$FRESH_TIMEOUT" chroot "$root" /usr/bin/env -i \
		HOME=/root TERM=dumb LANG=C.UTF-8 \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		/bin/sh -c "cd /root/tunctl && $cmd" </dev/null
}

# ---- the root, built once ---------------------------------------------------

# The first deb URI of the host's apt sources that serves SUITE.
host_mirror() {
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk -v suite="$SUITE" '
			function flush() {
				if (deb && on && uri != "") { print uri; found = 1; exit }
				deb = 0; on = 0; uri = ""
			}
			/^[ \t]*$/ { flush(); next }
			/^Types:/ && / deb( |$)/ { deb = 1 }
			/^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) on = 1 }
			/^URIs:/ { uri = $2 }
			END { if (!found) flush() }' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		sed -e 's/\[[^]]*\]//' "$f" |
			awk -v suite="$SUITE" '$1 == "deb" && $3 == suite { print $2 }'
	done
}

# copy_apt_sources ROOT: the host's sources, and the keys they name.
copy_apt_sources() {
	rm -f "$1/etc/apt/sources.list"
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		/etc/apt/sources.list.d/*.sources /etc/apt/trusted.gpg \
		/etc/apt/trusted.gpg.d/*; do
		[ -f "$f" ] && cp "$f" "$1$f"
	done
	sed -n -e 's/^Signed-By: *//p' -e 's/.*signed-by=\([^] ]*\).*/\1/p' \
		/etc/apt/sources.list.d/* /etc/apt/sources.list 2>/dev/null |
		sort -u | while read -r key; do
			if [ -f "$key" ] && [ ! -e "$1$key" ]; then
				mkdir -p "$1$(dirname "$key")"
				cp "$key" "$1$key"
			fi
		done
}

build_base() {
	mirror=${FRESH_MIRROR:-$(host_mirror | head -n 1)}
	mirror=${mirror:-http://deb.debian.org/debian}
	new=$BASE.new
	rm -rf "$new"
	say "building a minimal Debian 12 root in $BASE from $mirror" \
		"(debootstrap, a few minutes)"
	t0=$(date +%s)
	# debootstrap mounts /proc and /sys in the new root: in namespaces of
	# its own, so the host never sees them.
	BASE_NEW=$new
	unshare --mount --pid --fork --kill-child --propagation private \
		debootstrap --variant=minbase --include=git,make,ca-certificates \
		"$SUITE" "$new" "$mirror" >"$LOGS/debootstrap.log" 2>&1 </dev/null &
	RUN_PID=$!
	status=0
	wait "$RUN_PID" || status=$?
	RUN_PID=
	if [ "$status" -ne 0 ]; then
		tail -n 20 "$LOGS/debootstrap.log" >&2
		die "debootstrap failed; its log is $LOGS/debootstrap.log"
	fi
	copy_apt_sources "$new"
	# Packages start no services in the copies.
	printf '#!/bin/sh\nexit 101\n' >"$new/usr/sbin/policy-rc.d"
	chmod 0755 "$new/usr/sbin/policy-rc.d"
	rm -rf "$new/var/cache/apt/archives/"*.deb
	date -u >"$new/${STAMP##*/}"
	rm -rf "$BASE"
	mv "$new" "$BASE"
	BASE_NEW=
	say "root built in $(($(date +%s) - t0)) s"
}

# ---- one command in its own copy --------------------------------------------

RUN_PID=
RUN_DIR=
BASE_NEW=
cleanup() {
	if [ -n "$RUN_PID" ]; then
		# unshare passes SIGKILL to pid 1 of its PID namespace, which ends
		# every process in it; the mounts go with the namespace.
		kill -KILL "$RUN_PID" 2>/dev/null || true
		wait "$RUN_PID" 2>/dev/null || true
		RUN_PID=
	fi
	if [ -n "$RUN_DIR" ]; then
		if grep -qF " $RUN_DIR/" /proc/self/mountinfo; then
			echo "fresh-check: $RUN_DIR is mounted on the host; left in place" >&2
		else
			# The last killed processes may still be going away.
			rm -rf "$RUN_DIR" 2>/dev/null || { sleep 1; rm -rf "$RUN_DIR"; }
		fi
		RUN_DIR=
	fi
	if [ -n "$BASE_NEW" ]; then
		rm -rf "$BASE_NEW"
		BASE_NEW=
	fi
}

# run_one NAME: prints the result and the time; the log's tail on failure.
run_one() {
	name=$1
	cmd=$(command_of "$name")
	log=$LOGS/$name.log
	RUN_DIR=$(mktemp -d "$FRESH_DIR/run.XXXXXX")
	mkdir "$RUN_DIR/upper" "$RUN_DIR/work" "$RUN_DIR/root"
	say "$name: $cmd"
	t0=$(date +%s)
	# env --default-signal: a job started with & has SIGINT ignored, which
	# the tests' own processes must not inherit.
	unshare --mount --pid --fork --kill-child --mount-proc \
		--propagation private \
		env --default-signal FRESH_INSIDE=1 "$TOP/scripts/fresh-check.sh" \
		"$RUN_DIR" "$COMMIT" "$cmd" >"$log" 2>&1 </dev/null &
	RUN_PID=$!
	status=0
	wait "$RUN_PID" || status=$?
	RUN_PID=
	t=$(($(date +%s) - t0))
	cleanup
	time="$((t / 60))m$((t % 60))s"
	if [ "$status" -eq 0 ]; then
		say "$name: ok in $time"
		return 0
	fi
	say "$name: FAILED (exit $status) after $time; $log has it all"
	# A failing test is often far from the end of the log.
	if grep -q -E '^not ok |error:' "$log"; then
		echo "  the first failures:"
		grep -E '^not ok |error:' "$log" | head -n 10 | sed 's/^/  | /'
	fi
	echo "  the end:"
	tail -n 30 "$log" | sed 's/^/  | /'
	return 1
}

if [ "${FRESH_INSIDE:-}" = 1 ]; then
	inside "$@"
	exit
fi

# ---- main -------------------------------------------------------------------

[ "$(id -u)" -eq 0 ] || die "run as root (it uses chroot, mounts and namespaces)"
for c in debootstrap unshare chroot git; do
	command -v "$c" >/dev/null || die "$c is not installed"
done
for n in "$@"; do
	command_of "$n" >/dev/null ||
		die "unknown command '$n' (demo, check, build or install)"
done
[ $# -gt 0 ] || set -- demo check build install

COMMIT=$(git -C "$TOP" rev-parse --verify "${FRESH_COMMIT:-HEAD}^{commit}") ||
	die "no commit ${FRESH_COMMIT:-HEAD}"
if [ -n "${FRESH_COMMIT:-}" ]; then
	say "checking commit $COMMIT"
elif [ -n "$(git -C "$TOP" status --porcelain --untracked-files=no)" ]; then
	say "uncommitted changes are not tested: this checks HEAD $COMMIT"
fi
LOGS=$FRESH_DIR/logs
mkdir -p "$LOGS"
interrupted() {
	echo "fresh-check: interrupted; cleaning up" >&2
	cleanup
	exit "$1"
}
trap 'interrupted 130' INT
trap 'interrupted 143' TERM
trap cleanup EXIT

if [ "${FRESH_REBUILD:-0}" = 1 ] || [ ! -f "$STAMP" ]; then
	build_base
fi

failed=
for n in "$@"; do
	run_one "$n" || failed="$failed $n"
done
[ -z "$failed" ] || die "failed:$failed"
say "all passed: $*"
