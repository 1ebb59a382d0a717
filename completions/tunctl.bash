# SPDX-License-Identifier: MIT
# bash completion for tunctl(8). Commands and options are listed here (a
# test checks them against `tunctl help`); device names, addresses and
# routes are asked from tunctl itself, namespaces read from /run/netns.
# Needs nothing but bash: no bash-completion helpers, no jq.

# The options of a command word ("create", "addr add", "" for the global
# ones). Those that take a value end in "=".
_tunctl_options()
{
	case $1 in
	"") echo "-n= --netns= -j --json -b= --batch= --force -q --quiet -V --version" \
		"-s --stats" ;;
	create) echo "--tap --mtu= --addr= --peer= --route= --via= --metric= --up" \
		"--owner= --group= --open --multi-queue --offload --pi --exist-ok --name-file=" \
		"--dns=" ;;
	delete) echo "--if-exists" ;;
	set) echo "--name= --owner= --group= --txqueuelen= --mac= --netns=" ;;
	show | list) echo "--names" ;;
	"addr add") echo "--peer= --exist-ok" ;;
	"addr flush") echo "--inet --inet6" ;;
	"route add") echo "--via= --metric= --table= --src= --exist-ok" ;;
	"route del") echo "--via= --metric= --table=" ;;
	"route show" | "route flush") echo "--table=" ;;
	capture) echo "-c= --count= -w= --write= -G= --rotate= -C= --rotate-size=" \
		"-W= --keep= --print -r= --read= -s= --snaplen= -B= --buffer-size=" \
		"--immediate -l --line-buffered -x --hex -X --hex-ascii -A --ascii" \
		"-e --link-header -v --verbose -S --absolute-seq --attach --user=" ;;
	echo) echo "-c= --count= --udp --queues= --user= -v --verbose" ;;
	wait) echo "--exists --up --carrier --addr= --gone --timeout=" ;;
	monitor) echo "-c= --count=" ;;
	esac
}

_tunctl_commands="create delete show list addr route mtu set up down capture echo wait monitor help"

# Second-level verbs of a command, if it has them.
_tunctl_verbs()
{
	case $1 in
	addr | route) echo "add del show flush" ;;
	esac
}

# Does option $2 of command $1 take a value?
_tunctl_takes_value()
{
	local o
	for o in $(_tunctl_options "$1"); do
		[[ $o == "$2=" ]] && return 0
	done
	return 1
}

# Print the live values for a word, one per line. $1 is the tunctl to ask,
# $2 the namespace (may be empty), $3 what: devices, addrs NAME, routes NAME.
_tunctl_ask()
{
	local tunctl=$1 ns=$2
	local -a g=()
	[[ -n $ns ]] && g=(-n "$ns")
	case $3 in
	devices) "$tunctl" "${g[@]}" show --names 2>/dev/null ;;
	# "tun0 inet 10.0.0.1/24 ...": the third field
	addrs) "$tunctl" "${g[@]}" addr show "$4" 2>/dev/null |
		while read -r _ _ a _; do echo "$a"; done ;;
	# "10.1.0.0/16 dev tun0 ...": the first field
	routes) "$tunctl" "${g[@]}" route show "$4" 2>/dev/null |
		while read -r r _; do echo "$r"; done ;;
	esac
}

_tunctl_netns()
{
	local f
	for f in /run/netns/*; do
		[[ -e $f ]] && echo "${f##*/}"
	done
}

# COMPREPLY from the words in $1 (split at white space) that start with
# $2, one per line of compgen's output.
_tunctl_reply()
{
	mapfile -t COMPREPLY < <(compgen -W "$1" -- "$2")
}

# bash splits "fd00::1" into "fd00" "::" "1" (":" is in COMP_WORDBREAKS).
# Join such pieces again, as they were typed without blanks between them,
# into _tunctl_words, with the cursor's word at _tunctl_cword.
_tunctl_join_colons()
{
	local line=$COMP_LINE w i n
	_tunctl_words=()
	_tunctl_cword=0
	for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
		w=${COMP_WORDS[i]}
		n=${#_tunctl_words[@]}
		if ((n > 0)) && [[ $line != [[:blank:]]* ]] &&
			[[ $w == :* || ${_tunctl_words[n - 1]} == *: ]]; then
			_tunctl_words[n - 1]+=$w
		else
			_tunctl_words+=("$w")
		fi
		((i == COMP_CWORD)) && _tunctl_cword=$((${#_tunctl_words[@]} - 1))
		line=${line#"${line%%[![:blank:]]*}"}
		line=${line#"$w"}
	done
}

_tunctl()
{
	local _tunctl_words _tunctl_cword
	_tunctl_join_colons
	local -a COMP_WORDS=("${_tunctl_words[@]}")
	local COMP_CWORD=$_tunctl_cword
	local cur=${COMP_WORDS[COMP_CWORD]} prev="" tunctl=${COMP_WORDS[0]}
	local ns="" cmd="" verb="" w o i=1 npos=0 dashdash=0
	local -a pos=()

	COMPREPLY=()
	# "--opt=value" arrives split around "=" (COMP_WORDBREAKS).
	if ((COMP_CWORD >= 2)) && [[ ${COMP_WORDS[COMP_CWORD - 1]} == "=" ]]; then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	elif ((COMP_CWORD >= 1)) && [[ $cur == "=" ]]; then
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		cur=""
	elif ((COMP_CWORD >= 1)); then
		prev=${COMP_WORDS[COMP_CWORD - 1]}
	fi

	# Walk the words before the cursor: global options, the command,
	# its verb, positional words, and skip the values of options.
	while ((i < COMP_CWORD)); do
		w=${COMP_WORDS[i]}
		if ((dashdash)); then
			((npos++))
		elif [[ $w == "=" ]]; then
			: # the value after it is skipped with its option
		elif [[ $w == -- ]]; then
			dashdash=1
			npos=0
		elif [[ $w == -* ]]; then
			o=${w%%=*}
			if [[ -z $cmd ]]; then
				if _tunctl_takes_value "" "$o" && [[ $w != *=* ]]; then
					((i++))
					[[ ${COMP_WORDS[i]} == "=" ]] && ((i++))
					[[ $o == -n || $o == --netns ]] && ns=${COMP_WORDS[i]}
				fi
			elif _tunctl_takes_value "$cmd${verb:+ $verb}" "$o" && [[ $w != *=* ]]; then
				((i++))
				[[ ${COMP_WORDS[i]} == "=" ]] && ((i++))
			fi
		elif [[ -z $cmd ]]; then
			cmd=$w
		elif [[ -z $verb && -n $(_tunctl_verbs "$cmd") ]]; then
			verb=$w
		else
			pos+=("$w")
		fi
		((i++))
	done

	# The value of the option just before the cursor.
	if [[ $prev == -* ]] && ((!dashdash)) &&
		_tunctl_takes_value "${cmd:+$cmd${verb:+ $verb}}" "$prev"; then
		case $prev in
		-n | --netns) _tunctl_reply "$(_tunctl_netns)" "$cur" ;;
		-b | --batch | -w | --write | -r | --read | --name-file)
			compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
			;;
		--owner | --user) mapfile -t COMPREPLY < <(compgen -u -- "$cur") ;;
		--group) mapfile -t COMPREPLY < <(compgen -g -- "$cur") ;;
		esac
		return 0
	fi

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			o=$(_tunctl_options "")
			_tunctl_reply "${o//=/} -h --help" "$cur"
		else
			_tunctl_reply "$_tunctl_commands" "$cur"
		fi
		return 0
	fi

	# create ... -- COMMAND [ARG]...
	if ((dashdash)) && [[ $cmd == create ]]; then
		if ((npos == 0)); then
			mapfile -t COMPREPLY < <(compgen -c -- "$cur")
		else
			compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		fi
		return 0
	fi

	if [[ -n $(_tunctl_verbs "$cmd") && -z $verb ]]; then
		if [[ $cur == -* ]]; then
			_tunctl_reply "-h --help" "$cur"
		else
			_tunctl_reply "$(_tunctl_verbs "$cmd")" "$cur"
		fi
		return 0
	fi

	if [[ $cur == -* ]]; then
		o=$(_tunctl_options "$cmd${verb:+ $verb}")
		_tunctl_reply "${o//=/} -h --help" "$cur"
		[[ $cmd == create && -- == "$cur"* ]] && COMPREPLY+=(--)
		return 0
	fi

	case $cmd${verb:+ $verb} in
	help)
		if ((${#pos[@]} == 0)); then
			_tunctl_reply "$_tunctl_commands" "$cur"
		elif ((${#pos[@]} == 1)); then
			_tunctl_reply "$(_tunctl_verbs "${pos[0]}")" "$cur"
		fi
		;;
	create) ;; # a new name: nothing to offer
	"addr del")
		if ((${#pos[@]} == 0)); then
			_tunctl_reply "$(_tunctl_ask "$tunctl" "$ns" devices)" "$cur"
		elif ((${#pos[@]} == 1)); then
			_tunctl_reply "$(_tunctl_ask "$tunctl" "$ns" addrs "${pos[0]}")" "$cur"
		fi
		;;
	"route del")
		if ((${#pos[@]} == 0)); then
			_tunctl_reply "$(_tunctl_ask "$tunctl" "$ns" devices)" "$cur"
		elif ((${#pos[@]} == 1)); then
			_tunctl_reply "$(_tunctl_ask "$tunctl" "$ns" routes "${pos[0]}")" "$cur"
		fi
		;;
	capture)
		if ((${#pos[@]} == 0)); then
			_tunctl_reply "$(_tunctl_ask "$tunctl" "$ns" devices)" "$cur"
		else
			# the start of a filter expression (pcap-filter(7))
			_tunctl_reply "host net port portrange src dst ip ip6 arp icmp icmp6 tcp udp and or not" "$cur"
		fi
		;;
	*)
		# Everything else takes a device as its first word.
		((${#pos[@]} == 0)) &&
			_tunctl_reply "$(_tunctl_ask "$tunctl" "$ns" devices)" "$cur"
		;;
	esac
	# bash replaces only what follows the word's last ":".
	if [[ $cur == *:* ]]; then
		local lead=${cur%"${cur##*:}"}
		COMPREPLY=("${COMPREPLY[@]#"$lead"}")
	fi
	return 0
}

complete -F _tunctl tunctl
