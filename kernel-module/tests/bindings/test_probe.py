#!/usr/bin/env python3
"""The probe binding, and examples/systrack.lua, in the lab.

Needs moontide.ko loaded; the script root /lib/modules/lua is writable.
Probes are hit by this process's own system calls (getppid), so what the
handlers saw is checked against what was done.
"""
import os
import socket
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))  # labcheck.py
from labcheck import (ask, check, ev, exit_status, fails,  # noqa: E402
                      put_script, start_examples, wait_until)
from tracepins import churn  # noqa: E402
GETPPID = 110
PPID = os.getppid()  # once: every getppid after this is counted by the probes
KPROBES = "/sys/kernel/debug/kprobes/list"


def script(rel, text):
    return put_script("mt-probe", rel, text)


def run(name, rel, opts="context=hardirq"):
    return ask(f"run {name} {rel} {opts}".strip())


def probed(name):
    """Is a kprobe listed on a symbol containing name? (debugfs names the
    address by one of its aliases: __x64_sys_getppid is __do_sys_getppid)"""
    with open(KPROBES) as f:
        return any(name in line for line in f)


def getppids(n):
    for _ in range(n):
        os.getppid()


def val(rt, chunk):
    r = ev(rt, chunk)
    return r if not isinstance(r, list) else (r[0] if len(r) == 1 else r)


# contexts: only hardirq runtimes own probes
ask(f"run mt-probe-s {put_script('mt-probe', 'empty.lua', '')} context=softirq")
for rt, ctx in (("-", "process"), ("mt-probe-s", "softirq")):
    for fn in ("kprobe('__x64_sys_getppid', print)", "kretprobe('__x64_sys_getppid', print)",
               "syscalls(print)"):
        ok, r = fails(rt, f"require('probe').{fn}", f"needs a context=hardirq runtime")
        check(f"probe.{fn.split('(')[0]} in a {ctx} runtime is refused", ok and ctx in r["error"], r)
ask("stop mt-probe-s")

# a kprobe on the syscall path: pid, comm, syscall number
counter = script("counter.lua", """
local probe = require("probe")
target, mine, hits, last_comm, last_nr = -1, 0, 0, nil, nil
p = probe.kprobe("__x64_sys_getppid", function(pid, comm, nr)
  hits = hits + 1
  if pid == target then mine = mine + 1 last_comm = comm last_nr = nr end
end)
""")
r = run("mt-kp", counter)
check("a hardirq runtime probing __x64_sys_getppid starts", r.get("ok") is True, r)
r = val("mt-kp", "return p:stats().state")
check("... its probe is active and listed in debugfs",
      r == "active" and probed("sys_getppid"), (r, open(KPROBES).read()[:300]))
ev("mt-kp", f"target = {os.getpid()}")
getppids(10000)
r = ev("mt-kp", "return mine, last_comm, last_nr, p:symbol(), p:stats().calls >= mine")
check("the handler saw this process's 10000 getppid calls, its comm and syscall number 110",
      r == ["10000", "python3", str(GETPPID), "__x64_sys_getppid", "true"], r)

# two probes on one symbol, and a kretprobe seeing the return value
r = ev("mt-kp", f"""
second = 0
p2 = require("probe").kprobe("__x64_sys_getppid", function(pid) if pid == {os.getpid()} then second = second + 1 end end)
rets = {{}}
rp = require("probe").kretprobe("__x64_sys_getppid", function(pid, comm, nr, ret)
  if pid == {os.getpid()} then rets[ret] = (rets[ret] or 0) + 1 end end)
return p2:stats().state, rp:stats().state""")
check("probes made by an eval are pending until it returns...", r == ["pending", "pending"], r)
r = ev("mt-kp", "return p2:stats().state, rp:stats().state")
check("... which settles them: a second kprobe and a kretprobe on the same symbol",
      r == ["active", "active"], r)
getppids(100)
r = ev("mt-kp", f"return second, rets[{PPID}], mine")
check("both probes see every call; the kretprobe sees getppid's return value",
      r == ["100", "100", "10100"], r)
check("p:close() unregisters one probe; the other stays",
      ev("mt-kp", "p2:close() return second") == ["100"])
getppids(10)
r = ev("mt-kp", "return second, mine, pcall(p2.stats, p2)")
check("... a closed probe counts no more, and using it raises",
      r[:3] == ["100", "10110", "false"] and "attempt to use a closed probe" in r[3], r)
ok, r = fails("mt-kp", "p2:close()", "attempt to use a closed probe")
check("closing it again raises, as for every object", ok, r)

# misuse
for chunk, text in [
        ("require('probe').kprobe('moontide_no_such_symbol', print)",
         "probe.kprobe: cannot probe 'moontide_no_such_symbol': errno 2 (no such kernel symbol)"),
        ("require('probe').kretprobe('moontide_no_such_symbol', print)",
         "probe.kretprobe: cannot probe 'moontide_no_such_symbol': errno 2"),
        ("require('probe').kprobe('bad name', print)", "a kernel symbol"),
        ("require('probe').kprobe(('x'):rep(200), print)", "a kernel symbol"),
        ("require('probe').kprobe('__x64_sys_getppid')", "function expected"),
        ("require('probe').kprobe('__x64_sys_getppid', 42)", "function expected"),
        ("require('probe').syscalls()", "function expected")]:
    r = ev("mt-kp", chunk)
    check(f"{chunk[17:70]}... is refused: {text[:60]}",
          r.get("ok") is False and text in r.get("error", ""), r)
blacklisted = None
with open("/sys/kernel/debug/kprobes/blacklist") as f:
    names = [line.split()[1] for line in f if len(line.split()) == 2]
for cand in ["notify_die", "do_int3", "kprobe_int3_handler"] + names:
    if cand in names:
        blacklisted = cand
        break
r = ev("mt-kp", f"require('probe').kprobe('{blacklisted}', print)")
check(f"a blacklisted symbol ({blacklisted}) is refused with its name and EINVAL",
      r.get("ok") is False and f"cannot probe '{blacklisted}': errno 22" in r.get("error", ""), r)
bad = script("bad.lua", "require('probe').kprobe('moontide_no_such_symbol', print)\n")
r = run("mt-kp-bad", bad)
check("a script probing an unknown symbol fails to start, naming it",
      r.get("ok") is False and "moontide_no_such_symbol" in r.get("error", "") and
      not any(x["name"] == "mt-kp-bad" for x in ask("list")["runtimes"]), r)
check("the runtime still works after the refusals", ev("mt-kp", "return mine") == ["10110"])

# a to-be-closed probe: leaving its scope closes it like p:close(), anchors
# included (before, they kept the handler alive until the runtime stopped)
r = ev("mt-kp", """
local weak = setmetatable({}, {__mode = 'k'})
local kept
do
  local f = function() end
  weak[f] = true
  local q <close> = require('probe').kprobe('__x64_sys_getppid', f)
  kept = q
end
collectgarbage() collectgarbage()
return next(weak) == nil, pcall(kept.stats, kept)""")
check("a <close> probe is closed at the end of its scope and its handler let go",
      r[:2] == ["true", "false"] and "attempt to use a closed probe" in r[2], r)
r = ev("mt-kp", """
local q <close> = require('probe').kprobe('__x64_sys_getppid', function() end)
q:close()
return 'closed twice, silently'""")
check("... closing it first and then leaving the scope is silent", r == ["closed twice, silently"], r)

# handlers that fail: each event fails alone, counted
r = ev("mt-kp", f"""
raiser = require("probe").kprobe("__x64_sys_getppid", function(pid)
  if pid == {os.getpid()} then error("boom") end end)
return raiser:stats().state""")
getppids(50)
r = ev("mt-kp", "local s = raiser:stats() raiser:close() return s.errors, s.calls >= 50, mine")
check("a handler that raises fails each event, counted; the others go on",
      r == ["50", "true", "10160"], r)
looper = script("looper.lua", f"""
p = require("probe").kprobe("__x64_sys_getppid", function(pid)
  if pid == {os.getpid()} then while true do end end end)
""")
r = run("mt-kp-loop", looper, "context=hardirq quota=100000")
getppids(20)
r = ev("mt-kp-loop", "local s = p:stats() return s.errors, s.calls")
check("a handler looping forever is stopped by the quota at each event, counted",
      r == ["20", "20"], r)
check("... and its runtime stays running",
      [x["state"] for x in ask("list")["runtimes"] if x["name"] == "mt-kp-loop"] == ["running"])
ask("stop mt-kp-loop")

# a handler on the IRQ stack (loopback packets are received in softirq, which
# x86_64 runs on the per-CPU IRQ stack) recursing through pcall: the C stack
# it may use is measured from its entry there, so it meets "C stack overflow"
# (caught by its own pcall) long before the stack's guard page
deep = script("deep.lua", """
depth, overflow = 0, 0
p = require("probe").kprobe("ip_rcv", function()
  local n = 0
  local function f() n = n + 1 return pcall(f) end
  f()
  if n > depth then depth = n end
end)
""")
r = run("mt-kp-deep", deep, "context=hardirq quota=10000000")
check("a kprobe on ip_rcv starts", r.get("ok"), r)
with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as rx, \
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as tx:
    rx.bind(("127.0.0.1", 0))
    for _ in range(20):
        tx.sendto(b"x", rx.getsockname())
r = ev("mt-kp-deep", "local s = p:stats() return s.calls > 0, depth > 1, depth < 200, s.errors")
check("a handler recursing through pcall on the IRQ stack stops at the C stack check, "
      "not at the stack's end", r[:3] == ["true", "true", "true"], r)
ask("stop mt-kp-deep")

# A probe on code that runs under a lock its handler takes: strscpy, which
# d:name() calls under the shared-names lock, with a handler that opens a
# shared name (taking that lock). Run in the probed path, the handler took
# the lock again on the same CPU: a hard lockup. It runs from the CPU's
# irq_work once interrupts are back on, the lock let go (mtprobe_ring.h).
lockp = script("lockp.lua", """
local data = require("data")
hits = 0
p = require("probe").kprobe("strscpy", function()
  hits = hits + 1
  data.open("shared:mt-kp-lock")
end)
""")
r = run("mt-kp-lock", lockp)
check("a kprobe on strscpy whose handler takes the shared-names lock starts", r.get("ok"), r)
r = ask("run mt-kp-named " + script("named.lua", "d = require('data').new(8)\n") +
        " context=process")
ev("mt-kp-named", "require('data').share('shared:mt-kp-lock', d)")
r = ev("mt-kp-named", "for i = 1, 2000 do d:name() end return d:name()")
check("d:name() 2000 times under that probe: no lockup", r == ["shared:mt-kp-lock"], r)
r = ev("mt-kp-lock", "local s = p:stats() return hits > 0, s.calls > 0, s.errors")
check("... and the handler ran, after the lock was let go, without errors",
      r == ["true", "true", "0"], r)
ask("stop mt-kp-lock")
ask("stop mt-kp-named")

# stopping unregisters
check("stop mt-kp answers ok", ask("stop mt-kp") == {"ok": True})
check("... and its probes are gone from debugfs", not probed("sys_getppid"))

# probe.syscalls: every syscall entry (raw_syscalls:sys_enter)
sysc = script("sysc.lua", """
n = 0
s = require("probe").syscalls(function(pid, comm, nr) if pid == target and nr == 110 then n = n + 1 end end)
""")
r = run("mt-sysc", sysc)
ev("mt-sysc", f"target = {os.getpid()}")
getppids(1000)
check("probe.syscalls sees each of 1000 getppid calls with its number",
      ev("mt-sysc", "return n, s:stats().state") == ["1000", "active"])
check("stop mt-sysc answers ok", ask("stop mt-sysc") == {"ok": True})

# stop and start 50 times while the probes fire at full rate, with the
# code sites pinned (tracepins.py: the lab's kernel under TCG does not
# survive its own code patching at full rate, with or without moontide)
both = script("both.lua", """
local probe = require("probe")
n = 0
a = probe.kprobe("__x64_sys_getppid", function() n = n + 1 end)
b = probe.kretprobe("__x64_sys_getppid", function() n = n + 1 end)
c = probe.syscalls(function() n = n + 1 end)
""")
starts, alive, r = churn("mt-churn", both, "context=hardirq", ["__x64_sys_getppid"])
check("50 starts and stops of a runtime with 3 probes hit at full rate", starts == 50, r)
check("... and the probed task lived through it", alive)
check("... leave no probe registered", not probed("sys_getppid"))

# examples/systrack.lua: /dev/systrack counts syscalls by name
r1, r2 = start_examples(("systrack", "systrack.lua", "context=hardirq"),
                        ("systrackdev", "systrackdev.lua", ""))
check("examples/systrack.lua (hardirq) and systrackdev.lua (process) start",
      r1.get("ok") is True and r2.get("ok") is True, (r1, r2))


def counts():
    with open("/dev/systrack") as f:
        text = f.read()
    return text, dict((w[0], int(w[1])) for w in (line.split() for line in text.splitlines()))


text, before = counts()
getppids(10000)
text2, after = counts()
check("/dev/systrack: the getppid count grows by at least 10000",
      after.get("getppid", 0) - before.get("getppid", 0) >= 10000, text2[:300])
values = list(after.values())
check("... one 'NAME COUNT' line per syscall seen, sorted by count",
      values == sorted(values, reverse=True) and "read" in after and len(after) > 3, text2[:300])
for name in ("systrackdev", "systrack"):
    check(f"stop {name}", ask(f"stop {name}") == {"ok": True})
check("/dev/systrack goes with its runtime", wait_until(lambda: not os.path.exists("/dev/systrack")))
raise SystemExit(exit_status())
