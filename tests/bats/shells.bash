# SPDX-License-Identifier: MIT
# The fish and zsh completions driven from bats: what each offers for a
# command line, one candidate per line, sorted. Used by docs.bats and
# completion.bats.

SHELLS_TOP=$(realpath "$BATS_TEST_DIRNAME/../..")

# The candidates fish offers for "$TUNCTL WORDS..." (the last one completed).
fish_complete() {
	command -v fish >/dev/null || skip "fish is not installed (scripts/install-deps.sh)"
	LINE="$TUNCTL $*" fish -N -c 'source "$argv[1]"; complete -C"$LINE"' \
		"$SHELLS_TOP/completions/tunctl.fish" | cut -f1 | sort
}

# The candidates zsh's _tunctl offers, with the completion system's
# functions replaced by ones that print what they are given.
zsh_complete() {
	command -v zsh >/dev/null || skip "zsh is not installed (scripts/install-deps.sh)"
	zsh -f -c '
		compadd() {
			while [[ $1 == -* && $1 != -- ]]; do shift; done
			[[ $1 == -- ]] && shift
			print -l -- "$@"
		}
		_describe() { local a=${@[-1]}; print -l -- ${${(P)a}%%:*} }
		_files() { print "(files)" }
		_users() { print "(users)" }
		_groups() { print "(groups)" }
		_message() { :; }
		_normal() { print "(command line: ${words[*]})" }
		source "$1" >/dev/null 2>&1
		shift
		words=("$@")
		CURRENT=$#words
		_tunctl' zsh "$SHELLS_TOP/completions/_tunctl" "$TUNCTL" "$@" |
		grep -v '^$' | sort || true
}

