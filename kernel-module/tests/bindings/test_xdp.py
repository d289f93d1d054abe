#!/usr/bin/env python3
"""The xdp binding, with real traffic. Needs the stock lab kernel: the module's
BTF (the XDP program calls its kfunc); under the debug kernel (no BTF) the
traffic checks are skipped with the reason, the misuse checks still run.

  init ns                 ns mtxa                    ns mtxb
  xa0 10.78.0.1 <-veth-> xa1 10.78.0.2 (handlers)
                          xb1            <-veth->    xb0 (a sniffer)
                          UDP echo on :7777

build/bpf/moontide_xdp.o is attached to xa1 (where the handlers are), xa0
(the XDP_TX target's peer) and xb0 (the redirect target's peer): native XDP
on veth sends to a peer only when that peer runs NAPI, which an XDP program
switches on. Runs as root in the lab guest, with moontide.ko loaded."""
import json
import os
import socket
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from labcheck import ask, check, ev, exit_status, fails, put_script, skip  # noqa: E402
from labcheck import UdpFlood, wait_until  # noqa: E402

NA, NB = "mtxa", "mtxb"
A, B = "10.78.0.1", "10.78.0.2"
PORT = 7777
F = "mt-test-xdp"
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
PROG = os.path.join(ROOT, "build", "bpf", "moontide_xdp.o")
MTCTL = os.path.join(HERE, "..", "mtctl")
PIN = "/sys/fs/bpf/mt_xdp_test"  # test_run's program

ECHO = r"""
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 7777))
while True:
    data, peer = s.recvfrom(65536)
    s.sendto(data, peer)
"""

# Counts frames carrying b"redir" seen on xb0 for 3 s, then prints the count.
SNIFF = r"""
import socket, sys, time
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
s.bind(("xb0", 0))
s.settimeout(0.2)
print("ready", flush=True)
n, until = 0, time.time() + 3
while time.time() < until:
    try:
        if b"redir" in s.recv(65536):
            n += 1
    except socket.timeout:
        pass
print(n, flush=True)
"""


def sh(cmd):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True)


def attach_prog(dev, ns=None):
    netns = f"ip netns exec {ns} " if ns else ""
    return sh(f"{netns}ip link set dev {dev} xdp obj {PROG} sec xdp")


def setup():
    teardown()
    r = sh(f"modprobe veth 2>/dev/null; ip netns add {NA} && ip netns add {NB} && "
           f"ip link add xa0 type veth peer name xa1 && ip link set xa1 netns {NA} && "
           f"ip link add xb1 type veth peer name xb0 && ip link set xb1 netns {NA} && "
           f"ip link set xb0 netns {NB} && "
           f"ip addr add {A}/24 dev xa0 && ip link set xa0 up && "
           f"ip -n {NA} link set lo up && ip -n {NA} addr add {B}/24 dev xa1 && "
           f"ip -n {NA} link set xa1 up && ip -n {NA} link set xb1 up && "
           f"ip -n {NB} link set xb0 up")
    if r.returncode:
        return None, f"setup: {r.stderr}"
    for dev, ns in (("xa1", NA), ("xa0", None), ("xb0", NB)):
        r = attach_prog(dev, ns)
        if r.returncode:
            return None, f"attaching {PROG} to {dev}: {r.stdout}{r.stderr}"
    return subprocess.Popen(["ip", "netns", "exec", NA, sys.executable, "-c", ECHO]), None


def teardown():
    """Removes the devices; their programs (each holding a reference on
    moontide.ko) are freed after a grace period: waits for that, so that
    rmmod can follow."""
    sh(f"ip netns del {NA}; ip netns del {NB}; ip link del xa0; rm -f {PIN}")
    return wait_until(lambda: "moontide_xdp" not in sh("bpftool prog show").stdout,
                      timeout=30)


def echo(payload, timeout=1.0):
    """Sends payload to the responder in mtxa; the answer, or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        try:
            s.sendto(payload, (B, PORT))
            return s.recv(65536)
        except OSError:
            return None


def run_in(ns, name, rel, text, opts="context=softirq"):
    """`run` sent from inside namespace ns (xdp.attach names its devices)."""
    ask(f"stop {name}")
    rel = put_script(F, rel, text)
    r = sh(f"ip netns exec {ns} {sys.executable} {MTCTL} --raw "
           f"'run {name} {rel} {opts}'")
    try:
        return json.loads(r.stdout)
    except ValueError:
        return {"ok": False, "error": r.stdout + r.stderr}


def stats(name, var="h"):
    keys = ("calls", "skipped", "errors", "passed", "dropped", "tx", "redirected",
            "aborted", "ifindex")
    r = ev(name, f"local s = {var}:stats() return " + ", ".join(f"s.{k}" for k in keys))
    if not isinstance(r, list):
        return r
    return {k: int(v) for k, v in zip(keys, r)}


# The frame's UDP payload offset (IPv4 to port 7777), and its UDP header's.
UDP = """
local xdp = require("xdp")
local function udp(f)
    if f:len() < 42 or f:getu16be(12) ~= 0x0800 or f:getu8(23) ~= 17 then return end
    local u = 14 + (f:getu8(14) & 15) * 4
    if f:getu16be(u + 2) ~= 7777 then return end
    return u + 8, u
end
local function swap(f, a, b, n)
    local x = f:getstring(a, n)
    f:setstring(a, f:getstring(b, n))
    f:setstring(b, x)
end
"""

# The verdict by the payload's first word; the frame's edges tried once.
MAIN = UDP + """
out = xdp.ifindex("xb1")
seen = 0
h = xdp.attach("xa1", function(f)
    local p, u = udp(f)
    if not p then return end
    seen = seen + 1
    kept = f
    ifname, ifindex, len, rxq = f:ifname(), f:ifindex(), f:len(), f:rxqueue()
    oob = select(2, pcall(f.getu8, f, f:len()))
    negative = select(2, pcall(f.getu16be, f, -1))
    big = select(2, pcall(f.getstring, f, 0, f:len() + 1))
    local word = f:getstring(p)
    if word:sub(1, 4) == "drop" then return xdp.DROP end
    if word:sub(1, 5) == "abort" then return xdp.ABORTED end
    if word:sub(1, 5) == "redir" then return xdp.redirect(out) end
    if word:sub(1, 5) == "seven" then return 7 end
    if word:sub(1, 4) == "boom" then error("boom") end
    if word:sub(1, 2) == "tx" then
        swap(f, 0, 6, 6)        -- MAC addresses
        swap(f, 26, 30, 4)      -- IPv4 addresses
        swap(f, u, u + 2, 2)    -- UDP ports
        f:setu16be(u + 6, 0)    -- no UDP checksum (the payload changes)
        f:setstring(p, "TX")
        return xdp.TX
    end
    return xdp.PASS
end)
"""


def contexts():
    for ctx in ("process", "hardirq"):
        r = ask(f"run mt-xdp-{ctx} {put_script(F, 'empty.lua', '-- nothing')} context={ctx}")
        check(f"a context={ctx} runtime starts", r.get("ok") is True, r)
        ok, r = fails(f"mt-xdp-{ctx}", "require('xdp').attach('lo', print)",
                      "needs a context=softirq runtime")
        check(f"xdp.attach in a context={ctx} runtime: refused with why", ok, r)
        ask(f"stop mt-xdp-{ctx}")


def misuse():
    ask("stop mt-xdp-bad")
    ask(f"run mt-xdp-bad {put_script(F, 'empty.lua', '-- nothing')} context=softirq")
    x = "local xdp = require('xdp') "
    for what, chunk, text in (
            ("an unknown interface", "return xdp.attach('nosuch0', print)",
             "no interface 'nosuch0' in this network namespace"),
            ("no handler", "return xdp.attach('lo')", "function expected"),
            ("an unknown option", "return xdp.attach('lo', print, {unhandeld='drop'})",
             "unknown option 'unhandeld'"),
            ("a bad unhandled verdict", "return xdp.attach('lo', print, {unhandled='tx'})",
             "invalid option 'tx'"),
            ("options that are not a table", "return xdp.attach('lo', print, 'drop')",
             "table expected"),
            ("xdp.redirect(0)", "return xdp.redirect(0)", "not an interface index"),
            ("xdp.redirect('eth0')", "return xdp.redirect('eth0')", "number expected"),
            ("xdp.ifindex of an unknown name", "return xdp.ifindex('nosuch0')",
             "no interface 'nosuch0'")):
        ok, r = fails("mt-xdp-bad", x + chunk, text)
        check(f"{what}: a clear error", ok, r)
    r = ev("mt-xdp-bad", x + "h = xdp.attach('lo', print) return h:stats().ifindex, "
           "xdp.PASS, xdp.DROP, xdp.TX, xdp.ABORTED, xdp.redirect(1), xdp.ifindex('lo')")
    check("attach to lo (ifindex 1); the verdicts are XDP's actions, redirect(1) is 1<<8|4",
          r == ["1", "2", "1", "3", "0", str(1 << 8 | 4), "1"], r)
    ok, r = fails("mt-xdp-bad", x + "return xdp.attach('lo', print)", "lo already has a handler")
    check("a second handler on the same interface: refused", ok, r)
    ev("mt-xdp-bad", "h:close()")
    ok, r = fails("mt-xdp-bad", "return h:stats()", "closed")
    check("after close() its methods refuse", ok, r)
    r = ev("mt-xdp-bad", x + "h2 = xdp.attach('lo', print) return h2:stats().ifindex")
    check("... and the interface takes a new handler", r == ["1"], r)
    check("... and the runtime goes on", ev("mt-xdp-bad", "return 1 + 1") == ["2"])
    ask("stop mt-xdp-bad")


def btf():
    """The module's BTF and the program: what the traffic checks need."""
    if not os.path.exists("/sys/kernel/btf/moontide"):
        return "no /sys/kernel/btf/moontide: this kernel or module has no BTF " \
               "(the debug kernel is built without), so no XDP program can call the kfunc"
    log = sh("dmesg | grep -i 'moontide.*btf\\|btf.*moontide\\|missing module BTF'").stdout
    check("moontide.ko loaded with its BTF (/sys/kernel/btf/moontide), no BTF complaint",
          log == "", log)
    return None


LO = """
local xdp = require("xdp")
n = 0
h = xdp.attach("lo", function(f)
    n, len = n + 1, f:len()
    if f:getu8(0) == 0xff then return xdp.DROP end
    return xdp.redirect(1)
end)
"""


def test_run():
    """BPF_PROG_TEST_RUN (bpftool prog run): the kfunc called from a task, on
    lo (a test run's frames come from the namespace's loopback device)."""
    pin = PIN
    sh(f"rm -f {pin}")
    r = sh(f"bpftool prog load {PROG} {pin} type xdp")
    check("bpftool loads the program (the verifier accepts the kfunc call)",
          r.returncode == 0, r.stdout + r.stderr)
    ask("stop mt-xdp-lo")
    r = ask(f"run mt-xdp-lo {put_script(F, 'lo.lua', LO)} context=softirq")
    check("a handler on lo", r.get("ok") is True, r)
    got = []
    for first in (0xff, 0):
        with open("/tmp/mt_xdp_frame", "wb") as f:
            f.write(bytes([first]) + bytes(63))
        r = sh(f"bpftool prog run pinned {pin} data_in /tmp/mt_xdp_frame repeat 1")
        got.append(r.stdout.strip().split(",")[0] if r.returncode == 0 else r.stderr)
    check("test runs: DROP (1) for a frame starting 0xff, REDIRECT (4) for the other",
          got == ["Return value: 1", "Return value: 4"], got)
    r = ev("mt-xdp-lo", "return n, len")
    check("... the handler ran twice, on 64-byte frames", r == ["2", "64"], r)
    ask("stop mt-xdp-lo")
    r = sh(f"bpftool prog run pinned {pin} data_in /tmp/mt_xdp_frame repeat 1")
    check("runtime stopped: the program passes (2)",
          r.stdout.strip().startswith("Return value: 2"), r.stdout + r.stderr)
    sh(f"rm -f {pin} /tmp/mt_xdp_frame")


def verdicts():
    r = run_in(NA, "mt-xdp", "main.lua", MAIN)
    check("a runtime started in mtxa attaches to xa1", r.get("ok") is True, r)
    check("PASS: 'hello' is echoed by the responder", echo(b"hello") == b"hello")
    r = ev("mt-xdp", "return seen, ifname, ifindex == h:stats().ifindex, len, rxq")
    check("the handler saw it on xa1, 47 bytes from the Ethernet header, queue 0",
          r == ["1", "xa1", "true", "47", "0"], r)
    r = ev("mt-xdp", "return oob, negative, big")
    check("reads past the end, at a negative offset or too long: errors with the bounds",
          isinstance(r, list) and all("out of bounds (length 47)" in x for x in r), r)
    ok, r = fails("mt-xdp", "return kept:len()", "used outside its handler's call")
    check("a frame view kept past its call: 'used outside its handler's call'", ok, r)
    ok, r = fails("mt-xdp", "return kept:setu8(0, 1)", "used outside its handler's call")
    check("... a write through it too", ok, r)
    ok, r = fails("mt-xdp", "return coroutine.wrap(function() return kept:getstring() end)()",
                  "used outside its handler's call")
    check("... and from a coroutine", ok, r)

    check("DROP: 'drop' gets no answer", echo(b"drop", 0.5) is None)
    check("ABORTED: 'abort' gets no answer", echo(b"abort", 0.5) is None)
    check("TX: 'tx' comes back rewritten by the handler, as 'TX' (the responder never "
          "saw it)", echo(b"tx") == b"TX")

    sniffer = subprocess.Popen(["ip", "netns", "exec", NB, sys.executable, "-c", SNIFF],
                               stdout=subprocess.PIPE, text=True)
    ready = sniffer.stdout.readline().strip()
    for _ in range(3):
        echo(b"redir", 0.2)
    try:
        out, _ = sniffer.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        sniffer.kill()
        out = "timeout"
    check("redirect: 3 'redir' frames leave through xb1 and arrive at xb0 in mtxb",
          ready == "ready" and out.strip() == "3", (ready, out))

    check("a handler returning 7: the unhandled verdict (pass): answered",
          echo(b"seven") == b"seven")
    check("a handler that raises: the unhandled verdict (pass): answered",
          echo(b"boom") == b"boom")
    s = stats("mt-xdp")
    # hello, drop, abort, tx, 3 redir, seven, boom; and any ARP or IPv6 frames
    check("stats: 1 drop, 1 abort, 1 tx, 3 redirected, 2 errors, 1 passed + the 2 "
          "unhandled",
          isinstance(s, dict) and s["dropped"] == 1 and s["aborted"] == 1 and
          s["tx"] == 1 and s["redirected"] == 3 and s["errors"] == 2 and
          s["passed"] >= 3 and s["calls"] >= 9, s)
    log = sh("dmesg | tail -n 50").stdout
    check("the failures are logged with the interface and the reason",
          "xdp xa1: handler returned 7, not a verdict" in log and
          "xdp xa1: handler failed" in log, log[-600:])

    r = run_in(NA, "mt-xdp-2", "second.lua", UDP + "h = xdp.attach('xa1', print)\n")
    check("a second runtime attaching to xa1: its start fails with why",
          r.get("ok") is False and "xa1 already has a handler (in runtime mt-xdp)" in
          r.get("error", ""), r)
    ev("mt-xdp", "h:close()")
    check("after close(): 'drop' is answered (no handler: the program passes)",
          echo(b"drop") == b"drop")
    ask("stop mt-xdp")


def unhandled_drop():
    code = UDP + """
h = xdp.attach("xa1", function(f) if udp(f) then error("boom") end end,
               {unhandled = "drop"})
"""
    r = run_in(NA, "mt-xdp-fail", "fail.lua", code)
    check("unhandled='drop' attaches", r.get("ok") is True, r)
    check("a handler that raises, unhandled='drop': no answer", echo(b"x", 0.5) is None)
    s = stats("mt-xdp-fail")
    check("... counted as an error and a drop",
          isinstance(s, dict) and s["errors"] == 1 and s["dropped"] == 1, s)
    ask("stop mt-xdp-fail")
    check("after stop: answered (the handler is gone)", echo(b"x") == b"x")


def self_close():
    code = UDP + """
h = xdp.attach("xa1", function(f)
    if udp(f) then
        h:close()
        collectgarbage()
        kept = f
        return xdp.DROP
    end
end)
"""
    r = run_in(NA, "mt-xdp-self", "self.lua", code)
    check("a handler that closes its own object", r.get("ok") is True, r)
    check("... drops that frame", echo(b"bye", 0.5) is None)
    check("... and the next is answered (no handler)", echo(b"next") == b"next")
    ok, r = fails("mt-xdp-self", "collectgarbage() return kept:len()",
                  "used outside its handler's call")
    check("... its frame view, kept, is emptied all the same", ok, r)
    ask("stop mt-xdp-self")


def churn():
    """Stops the runtime while frames flood through its handler, 50 times."""
    # the handler on xa0 (init namespace) sees the responder's echoes
    rel = put_script(F, "churn.lua", UDP + """
calls = 0
h = xdp.attach("xa0", function(f)
    calls = calls + 1
    if f:len() >= 42 and f:getu16be(12) == 0x0800 and f:getu8(23) == 17 then
        return xdp.DROP
    end
end)
""")
    started, calls = 0, 0
    with UdpFlood(B, PORT, b"drop flood") as flood:
        for _ in range(50):
            r = ask(f"run mt-xdp-churn {rel} context=softirq")
            started += r.get("ok") is True
            r = ev("mt-xdp-churn", "return calls")
            calls += int(r[0]) if isinstance(r, list) else 0
            ask("stop mt-xdp-churn")
    sent = flood.sent
    check(f"50 starts and stops of a dropping handler under a UDP flood ({sent} "
          f"packets, {calls} handler calls)", started == 50 and sent > 0 and calls > 0,
          started)
    # the responder may still be working through the flood's backlog
    check("... then the echoes come back (the handler is gone)",
          wait_until(lambda: echo(b"after", 0.5) == b"after", timeout=15))


contexts()
misuse()
reason = btf()
if reason:
    skip("xdp with real traffic (PASS, DROP, TX, redirect, counters, views, churn)", reason)
else:
    echod, err = setup()
    if echod is None:
        check("veth pairs, namespaces and the XDP program attached", False, err)
    else:
        try:
            if not wait_until(lambda: echo(b"up?", timeout=0.3) == b"up?", timeout=30):
                check("the responder in mtxa answers through xa1's XDP program", False)
            else:
                test_run()
                verdicts()
                unhandled_drop()
                self_close()
                churn()
        finally:
            echod.kill()
            check("teardown: the XDP programs are gone (moontide.ko may unload)", teardown())
raise SystemExit(exit_status())
