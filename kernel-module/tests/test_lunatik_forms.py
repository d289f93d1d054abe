#!/usr/bin/env python3
"""/dev/lunatik's older reply forms (moontide.ko lunatik=1 lunatik_reply=4x|3x).

    test_lunatik_forms.py 4x|3x

Upstream Lunatik replied, before the status word: 4.x with every result
joined by tabs, 3.x with the first result alone; both with an error's bare
message. 3.x also took run's context as a boolean (any string is process
context) and stripped ".lua" with a loose pattern. Runs in the lab with the
module loaded with that form. Prints TAP; exits 1 on failure.
"""
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from labcheck import ask, check, exit_status, lunatik_chunk, put_script, ROOT  # noqa: E402

FORM = sys.argv[1]
assert FORM in ("4x", "3x"), FORM
T = "mt-test-forms"
R = "lunatik.runner"


def reply(text):
    return lunatik_chunk(text)[1]


def runtime(name):
    return next((r for r in ask("list")["runtimes"] if r["name"] == name), None)


shutil.rmtree(os.path.join(ROOT, T), ignore_errors=True)
for rel in ("hello.lua", "worker.lua", "evte.lua", "evaluate.lua"):
    put_script(T, rel, f"-- {rel}\nx = 1\n")
put_script(T, "raises.lua", "error('no luck', 0)\n")

with open("/sys/module/moontide/parameters/lunatik_reply") as f:
    got = f.read().strip()
check(f"the parameter reads back as {FORM}", got == FORM, got)

# the probe the reconciler's driver writes: its three forms differ
probe = reply('return "moontide-probe", 2')
want = {"4x": "moontide-probe\t2", "3x": "moontide-probe"}[FORM]
check(f"the driver's probe reply: {want!r}", probe == want, probe)
r = reply("return _VERSION")
check("return _VERSION: the bare value, no status word",
      r.startswith("Lua 5.4"), r)
r = reply("return 1, 'a', nil, true")
want = {"4x": "1\ta\tnil\ttrue", "3x": "1"}[FORM]
check(f"several results: {want!r}", r == want, r)
check("no result: an empty reply", reply("local x = 1") == "")
check("an error: its message alone", reply("error('boom', 0)") == "boom",
      reply("error('boom', 0)"))
r = reply("return +")
check("a syntax error: its message alone",
      r.startswith('[string "return +"]:1: unexpected symbol'), r)
check("error(42): tostring of the value", reply("error(42)") == "42")

check("run: an empty reply, the runtime runs",
      reply(f'{R}.run("{T}/hello")') == "" and runtime(f"{T}.hello"))
r = reply(f'{R}.run("{T}/hello")')
check("run twice: the message alone, no status word",
      r.startswith("[string") and r.endswith(f"{T}/hello is already running"), r)
r = reply(f'{R}.run("{T}/raises")')
check("a script that raises: its message alone",
      r.startswith("[string") and r.endswith(":1: no luck"), r)
check("list: the names joined by ', ', no status",
      reply(f"return {R}.list()") == f"{T}/hello")

reply(f'{R}.run("{T}/worker", "softirq")')
ctx = (runtime(f"{T}.worker") or {}).get("context")
want = {"4x": "softirq", "3x": "process"}[FORM]
check(f'run(script, "softirq") runs in {want} context'
      + (" (3.x's context is a boolean: a string is true)" if FORM == "3x" else ""),
      ctx == want, ctx)
r = reply(f'return {R}.stop("{T}/worker")')
want = {"4x": "true", "3x": ""}[FORM]
check(f"stop: {want!r}", r == want and runtime(f"{T}.worker") is None, r)
reply(f'{R}.run("{T}/worker", "hardirq")')
ctx = (runtime(f"{T}.worker") or {}).get("context")
want = {"4x": "hardirq", "3x": "process"}[FORM]
check(f'run(script, "hardirq") runs in {want} context', ctx == want, ctx)
reply(f'{R}.stop("{T}/worker")')
reply(f'{R}.run("{T}/worker", false)')
ctx = (runtime(f"{T}.worker") or {}).get("context")
check("run(script, false) runs in softirq context", ctx == "softirq", ctx)
reply(f'{R}.stop("{T}/worker")')

reply(f'{R}.run("{T}/evaluate")')
if FORM == "3x":
    check("3.x's loose .lua stripping: evaluate loads evte.lua",
          runtime(f"{T}.evte") and not runtime(f"{T}.evaluate") and
          sorted(reply(f"return {R}.list()").split(", ")) ==
          [f"{T}/evte", f"{T}/hello"],
          reply(f"return {R}.list()"))
    reply(f'{R}.stop("{T}/evaluate")')  # stripped the same way
    check("... and stop strips it the same way", runtime(f"{T}.evte") is None)
else:
    check("only a trailing .lua is stripped: evaluate loads evaluate.lua",
          runtime(f"{T}.evaluate") and not runtime(f"{T}.evte"))
    reply(f'{R}.stop("{T}/evaluate")')
    check("... and stop finds it", runtime(f"{T}.evaluate") is None)

reply(f'{R}.stop("{T}/hello")')
check("stopped: list is an empty reply", reply(f"return {R}.list()") == "")
shutil.rmtree(os.path.join(ROOT, T), ignore_errors=True)
raise SystemExit(exit_status())
