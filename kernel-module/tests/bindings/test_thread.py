#!/usr/bin/env python3
"""require("thread"): shouldstop, current and sleep, in spawned runtimes.

Runs in the lab with moontide.ko loaded and a writable script root at
/lib/modules/lua. Prints `ok - ...` / `not ok - ...`; exits 1 on failure.
What a spawned function sees is reported through an rcu table.
"""
import os
import sys
import shutil
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))  # labcheck.py
import labcheck  # noqa: E402
from labcheck import HANG, ROOT, ask, check, ev, exit_status, fails, put_script  # noqa: E402
from labcheck import wait_until, within  # noqa: E402
T = "mt-test-thread"  # our folder under the script root


def script(rel, text):
    return put_script(T, rel, text)


def report(key):
    """What spawned functions wrote to the rcu table shared:mt-thread."""
    return ev("report", f"return box[{key!r}]")[0]


def wait_report(key, want):
    wait_until(lambda: report(key) == want)
    return report(key)


def state(name):
    for r in ask("list")["runtimes"]:
        if r["name"] == name:
            return r["state"]
    return None


shutil.rmtree(os.path.join(ROOT, T), ignore_errors=True)
os.makedirs(os.path.join(ROOT, T))
base = script("base.lua", "thread = require('thread')\n")
# the report box lives as long as this runtime holds it
holder = script("report.lua", 'box = require("rcu").table("shared:mt-thread")\n')
r = ask(f"run report {holder}")
check("a runtime holds the report table", r.get("ok"), r)

for ctx in ("process", "softirq", "hardirq"):
    r = ask(f"run t{ctx} {base} context={ctx}")
    check(f"a {ctx} runtime requires thread", r.get("ok"), r)
P, S, H = "tprocess", "tsoftirq", "thardirq"

# thread.current()
check("thread.current() in an eval: the runtime, the calling process, not its thread",
      ev(P, "return thread.current()") == [P, "python3", "false"])
check("... in the control runtime too",
      ev("-", "return require('thread').current()") == ["-", "python3", "false"])
check("... in a softirq runtime",
      ev(S, "return thread.current()") == [S, "python3", "false"])
who = script("who.lua", """
local thread = require("thread")
local box = require("rcu").table("shared:mt-thread")
return function()
    local name, task, own = thread.current()
    box.who = name .. " " .. task .. " " .. tostring(own)
    box.whostop = thread.shouldstop()
end
""")
r = ask(f"run twho {who} spawn")
check("in a spawned function: the runtime, its kernel thread moontide/NAME, true",
      wait_report("who", "twho moontide/twho true") == "twho moontide/twho true",
      report("who"))
check("thread.shouldstop() is false while it runs", report("whostop") == "false")
check("the function returned: state finished",
      wait_until(lambda: state("twho") == "finished"), state("twho"))
ask("stop twho")

# thread.shouldstop()
check("thread.shouldstop() is false in evals of every context",
      ev(P, "return thread.shouldstop()") == ["false"] and
      ev(S, "return thread.shouldstop()") == ["false"] and
      ev(H, "return thread.shouldstop()") == ["false"])
loop = script("loop.lua", """
local thread = require("thread")
local box = require("rcu").table("shared:mt-thread")
return function()
    local n = 0
    while not thread.shouldstop() do
        n = n + 1
        box.loops = n
    end
end
""")
r = ask(f"run tloop {loop} spawn quota=0")
n1 = wait_until(lambda: report("loops") != "nil" and report("loops"))
n2 = wait_until(lambda: report("loops") != n1 and report("loops"))
check("a spawned loop on thread.shouldstop() runs",
      n1 and n2 and int(n2) > int(n1),
      (n1, n2, [x for x in ask("list")["runtimes"] if x["name"] == "tloop"]))
done, r = within(lambda: ask("stop tloop"))
check("stop ends it", done and r == {"ok": True}, r)
check("... and it is gone", state("tloop") is None)

# thread.sleep(ms)
got = ev(P, "local linux = require('linux') local t0 = linux.time() "
            "local ok = thread.sleep(50) return ok, (linux.time() - t0) // 1000000")
check("thread.sleep(50) returns true after at least 50 ms",
      isinstance(got, list) and got[0] == "true" and int(got[1]) >= 50, got)
check("thread.sleep(0) returns true at once", ev(P, "return thread.sleep(0)") == ["true"])
for chunk, text in [("thread.sleep(-1)", "milliseconds out of range [0, 3600000]"),
                    ("thread.sleep(3600001)", "milliseconds out of range"),
                    ("thread.sleep('soon')", "number expected, got string"),
                    ("thread.sleep()", "number expected, got no value")]:
    ok, r = fails(P, chunk, text)
    check(f"{chunk} raises: {text}", ok, r)
for rt, ctx in ((S, "softirq"), (H, "hardirq")):
    ok, r = fails(rt, "thread.sleep(1)",
                  f"thread.sleep: not allowed in {ctx} context (it may sleep)")
    check(f"thread.sleep in a {ctx} runtime is a Lua error", ok, r)

sleeper = script("sleeper.lua", """
local thread = require("thread")
local box = require("rcu").table("shared:mt-thread")
return function()
    box.asleep = true
    local ok = thread.sleep(3600000)
    box.woke = tostring(ok) .. " " .. tostring(thread.shouldstop())
end
""")
r = ask(f"run tsleep {sleeper} spawn")
check("a spawned function sleeps for an hour",
      r.get("ok") and wait_report("asleep", "true") == "true", r)
# an hour's sleep: a stop answered within HANG seconds did wake it
done, r = within(lambda: ask("stop tsleep"))
check("stop wakes it", done and r == {"ok": True}, r)
check("... thread.sleep returned false and thread.shouldstop() is true",
      report("woke") == "false true", report("woke"))

# an eval asleep in a process runtime is not woken by kthread_stop: it
# sleeps in slices and sees the stop
result = {}
caller = threading.Thread(
    target=lambda: result.update(ask(
        f"eval {P}\nrequire('rcu').table('shared:mt-thread').evalasleep = true "
        "return thread.sleep(3600000)")))
caller.start()
check("an eval in a process runtime sleeps for an hour",
      wait_report("evalasleep", "true") == "true")
# an hour's sleep: a stop answered, and the eval ended, within HANG seconds
done, r = within(lambda: ask(f"stop {P}"))
check("stop of a runtime whose eval sleeps answers ok", done and r == {"ok": True}, r)
caller.join(HANG)
check("... and the eval ends: false, or the runtime stopped error",
      not caller.is_alive() and (result.get("results") == ["false"] or
                                 "runtime stopped" in result.get("error", "")), result)

for name in (S, H, "report"):
    ask(f"stop {name}")
shutil.rmtree(os.path.join(ROOT, T), ignore_errors=True)
print(f"# test_thread: {labcheck.failures} failure(s)")
raise SystemExit(exit_status())
