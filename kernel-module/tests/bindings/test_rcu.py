#!/usr/bin/env python3
"""require("rcu"): hash tables shared between runtimes ("shared:" names),
read under RCU (the isolation of other names and the charges to the
runtimes' memory limits: tests/isolation/test_resources.py).

Runs in the lab with moontide.ko loaded and a writable script root at
/lib/modules/lua. Prints `ok - ...` / `not ok - ...`; exits 1 on failure.
"""
import os
import sys
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))  # labcheck.py
import labcheck  # noqa: E402
from labcheck import ask, check, ev, exit_status, fails, meminfo, put_script, ROOT  # noqa: E402
from labcheck import KASAN, skip, wait_until  # noqa: E402
T = "mt-test-rcu"  # our folder under the script root


def script(rel, text):
    return put_script(T, rel, text)


def usage():
    """(tables, entries, bytes) alive in the whole module."""
    return ev("-", "local rcu = require('rcu'); collectgarbage(); "
                   "return rcu.usage()")


def wait_usage(want):
    wait_until(lambda: usage() == want, interval=0.1)
    return usage()


shutil.rmtree(os.path.join(ROOT, T), ignore_errors=True)
os.makedirs(os.path.join(ROOT, T))
base = script("base.lua", "rcu = require('rcu')\n")
base0 = usage()
check("rcu.usage() answers (tables, entries, bytes) module-wide", len(base0) == 3, base0)

for ctx in ("process", "softirq", "hardirq"):
    # the process runtime fills 64 MiB of entries: charged to it
    room = " memory=100000000" if ctx == "process" else ""
    r = ask(f"run r{ctx} {base} context={ctx}{room}")
    check(f"a {ctx} runtime requires rcu", r.get("ok"), r)
P, S, H = "rprocess", "rsoftirq", "rhardirq"

# keys, values, count, deletion
check("t[k] = v and t[k] for string and integer keys; string, integer, "
      "boolean values; absent keys are nil",
      ev(P, "t = rcu.table('mt-basic') t.name = 'moon' t[7] = -42 "
            "t.yes = true t.no = false t[''] = '' "
            "return t.name, t[7], t.yes, t.no, t[''], t.missing, t[8]")
      == ["moon", "-42", "true", "false", "", "nil", "nil"])
check("the integer 1 and the string '1' are different keys",
      ev(P, "t[1] = 'int' t['1'] = 'str' return t[1], t['1']") == ["int", "str"])
check("#t and rcu.count(t) count entries",
      ev(P, "return #t, rcu.count(t)") == ["7", "7"])
check("t[k] = nil deletes; deleting an absent key is fine",
      ev(P, "t[1] = nil t['1'] = nil t.nothere = nil return t[1], t['1'], #t")
      == ["nil", "nil", "5"])
check("assigning again replaces the value, count unchanged",
      ev(P, "t.name = 'tide' t.name = string.rep('x', 300) return #t.name, #t")
      == ["300", "5"])
check("values with NUL bytes survive",
      ev(P, "t.bin = 'a\\0b' local v = t.bin t.bin = nil return #v, v == 'a\\0b'")
      == ["3", "true"])
check("pairs(t) iterates every entry (a snapshot)",
      ev(P, "local n, s = 0, 0 for k, v in pairs(t) do n = n + 1 "
            "if k == 7 then s = v end end return n, s") == ["5", "-42"])
check("rcu.snapshot(t) is a plain Lua table",
      ev(P, "local s = rcu.snapshot(t) return type(s), s.yes, s[7], "
            "getmetatable(s) == nil") == ["table", "true", "-42", "true"])
check("writing during pairs is allowed (the loop sees the snapshot)",
      ev(P, "local n = 0 for k in pairs(t) do t[k] = nil n = n + 1 end "
            "return n, #t") == ["5", "0"])
check("rcu.name(t), rcu.max(t); maxentries defaults to 65536",
      ev(P, "return rcu.name(t), rcu.max(t)") == ["mt-basic", "65536"])
check("the largest value (65536 bytes) and key (1024 bytes) fit",
      ev(P, "local k = string.rep('k', 1024) t[k] = string.rep('v', 65536) "
            "local n = #t[k] t[k] = nil return n") == ["65536"])

# misuse: Lua errors
for chunk, text in [
        ("t[{}] = 1", "a key must be a string or an integer, not table"),
        ("return t[true]", "a key must be a string or an integer, not boolean"),
        ("return t[nil]", "a key must be a string or an integer, not nil"),
        ("t.f = print", "a value must be a string, an integer, a boolean or nil, not function"),
        ("t.x = {}", "not table"),
        ("t[string.rep('k', 1025)] = 1", "key of 1025 bytes is over the limit of 1024"),
        ("return t[string.rep('k', 1025)]", "key of 1025 bytes is over the limit"),
        ("t.v = string.rep('v', 65537)", "value of 65537 bytes is over the limit of 65536"),
        ("rcu.table()", "string expected, got no value"),
        ("rcu.table('')", "name must be 1 to 64 bytes"),
        (f"rcu.table('{'n' * 65}')", "name must be 1 to 64 bytes"),
        ("rcu.table('a\\0b')", "without NUL"),
        ("rcu.table('x', 0)", "maxentries out of range [1, 1048576]"),
        ("rcu.table('x', 1048577)", "maxentries out of range"),
        ("rcu.table('x', 'many')", "number expected, got string"),
        ("rcu.count({})", "rcu expected, got table"),
        ("rcu.snapshot(1)", "rcu expected, got number"),
        ("rcu.close('t')", "rcu expected, got string")]:
    ok, r = fails(P, chunk, text)
    check(f"{chunk} raises: {text}", ok, r)

# capacity
check("rcu.table(name, maxentries): a full table refuses new keys with a clear error",
      fails(P, "local s = rcu.table('mt-small', 3) s.a = 1 s.b = 2 s.c = 3 s.d = 4",
            "cannot set a key in 'mt-small': the table is full (3 entries)")[0])
check("... while replacing and deleting keys still work",
      ev(P, "local s = rcu.table('mt-small2', 2) s.a = 1 s.b = 2 s.a = 'x' "
            "s.b = nil s.c = 3 return s.a, s.b, s.c, #s") == ["x", "nil", "3", "2"])

check("at most 256 tables live at once: then a clear error",
      ev(P, "local ts = {} for i = 1, 300 do "
            "local ok, e = pcall(rcu.table, 'mt-many' .. i) "
            "if not ok then return e end ts[i] = e end")
      [0].endswith("256 tables already"))
got = ev(P, "collectgarbage() local t = rcu.table('mt-huge', 4096) "
            "local v = string.rep('v', 65536) for i = 1, 4096 do "
            "local ok, e = pcall(function() t[i] = v end) "
            "if not ok then rcu.close(t) return i, e end end")
check("entries of all tables are capped at 64 MiB: then a clear error",
      isinstance(got, list) and 900 < int(got[0]) <= 1024 and
      "all tables together would exceed 64 MiB" in got[1], got)
# the closed table's entries go after a grace period
wait_until(lambda: int(usage()[2]) <= 1 << 20)

# closed tables
ok, r = fails(P, "local c = rcu.table('mt-closed') rcu.close(c) return c.x",
              "attempt to use a closed rcu")
check("a closed table refuses t[k]", ok, r)
ok, r = fails(P, "local c = rcu.table('mt-closed') rcu.close(c) c.x = 1",
              "attempt to use a closed rcu")
check("... t[k] = v", ok, r)
ok, r = fails(P, "local c = rcu.table('mt-closed') rcu.close(c) return #c",
              "attempt to use a closed rcu")
check("... #t", ok, r)
ok, r = fails(P, "local c = rcu.table('mt-closed') rcu.close(c) "
                 "for k in pairs(c) do end", "attempt to use a closed rcu")
check("... pairs", ok, r)
check("rcu.close twice is fine; a <close> variable closes too",
      ev(P, "local c = rcu.table('mt-closed') rcu.close(c) rcu.close(c) "
            "do local d <close> = rcu.table('mt-closed2') end return 1") == ["1"])

# sharing across contexts
check("a table opened by name in a softirq runtime sees the process runtime's writes",
      ev(P, "shared = rcu.table('shared:mt') shared.greeting = 'hi' "
            "shared[1] = 1 return #shared") == ["2"]
      and ev(S, "st = rcu.table('shared:mt') return st.greeting, st[1], #st")
      == ["hi", "1", "2"])
check("a hardirq runtime reads and writes it too",
      ev(H, "ht = rcu.table('shared:mt') ht.hard = ht.greeting .. '!' "
            "return ht.hard") == ["hi!"]
      and ev(P, "return shared.hard") == ["hi!"])
check("the softirq runtime writes; the process runtime reads",
      ev(S, "st.soft = 99 return 1") == ["1"] and ev(P, "return shared.soft") == ["99"])
check("pairs works in softirq context",
      ev(S, "local n = 0 for k, v in pairs(st) do n = n + 1 end return n") == ["4"])

# readers in softirq while a spawned process runtime writes in a loop
writer = script("writer.lua", """
local rcu = require("rcu")
local thread = require("thread")
local t = rcu.table("shared:mt-race")
return function()
    local i = 0
    while not thread.shouldstop() do
        i = i + 1
        local len = i % 500
        -- a value is its length's byte, repeated: a reader can check it
        t["k" .. (i % 50)] = string.rep(string.char(65 + len % 26), len)
        if i % 3 == 0 then t["k" .. ((i + 25) % 50)] = nil end
        t.counter = i
        if i % 256 == 0 then thread.sleep(1) end
    end
end
""")
r = ask(f"run rwriter {writer} spawn quota=0")
check("a spawned process runtime writes a table in a loop", r.get("ok"), r)
check_chunk = """
local t = rcu.table('shared:mt-race')
local bad, reads, last = 0, 0, 0
for n = 1, 300 do
    local c = t.counter
    if c then
        if c < last then bad = bad + 1 end
        last = c
    end
    local v = t['k' .. (n % 50)]
    if v then
        reads = reads + 1
        if #v > 0 and v ~= string.rep(string.char(65 + #v % 26), #v) then
            bad = bad + 1
        end
    end
end
local m = 0
for k, v in pairs(t) do m = m + 1 end
return bad, reads, last, m
"""
bad, reads, counters, errors = 0, 0, set(), []
for _ in range(50):
    got = ev(S, check_chunk)
    if not isinstance(got, list):
        errors.append(got)
        break
    bad += int(got[0])
    reads += int(got[1])
    counters.add(got[2])
check("softirq readers meanwhile never fail", not errors, errors)
check("... always see whole values, and a counter that never goes back",
      bad == 0 and reads > 0, (bad, reads))
check("... and see the writer progress", len(counters) > 1, counters)
got = ev(H, "local t = rcu.table('shared:mt-race') local n = 0 "
            "for i = 1, 200 do if t.counter then n = n + 1 end end return n")
check("hardirq readers too", got == ["200"], got)
check("stop ends the writer", ask("stop rwriter") == {"ok": True})

# lifetime: the table lives while any runtime holds it
check("a table outlives the runtime that created it while another holds it",
      ev(P, "local t = rcu.table('shared:mt-life') t.v = 'kept' return 1") == ["1"]
      and ev(S, "life = rcu.table('shared:mt-life') return 1") == ["1"]
      and ask(f"stop {P}") == {"ok": True}
      and ev(S, "return life.v") == ["kept"])
check("when its last holder lets go, a new open of the name starts empty",
      ev(S, "rcu.close(life) collectgarbage() return 1") == ["1"]
      and ev(H, "return #rcu.table('shared:mt-life')") == ["0"])

# memory: every table and entry is freed once its users stop
for name in (S, H):
    ask(f"stop {name}")
check("every table and entry is freed once its runtimes stop (rcu.usage back to start)",
      wait_usage(base0) == base0, usage())

filler = script("filler.lua", """
local rcu = require("rcu")
local t = rcu.table("mt-big", 60000)
for i = 1, 60000 do t[i] = string.rep("m", 100) end
""")
slab0 = meminfo("SUnreclaim") + meminfo("VmallocUsed")
r = ask(f"run rfill {filler}")
check("60,000 entries of 100 bytes in one table", r.get("ok"), r)
tables, entries, nbytes = (int(x) for x in usage())
check("rcu.usage counts them, outside the runtime's Lua memory (charged to it)",
      entries >= 60000 and nbytes >= 60000 * 100, (tables, entries, nbytes))
slab1 = meminfo("SUnreclaim") + meminfo("VmallocUsed")
ask("stop rfill")
wait_usage(base0)
if KASAN:
    # (waiting for meminfo here would only wait out the hang detector)
    skip("their kernel memory is returned after a grace period (SUnreclaim + VmallocUsed)",
         "KASAN's quarantine holds freed objects (kmemleak's scan at the end checks leaks)")
else:
    # the entries' memory goes after a grace period
    wait_until(lambda: meminfo("SUnreclaim") + meminfo("VmallocUsed") - slab0 < 2 << 20,
               interval=0.1)
    slab2 = meminfo("SUnreclaim") + meminfo("VmallocUsed")
    check("their kernel memory is returned after a grace period (SUnreclaim + VmallocUsed)",
          slab1 - slab0 > 4 << 20 and slab2 - slab0 < 2 << 20,
          (slab0, slab1, slab2))

shutil.rmtree(os.path.join(ROOT, T), ignore_errors=True)
print(f"# test_rcu: {labcheck.failures} failure(s)")
raise SystemExit(exit_status())
