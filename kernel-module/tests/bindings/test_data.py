#!/usr/bin/env python3
"""require("data"): byte buffers in kernel memory, shared between runtimes
under "shared:" names (the isolation of other names and the charges to the
runtimes' memory limits: tests/isolation/test_resources.py).

Runs in the lab with moontide.ko loaded and a writable script root at
/lib/modules/lua. Prints `ok - ...` / `not ok - ...`; exits 1 on failure.
"""
import os
import sys
import shutil
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))  # labcheck.py
import labcheck  # noqa: E402
from labcheck import ask, check, ev, exit_status, fails, meminfo, put_script, ROOT  # noqa: E402
from labcheck import wait_until  # noqa: E402
T = "mt-test-data"  # our folder under the script root


def script(rel, text):
    return put_script(T, rel, text)


def usage():
    """(buffers, bytes) alive in the whole module."""
    return ev("-", "local data = require('data'); collectgarbage(); "
                   "return data.usage()")


def kernel_memory():
    return meminfo("SUnreclaim") + meminfo("VmallocUsed")


def wait_usage(want):
    wait_until(lambda: usage() == want, interval=0.1)
    return usage()


shutil.rmtree(os.path.join(ROOT, T), ignore_errors=True)
os.makedirs(os.path.join(ROOT, T))
base = script("base.lua", "data = require('data')\n")
base0 = usage()
check("data.usage() answers (buffers, bytes) module-wide", len(base0) == 2, base0)

for ctx in ("process", "softirq", "hardirq"):
    r = ask(f"run d{ctx} {base} context={ctx}")
    check(f"a {ctx} runtime requires data", r.get("ok"), r)
P, S, H = "dprocess", "dsoftirq", "dhardirq"

# new, #d, zeroed
check("data.new(size): #d and d:size() are the size, the bytes are zero",
      ev(P, "d = data.new(16) return #d, d:size(), d:getstring() == "
            "string.rep('\\0', 16), data.MAXSIZE")
      == ["16", "16", "true", "1048576"])
check("data.new(1 MiB) works (vmalloc'd in process context)",
      ev(P, "local b = data.new(1048576) b:setu8(1048575, 7) "
            "return b:getu8(1048575)") == ["7"])
for ctx in ("softirq", "hardirq"):
    check(f"data.new works in a {ctx} runtime (atomic allocation)",
          ev(f"d{ctx}", "local b = data.new(4096) b:seti32(100, -5) "
                        "return b:geti32(100)") == ["-5"])

# integers: widths, signs, byte order
cases = [("setu8", "getu8", 255, "255"), ("seti8", "geti8", -128, "-128"),
         ("setu8", "geti8", 200, "-56"), ("seti8", "getu8", -1, "255"),
         ("setu16", "getu16", 65535, "65535"), ("seti16", "geti16", -32768, "-32768"),
         ("setu32", "getu32", 4294967295, "4294967295"),
         ("seti32", "geti32", -2147483648, "-2147483648"),
         ("seti64", "geti64", "math.mininteger", str(-2**63)),
         ("seti64", "geti64", "math.maxinteger", str(2**63 - 1)),
         ("setu16be", "getu16be", 0xbeef, str(0xbeef)),
         ("seti16be", "geti16be", -2, "-2"),
         ("setu32be", "getu32be", 0xdeadbeef, str(0xdeadbeef)),
         ("seti32be", "geti32be", -3, "-3"),
         ("seti64be", "geti64be", -4, "-4")]
for setter, getter, value, want in cases:
    got = ev(P, f"d:fill(0) d:{setter}(3, {value}) return d:{getter}(3)")
    check(f"d:{setter}(3, {value}) then d:{getter}(3) is {want}", got == [want], got)
check("integers are little-endian by default, big-endian with ...be",
      ev(P, "d:fill(0) d:setu32(0, 0x01020304) d:setu32be(4, 0x01020304) "
            "d:seti64(8, 0x0102030405060708) "
            "return d:getstring(0, 16) == '\\4\\3\\2\\1\\1\\2\\3\\4\\8\\7\\6\\5\\4\\3\\2\\1'")
      == ["true"])
for setter, value, rng in [("setu8", 256, "[0, 255]"), ("setu8", -1, "[0, 255]"),
                           ("seti8", 128, "[-128, 127]"),
                           ("setu16", 65536, "[0, 65535]"),
                           ("seti16be", -32769, "[-32768, 32767]"),
                           ("setu32", -1, "[0, 4294967295]"),
                           ("seti32", 2147483648, "[-2147483648, 2147483647]")]:
    ok, r = fails(P, f"d:{setter}(0, {value})", f"out of range {rng}")
    check(f"d:{setter}(0, {value}) is refused: out of range {rng}", ok, r)

# strings and fill
check("d:setstring(off, s) / d:getstring(off, len) copy bytes, NULs included",
      ev(P, "d:fill(0) d:setstring(2, 'a\\0b') return d:getstring(1, 5) == "
            "'\\0a\\0b\\0', d:getstring(15), d:getstring(16), d:getstring(3, 0)")
      == ["true", "\u0000", "", ""])
check("d:fill(byte, off, len) sets a range; d:fill(byte) all of it",
      ev(P, "d:fill(0x41) d:fill(0x42, 2, 3) return d:getstring(0, 6)")
      == ["AABBBA"])

# bounds and types: Lua errors, never kernel warnings
for chunk, text in [
        ("d:getu32(13)", "4 bytes at offset 13 are out of bounds (size 16)"),
        ("d:geti8(-1)", "1 bytes at offset -1 are out of bounds"),
        ("d:geti64(16)", "8 bytes at offset 16 are out of bounds"),
        ("d:seti64be(9, 1)", "8 bytes at offset 9 are out of bounds"),
        ("d:getstring(10, 7)", "7 bytes at offset 10 are out of bounds"),
        ("d:getstring(17)", "out of bounds"),
        ("d:getstring(0, -1)", "-1 bytes at offset 0 are out of bounds"),
        ("d:setstring(14, 'abc')", "3 bytes at offset 14 are out of bounds"),
        ("d:setstring(math.maxinteger, 'a')", "out of bounds"),
        ("d:fill(0, 4, 13)", "13 bytes at offset 4 are out of bounds"),
        ("d:fill(256)", "byte out of range [0, 255]"),
        ("d:getu8('x')", "number expected, got string"),
        ("d:setu8(0, 'x')", "number expected, got string"),
        ("d:setu8(0)", "number expected, got no value"),
        ("d:setstring(0, {})", "string expected, got table"),
        ("d.getu8({}, 0)", "data expected, got table"),
        ("d.getu8(io, 0)", "data expected, got nil"),
        ("data.new('x')", "number expected, got string"),
        ("data.new(0)", "size out of range [1, 1048576]"),
        ("data.new(1048577)", "size out of range [1, 1048576]"),
        ("data.new(-1)", "size out of range"),
        ("data.share({}, d)", "string expected, got table"),
        ("data.share('', d)", "name must be 1 to 64 bytes"),
        (f"data.share('{'x' * 65}', d)", "name must be 1 to 64 bytes"),
        ("data.share('a\\0b', d)", "without NUL"),
        ("data.share('n', {})", "data expected, got table"),
        ("data.open()", "string expected, got no value")]:
    ok, r = fails(P, chunk, text)
    check(f"{chunk} raises: {text}", ok, r)

# closed objects
ok, r = fails(P, "local c = data.new(4) c:close() return c:getu8(0)",
              "attempt to use a closed data")
check("a closed buffer refuses every method", ok, r)
ok, r = fails(P, "local c = data.new(4) c:close() return #c",
              "attempt to use a closed data")
check("... and #", ok, r)
check("close is idempotent; tostring says closed",
      ev(P, "local c = data.new(4) c:close() c:close() "
            "return tostring(c):match('^data %(closed%)') ~= nil") == ["true"])
check("a <close> variable releases its buffer at the end of the block",
      ev(P, "local n0 = data.usage() do local c <close> = data.new(8) end "
            "return data.usage() - n0") == ["0"])

# sharing between runtimes of different contexts
check("data.share(name, d) returns d; d:name() is the name",
      ev(P, "return rawequal(data.share('shared:mt-shared', d), d), d:name(), "
            "data.new(1):name()") == ["true", "shared:mt-shared", "nil"])
check("sharing again under the same name is fine",
      ev(P, "return rawequal(data.share('shared:mt-shared', d), d)") == ["true"])
ok, r = fails(P, "data.share('shared:mt-shared', data.new(4))",
              "another buffer is shared under that name")
check("another buffer cannot take a shared name", ok, r)
ok, r = fails(P, "data.share('mt-other', d)", "shared under another name")
check("a shared buffer cannot take a second name", ok, r)
check("data.open of an unknown name is nil and a message",
      ev(S, "return data.open('mt-nothere')")
      == ["nil", "no data shared as 'mt-nothere'"])
check("a softirq runtime opens it and writes; the process runtime reads",
      ev(S, "sd = assert(data.open('shared:mt-shared')) sd:fill(0) "
            "sd:setu16be(0, 0x1234) return #sd")
      == ["16"] and ev(P, "return d:getu16be(0)") == [str(0x1234)])
check("a hardirq runtime opens it too; writes are seen by all",
      ev(H, "hd = assert(data.open('shared:mt-shared')) hd:setstring(4, 'hard') "
            "return hd:getu16be(0)") == [str(0x1234)]
      and ev(S, "return sd:getstring(4, 4)") == ["hard"])
check("closing one holder leaves the others working",
      ev(P, "d:close() return 1") == ["1"] and
      ev(S, "return sd:getstring(4, 4)") == ["hard"])

# concurrent access: whole-access atomicity under the buffer's lock
writer = script("writer.lua", """
local data = require("data")
local thread = require("thread")
local b = assert(data.open("shared:mt-race"))
return function()
    local i = 0
    while not thread.shouldstop() do
        i = i + 1
        local half = string.pack("<i8", i)
        b:setstring(0, half .. half)       -- one access: 16 bytes
        b:seti64(16, i)
        if i % 64 == 0 then thread.sleep(0) end
    end
end
""")
ev(S, "race = data.share('shared:mt-race', data.new(32)) return 1")
r = ask(f"run dwriter {writer} spawn quota=0")
check("a spawned process runtime writes the shared buffer in a loop", r.get("ok"), r)
torn = 0
seen = set()
for _ in range(40):
    got = ev(S, "local bad, last = 0 for n = 1, 2000 do "
                "local s = race:getstring(0, 16) "
                "if s:sub(1, 8) ~= s:sub(9, 16) then bad = bad + 1 end "
                "last = string.unpack('<i8', s) end return bad, last")
    if not isinstance(got, list):
        torn = -1
        break
    torn += int(got[0])
    seen.add(got[1])
check("a softirq runtime reading meanwhile never sees a torn 16-byte write",
      torn == 0, torn)
check("... and sees it change", len(seen) > 1, seen)
check("stop ends the writer", ask("stop dwriter") == {"ok": True})

# buffers are kernel memory charged to the runtime (not in its Lua memory),
# capped in all: a limit over 64 MiB reaches the module-wide cap first
r = ask(f"run dbig {base} memory=80000000")
mem0 = kernel_memory()
got = ev("dbig", "big = {} for i = 1, 64 do "
                 "local ok, b = pcall(data.new, 1048576) "
                 "if not ok then return i, b end big[i] = b end return 65")
check("64 MiB of buffers in a runtime with an 80 MB memory limit",
      isinstance(got, list) and int(got[0]) > 40, got)
check("the module-wide cap is a clear error",
      isinstance(got, list) and "would exceed 64 MiB" in got[-1], got)
mem = [x for x in ask("list")["runtimes"] if x["name"] == "dbig"]
check("... and the runtime's Lua memory stays small; list shows them charged",
      mem and mem[0]["memory"] < 1000000 and
      mem[0]["charged"] > 40 << 20, mem)
mem1 = kernel_memory()
ask("stop dbig")
# vmalloc'd buffers go in a work item
wait_until(lambda: kernel_memory() - mem0 < 2 << 20, interval=0.1)
mem2 = kernel_memory()
check("their kernel memory is returned when the runtime stops "
      "(SUnreclaim + VmallocUsed)",
      mem1 - mem0 > 48 << 20 and mem2 - mem0 < 2 << 20, (mem0, mem1, mem2))

# A memory error while a class's first metatable is being made must not
# leave half of it behind for the next object (fault injection found
# data.new returning an object without methods). Fill a small runtime's
# memory limit, then free a little at a time: the failed data.new calls
# stop at each point of the metatable's making, the first that succeeds
# must give an object with its methods.
r = ask(f"run dmeta {base} memory=200000")
check("a runtime with a 200 kB memory limit for the metatable test", r.get("ok"), r)
got = ev("dmeta", """
local hold, top = {}, 0
for i = 1, 4096 do hold[i] = false end -- no resize while filling
local function put() hold[top + 1] = 'x' .. top; top = top + 1 end
local function fill() -- no allocation outside the pcall
  local ok = true
  while ok and top < 4096 do ok = pcall(put) end
end
local failed, d = 0, nil
for gap = 0, 200 do -- a string of about 40 bytes more room each time
  fill()
  for _ = 1, gap do hold[top] = false; top = top - 1 end
  collectgarbage()
  local fine, obj = pcall(data.new, 8)
  if fine then d = obj break end
  failed = failed + 1
end
for i = 1, 4096 do hold[i] = false end
collectgarbage()
local sized, size = pcall(function() return d:size() end)
return failed, top, sized, size, data.new(4):size()
""")

check("data.new after out-of-memory failures in its first metatable: "
      "objects have their methods", len(got) == 5 and int(got[0]) > 1 and
      int(got[1]) < 4096 and got[2:] == ["true", "8", "4"], got)
ask("stop dmeta")

# everything goes when its users stop
for name in (P, S, H):
    ask(f"stop {name}")
after = wait_usage(base0)
check("every buffer is freed once its runtimes stop (data.usage back to start)",
      after == base0, (base0, after))
check("a shared name goes with its last holder",
      ev("-", "return require('data').open('shared:mt-shared')")[0] == "nil")

shutil.rmtree(os.path.join(ROOT, T), ignore_errors=True)
print(f"# test_data: {labcheck.failures} failure(s)")
raise SystemExit(exit_status())
