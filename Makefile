# SPDX-License-Identifier: MIT
# tunctl: `make` builds into build/; `make help` lists the targets.

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
PKG_CONFIG ?= pkg-config

PLATFORM ?= $(shell uname -s | tr A-Z a-z)
BUILD ?= build
CC ?= cc
CFLAGS ?= -O2 -g
WERROR ?=
V ?= 0

VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo 0.1.0)
ABI_MAJOR := 1
ABI_VERSION := 1.0.0

WFLAGS := -Wall -Wextra -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wshadow -Wpointer-arith -Wno-format-nonliteral
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE -fPIC -fvisibility=hidden \
	$(WFLAGS) $(WERROR) -Ilib -DTUNCTL_VERSION='"$(VERSION)"' -MMD -MP

# The backend of each OS (docs/ARCHITECTURE.md). macOS picks utun or feth at
# run time in lib/os/darwin.c; the BSDs share lib/os/bsd_net.c with it.
DARWIN_OS_SRCS := lib/os/darwin.c lib/os/darwin_utun.c lib/os/darwin_feth.c \
	lib/os/bsd_base.c lib/os/bsd_net.c lib/os/bsd_route.c lib/os/unsupported.c
BSD_OS_SRCS := lib/os/bsd.c lib/os/bsd_base.c lib/os/bsd_net.c \
	lib/os/bsd_route.c lib/os/unsupported.c
# Unit tests of the Linux backend, left out elsewhere.
LINUX_UNIT_TESTS := tests/unit/test_netlink%.c tests/unit/test_linux%.c
SONAME_FLAG := -Wl,-soname,libtunctl.so.$(ABI_MAJOR) \
	-Wl,--version-script=lib/libtunctl.map

ifeq ($(PLATFORM),linux)
LIB_PKGS := libmnl libcap
OS_SRCS := $(wildcard lib/os/linux*.c)
CMD_OS_SRCS := cmd/tunctl/os/posix.c
endif
ifeq ($(PLATFORM),darwin)
OS_SRCS := $(DARWIN_OS_SRCS)
CMD_OS_SRCS := cmd/tunctl/os/posix.c
SONAME_FLAG := -Wl,-install_name,@rpath/libtunctl.so.$(ABI_MAJOR)
# Apple's linker has no --localize-hidden: libtunctl.a keeps its objects.
LOCALIZE_HIDDEN :=
endif
ifneq ($(filter freebsd openbsd netbsd,$(PLATFORM)),)
OS_SRCS := $(BSD_OS_SRCS)
CMD_OS_SRCS := cmd/tunctl/os/posix.c
endif
# echo and capture on POSIX systems: signals, threads, libpcap.
CMD_OS_SRCS += $(if $(filter cmd/tunctl/os/posix.c,$(CMD_OS_SRCS)),cmd/tunctl/os/posix_datapath.c)
# The flags of the libraries come from pkg-config when a rule first needs
# them, not when this file is read: `make demo` and `make check` install the
# libraries first (scripts/install-deps.sh), so a value read before that
# would be wrong. A library pkg-config cannot find stops the build, naming
# it. $(call pkg_flags,--cflags,PACKAGES)
pkg_missing = $(shell for p in $(1); do $(PKG_CONFIG) --exists $$p 2>/dev/null || echo $$p; done)
pkg_flags = $(if $(strip $(2)),$(if $(call pkg_missing,$(2)),$(error \
	$(PKG_CONFIG) finds no $(strip $(call pkg_missing,$(2))): install it \
	with scripts/install-deps.sh build (or make deps)),$(shell $(PKG_CONFIG) $(1) $(2))))
# A variable computed on first use, then kept: $(call lazy,VAR,VALUE).
lazy = $(eval $(1) = $$(eval $(1) := $(2))$$($(1)))
# libpcap: its header only; capture and filters load it at run time
# (cmd/tunctl/os/posix_datapath.c), so other commands start without it.
# Linux requires its pkg-config file; elsewhere the system's pcap.h may come
# without one.
ifeq ($(PLATFORM),linux)
$(call lazy,DEP_CFLAGS,$$(call pkg_flags,--cflags,$(LIB_PKGS) libpcap))
else
$(call lazy,DEP_CFLAGS,$$(shell $(PKG_CONFIG) --cflags libpcap 2>/dev/null))
endif
# What libtunctl links with; the command line adds threads.
$(call lazy,LIB_LIBS,$$(call pkg_flags,--libs,$(LIB_PKGS)) $(OS_LIBS))
# The resolver's message parser, for capture's DNS lines (in libc on the
# BSDs).
RESOLV_LIBS := $(if $(filter linux darwin,$(PLATFORM)),-lresolv)
DEP_LIBS = $(LIB_LIBS) -lpthread $(RESOLV_LIBS)
$(call lazy,CMOCKA_LIBS,$$(call pkg_flags,--libs,cmocka))

LIB_SRCS := $(wildcard lib/*.c) $(OS_SRCS)
CMD_SRCS := $(filter-out cmd/tunctl/main.c,$(wildcard cmd/tunctl/*.c)) \
	$(CMD_OS_SRCS)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
ifneq ($(PLATFORM),linux)
UNIT_SRCS := $(filter-out $(LINUX_UNIT_TESTS),$(UNIT_SRCS))
endif

LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
CMD_OBJS := $(CMD_SRCS:%.c=$(BUILD)/obj/%.o)
MAIN_OBJ := $(BUILD)/obj/cmd/tunctl/main.o
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

ifeq ($(V),0)
Q := @
say = @printf '  %-7s %s\n' $(1) $(2);
else
Q :=
say =
endif

.PHONY: all lib clean help check unit symbols examples integration leaks demo deps asan test-tools \
	install uninstall portable-check man-lint cross-check check-rump fresh-check FORCE

all: $(BUILD)/tunctl $(BUILD)/libtunctl.a $(BUILD)/libtunctl.so

lib: $(BUILD)/libtunctl.a $(BUILD)/libtunctl.so

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(BASE_CFLAGS) $(DEP_CFLAGS) $(CFLAGS) -Icmd/tunctl -c -o $@ $<

# libtunctl.a is one object: the library's objects linked together, with
# every name that is not public (hidden visibility) made local, so that a
# program linked statically sees only the tun_* names of lib/tunctl.h and
# cannot collide with ours. Unit tests and fuzzers, which reach inside,
# link libtunctl-internal.a: the same objects as they are.
OBJCOPY ?= objcopy
LOCALIZE_HIDDEN ?= $(OBJCOPY) --localize-hidden

$(BUILD)/libtunctl-internal.a: $(LIB_OBJS)
	$(call say,AR,$@)rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/obj/libtunctl.o: $(LIB_OBJS)
	$(call say,LD,$@)$(LD) -r -o $@ $^ $(if $(LOCALIZE_HIDDEN),&& $(LOCALIZE_HIDDEN) $@)

$(BUILD)/libtunctl.a: $(if $(LOCALIZE_HIDDEN),$(BUILD)/obj/libtunctl.o,$(LIB_OBJS))
	$(call say,AR,$@)rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/libtunctl.so: $(LIB_OBJS) lib/libtunctl.map
	$(call say,LD,$@)$(CC) -shared $(SONAME_FLAG) \
		$(CFLAGS) $(LDFLAGS) -o $@ $(LIB_OBJS) $(LIB_LIBS)

$(BUILD)/cmd.a: $(CMD_OBJS)
	$(call say,AR,$@)rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/tunctl: $(MAIN_OBJ) $(BUILD)/cmd.a $(BUILD)/libtunctl.a
	$(call say,LD,$@)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(DEP_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/cmd.a $(BUILD)/libtunctl-internal.a
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(BASE_CFLAGS) $(DEP_CFLAGS) $(CFLAGS) -Icmd/tunctl \
		-o $@ $^ $(DEP_LIBS) $(CMOCKA_LIBS)

# lib/*.c over the fake backend of tests/fake/ instead of the OS's: the
# wrappers of dev.c and config.c, failures and fallbacks, without root.
LIB_CORE_OBJS := $(filter-out $(OS_SRCS:%.c=$(BUILD)/obj/%.o),$(LIB_OBJS))
UNIT_BINS += $(BUILD)/tests/test_fake_backend

# The fake has no change notifications or holders: the stubs of the
# backends that have none either.
$(BUILD)/tests/test_fake_backend: tests/fake/test_fake_backend.c \
		tests/fake/fake_os.c lib/os/unsupported.c $(LIB_CORE_OBJS)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(BASE_CFLAGS) $(CFLAGS) $(LDFLAGS) -Itests/fake \
		-o $@ $(filter %.c %.o,$^) $(CMOCKA_LIBS)

# Programs the integration tests and benchmarks run; never installed.
TEST_TOOLS := $(BUILD)/tests/tun_bridge $(BUILD)/tests/dev_info

$(BUILD)/tests/tun_bridge: tests/tools/tun_bridge.c $(BUILD)/libtunctl.a
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(BASE_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ \
		$(LIB_LIBS)

$(BUILD)/tests/dev_info: tests/tools/dev_info.c $(BUILD)/libtunctl.a
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(BASE_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ \
		$(LIB_LIBS)

test-tools: $(TEST_TOOLS)

# examples/: programs as a library user writes them, built as one builds
# them (the public header and libtunctl.a); tests/bats/examples.bats runs
# them.
EXAMPLES := $(patsubst examples/%.c,$(BUILD)/examples/%,$(wildcard examples/*.c))

$(BUILD)/examples/%: examples/%.c $(BUILD)/libtunctl.a
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) -std=c11 -D_GNU_SOURCE $(WFLAGS) $(WERROR) -Ilib \
		$(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libtunctl.a $(LIB_LIBS)

examples: $(EXAMPLES)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# ---- tests ------------------------------------------------------------------

# `make demo` and `make check` install what they need, then build in a new
# make, which asks pkg-config about the libraries just installed.
deps:
	@scripts/install-deps.sh

check:
	@scripts/install-deps.sh check
	@$(MAKE) --no-print-directory WERROR=-Werror all unit-build test-tools examples
	@$(MAKE) --no-print-directory unit symbols man-lint integration leaks portable-check

unit-build: $(UNIT_BINS)

# Only the public names leave libtunctl.a and libtunctl.so.
symbols: $(BUILD)/libtunctl.a $(BUILD)/libtunctl.so
	@tests/symbols.sh $(BUILD)

# The unit and integration tests again, built with AddressSanitizer and
# UBSan in $(BUILD)/asan: a report (a leak included) fails the test that
# caused it, because the tests want exact stderr. install.bats is left out:
# it installs and links the build, which wants no sanitizer runtime.
SAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
SAN_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99
asan:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/asan CFLAGS="$(SAN_FLAGS)" \
		LDFLAGS="$(SAN_FLAGS)" WERROR=-Werror all unit-build test-tools examples
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/asan CFLAGS="$(SAN_FLAGS)" \
		LDFLAGS="$(SAN_FLAGS)" $(SAN_ENV) unit
	@$(SAN_ENV) TUNCTL=$(BUILD)/asan/tunctl bats \
		$(filter-out tests/bats/install.bats,$(wildcard tests/bats/*.bats))

unit: $(UNIT_BINS)
	@for t in $(UNIT_BINS); do \
		if $$t >$$t.log 2>&1; then \
			echo "  UNIT    $$t: $$(grep -o 'PASSED.*' $$t.log)"; \
		else \
			cat $$t.log; echo "  UNIT    $$t: FAILED"; exit 1; \
		fi; \
	done

integration: all test-tools examples
	@TUNCTL=$(BUILD)/tunctl bats tests/bats

leaks: all
	@tests/leaks.sh $(BUILD)/tunctl

# The OS-independent library must build for every OS: compile it for
# Windows with mingw-w64 as the proof.
MINGW_CC ?= x86_64-w64-mingw32-gcc
portable-check:
	@mkdir -p $(BUILD)/portable
	@set -e; for f in $(wildcard lib/*.c); do \
		echo "  MINGW   $$f"; \
		$(MINGW_CC) -std=c11 $(WFLAGS) -Werror -Ilib -c -o $(BUILD)/portable/$$(basename $$f .c).o $$f; \
	done

# macOS and the BSDs cannot run here, but their headers can be had:
# `make cross-check SYSROOT_DARWIN=DIR SYSROOT_FREEBSD=DIR SYSROOT_OPENBSD=DIR
# SYSROOT_NETBSD=DIR` compiles the library and the command line for x86_64
# and arm64 macOS 11, x86_64 FreeBSD 14, OpenBSD and NetBSD with clang,
# -Werror, against DIR/usr/include (a header-only sysroot assembled from the
# OS's public sources, outside this tree; docs/rump.md), which also runs the
# _Static_asserts that tie lib/rtsock.h to the real headers; then it checks
# that the backend defines every tun_os_* function. An unset variable skips
# that OS, saying so.
CROSS_SRCS := $(wildcard lib/*.c) $(wildcard cmd/tunctl/*.c) \
	$(wildcard cmd/tunctl/os/posix*.c)
cross_bsd = $(if $(2),scripts/cross-check.sh $(BUILD)/cross $(1) $(2) \
		$(CROSS_SRCS) $(BSD_OS_SRCS),\
	echo "  SKIP    $(3) cross-check: SYSROOT_$(4) is not set")
cross-check:
	@$(if $(SYSROOT_DARWIN),set -e; for t in x86_64-apple-macos11 arm64-apple-macos11; do \
		scripts/cross-check.sh $(BUILD)/cross $$t $(SYSROOT_DARWIN) \
			$(CROSS_SRCS) $(DARWIN_OS_SRCS); done,\
		echo "  SKIP    macOS cross-check: SYSROOT_DARWIN is not set")
	@$(call cross_bsd,x86_64-unknown-freebsd14,$(SYSROOT_FREEBSD),FreeBSD,FREEBSD)
	@$(call cross_bsd,x86_64-unknown-openbsd7.7,$(SYSROOT_OPENBSD),OpenBSD,OPENBSD)
	@$(call cross_bsd,x86_64-unknown-netbsd,$(SYSROOT_NETBSD),NetBSD,NETBSD)

# `make check-rump RUMP_DIR=DIR NETBSD_SRC=DIR` runs the BSD backend and the
# CLI against NetBSD's kernel network stack built as a rump kernel, in one
# Linux process per scenario (tests/rump/, docs/rump.md). RUMP_DIR is the
# rump kernel's install directory, NETBSD_SRC the source tree it was built
# from; both are made outside this tree. Without them the target skips.
check-rump:
	@$(if $(and $(RUMP_DIR),$(NETBSD_SRC)),tests/rump/check-rump.sh \
		$(BUILD)/rump $(RUMP_DIR) $(NETBSD_SRC),\
		echo "  SKIP    check-rump: RUMP_DIR and NETBSD_SRC are not set")

# The README's commands, each on its own fresh minimal Debian 12 (root,
# network): FRESH="demo check build install" picks them, FRESH_REBUILD=1
# builds that system again (scripts/fresh-check.sh).
FRESH ?=
fresh-check:
	@scripts/fresh-check.sh $(FRESH)

demo:
	@scripts/install-deps.sh demo
	@$(MAKE) --no-print-directory all
	@scripts/demo.sh $(BUILD)/tunctl

# mandoc's lint, every message (style included) counts.
man-lint:
	@echo "  MANLINT man/*.8"
	@mandoc -Tlint -Wall man/*.8

# ==== Windows: cross-built with mingw-w64, tested under wine =================
# `make windows` builds $(WIN_BUILD)/tunctl.exe, libtunctl.a and libtunctl.dll
# (import library libtunctl.dll.a). `make check-windows` also builds the
# unit tests that do not need Linux (all of tests/unit/test_*.c except those
# named in WIN_UNIT_SKIP, which test the Linux backend) against a small
# cmocka stand-in, plus tests/windows/ (a stand-in wintun.dll and the echo
# test), and runs them under wine.
WIN_BUILD ?= $(BUILD)/windows
WIN_CC ?= $(MINGW_CC)
WIN_AR ?= x86_64-w64-mingw32-ar
WINE ?= wine
WIN_UNIT_SKIP ?= tests/unit/test_netlink%.c tests/unit/test_linux%.c
WIN_CFLAGS := -std=c11 -O2 -g $(WFLAGS) -Werror -Ilib -Icmd/tunctl \
	-D_WIN32_WINNT=0x0A00 -DTUNCTL_VERSION='"$(VERSION)"' -MMD -MP
WIN_LIBS := -liphlpapi -lws2_32
WIN_LIB_SRCS := $(wildcard lib/*.c) $(wildcard lib/os/windows*.c) \
	lib/os/unsupported.c
WIN_CMD_SRCS := $(filter-out cmd/tunctl/main.c,$(wildcard cmd/tunctl/*.c)) \
	cmd/tunctl/os/windows.c cmd/tunctl/os/windows_datapath.c
WIN_UNIT_SRCS := $(filter-out $(WIN_UNIT_SKIP),$(UNIT_SRCS))
WIN_LIB_OBJS := $(WIN_LIB_SRCS:%.c=$(WIN_BUILD)/obj/%.o)
WIN_DLL_OBJS := $(WIN_LIB_SRCS:%.c=$(WIN_BUILD)/dllobj/%.o)
WIN_CMD_OBJS := $(WIN_CMD_SRCS:%.c=$(WIN_BUILD)/obj/%.o)
WIN_UNIT_EXES := $(WIN_UNIT_SRCS:tests/unit/%.c=$(WIN_BUILD)/test/%.exe)
WIN_TEST := $(WIN_BUILD)/test

.PHONY: windows check-windows

windows: $(WIN_BUILD)/tunctl.exe $(WIN_BUILD)/libtunctl.a $(WIN_BUILD)/libtunctl.dll

$(WIN_BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,MINGW,$<)$(WIN_CC) $(WIN_CFLAGS) -c -o $@ $<

$(WIN_BUILD)/dllobj/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,MINGW,$<)$(WIN_CC) $(WIN_CFLAGS) -DTUNCTL_BUILD_DLL -c -o $@ $<

$(WIN_BUILD)/libtunctl.a: $(WIN_LIB_OBJS)
	$(call say,AR,$@)rm -f $@ && $(WIN_AR) rcs $@ $^

$(WIN_BUILD)/libtunctl.dll: $(WIN_DLL_OBJS)
	$(call say,LD,$@)$(WIN_CC) -shared -o $@ $^ \
		-Wl,--out-implib,$(WIN_BUILD)/libtunctl.dll.a $(WIN_LIBS)

$(WIN_BUILD)/cmd.a: $(WIN_CMD_OBJS)
	$(call say,AR,$@)rm -f $@ && $(WIN_AR) rcs $@ $^

$(WIN_BUILD)/tunctl.exe: $(WIN_BUILD)/obj/cmd/tunctl/main.o $(WIN_BUILD)/cmd.a $(WIN_BUILD)/libtunctl.a
	$(call say,LD,$@)$(WIN_CC) -o $@ $^ $(WIN_LIBS)

$(WIN_TEST)/%.exe: tests/unit/%.c $(WIN_BUILD)/cmd.a $(WIN_BUILD)/libtunctl.a
	@mkdir -p $(dir $@)
	$(call say,MINGW,$<)$(WIN_CC) $(WIN_CFLAGS) -Itests/windows/cmocka \
		-o $@ $^ $(WIN_LIBS)

# The stand-in wintun.dll, with the programs that drive it, beside a copy of
# tunctl.exe: never next to the real build, so it cannot be mistaken for
# wintun.
$(WIN_TEST)/wintun.dll: tests/windows/wintun_standin.c tests/windows/standin.h
	@mkdir -p $(dir $@)
	$(call say,MINGW,$<)$(WIN_CC) $(WIN_CFLAGS) -Wno-missing-prototypes \
		-shared -o $@ $<

$(WIN_TEST)/%.exe: tests/windows/%.c tests/windows/standin.h $(WIN_BUILD)/libtunctl.a
	@mkdir -p $(dir $@)
	$(call say,MINGW,$<)$(WIN_CC) $(WIN_CFLAGS) -Itests/windows/cmocka \
		-o $@ $< $(WIN_BUILD)/libtunctl.a $(WIN_LIBS)

$(WIN_TEST)/tunctl.exe: $(WIN_BUILD)/tunctl.exe
	@mkdir -p $(dir $@)
	@cp $< $@

WIN_STANDIN_TESTS := $(addprefix $(WIN_TEST)/,wintun_test.exe echo_test.exe \
	capture_test.exe handover_test.exe)

check-windows: windows $(WIN_UNIT_EXES) $(WIN_TEST)/tunctl.exe \
		$(WIN_TEST)/wintun.dll $(WIN_STANDIN_TESTS)
	@WINE=$(WINE) tests/windows/run.sh $(WIN_TEST) \
		$(notdir $(WIN_UNIT_EXES) $(WIN_STANDIN_TESTS))

-include $(shell find $(WIN_BUILD)/obj $(WIN_BUILD)/dllobj -name '*.d' 2>/dev/null)

# ---- fuzzing (libFuzzer) and benchmarks ---------------------------------------
# `make fuzz` builds the library and the command line again with clang,
# AddressSanitizer and UBSan, then runs each tests/fuzz/fuzz_*.c target for
# FUZZ_TIME seconds from its seed corpus (tests/fuzz/corpus/NAME); what it
# learns stays in $(BUILD)/fuzz/corpus, crashes in $(BUILD)/fuzz/crash-*.
FUZZ_CC ?= clang
FUZZ_TIME ?= 30
FUZZ_BUILD := $(BUILD)/fuzz
FUZZ_CFLAGS := -g -O1 -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(FUZZ_BUILD)/%,$(wildcard tests/fuzz/fuzz_*.c))

.PHONY: fuzz fuzz-build bench

fuzz-build:
	@$(MAKE) -s --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) \
		CFLAGS="$(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link" \
		$(FUZZ_BUILD)/libtunctl-internal.a $(FUZZ_BUILD)/cmd.a
	@$(MAKE) -s --no-print-directory $(FUZZ_BINS)

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_BUILD)/cmd.a $(FUZZ_BUILD)/libtunctl-internal.a
	$(call say,FUZZCC,$<)$(FUZZ_CC) -std=c11 -D_GNU_SOURCE $(WFLAGS) -Ilib \
		-Icmd/tunctl $(DEP_CFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer \
		-o $@ $^ $(DEP_LIBS)

fuzz: fuzz-build
	@set -e; for t in $(FUZZ_BINS); do \
		n=$${t##*/fuzz_}; mkdir -p $(FUZZ_BUILD)/corpus/$$n; \
		echo "  FUZZ    $$n for $(FUZZ_TIME) s"; \
		$$t -max_total_time=$(FUZZ_TIME) -timeout=10 -rss_limit_mb=2048 \
			-artifact_prefix=$(FUZZ_BUILD)/crash-$$n- \
			$(FUZZ_BUILD)/corpus/$$n tests/fuzz/corpus/$$n \
			>$(FUZZ_BUILD)/$$n.log 2>&1 || \
			{ tail -40 $(FUZZ_BUILD)/$$n.log; exit 1; }; \
		grep -E '^#[0-9]+' $(FUZZ_BUILD)/$$n.log | tail -1; \
	done

# `make bench`: tunctl echo and capture against a bare read/write loop and
# tcpdump, in a namespace of its own (root), and TCP through two devices
# joined by libtunctl with and without --offload. Not a test: it prints
# figures.
$(BUILD)/bench/bare_echo: bench/bare_echo.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) -std=c11 -D_GNU_SOURCE -O2 $(WFLAGS) -o $@ $<

$(BUILD)/bench/udpflood: bench/udpflood.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) -std=c11 -D_GNU_SOURCE -O2 $(WFLAGS) -o $@ $< -lpthread

bench: all test-tools examples $(BUILD)/bench/bare_echo $(BUILD)/bench/udpflood
	@bench/echo.sh $(BUILD)
	@bench/capture.sh $(BUILD)
	@bench/capture_decode.sh $(BUILD)
	@bench/offload.sh $(BUILD)
	@bench/forward.sh $(BUILD)
	@TUNCTL=$(BUILD)/tunctl bench/ctl_scale.sh 1000 3

# ---- install ----------------------------------------------------------------
# Completions go under PREFIX/share, where bash-completion, Debian's zsh and
# fish look (through XDG_DATA_DIRS for /usr/local/share) even before the
# directory exists, so they are installed by default rather than
# auto-detected; WITH_BASHCOMPLETION=no (ZSH, FISH) leaves one out.
WITH_BASHCOMPLETION ?= yes
WITH_ZSHCOMPLETION ?= yes
WITH_FISHCOMPLETION ?= yes
# SETCAP=1: the installed tunctl gets SETCAP_CAPS, so that users can run
# it; it then keeps only what it needs (tunctl(8), Privileges).
SETCAP ?= 0
SETCAP_CAPS ?= cap_net_admin+ep
# What a link against libtunctl.a needs besides it: what libtunctl.so is
# linked with.
PC_LIBS_PRIVATE = $(strip $(LIB_LIBS))

$(BUILD)/tunctl.pc: lib/tunctl.pc.in FORCE
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(ABI_VERSION)|' \
		-e 's|@LIBS_PRIVATE@|$(PC_LIBS_PRIVATE)|' lib/tunctl.pc.in >$@

FORCE:

install: all $(BUILD)/tunctl.pc
	install -v -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) \
		$(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(MANDIR)/man8
	install -v -m 0755 $(BUILD)/tunctl $(DESTDIR)$(BINDIR)/tunctl
	install -v -m 0644 $(BUILD)/libtunctl.a $(DESTDIR)$(LIBDIR)/libtunctl.a
	install -v -m 0755 $(BUILD)/libtunctl.so $(DESTDIR)$(LIBDIR)/libtunctl.so.$(ABI_VERSION)
	ln -sf libtunctl.so.$(ABI_VERSION) $(DESTDIR)$(LIBDIR)/libtunctl.so.$(ABI_MAJOR)
	ln -sf libtunctl.so.$(ABI_MAJOR) $(DESTDIR)$(LIBDIR)/libtunctl.so
	install -v -m 0644 lib/tunctl.h lib/tunctl_packet.h $(DESTDIR)$(INCLUDEDIR)/
	install -v -m 0644 $(BUILD)/tunctl.pc $(DESTDIR)$(PKGCONFIGDIR)/tunctl.pc
	install -v -m 0644 $(wildcard man/*.8) $(DESTDIR)$(MANDIR)/man8/
ifeq ($(WITH_BASHCOMPLETION),yes)
	install -v -d $(DESTDIR)$(BASHCOMPDIR)
	install -v -m 0644 completions/tunctl.bash $(DESTDIR)$(BASHCOMPDIR)/tunctl
endif
ifeq ($(WITH_ZSHCOMPLETION),yes)
	install -v -d $(DESTDIR)$(ZSHCOMPDIR)
	install -v -m 0644 completions/_tunctl $(DESTDIR)$(ZSHCOMPDIR)/_tunctl
endif
ifeq ($(WITH_FISHCOMPLETION),yes)
	install -v -d $(DESTDIR)$(FISHCOMPDIR)
	install -v -m 0644 completions/tunctl.fish $(DESTDIR)$(FISHCOMPDIR)/tunctl.fish
endif
ifeq ($(SETCAP),1)
	setcap $(SETCAP_CAPS) $(DESTDIR)$(BINDIR)/tunctl
endif
	@# The run-time linker's cache, for a real install as root.
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then \
		PATH="$$PATH:/sbin:/usr/sbin" ldconfig || true; fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tunctl $(DESTDIR)$(LIBDIR)/libtunctl.a \
		$(DESTDIR)$(LIBDIR)/libtunctl.so $(DESTDIR)$(LIBDIR)/libtunctl.so.$(ABI_MAJOR) \
		$(DESTDIR)$(LIBDIR)/libtunctl.so.$(ABI_VERSION) \
		$(DESTDIR)$(INCLUDEDIR)/tunctl.h $(DESTDIR)$(INCLUDEDIR)/tunctl_packet.h \
		$(DESTDIR)$(PKGCONFIGDIR)/tunctl.pc \
		$(addprefix $(DESTDIR)$(MANDIR)/man8/,$(notdir $(wildcard man/*.8))) \
		$(DESTDIR)$(BASHCOMPDIR)/tunctl $(DESTDIR)$(ZSHCOMPDIR)/_tunctl \
		$(DESTDIR)$(FISHCOMPDIR)/tunctl.fish

clean:
	rm -rf $(BUILD)

help:
	@echo "make                build build/tunctl, build/libtunctl.{a,so}"
	@echo "make check          install dependencies, build, run every test"
	@echo "make demo           install dependencies, build, show tunctl at work"
	@echo "make fuzz           libFuzzer targets, FUZZ_TIME=30 s each (clang, ASan, UBSan)"
	@echo "make bench          echo/capture against a bare loop and tcpdump; --offload (root)"
	@echo "make unit           C unit tests (no root needed)"
	@echo "make symbols        the libraries export lib/tunctl.h's names and nothing else"
	@echo "make integration    bats tests in network namespaces (root)"
	@echo "make leaks          every command under valgrind (root)"
	@echo "make asan           unit and bats tests built with ASan and UBSan"
	@echo "make portable-check lib/*.c compiled for Windows with mingw-w64"
	@echo "make cross-check    compile for macOS and the BSDs: SYSROOT_{DARWIN,FREEBSD,OPENBSD,NETBSD}=DIR"
	@echo "make check-rump     the BSD backend on a NetBSD rump kernel: RUMP_DIR=DIR NETBSD_SRC=DIR"
	@echo "make windows        cross-build $(WIN_BUILD)/tunctl.exe and libtunctl"
	@echo "make check-windows  Windows unit tests and wintun stand-in test, under wine"
	@echo "make man-lint       mandoc -Tlint on man/*.8"
	@echo "make fresh-check    the README's commands on a clean Debian 12 (root): FRESH=\"demo check build install\""
	@echo "make install        PREFIX=$(PREFIX) DESTDIR= BINDIR= LIBDIR= INCLUDEDIR="
	@echo "                    MANDIR= PKGCONFIGDIR= BASHCOMPDIR= ZSHCOMPDIR= FISHCOMPDIR="
	@echo "                    WITH_BASHCOMPLETION=yes (ZSH, FISH) SETCAP=1 SETCAP_CAPS="
	@echo "make uninstall      the same variables: remove what install put there"
	@echo "make clean          remove build/"
	@echo "Knobs: V=1 shows commands, WERROR=-Werror, CC, CFLAGS, BUILD"
