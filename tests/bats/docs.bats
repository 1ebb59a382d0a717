#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# --help, the man page and the completions must say the same thing. The
# lists come from the binary (`tunctl help`, `tunctl CMD [VERB] --help`),
# never from this file, so a command or option added to a table in
# cmd/tunctl/ fails here until the man page and the completions have it.
# No root needed.

bats_require_minimum_version 1.5.0
load helpers
load shells

TOP=$BATS_TEST_DIRNAME/../..
MAN=$TOP/man/tunctl.8

# Commands and global options documented ahead of the code: while the
# binary lacks them they may be in the documentation without being in the
# binary, never the other way round.
# Empty when everything has landed.
PENDING_COMMANDS=""
PENDING_GLOBAL_OPTIONS=""

setup() {
	# shellcheck source=../../completions/tunctl.bash
	source "$TOP/completions/tunctl.bash"
}

# ---- what the binary says ---------------------------------------------------

# The rows of the dispatch table, from the "commands:" list of `tunctl help`.
commands() {
	"$TUNCTL" help | awk '/^commands:/ { on = 1; next }
		on && /^  [a-z]/ { print $1 }'
}

# The second-level verbs of a command: "usage: tunctl addr add ..." lines.
verbs() {
	[ "$1" = help ] && return 0
	"$TUNCTL" help "$1" |
		awk -v c="$1" '$1 == "usage:" && $3 == c && $4 ~ /^[a-z]+$/ { print $4 }'
}

# Every command, or "command verb" for those that have verbs.
forms() {
	local c v
	for c in $(commands); do
		if [ -n "$(verbs "$c")" ]; then
			for v in $(verbs "$c"); do echo "$c $v"; done
		else
			echo "$c"
		fi
	done
}

# The options a --help text lists ("  -n, --netns NETNS   ..."), one per line.
help_options() {
	awk '/^options:/ { on = 1; next }
		on && /^$/ { exit }
		on {
			sub(/^  /, ""); sub(/  .*/, "")
			for (i = 1; i <= NF; i++)
				if ($i ~ /^-/) { sub(/,$/, "", $i); print $i }
		}'
}

# The options of one form ("" for the global ones), sorted.
form_options() {
	if [ -z "$1" ]; then
		"$TUNCTL" --help | help_options | sort
	else
		# shellcheck disable=SC2086
		"$TUNCTL" $1 --help | help_options | sort
	fi
}

# The usage line(s) of a form, joined, without "usage: tunctl ".
form_usage() {
	# shellcheck disable=SC2086
	"$TUNCTL" $1 --help | awk '/^usage: / { on = 1 } on && /^$/ { exit } on' |
		tr -s ' \n' '  ' | sed 's/^usage: tunctl //; s/ *$//'
}

# ---- what the bash completion says -----------------------------------------

# COMPREPLY for the words given, the last being completed; sorted lines.
bash_complete() {
	COMP_WORDS=(tunctl "$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	set +e
	_tunctl
	set -e
	printf '%s\n' "${COMPREPLY[@]}" | grep -v '^$' | sort || true
}

# The options the completion offers after a form, without -h, --help, --.
bash_options() {
	# shellcheck disable=SC2086
	bash_complete $1 - | grep -vxE -- '-h|--help|--' || true
}

# ---- what the fish and zsh completions say ----------------------------------

fish_options() {
	# shellcheck disable=SC2086
	fish_complete $1 - | grep -vxE -- '-h|--help' || true
}

zsh_options() {
	# shellcheck disable=SC2086
	zsh_complete $1 - | grep -vxE -- '-h|--help' || true
}

# ---- what the man page says -------------------------------------------------

man_text() { mandoc -Tascii -O width=1000 "$MAN" | col -bx; }

# The lines of one section, its heading at column 0.
man_section() {
	man_text | awk -v s="$1" '$0 == s { on = 1; next } on && /^[A-Z]/ { exit } on'
}

# The entry of a form in COMMANDS: its tag lines (indent 7) and its body,
# where several tags (show, list) may share one body.
man_entry() {
	man_section COMMANDS | awk -v f="$1" '
		/^       [^ ]/ {
			if (body && on) exit
			if (body) body = 0
			t = substr($0, 8)
			if (t == f || index(t, f " ") == 1) on = 1
			if (on) print
			next
		}
		{ body = 1; if (on) print }'
}

# The SYNOPSIS entries, one per line, spaces squeezed, without "tunctl ".
man_synopsis() {
	man_section SYNOPSIS | awk '
		/^       tunctl / { if (e != "") print e; e = substr($0, 8); next }
		/^        / && e != "" { e = e " " $0; next }
		{ if (e != "") print e; e = "" }
		END { if (e != "") print e }' |
		tr -s ' ' | sed 's/^tunctl //; s/ *$//'
}

# Does text on stdin have a tag line, indented by $2 spaces, for option $1
# ("--peer ADDR", "-n, --netns NETNS", "--tap  A TAP ...")?
has_tag() { grep -qE -- "^ {$2}(-[A-Za-z], )?$1([ ,]|\$)"; }

in_list() {
	local x
	for x in $2; do [ "$x" = "$1" ] && return 0; done
	return 1
}

# ---- the checks ---------------------------------------------------------------

@test "the binary lists commands, verbs and options (the source of the other checks)" {
	[ "$(commands | wc -l)" -ge 10 ]
	commands | grep -qx create
	[ "$(verbs addr | tr '\n' ' ')" = "add del show flush " ]
	form_options "addr add" | grep -qx -- --peer
	form_options "" | grep -qx -- --netns
	form_options "" | grep -qx -- -n
	[[ "$(form_usage "addr del")" == "addr del NAME PREFIX" ]]
}

@test "bash completion offers exactly the commands of the dispatcher" {
	expected=$(commands | sort)
	for c in $PENDING_COMMANDS; do
		in_list "$c" "$(commands)" || expected=$(printf '%s\n%s\n' "$expected" "$c" | sort)
	done
	assert_equal "$(bash_complete "")" "$expected"
}

@test "bash completion offers exactly the verbs of each command" {
	for c in $(commands); do
		if [ -n "$(verbs "$c")" ]; then
			assert_equal "$(bash_complete "$c" "")" "$(verbs "$c" | sort)"
			assert_equal "$(_tunctl_verbs "$c" | tr ' ' '\n' | sort)" "$(verbs "$c" | sort)"
		else
			assert_equal "$(_tunctl_verbs "$c")" ""
		fi
	done
}

@test "bash completion offers exactly the options of each command and verb" {
	while read -r form; do
		[ "$form" = help ] && continue # takes only a command word
		assert_equal "$(bash_options "$form")" "$(form_options "$form")"
	done < <(forms)
}

@test "bash completion offers exactly the global options" {
	expected=$(form_options "")
	for o in $PENDING_GLOBAL_OPTIONS; do
		form_options "" | grep -qx -- "$o" || expected=$(printf '%s\n%s\n' "$expected" "$o" | sort)
	done
	assert_equal "$(bash_complete -)" "$(printf '%s\n' "$expected" -h --help | sort)"
}

@test "the man page has an entry in COMMANDS for every command and verb" {
	while read -r form; do
		[ -n "$(man_entry "$form")" ] || fail "no entry for '$form' in COMMANDS of $MAN"
	done < <(forms)
}

@test "the man page describes every option of every command in its entry" {
	while read -r form; do
		[ "$form" = help ] && continue
		entry=$(man_entry "$form")
		for o in $(form_options "$form"); do
			has_tag "$o" 14 <<<"$entry" ||
				fail "'$form' option $o has no item in its man page entry"
		done
	done < <(forms)
}

@test "the man page describes every global option in OPTIONS" {
	options=$(man_section OPTIONS)
	for o in $(form_options ""); do
		has_tag "$o" 7 <<<"$options" || fail "global option $o has no item in OPTIONS"
	done
}

@test "the man page SYNOPSIS has the usage of every command, as --help prints it" {
	synopsis=$(man_synopsis)
	while read -r form; do
		[ "$form" = help ] && continue
		usage=$(form_usage "$form")
		grep -qxF -- "$usage" <<<"$synopsis" ||
			fail "SYNOPSIS lacks '$usage' (from tunctl $form --help); it has:
$synopsis"
	done < <(forms)
}

@test "the man page documents no command that the dispatcher lacks" {
	while read -r tag; do
		word=${tag%% *}
		in_list "$word" "$(commands)" || in_list "$word" "$PENDING_COMMANDS" ||
			fail "COMMANDS documents '$tag', which tunctl does not have"
	done < <(man_section COMMANDS | grep -E '^       [^ ]' | sed 's/^ *//')
	while read -r entry; do
		word=${entry%% *}
		case $word in \[*) continue ;; esac # the global synopsis
		in_list "$word" "$(commands)" || in_list "$word" "$PENDING_COMMANDS" ||
			fail "SYNOPSIS has '$entry', which tunctl does not have"
	done < <(man_synopsis)
}

@test "the man page passes mandoc -Tlint" {
	run mandoc -Tlint -Wall "$MAN"
	assert_success
	assert_output ""
}

@test "fish completion offers exactly the commands, verbs and options of the binary" {
	expected=$(commands | sort)
	for c in $PENDING_COMMANDS; do
		in_list "$c" "$(commands)" || expected=$(printf '%s\n%s\n' "$expected" "$c" | sort)
	done
	assert_equal "$(fish_complete "")" "$expected"
	for c in $(commands); do
		[ -n "$(verbs "$c")" ] || continue
		assert_equal "$(fish_complete "$c" "")" "$(verbs "$c" | sort)"
	done
	while read -r form; do
		[ "$form" = help ] && continue
		assert_equal "$(fish_options "$form")" "$(form_options "$form")"
	done < <(forms)
	expected=$(form_options "")
	for o in $PENDING_GLOBAL_OPTIONS; do
		form_options "" | grep -qx -- "$o" || expected=$(printf '%s\n%s\n' "$expected" "$o" | sort)
	done
	assert_equal "$(fish_options "")" "$expected"
}

@test "zsh completion offers exactly the commands, verbs and options of the binary" {
	expected=$(commands | sort)
	for c in $PENDING_COMMANDS; do
		in_list "$c" "$(commands)" || expected=$(printf '%s\n%s\n' "$expected" "$c" | sort)
	done
	assert_equal "$(zsh_complete "")" "$expected"
	for c in $(commands); do
		[ -n "$(verbs "$c")" ] || continue
		assert_equal "$(zsh_complete "$c" "")" "$(verbs "$c" | sort)"
	done
	while read -r form; do
		[ "$form" = help ] && continue
		assert_equal "$(zsh_options "$form")" "$(form_options "$form")"
	done < <(forms)
	expected=$(form_options "")
	for o in $PENDING_GLOBAL_OPTIONS; do
		form_options "" | grep -qx -- "$o" || expected=$(printf '%s\n%s\n' "$expected" "$o" | sort)
	done
	assert_equal "$(zsh_options "")" "$expected"
}

@test "the zsh and fish completions parse" {
	command -v zsh >/dev/null || skip "zsh is not installed (scripts/install-deps.sh)"
	command -v fish >/dev/null || skip "fish is not installed (scripts/install-deps.sh)"
	zsh -n "$TOP/completions/_tunctl"
	fish --no-execute "$TOP/completions/tunctl.fish"
	bash -n "$TOP/completions/tunctl.bash"
}

@test "zsh and fish complete values like bash: files, users, values after options" {
	[ "$(zsh_complete create --name-file "")" = "(files)" ]
	[ "$(zsh_complete -b "")" = "(files)" ]
	[ "$(zsh_complete create --owner "")" = "(users)" ]
	[ "$(zsh_complete create --group "")" = "(groups)" ]
	[ "$(zsh_complete create --mtu 1400 --tap "")" = "" ]
	[ "$(zsh_complete create x -- ls /t)" = "(command line: ls /t)" ]
	fish_complete create --owner roo | grep -qx root
	fish_complete create --name-file "$TOP/READ" | grep -qx "$TOP/README.md"
	fish_complete -b "$TOP/READ" | grep -qx "$TOP/README.md"
	[ "$(fish_complete create --mtu 1400 --ta)" = "--tap" ]
}
