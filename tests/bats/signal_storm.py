#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Interrupt tunctl creates at random moments and count what they leave.

usage: signal_storm.py TUNCTL NETNS SIGNAL COUNT [--batch LINES]

Each round starts `tunctl -n NETNS create ... --up` (or, with --batch, a
`tunctl -b` of LINES such creates), waits a random time within the run's
usual length, sends SIGNAL (INT, TERM, HUP or KILL) and then looks at the
namespace with `ip -j`. Prints one line of counts; exits 1 when a device
is half-configured, when a device is there whose name was not printed,
when a create killed by SIGINT, SIGTERM or SIGHUP left its device, or when
a batch printed the name of a device that is not there. kill -9 cannot be
caught: a create that had printed its name and made the device persistent
may still be killed before it exits (closing the descriptor waits for an
RCU grace period); those are counted ("done, killed before exiting"), and
one printed name of a batch may name a device that never became
persistent."""

import ipaddress
import json
import os
import random
import signal
import subprocess
import sys
import time

MTU = 1400


def settings(i):
    a, b = i // 250, i % 250
    return {
        "v4": f"10.{a}.{b}.1", "v6": str(ipaddress.ip_address(f"fd00::{i}:1")),
        "r4": f"172.{16 + a}.{b}.0/24",
        "r6": str(ipaddress.ip_network(f"fd01:{i}::/64")),
    }


def create_args(name, i):
    s = settings(i)
    return ["create", name, "--mtu", str(MTU), "--addr", s["v4"] + "/24",
            "--addr", s["v6"] + "/64", "--up", "--route", s["r4"],
            "--route", s["r6"]]


def ip_json(ns, *args):
    out = subprocess.run(["ip", "-n", ns, "-j", *args], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out or "[]")


def devices(ns):
    """name -> True when fully configured, False when half-configured."""
    links = {l["ifname"]: l for l in ip_json(ns, "link", "show")
             if l["ifname"] != "lo"}
    addrs = {}
    for a in ip_json(ns, "addr", "show"):
        addrs[a["ifname"]] = {(x["local"], x["prefixlen"])
                              for x in a.get("addr_info", [])}
    routes = {(r["dst"], r.get("dev")) for r in
              ip_json(ns, "route", "show") + ip_json(ns, "-6", "route", "show")}
    state = {}
    for name, link in links.items():
        i = int(name[2:])
        s = settings(i)
        state[name] = (link["mtu"] == MTU and "UP" in link["flags"]
                       and (s["v4"], 24) in addrs.get(name, set())
                       and (s["v6"], 64) in addrs.get(name, set())
                       and (s["r4"], name) in routes
                       and (s["r6"], name) in routes)
    return state


def clear(ns, names):
    if names:
        subprocess.run(["ip", "-n", ns, "-batch", "-"], check=True,
                       input="".join(f"link del {n}\n" for n in names),
                       text=True)


def default_signals():
    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, signal.SIG_DFL)


def start(tunctl, ns, args, stdin=None):
    return subprocess.Popen([tunctl, "-n", ns, *args], stdin=stdin,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            preexec_fn=default_signals)


def run_once(tunctl, ns, args, path, sig, delay):
    p = start(tunctl, ns, ["-b", path] if path else args)
    t0 = time.monotonic()
    if delay is not None:
        time.sleep(delay)
        try:
            p.send_signal(sig)
        except ProcessLookupError:
            pass
    out, _ = p.communicate(timeout=120)
    return p.returncode, out.decode().split(), time.monotonic() - t0


def main():
    tunctl, ns, signame, count = sys.argv[1:5]
    lines = int(sys.argv[6]) if sys.argv[5:6] == ["--batch"] else 0
    sig = getattr(signal, "SIG" + signame)
    count = int(count)
    path = None
    if lines:
        path = os.path.join(os.environ.get("TMPDIR", "/tmp"),
                            f"storm-{os.getpid()}.batch")
        with open(path, "w") as f:
            for i in range(lines):
                f.write(" ".join(create_args(f"st{i}", i)) + "\n")

    # The usual length of an uninterrupted run, under today's load.
    took = []
    for _ in range(5):
        status, _, seconds = run_once(tunctl, ns, create_args("st0", 0),
                                      path, sig, None)
        took.append(seconds)
        if status != 0:
            print(f"signal_storm: an uninterrupted run failed ({status})")
            return 1
        clear(ns, devices(ns))
    usual = sorted(took)[1]

    rounds = interrupted = left = half = unprinted = closing = 0
    for r in range(count):
        delay = random.uniform(0, usual)
        status, printed, _ = run_once(tunctl, ns, create_args("st0", 0), path,
                                      sig, delay)
        state = devices(ns)
        present, printed = set(state), set(printed)
        killed = status < 0
        rounds += 1
        interrupted += killed
        half += sum(not ok for ok in state.values())
        # A device whose name was not printed: the caller cannot know it.
        unprinted += len(present - printed)
        if lines:
            # A batch keeps the lines it finished. Only kill -9 can stop
            # one between printing its name and making it persistent.
            lost = len(printed - present)
            left += lost if sig != signal.SIGKILL else max(lost - 1, 0)
        elif killed and sig == signal.SIGKILL:
            closing += len(present & printed)
        elif killed:
            left += len(present)
        clear(ns, present)

    what = f"batch of {lines}" if lines else "create"
    print(f"SIG{signame} {what}: {rounds} runs (usual {usual * 1000:.0f} ms), "
          f"{interrupted} interrupted; left behind: {left}; "
          f"half-configured: {half}; not printed: {unprinted}"
          + (f"; done, killed before exiting: {closing}"
             if sig == signal.SIGKILL and not lines else ""))
    if half or unprinted or left:
        return 1
    if interrupted < count // 4:
        print("signal_storm: too few runs were interrupted to tell")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
