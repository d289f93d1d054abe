#!/usr/bin/env python3
"""The notifier binding (keyboard, netdevice), examples/keylogger.lua and
examples/keylocker.lua, in the lab.

Keys come from a virtual keyboard (/dev/uinput, vkbd.py) through the kernel's
VT keyboard handler and its notifier chain to tty1, which the test reads.
Needs moontide.ko loaded; the script root /lib/modules/lua is writable.
"""
import os
import subprocess
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))  # labcheck.py, vkbd.py
from labcheck import (ask, check, ev, exit_status, fails,  # noqa: E402
                      put_script, start_examples)
from tracepins import churn  # noqa: E402
from vkbd import VT, Keyboard  # noqa: E402
KEY_X = 45


def script(rel, text):
    return put_script("mt-notifier", rel, text)


def state(name):
    return next((x["state"] for x in ask("list")["runtimes"] if x["name"] == name), None)


kbd = Keyboard()
vt = VT().__enter__()


def typed(text, *presses):
    """What tty1 received while text was typed (and the key chords pressed)."""
    vt.read(quiet=0.2)
    kbd.type(text)
    for p in presses:
        kbd.press(*p)
    return vt.read()


check("the virtual keyboard types into tty1 (no handler yet)",
      typed("hello\n") == b"hello\r")

# contexts
empty = script("empty.lua", "")
for ctx in ("softirq", "hardirq"):
    ask(f"run mt-n-{ctx} {empty} context={ctx}")
for rt, ctx in (("-", "process"), ("mt-n-softirq", "softirq")):
    ok, r = fails(rt, "require('notifier').keyboard(print)", "notifier.keyboard: needs a context=hardirq runtime")
    check(f"notifier.keyboard in a {ctx} runtime is refused", ok and ctx in r["error"], r)
for rt, ctx in (("mt-n-softirq", "softirq"), ("mt-n-hardirq", "hardirq")):
    ok, r = fails(rt, "require('notifier').netdevice(print)",
                  f"notifier.netdevice: not allowed in {ctx} context")
    check(f"notifier.netdevice in a {ctx} runtime is refused", ok, r)
for chunk, text in [("require('notifier').keyboard()", "function expected"),
                    ("require('notifier').keyboard(1)", "function expected")]:
    ok, r = fails("mt-n-hardirq", chunk, text)
    check(f"{chunk} raises: {text}", ok, r)

# keyboard: what the handler sees, and swallowing
H = "mt-n-hardirq"
r = ev(H, f"""
events = {{}}
k = require('notifier').keyboard(function(event, value, down, shift)
  if event == 'keycode' and down == 1 then events[#events + 1] = value .. '/' .. shift end
  if event == 'keysym' and down == 1 and value & 0xff >= 32 then events[#events + 1] = 's' .. (value & 0xff) end
  return event == 'keycode' and value == {KEY_X}
end)
return k:stats().calls""")
check("notifier.keyboard registers at once", r == ["0"], r)
got = typed("axB")
check("a handler returning true for x swallows it: tty1 receives aB", got == b"aB", got)
r = ev(H, "return table.concat(events, ' ')")
check("the handler saw keycodes (a=30, x=45, shift=42 then B=48 with shift bit 1), "
      "keysyms of the characters, none for the swallowed x",
      r == ["30/0 s97 45/0 42/0 48/1 s66"], r)
r = ev(H, "local s = k:stats() return s.calls > 0, s.errors, s.skipped")
check("k:stats(): calls, no errors, nothing skipped", r == ["true", "0", "0"], r)
r = ev(H, "k2n = 0 k2 = require('notifier').keyboard(function(e, v, d) if e == 'keycode' and d == 1 then k2n = k2n + 1 end end) return 1")
got = typed("xy")
check("a second keyboard notifier in the same runtime sees y, not the x the first swallowed",
      got == b"y" and ev(H, "return k2n") == ["1"], (got, ev(H, "return k2n")))
ev(H, "k:close() k2:close()")
got = typed("xy")
check("after close() x passes again", got == b"xy", got)
r = ev(H, "return pcall(k.stats, k)")
check("a closed notifier raises on use", r[0] == "false" and "attempt to use a closed notifier" in r[1], r)

# handlers that fail: the key goes on, the failure is counted
r = ev(H, "bad = require('notifier').keyboard(function() error('boom') end) return 1")
got = typed("ok")
r = ev(H, "local s = bad:stats() bad:close() return s.errors > 0, s.errors == s.calls")
check("a handler that raises: keys still arrive, every failure counted",
      got == b"ok" and r == ["true", "true"], (got, r))
# no verdict (a failing handler here; a runtime busy on another CPU takes
# the same path): n:unhandled("stop") swallows presses, releases go on
r = ev(H, "bad = require('notifier').keyboard(function() error('boom') end) "
          "bad:unhandled('stop') return 1")
got = typed("ok")
ev(H, "bad:unhandled('pass')")
got2 = typed("ok")
check("unhandled('stop'): keys without a verdict are swallowed; 'pass' lets them on",
      got == b"" and got2 == b"ok", (got, got2))
ok, r = fails(H, "bad:unhandled('maybe')", "invalid option 'maybe'")
check("unhandled takes 'pass' or 'stop' only", ok, r)
ev(H, "bad:close()")
looper = script("looper.lua", "k = require('notifier').keyboard(function() while true do end end)\n")
r = ask(f"run mt-n-loop {looper} context=hardirq quota=100000")
got = typed("go")
r = ev("mt-n-loop", "local s = k:stats() return s.errors > 0, s.errors == s.calls")
check("a handler looping forever fails each event at its quota; keys arrive",
      got == b"go" and r == ["true", "true"], (got, r))
check("... the runtime stays running", state("mt-n-loop") == "running")
ask("stop mt-n-loop")

# stopping the runtime removes its notifier
swallow = script("swallow.lua", "k = require('notifier').keyboard(function(e) return e == 'keycode' end)\n")
ask(f"run mt-n-swallow {swallow} context=hardirq")
got1 = typed("lost")
ask("stop mt-n-swallow")
got2 = typed("back")
check("a runtime swallowing every key: nothing arrives; after stop, keys arrive",
      got1 == b"" and got2 == b"back", (got1, got2))

# netdevice
subprocess.run(["modprobe", "dummy"], check=False)
nd = script("netdev.lua", """
seen = {}
n = require('notifier').netdevice(function(event, name, index)
  if name:sub(1, 4) == 'mtnd' then seen[#seen + 1] = event .. ':' .. name end
end)
""")
r = ask(f"run mt-n-net {nd}")
check("a process runtime registers a netdevice notifier", r.get("ok") is True, r)
for cmd in (["ip", "link", "add", "mtnd0", "type", "dummy"], ["ip", "link", "set", "mtnd0", "up"],
            ["ip", "link", "set", "mtnd0", "down"], ["ip", "link", "del", "mtnd0"]):
    subprocess.run(cmd, check=False)
r = ev("mt-n-net", "return table.concat(seen, ' ')")
check("netdevice events: register, up, down, unregister with the interface name",
      r and all(e in r[0].split() for e in ("register:mtnd0", "up:mtnd0", "down:mtnd0",
                                             "unregister:mtnd0")), r)
r = ev("mt-n-net", """
inner = nil
n2 = require('notifier').netdevice(function(event, name)
  if name == 'mtnd1' then inner = select(2, pcall(require('notifier').netdevice, print)) end
end)
return 1""")
subprocess.run(["ip", "link", "add", "mtnd1", "type", "dummy"], check=False)
subprocess.run(["ip", "link", "del", "mtnd1"], check=False)
r = ev("mt-n-net", "return inner")
check("registering a netdevice notifier from a netdevice handler (rtnl held) is refused",
      r and "not from a netdevice handler" in r[0], r)
check("stop mt-n-net", ask("stop mt-n-net") == {"ok": True})
subprocess.run(["ip", "link", "add", "mtnd2", "type", "dummy"], check=False)
subprocess.run(["ip", "link", "del", "mtnd2"], check=False)
check("interfaces come and go after the runtime stopped", True)

# examples: keylogger and keylocker
r1, r2 = start_examples(("keylogger", "keylogger.lua", "context=hardirq"),
                        ("keylogdev", "keylogdev.lua", ""))
check("examples/keylogger.lua (hardirq) and keylogdev.lua (process) start",
      r1.get("ok") is True and r2.get("ok") is True, (r1, r2))


def keylog():
    with open("/dev/keylog") as f:
        return f.read()


got = typed("hello\n")
log = keylog()
check("typing hello + Enter: /dev/keylog shows hello<ENTER>, and tty1 still gets the keys",
      log == "hello<ENTER>" and got == b"hello\r", (log, got))
check("a second read shows nothing new", keylog() == "")
got = typed("Hi! x", ("up",), ("backspace",), ("leftctrl", "c"))
log = keylog()
check("shifted characters, arrows, backspace and Ctrl chords",
      log == "Hi! x<UP><BACKSPACE><CTRL+c>", (log, got))
for name in ("keylogdev", "keylogger"):
    check(f"stop {name}", ask(f"stop {name}") == {"ok": True})

SEQUENCE = [("up",), ("up",), ("down",), ("down",), ("left",), ("right",), ("left",),
            ("right",), ("leftctrl",), ("leftalt",)]
r, = start_examples(("keylocker", "keylocker.lua", "context=hardirq"))
check("examples/keylocker.lua starts", r.get("ok") is True, r)
vt.read(quiet=0.2)
kbd.type("ab")
for p in SEQUENCE:
    kbd.press(*p)
kbd.type("xyz")
for p in SEQUENCE:
    kbd.press(*p)
kbd.type("q")
got = vt.read()
text = got.replace(b"\x1b[A", b"").replace(b"\x1b[B", b"").replace(b"\x1b[C", b"").replace(b"\x1b[D", b"")
check("keylocker: ab, the sequence, xyz, the sequence, q: tty1 gets ab and q, not xyz",
      text == b"abq", got)
for p in SEQUENCE:
    kbd.press(*p)
got1 = typed("no")
ask("stop keylocker")
got2 = typed("yes")
check("stopping keylocker while locked unlocks the keyboard", got1 == b"" and got2 == b"yes",
      (got1, got2))

# stop and start 50 times while keys are typed and syscalls made at full rate
churn_rel = script("churn.lua", """
local probe = require('probe')
n = 0
k = require('notifier').keyboard(function(e) n = n + 1 end)
s = probe.syscalls(function() n = n + 1 end)
""")
stop_typing = threading.Event()


def typist():
    while not stop_typing.is_set():
        kbd.press("a")


th = threading.Thread(target=typist)
th.start()
starts, alive, r = churn("mt-n-churn", churn_rel, "context=hardirq")
stop_typing.set()
th.join()
check("50 starts and stops with a keyboard notifier and a syscall probe, under keys and syscalls",
      starts == 50 and alive, (starts, r))
vt.read(quiet=0.2)
check("the keyboard still types into tty1 afterwards", typed("end") == b"end")

for ctx in ("softirq", "hardirq"):
    ask(f"stop mt-n-{ctx}")
vt.__exit__()
kbd.close()
raise SystemExit(exit_status())
