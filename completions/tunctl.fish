# SPDX-License-Identifier: MIT
# fish completion for tunctl(8). Commands and options are listed here (a
# test checks them against `tunctl help`); device names, addresses and
# routes are asked from tunctl itself, namespaces read from /run/netns.

# The options that take a value, per command ("" for the global ones), one
# per line.
function __tunctl_value_options
    switch "$argv[1]"
        case ''
            printf '%s\n' -n --netns -b --batch
        case create
            printf '%s\n' --mtu --addr --peer --route --via --metric --owner --group --name-file --dns
        case 'addr add'
            printf '%s\n' --peer
        case 'route add'
            printf '%s\n' --via --metric --table --src
        case 'route del'
            printf '%s\n' --via --metric --table
        case 'route show' 'route flush'
            printf '%s\n' --table
        case capture
            printf '%s\n' -c --count -w --write --user -G --rotate -C --rotate-size \
                -W --keep -r --read -s --snaplen -B --buffer-size
        case echo
            printf '%s\n' -c --count --queues --user
        case set
            printf '%s\n' --name --owner --group --txqueuelen --mac --netns
        case wait
            printf '%s\n' --addr --timeout
        case monitor
            printf '%s\n' -c --count
    end
end

# Where the cursor is: "ns<TAB>cmd<TAB>verb<TAB>positional words..." from
# the words before it; "--" among the positional words after create's.
function __tunctl_state
    set -l words (commandline -opc)
    set -e words[1]
    set -l ns ''
    set -l cmd ''
    set -l verb ''
    set -l pos
    set -l dashdash 0
    set -l skip 0
    for w in $words
        if test $skip = 1
            set skip 0
            test "$w" = '' # keep fish quiet about an empty block
            continue
        end
        if test $dashdash = 1
            set pos $pos $w
        else if test "$w" = --
            set dashdash 1
            set pos $pos --
        else if string match -q -- '-*' $w
            set -l o (string split -m1 = -- $w)[1]
            set -l ctx $cmd
            test -n "$verb"; and set ctx "$cmd $verb"
            if contains -- $o (__tunctl_value_options "$ctx")
                if string match -q -- '*=*' $w
                    set -l v (string split -m1 = -- $w)[2]
                    test -z "$cmd"; and contains -- $o -n --netns; and set ns $v
                else
                    set skip 1
                    if test -z "$cmd"; and contains -- $o -n --netns
                        set -l i (contains -i -- $w $words)
                        set ns $words[(math $i + 1)]
                    end
                end
            end
        else if test -z "$cmd"
            set cmd $w
        else if test -z "$verb"; and contains -- $cmd addr route
            set verb $w
        else
            set pos $pos $w
        end
    end
    string join \t -- "$ns" "$cmd" "$verb" $pos
end

function __tunctl_field
    set -l s (string split \t -- (__tunctl_state))
    echo $s[$argv[1]]
end

# No command yet.
function __tunctl_needs_command
    test -z (__tunctl_field 2)
end

# The command (and verb) is $argv, before any "--" of create.
function __tunctl_using
    set -l s (string split \t -- (__tunctl_state))
    test "$s[2]" = "$argv[1]"; or return 1
    if set -q argv[2]
        test "$s[3]" = "$argv[2]"; or return 1
    end
    not contains -- -- $s[4..-1]
end

# addr or route without its verb yet.
function __tunctl_needs_verb
    set -l s (string split \t -- (__tunctl_state))
    contains -- "$s[2]" addr route; and test -z "$s[3]"
end

# The number of positional words after the command (and verb).
function __tunctl_npos
    set -l s (string split \t -- (__tunctl_state))
    count $s[4..-1]
end

# Commands whose first word is an existing device.
function __tunctl_wants_device
    set -l s (string split \t -- (__tunctl_state))
    test (count $s[4..-1]) -eq 0; or return 1
    switch "$s[2]"
        case delete show list mtu set up down capture echo wait monitor
            return 0
        case addr route
            test -n "$s[3]"
    end
end

# tunctl itself (the first word), with -n NETNS when one was given.
function __tunctl_run
    set -l bin (commandline -opc)[1]
    set -l ns (__tunctl_field 1)
    if test -n "$ns"
        $bin -n $ns $argv 2>/dev/null
    else
        $bin $argv 2>/dev/null
    end
end

function __tunctl_devices
    __tunctl_run show --names
end

function __tunctl_addrs
    set -l s (string split \t -- (__tunctl_state))
    # "tun0 inet 10.0.0.1/24 ...": the third field
    __tunctl_run addr show $s[4] | string split -f3 ' '
end

function __tunctl_routes
    set -l s (string split \t -- (__tunctl_state))
    # "10.1.0.0/16 dev tun0 ...": the first field
    __tunctl_run route show $s[4] | string split -f1 ' '
end

function __tunctl_netns
    for f in /run/netns/*
        test -e $f; and basename $f
    end
end

# After "create ... --": the command, then its arguments.
function __tunctl_after_dashdash
    set -l s (string split \t -- (__tunctl_state))
    test "$s[2]" = create; and contains -- -- $s[4..-1]
end

# What follows "--": complete it as a command line of its own.
function __tunctl_subcommand
    set -l words (commandline -opc)
    set -l i (contains -i -- -- $words)
    set -l rest $words[(math $i + 1)..-1] (commandline -ct)
    complete -C (string join ' ' -- (string escape -- $rest[1..-2]) $rest[-1])
end

complete -c tunctl -f

# global options
complete -c tunctl -n __tunctl_needs_command -s n -l netns -x -a '(__tunctl_netns)' -d 'run in network namespace /run/netns/NETNS'
complete -c tunctl -n __tunctl_needs_command -s j -l json -d 'print JSON'
complete -c tunctl -n __tunctl_needs_command -s b -l batch -r -F -d 'run the commands in FILE'
complete -c tunctl -n __tunctl_needs_command -l force -d 'in a batch, go on after a failing line'
complete -c tunctl -n __tunctl_needs_command -s q -l quiet -d 'print no notices or summaries'
complete -c tunctl -n __tunctl_needs_command -s V -l version -d 'print the version'
complete -c tunctl -n __tunctl_needs_command -s s -l stats -d 'show counters with show'
complete -c tunctl -s h -l help -d 'print the usage'

# commands
complete -c tunctl -n __tunctl_needs_command -a create -d 'create a TUN/TAP device and configure it'
complete -c tunctl -n __tunctl_needs_command -a delete -d 'delete a TUN/TAP device'
complete -c tunctl -n __tunctl_needs_command -a show -d 'show TUN/TAP devices'
complete -c tunctl -n __tunctl_needs_command -a list -d 'the same as show'
complete -c tunctl -n __tunctl_needs_command -a addr -d 'add, delete, show or flush addresses'
complete -c tunctl -n __tunctl_needs_command -a route -d 'add, delete, show or flush routes'
complete -c tunctl -n __tunctl_needs_command -a mtu -d 'print or set the MTU'
complete -c tunctl -n __tunctl_needs_command -a set -d 'rename a device, change its owner, queue length, ...'
complete -c tunctl -n __tunctl_needs_command -a up -d 'bring a device up'
complete -c tunctl -n __tunctl_needs_command -a down -d 'bring a device down'
complete -c tunctl -n __tunctl_needs_command -a capture -d 'show the packets of a device'
complete -c tunctl -n __tunctl_needs_command -a echo -d 'answer pings and UDP through a device'
complete -c tunctl -n __tunctl_needs_command -a wait -d 'wait until a device is up, has an address, ...'
complete -c tunctl -n __tunctl_needs_command -a monitor -d 'print changes of TUN/TAP devices'
complete -c tunctl -n __tunctl_needs_command -a help -d 'show help for tunctl or one command'

# verbs
complete -c tunctl -n __tunctl_needs_verb -a add -d 'add one'
complete -c tunctl -n __tunctl_needs_verb -a del -d 'delete one'
complete -c tunctl -n __tunctl_needs_verb -a show -d 'show them'
complete -c tunctl -n __tunctl_needs_verb -a flush -d 'remove them all'

# live values
complete -c tunctl -n __tunctl_wants_device -a '(__tunctl_devices)' -d device
complete -c tunctl -n '__tunctl_using addr del; and test (__tunctl_npos) -eq 1' -a '(__tunctl_addrs)' -d address
complete -c tunctl -n '__tunctl_using route del; and test (__tunctl_npos) -eq 1' -a '(__tunctl_routes)' -d route
complete -c tunctl -n '__tunctl_using help; and test (__tunctl_npos) -eq 0' -a 'create delete show list addr route mtu set up down capture echo wait monitor help'
complete -c tunctl -n '__tunctl_using help; and test (__tunctl_npos) -eq 1' -a 'add del show flush'
complete -c tunctl -n '__tunctl_using capture; and test (__tunctl_npos) -ge 1' -a 'host net port portrange src dst ip ip6 arp icmp icmp6 tcp udp and or not' -d 'pcap filter'
complete -c tunctl -n __tunctl_after_dashdash -a '(__tunctl_subcommand)'

# create
complete -c tunctl -n '__tunctl_using create' -l tap -d 'a TAP (Ethernet) device instead of TUN'
complete -c tunctl -n '__tunctl_using create' -l mtu -x -d 'set the MTU (68-65535)'
complete -c tunctl -n '__tunctl_using create' -l addr -x -d 'add an address; repeatable'
complete -c tunctl -n '__tunctl_using create' -l peer -x -d 'the far end of the last --addr'
complete -c tunctl -n '__tunctl_using create' -l route -x -d 'route PREFIX into the device; needs --up'
complete -c tunctl -n '__tunctl_using create' -l via -x -d 'gateway of the last --route'
complete -c tunctl -n '__tunctl_using create' -l metric -x -d 'metric of the last --route'
complete -c tunctl -n '__tunctl_using create' -l up -d 'bring the device up'
complete -c tunctl -n '__tunctl_using create' -l owner -x -a '(__fish_complete_users)' -d 'USER may open the device'
complete -c tunctl -n '__tunctl_using create' -l group -x -a '(__fish_complete_groups)' -d 'GROUP may open the device'
complete -c tunctl -n '__tunctl_using create' -l open -d 'any user may open the device'
complete -c tunctl -n '__tunctl_using create' -l multi-queue -d 'allow several queues (readers)'
complete -c tunctl -n '__tunctl_using create' -l offload -d 'frame packets with a virtio-net header'
complete -c tunctl -n '__tunctl_using create' -l pi -d 'keep the packet-information header'
complete -c tunctl -n '__tunctl_using create' -l exist-ok -d 'accept an existing NAME of the same mode and flags'
complete -c tunctl -n '__tunctl_using create' -l name-file -r -F -d "also write the device's name to FILE"
complete -c tunctl -n '__tunctl_using create' -l dns -x -d 'a DNS server for the device (Windows)'

# delete
complete -c tunctl -n '__tunctl_using delete' -l if-exists -d 'succeed when already gone'

# show, list
complete -c tunctl -n '__tunctl_using show' -l names -d 'print only the names'
complete -c tunctl -n '__tunctl_using list' -l names -d 'print only the names'

# addr, route
complete -c tunctl -n '__tunctl_using addr add' -l peer -x -d 'the far end of a point-to-point link'
complete -c tunctl -n '__tunctl_using addr add' -l exist-ok -d 'succeed if the address is there'
complete -c tunctl -n '__tunctl_using route add' -l via -x -d 'send through this next hop'
complete -c tunctl -n '__tunctl_using route add' -l metric -x -d "the route's metric"
complete -c tunctl -n '__tunctl_using route add' -l exist-ok -d 'succeed if the route is there'
complete -c tunctl -n '__tunctl_using route del' -l via -x -d 'send through this next hop'
complete -c tunctl -n '__tunctl_using route del' -l metric -x -d "the route's metric"
complete -c tunctl -n '__tunctl_using route add' -l table -x -d 'routing table N'
complete -c tunctl -n '__tunctl_using route add' -l src -x -d 'the source address of packets sent this way'
complete -c tunctl -n '__tunctl_using route del' -l table -x -d 'routing table N'
complete -c tunctl -n '__tunctl_using route show' -l table -x -d 'routing table N'
complete -c tunctl -n '__tunctl_using route flush' -l table -x -d 'routing table N'
complete -c tunctl -n '__tunctl_using addr flush' -l inet -d 'only the IPv4 addresses'
complete -c tunctl -n '__tunctl_using addr flush' -l inet6 -d 'only the IPv6 addresses'

# capture
complete -c tunctl -n '__tunctl_using capture' -s c -l count -x -d 'stop after COUNT packets'
complete -c tunctl -n '__tunctl_using capture' -s w -l write -r -F -d 'also write them to FILE as pcap'
complete -c tunctl -n '__tunctl_using capture' -s G -l rotate -x -d 'with -w, a new file every SECONDS'
complete -c tunctl -n '__tunctl_using capture' -s C -l rotate-size -x -d 'with -w, a new file every MB'
complete -c tunctl -n '__tunctl_using capture' -s W -l keep -x -d 'keep the N newest files'
complete -c tunctl -n '__tunctl_using capture' -l print -d 'with -w -, the lines on standard error'
complete -c tunctl -n '__tunctl_using capture' -s r -l read -r -F -d 'read packets from a pcap or pcapng FILE'
complete -c tunctl -n '__tunctl_using capture' -s s -l snaplen -x -d 'keep the first SNAPLEN bytes'
complete -c tunctl -n '__tunctl_using capture' -s B -l buffer-size -x -d "the kernel's capture buffer in KiB"
complete -c tunctl -n '__tunctl_using capture' -l immediate -d 'hand each packet over at once'
complete -c tunctl -n '__tunctl_using capture' -s l -l line-buffered -d 'write each line out at once'
complete -c tunctl -n '__tunctl_using capture' -s x -l hex -d 'print each packet in hex too'
complete -c tunctl -n '__tunctl_using capture' -s X -l hex-ascii -d 'print each packet in hex and text'
complete -c tunctl -n '__tunctl_using capture' -s A -l ascii -d 'print each packet as text'
complete -c tunctl -n '__tunctl_using capture' -s e -l link-header -d 'print the link-level header'
complete -c tunctl -n '__tunctl_using capture' -s v -l verbose -d 'print IP header fields and checksums'
complete -c tunctl -n '__tunctl_using capture' -s S -l absolute-seq -d 'absolute TCP sequence numbers'
complete -c tunctl -n '__tunctl_using capture' -l attach -d "become the device's reader"
complete -c tunctl -n '__tunctl_using capture' -l user -x -a '(__fish_complete_users)' -d 'become USER once open'

# echo
complete -c tunctl -n '__tunctl_using echo' -s c -l count -x -d 'stop after COUNT replies'
complete -c tunctl -n '__tunctl_using echo' -l udp -d 'send UDP datagrams back'
complete -c tunctl -n '__tunctl_using echo' -l queues -x -d 'read with N queues'
complete -c tunctl -n '__tunctl_using echo' -l user -x -a '(__fish_complete_users)' -d 'become USER once open'
complete -c tunctl -n '__tunctl_using echo' -s v -l verbose -d 'print each packet received and sent'

# set
complete -c tunctl -n '__tunctl_using set' -l name -x -d 'rename the device (it must be down)'
complete -c tunctl -n '__tunctl_using set' -l owner -x -a '(__fish_complete_users)' -d 'USER may open the device'
complete -c tunctl -n '__tunctl_using set' -l group -x -a '(__fish_complete_groups)' -d 'GROUP may open the device'
complete -c tunctl -n '__tunctl_using set' -l txqueuelen -x -d 'the length of the transmit queue'
complete -c tunctl -n '__tunctl_using set' -l mac -x -d 'the MAC address of a TAP device'
complete -c tunctl -n '__tunctl_using set' -l netns -x -a '(__tunctl_netns)' -d 'move it into network namespace NETNS'

# wait
complete -c tunctl -n '__tunctl_using wait' -l exists -d 'until the device exists'
complete -c tunctl -n '__tunctl_using wait' -l up -d 'until it is up'
complete -c tunctl -n '__tunctl_using wait' -l carrier -d 'until it has carrier'
complete -c tunctl -n '__tunctl_using wait' -l addr -x -d 'until it has this usable address'
complete -c tunctl -n '__tunctl_using wait' -l gone -d 'until the device no longer exists'
complete -c tunctl -n '__tunctl_using wait' -l timeout -x -d 'give up after SECONDS'

# monitor
complete -c tunctl -n '__tunctl_using monitor' -s c -l count -x -d 'stop after COUNT changes'
