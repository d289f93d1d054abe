#!/usr/bin/env python3
"""Runtimes that cannot escape: every known way around the guard, tried.

Runs in the lab with moontide.ko loaded and a writable script root at
/lib/modules/lua. Prints `ok - ...` / `not ok - ...`; exits 1 on failure.
Each escape runs in process, softirq and hardirq runtimes: the request must
end with the right kind of error, the device must keep answering, and the
runtime must still work afterwards. A request that never came back would be
the bug: every wait below has a hang detector (generous, for QEMU's TCG),
never a speed assertion. lab/run fails the run on any kernel warning, RCU
stall or soft lockup in the guest's log.
"""
import os
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from labcheck import ask, check, ev, exit_status, put_script  # noqa: E402
from labcheck import HANG, KASAN, ROOT, wait_until  # noqa: E402

T = "mt-test-iso"
MTCTL = os.path.join(HERE, "mtctl")

# Runtimes of each context; process gets a quota small enough for TCG. Under
# the debug kernel (KASAN checks every access of the collector's work that
# the guard charges) each gets 3 * 10^5: every escape still has to end at
# the quota, in a fraction of the time (at 10^6 the collector escapes took
# 30-67 s each there, 280 s together: the suite's budget, lab/README.md).
QUOTA = " quota=300000" if KASAN else ""
CONTEXTS = {
    "iso-p": "context=process" + (QUOTA or " quota=5000000"),
    "iso-s": "context=softirq" + QUOTA,
    "iso-h": "context=hardirq" + QUOTA,
}


def script(rel, text):
    return put_script(T, rel, text)


def timed(request):
    """(response, seconds), or (None, HANG) when the request hung."""
    box = {}

    def run():
        box["r"] = ask(request)
    t0 = time.monotonic()
    th = threading.Thread(target=run, daemon=True)
    th.start()
    th.join(HANG)
    return box.get("r"), time.monotonic() - t0


def responsive():
    return ask("version").get("ok") is True


def runtimes():
    return {r["name"]: r for r in ask("list")["runtimes"]}


def start_all():
    idle = script("idle.lua", "-- idle.lua: a runtime to evaluate in\n"
                  "counter = 0\n")
    for name, opts in CONTEXTS.items():
        ask(f"stop {name}")
        r = ask(f"run {name} {idle} {opts}")
        check(f"{name} starts ({opts})", r.get("ok") is True, r)


# -- escapes: each must end with the quota fault, uncaught -----------------
# The ephemeron chain's length: every collection walks it again and again
# until it converges (quadratic). The debug kernel checks each of those
# accesses: 8000 took over 480 s to use up iso-p's quota there, 2000 took
# 258 s; 1000 still makes each collection converge slowly, which is what the
# guard must charge.
CHAIN = 1000 if KASAN else 8000

ESCAPES = [
    ("a pcall around a busy loop, repeated",
     "local n = 0 while n < 3 do pcall(function() while true do end end) "
     "n = n + 1 end return 'escaped'"),
    ("a coroutine.wrap of a busy loop under pcall",
     "return 'escaped', pcall(coroutine.wrap(function() while true do end end))"),
    ("coroutine.resume of a busy loop",
     "local co = coroutine.create(function() while true do end end) "
     "return 'escaped', coroutine.resume(co)"),
    ("pcall inside a coroutine (the yieldable pcall)",
     "local co = coroutine.wrap(function() pcall(function() while true do end "
     "end) coroutine.yield(1) end) return 'escaped', pcall(co)"),
    ("xpcall whose handler would swallow the fault",
     "return 'escaped', xpcall(function() while true do end end, "
     "function(m) return 'handled' end)"),
    ("a __close handler that loops while the fault unwinds",
     "local function f() local x <close> = setmetatable({}, {__close = "
     "function() while true do end end}) while true do end end "
     "return 'escaped', pcall(f)"),
    ("a __gc finalizer that loops (hooks are off in finalizers)",
     "setmetatable({}, {__gc = function() while true do end end}) "
     "collectgarbage() return 'escaped'"),
    ("exponential work through __index, no loop in sight",
     "local t = setmetatable({}, {__index = function(t, k) if k > 16 then "
     "return 0 end return t[k + 1] + t[k + 1] + t[k + 1] end}) "
     "return 'escaped', pcall(function() return t[1] end)"),
    ("pattern backtracking inside one string.find",
     "return 'escaped', pcall(string.find, string.rep('a', 30000), "
     "string.rep('a*', 12) .. 'b')"),
    ("a plain find comparing long candidates, in a loop",
     "local s, p = string.rep('a', 1 << 16), string.rep('a', 1 << 15) .. 'b' "
     "for i = 1, 1000000 do pcall(string.find, s, p, 1, true) end "
     "return 'escaped'"),
    ("long-string copies in a loop",
     "local s = string.rep('a', 1 << 18) for i = 1, 1000000000 do "
     "local x = s .. 'b' end return 'escaped'"),
    ("compiling a large chunk, again and again under pcall",
     "local src = string.rep('x = 1 ', 100000) for i = 1, 1000 do "
     "pcall(load, src) end return 'escaped'"),
    ("full collections of a heap, in a loop",
     "local keep = {} for i = 1, 2000 do keep[i] = {i} end "
     "for i = 1, 1000000 do collectgarbage() end return 'escaped'"),
    ("a collector tuned to run on every allocation",
     "collectgarbage('setpause', 0) collectgarbage('incremental', 1, 1000000, 60) "
     "local keep = {} for i = 1, 2000 do keep[i] = {i} end "
     "for i = 1, 1000000000 do local t = {} end return 'escaped'"),
    ("table.concat over a huge range served by __index",
     "return 'escaped', pcall(table.concat, setmetatable({}, {__index = "
     "function() return '' end}), '', 1, 1 << 40)"),
    ("table.move of a huge range",
     "return 'escaped', pcall(table.move, {}, 1, 1 << 40, 2)"),
    ("string.rep of many short copies",
     "return 'escaped', pcall(string.rep, 'x', 100000000, 'y')"),
    # found by review: work that depends on operands, inside one call
    ("a table.concat range of 2^64 served by a C __index",
     "local p = setmetatable({}, {__index = table.concat}) return 'escaped', "
     "pcall(table.concat, p, '', math.mininteger, math.maxinteger)"),
    ("a frontier with a long set",
     "return 'escaped', pcall(string.find, ('b'):rep(1 << 12), "
     "'%f[' .. ('a'):rep(1 << 16) .. ']')"),
    ("gsub walking a long replacement for every empty match",
     "return 'escaped', pcall(string.gsub, ('b'):rep(1 << 10), '', "
     "('%0'):rep(1 << 16))"),
    ("next() over a table emptied of its entries",
     "local t = {} for i = 1, 1 << 14 do t[i] = true end "
     "for i = 1, 1 << 14 do t[i] = nil end "
     "for i = 1, 100000000 do next(t) end return 'escaped'"),
    ("two long strings compared, in a loop",
     "local a, b = ('x'):rep(1 << 18), ('x'):rep(1 << 18) "
     "for i = 1, 100000000 do local e = a == b end return 'escaped'"),
    ("a long string key looked up, in a loop",
     "local k1, k2 = ('k'):rep(1 << 18), ('k'):rep(1 << 18) "
     "local t = {[k1] = 1} for i = 1, 100000000 do local v = t[k2] "
     "rawget(t, k2) end return 'escaped'"),
    ("a long numeric string coerced, in a loop",
     "local s = (' '):rep(1 << 18) .. '1' for i = 1, 100000000 do "
     "local x = s + 0 tonumber(s) end return 'escaped'"),
    ("a long pack format, in a loop",
     "local f = ('x'):rep(1 << 16) for i = 1, 100000000 do "
     "string.packsize(f) end return 'escaped'"),
    ("many varargs copied by few calls",
     "local t = {} for i = 1, 20000 do t[i] = i end local c = 0 "
     "local function f(...) c = c + 1 if c == 100000 then return c end "
     "return f(...) end return 'escaped', pcall(f, table.unpack(t))"),
    ("the utf8.codes iterator skipping continuation bytes",
     "local s = ('\\x80'):rep(1 << 18) local f = utf8.codes('a') "
     "for i = 1, 100000000 do f(s, 0) end return 'escaped'"),
    ("a long chain of weak-keyed entries (ephemeron convergence)",
     "local e = setmetatable({}, {__mode = 'k'}) local keys = {} "
     f"for i = 1, {CHAIN} do keys[i] = {{}} end for i = {CHAIN}, 2, -1 do "
     "local j = math.random(1, i) keys[i], keys[j] = keys[j], keys[i] end "
     f"for i = 1, {CHAIN - 1} do e[keys[i]] = keys[i + 1] end local root = keys[1] "
     "keys = nil for i = 1, 100000000 do local x = {} end return 'escaped'"),
    ("a long comment compiled, in a loop",
     "local c = '--[[' .. ('x'):rep(1 << 18) .. ']]' "
     "for i = 1, 100000000 do load(c) end return 'escaped'"),
]


def escapes():
    for name in CONTEXTS:
        for what, chunk in ESCAPES:
            r, took = timed(f"eval {name}\n{chunk}")
            # an atomic runtime's entry may end at its time limit first
            # (5 s: the debug kernel is that slow; time_limit() below)
            check(f"{name}: {what}: ends with the quota fault ({took:.1f} s)",
                  r is not None and r.get("ok") is False and
                  r.get("kind") == "quota" and
                  "quota exceeded" in r.get("error", ""), r)
        check(f"{name}: the device answers and the runtime still works",
              responsive() and ev(name, "counter = counter + 1 "
                                  "return counter") == ["1"])
    # the control runtime too
    r, _ = timed("eval -\nlocal n = 0 while n < 3 do pcall(function() "
                 "while true do end end) n = n + 1 end return 'escaped'")
    check("eval -: pcall cannot catch the quota fault either",
          r is not None and r.get("kind") == "quota", r)


# -- the time limit of atomic entries (mt_lua.c, MT_ATOMIC_TIME_MS) ----------
def time_limit():
    """Collector work the quota charges in units that are slow to do: the
    ephemeron chain. In the lab's emulated CPU 10^6 of its units take about
    2 s (the atomic default quota), 10^7 (the ceiling) about 20 s on the
    stock kernel and 500 s under the debug kernel, where 10^6 already took
    50 s with bottom halves off and the watchdog reported a soft lockup. An
    entry into an atomic runtime ends after 5 s whatever its quota."""
    chunk = dict(ESCAPES)["a long chain of weak-keyed entries (ephemeron convergence)"]
    for ctx in ("softirq", "hardirq"):
        name = f"iso-t{ctx[0]}"
        ask(f"stop {name}")
        ask(f"run {name} {T}/idle.lua context={ctx} quota=10000000")
        r, took = timed(f"eval {name}\n{chunk}")
        check(f"{ctx}, quota 10^7 of slow work: the entry ends at the 5 s time limit "
              f"({took:.1f} s)", r is not None and r.get("kind") == "quota" and
              f"time quota exceeded (5000 ms in {ctx} context)" in r.get("error", "") and
              took < 15, r)
        check(f"... and {name} still answers", ev(name, "return 1") == ["1"])
        ask(f"stop {name}")


# -- bytecode: refused everywhere ------------------------------------------
def bytecode():
    sig = "'\\27Lua\\x54\\0' .. string.rep('x', 64)"
    for name in list(CONTEXTS) + ["-"]:
        r = ev(name, f"return load({sig})")
        check(f"{name}: load of a binary chunk is refused with why",
              r[:1] == ["nil"] and "binary chunks are not supported" in r[1], r)
        r = ev(name, f"return load({sig}, 'x', 'b')")
        check(f"{name}: ... whatever the mode says",
              "binary chunks are not supported" in str(r), r)
        r = ask(f"eval {name}\nreturn pcall(string.dump, function() end)")
        check(f"{name}: string.dump raises",
              "string.dump is not supported" in str(r), r)
    with open(os.path.join(ROOT, T, "bin.lua"), "wb") as f:
        f.write(b"\x1bLua\x54\x00" + b"x" * 64)
    r = ask(f"run binscript {T}/bin.lua")
    check("run of a binary script file is refused (kind syntax)",
          r.get("ok") is False and r.get("kind") == "syntax" and
          "binary chunk" in r.get("error", ""), r)
    r = ask(f"eval iso-p\nreturn pcall(require, '{T}.bin')")
    check("require of a binary module file is refused",
          "binary chunk" in str(r), r)
    r = ask("eval -\n\x1bLuaT" + "x" * 64)  # a request holds no NUL
    check("eval of a binary chunk is refused (kind syntax)",
          r.get("ok") is False and r.get("kind") == "syntax" and
          "binary chunk" in r.get("error", ""), r)


# -- spawned threads and stop ----------------------------------------------
def spawned():
    busy = script("pcallspin.lua",
                  "-- pcallspin.lua: a spawned loop that catches everything\n"
                  "return function()\n"
                  "  while true do pcall(function() while true do end end) end\n"
                  "end\n")
    r = ask(f"run pspin {busy} spawn quota=0")
    check("a spawned pcall(busy) loop with no quota starts", r.get("ok"), r)
    check("... it is listed running", wait_until(
        lambda: runtimes().get("pspin", {}).get("state") == "running"))
    r, took = timed("stop pspin")
    check(f"stop ends it although it catches every error ({took:.1f} s)",
          r == {"ok": True}, r)
    check("... and it is gone from list only now", "pspin" not in runtimes())
    ps = subprocess.run(["ps", "-e", "-o", "comm"], capture_output=True,
                        text=True).stdout
    check("... and so is its kernel thread", "moontide/pspin" not in ps, ps)
    r = ask(f"run pspin2 {busy} spawn quota=2000000")
    deadline = time.monotonic() + HANG
    st = {}
    while time.monotonic() < deadline:
        st = runtimes().get("pspin2", {})
        if st.get("state") != "running":
            break
        time.sleep(0.2)
    check("with a quota the same loop fails: the fault is uncaught",
          st.get("state") == "failed" and
          "instruction quota exceeded" in (st.get("error") or ""), st)
    ask("stop pspin2")


# -- finalizers at stop ------------------------------------------------------
def finalizers():
    gc = script("gcspin.lua",
                "-- gcspin.lua: objects whose finalizers loop forever\n"
                "keep = {}\n"
                "for i = 1, 101 do\n"
                "  keep[i] = setmetatable({}, {__gc = function() while true do end end})\n"
                "end\n")
    for ctx in ("process quota=0", "softirq", "hardirq"):
        r = ask(f"run gcspin {gc} context={ctx}")
        check(f"a runtime holding looping finalizers starts ({ctx})",
              r.get("ok") is True, r)
        r, took = timed("stop gcspin")
        check(f"stop returns although 101 finalizers loop ({ctx}, "
              f"{took:.1f} s)", r == {"ok": True}, r)
        check("... and the device answers", responsive())


# -- a killed client ---------------------------------------------------------
def killed_client():
    r = ask(f"run iso-k {T}/idle.lua quota=0")
    check("a process runtime without quota starts", r.get("ok") is True, r)
    p = subprocess.Popen([sys.executable, MTCTL, "eval", "iso-k",
                          "while true do end"], stdout=subprocess.DEVNULL)
    time.sleep(1)
    check("the eval of an endless loop is still running", p.poll() is None)
    t0 = time.monotonic()
    p.send_signal(signal.SIGKILL)
    try:
        p.wait(HANG)
        killed = True
    except subprocess.TimeoutExpired:
        killed = False
    check(f"SIGKILL ends the client ({time.monotonic() - t0:.1f} s)", killed)
    r, took = timed("eval iso-k\nreturn 'free'")
    check(f"the runtime is free at once for the next request ({took:.1f} s)",
          r == {"ok": True, "results": ["free"]}, r)
    ask("stop iso-k")


def left_for_rmmod():
    """Hostile runtimes the suite's rmmod step must end (lab-suite.sh)."""
    gc = f"{T}/gcspin.lua"
    ok = [ask(f"run rm-gcspin-p {gc} context=process quota=0"),
          ask(f"run rm-gcspin-h {gc} context=hardirq"),
          ask(f"run rm-pspin {T}/pcallspin.lua spawn quota=0"),
          ask("eval -\nmt_iso_dev = require('device').new{name = 'mt-iso-ctl', "
              "read = function() return 'x' end} return 1")]
    check("left running for rmmod: looping finalizers (process, hardirq), "
          "a spawned pcall loop, a device of the control runtime",
          all(r.get("ok") for r in ok) and os.path.exists("/dev/mt-iso-ctl"),
          ok)


start_all()
escapes()
time_limit()
bytecode()
spawned()
finalizers()
killed_client()
for name in CONTEXTS:
    ask(f"stop {name}")
left_for_rmmod()
raise SystemExit(exit_status())
