#!/usr/bin/env python3
"""The linux and device bindings, and examples/passwd.lua, in the lab.

Needs moontide.ko loaded; the script root /lib/modules/lua is writable.
Prints `ok - ...` / `not ok - ...`; exits 1 on any failure.
"""
import os
import sys
import shutil
import stat
import string

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))  # labcheck.py
from labcheck import ROOT, ask, check, exit_status, wait_until  # noqa: E402
TOP = os.path.abspath(os.path.join(HERE, "..", "..", ".."))


def ev(chunk, rt="-"):
    return ask(f"eval {rt}\n{chunk}")


def results(chunk, rt="-"):
    r = ev(chunk, rt)
    return r.get("results") if r.get("ok") else r


def gone(path):
    return wait_until(lambda: not os.path.exists(path))


# linux
r = results("local l = require('linux') local t0 = l.time() l.schedule(20) "
            "return l.time() - t0 >= 20000000, l.realtime() > 1600000000 * 1000000000, "
            "l.random(7, 7), l.errno.ENOENT, l.stat.IRUSR | l.stat.IWUSR, l.version()")
check("linux: time, schedule(ms), realtime, random, errno, stat, version",
      isinstance(r, list) and r[0] == "true" and r[2:5] == ["7", "2", "384"] and
      r[5] == os.uname().release, r)
vals = results("local l = require('linux') local seen = {} "
               "for i = 1, 200 do local v = l.random(1, 6) assert(v >= 1 and v <= 6) seen[v] = true end "
               "local n = 0 for _ in pairs(seen) do n = n + 1 end return n")
check("linux.random(1, 6) stays in range and covers it", vals == ["6"], vals)
for chunk, text in [("require('linux').random(3, 1)", "interval is empty"),
                    ("require('linux').random('x')", "number expected"),
                    ("require('linux').schedule(-1)", "out of range")]:
    r = ev(chunk)
    check(f"linux misuse {chunk!r} is a Lua error", r.get("kind") == "runtime" and text in r["error"], r)

# passwd example
os.makedirs(os.path.join(ROOT, "examples"), exist_ok=True)
shutil.copy(os.path.join(TOP, "examples", "passwd.lua"), os.path.join(ROOT, "examples"))
r = ask("run passwd examples/passwd.lua")
check("examples/passwd.lua starts", r.get("ok") is True, r)
st = os.stat("/dev/passwd")
check("/dev/passwd is a character device of mode 0444",
      stat.S_ISCHR(st.st_mode) and stat.S_IMODE(st.st_mode) == 0o444, oct(st.st_mode))
with open("/dev/passwd", "rb") as f:
    got = f.read(32)
check("head -c 32 /dev/passwd gives 32 printable characters",
      len(got) == 32 and all(chr(c) in string.printable and chr(c) not in string.whitespace for c in got), got)
with open("/dev/passwd", "rb") as f:
    a, b = f.read(64), f.read(64)
check("two reads differ", a != b)
try:
    with open("/dev/passwd", "wb") as f:
        f.write(b"x")
    check("writing /dev/passwd fails (no write callback)", False)
except OSError as e:
    check("writing /dev/passwd fails (no write callback)", True)
check("stop passwd answers ok", ask("stop passwd") == {"ok": True})
check("stopping the runtime removes /dev/passwd", gone("/dev/passwd"))

# device: callbacks, misuse, lifetime
r = ev("""local device = require('device')
store = ''
opened, released = 0, 0
dev = device.new{name = 'mt-echo', mode = 438,
  open = function() opened = opened + 1 end,
  release = function() released = released + 1 end,
  write = function(s, off) store = store .. s return nil end,
  read = function(count, off) return store:sub(off + 1, off + count) end}
return dev:path()""", "-")
check("device.new with every callback", r == {"ok": True, "results": ["/dev/mt-echo"]}, r)
with open("/dev/mt-echo", "wb") as f:
    f.write(b"hello \x00 world")
with open("/dev/mt-echo", "rb") as f:
    back = f.read()
check("bytes written come back, offsets honoured (EOF when read returns '')",
      back == b"hello \x00 world", back)
check("open and release ran once per open file", results("return opened, released") == ["2", "2"])
for chunk, text in [
        ("require('device').new('x')", "table expected"),
        ("require('device').new{name = '../x'}", "name must be"),
        ("require('device').new{name = 'null'}", "/dev/null: it exists"),
        ("require('device').new{name = 'mt-echo'}", "/dev/mt-echo: it exists"),
        ("require('device').new{name = 'ok1', read = 'no'}", "read must be a function"),
        ("require('device').new{name = 'ok2', mode = 4096}", "mode must be"),
        ("local d = require('device').new{name = 'ok3'} d:close() d:path()", "attempt to use a closed device")]:
    r = ev(chunk)
    check(f"device misuse {chunk[:50]!r}: {text}", r.get("kind") == "runtime" and text in r["error"], r)
check("a closed device's node goes", gone("/dev/ok3"))
ev("bad = require('device').new{name = 'mt-bad', read = function() error('oops') end}")
try:
    open("/dev/mt-bad", "rb").read(1)
    check("a callback that raises gives the reader EIO", False)
except OSError as e:
    check("a callback that raises gives the reader EIO", e.errno == 5, e)
ev("badloop = require('device').new{name = 'mt-loop', read = function() while true do end end}")
try:
    open("/dev/mt-loop", "rb").read(1)
    check("a callback that loops is stopped by the quota (EIO)", False)
except OSError as e:
    check("a callback that loops is stopped by the quota (EIO)", e.errno == 5, e)
f = open("/dev/mt-echo", "rb")
ev("dev:close()")
try:
    f.read(1)
    check("a file open on a closed device reads ENODEV", False)
except OSError as e:
    check("a file open on a closed device reads ENODEV", e.errno == 19, e)
f.close()
check("its node is gone", gone("/dev/mt-echo"))
r = ask("run sirq examples/passwd.lua context=softirq")
check("device.new is refused in a softirq runtime",
      r.get("kind") == "runtime" and "not allowed in softirq context" in r["error"], r)
# a device whose variable is dropped lives on until its runtime stops
ev("require('device').new{name = 'mt-anchored', read = function() return 'x' end} collectgarbage() collectgarbage()")
check("a device lives on after its variable is collected", os.path.exists("/dev/mt-anchored"))
ev("bad:close() badloop:close()")
raise SystemExit(exit_status())
