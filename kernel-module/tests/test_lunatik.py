#!/usr/bin/env python3
"""/dev/lunatik (moontide.ko lunatik=1): upstream Lunatik's control protocol.

One write(2) is one Lua chunk; the reply, read on the same open file, is
tostring(ok) and the results (or the error) joined by tabs. Runs in the lab
with the module loaded with lunatik=1 and a writable script root.
Prints `ok - ...` / `not ok - ...`; exits 1 on failure.
"""
import os
import shutil
import subprocess
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from labcheck import ask, check, exit_status, put_script, ROOT  # noqa: E402
from labcheck import lunatik_chunk as chunk  # noqa: E402

T = "mt-test-lunatik"  # our folder under the script root
DEV = "/dev/lunatik"


def reply(text):
    return chunk(text)[1]


def script(rel, text):
    return put_script(T, rel, text)


def runtime(name):
    return next((r for r in ask("list")["runtimes"] if r["name"] == name), None)


shutil.rmtree(os.path.join(ROOT, T), ignore_errors=True)
script("hello.lua", "-- a runtime that just loads\nhello = 'hi'\n")
script("sub/deep.lua", "return 1\n")
script("broken.lua", "return +\n")
script("raises.lua", "error('no luck')\n")
script("worker.lua", "local linux = require('linux')\n"
       "return function()\n  while true do linux.schedule(10) end\nend\n")

st = os.stat(DEV)
check("/dev/lunatik is a character device, mode 0600",
      (st.st_mode & 0o170000) == 0o020000 and (st.st_mode & 0o777) == 0o600,
      oct(st.st_mode))

# replies
check("results are 'true' and each value, tab-separated",
      reply("return 1, 'a', nil, true") == "true\t1\ta\tnil\ttrue",
      reply("return 1, 'a', nil, true"))
check("no results: 'true' and a tab", reply("local x = 1") == "true\t")
r = reply("\x1bLuaT" + "x" * 64)
check("a binary chunk is refused, with why (Lua has no bytecode verifier)",
      r.startswith("false\t") and "binary chunks are not supported" in r, r)
r = reply("return pcall(string.dump, function() end)")
check("string.dump raises", "string.dump is not supported" in r, r)
r = reply("local n = 0 while n < 3 do pcall(function() while true do end "
          "end) n = n + 1 end return 'escaped'")
check("pcall cannot catch the quota fault in /dev/lunatik's state",
      r.startswith("false\t") and "instruction quota exceeded" in r, r)
n, r = chunk("error('boom')")
check("a runtime error: 'false', a tab, the message (chunk named as load() "
      "names it); write returns the whole length",
      n == len("error('boom')") and
      r == "false\t[string \"error('boom')\"]:1: boom", (n, r))
check("an error object that is not a string replies as tostring",
      reply("error(42)") == "false\t42" and reply("error()") == "false\tnil",
      (reply("error(42)"), reply("error()")))
r = reply("return +")
check("a syntax error is a reply too",
      r.startswith("false\t[string \"return +\"]:1: unexpected symbol"), r)
r = reply("return 1.5")
check("the kernel dialect: a float literal is refused", r.startswith("false\t")
      and "float" in r, r)
check("globals persist between writes and clients",
      reply("counter = 41") == "true\t" and
      reply("return counter + 1") == "true\t42")
r = reply("while true do end")
check("a runaway chunk ends with an error, and the device goes on",
      r.startswith("false\t") and reply("return 'alive'") == "true\talive", r)
big = reply("return string.rep('x', 200000)")
check("a reply larger than one read comes back whole",
      big == "true\t" + "x" * 200000, len(big))

fd = os.open(DEV, os.O_RDWR)
check("an empty write is an empty chunk", os.write(fd, b"") == 0 and
      os.read(fd, 100) == b"true\t")
os.close(fd)

fd1, fd2 = os.open(DEV, os.O_RDWR), os.open(DEV, os.O_RDWR)
os.write(fd1, b"return 'one'")
os.write(fd2, b"return 'two'")
check("each open file reads its own reply",
      os.read(fd1, 100) == b"true\tone" and os.read(fd2, 100) == b"true\ttwo")
check("then end of file", os.read(fd1, 100) == b"")
os.close(fd1)
os.close(fd2)

errors = []


def client(k):
    fd = os.open(DEV, os.O_RDWR)
    try:
        for i in range(50):
            os.write(fd, f"return {k} * 1000 + {i}".encode())
            got = os.read(fd, 100)
            if got != f"true\t{k * 1000 + i}".encode():
                errors.append((k, i, got))
    finally:
        os.close(fd)


threads = [threading.Thread(target=client, args=(k,)) for k in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
check("4 concurrent clients x 50 chunks each see only their replies",
      not errors, errors[:3])

# lunatik.runner
R = "lunatik.runner"
r = reply(f'{R}.run("{T}/hello", nil, nil)')
info = runtime(f"{T}.hello")
check("run(script) starts the script as a runtime named after it",
      r == "true\t" and info is not None and
      info["script"] == f"{T}/hello.lua" and info["context"] == "process",
      (r, info))
check("run accepts the .lua suffix and a path; list() joins names by ', '",
      reply(f'return {R}.run("{T}/sub/deep.lua")') == f"true\t{T}/sub/deep.lua"
      and reply(f"return {R}.list()") == f"true\t{T}/hello, {T}/sub/deep",
      reply(f"return {R}.list()"))
r = reply(f'{R}.run("{T}/hello")')
check("running a script twice is an error",
      r.startswith("false\t") and r.endswith(f"{T}/hello is already running"),
      r)
reply(f'{R}.run("{T}/worker", "softirq")')
check("context by name: softirq", (runtime(f"{T}.worker") or {}).get(
    "context") == "softirq", runtime(f"{T}.worker"))
check("stop(script) says whether it ran",
      reply(f'return {R}.stop("{T}/worker")') == "true\ttrue" and
      reply(f'return {R}.stop("{T}/worker")') == "true\tfalse" and
      runtime(f"{T}.worker") is None)
reply(f'{R}.run("{T}/worker", false)')
check("older Lunatik's boolean: false is softirq",
      (runtime(f"{T}.worker") or {}).get("context") == "softirq")
reply(f'{R}.stop("{T}/worker")')
for call, text in [
        (f'{R}.run("{T}/hello2", "kernel")', "invalid context 'kernel'"),
        (f'{R}.run("{T}/hello2", "process", true)', "per-CPU"),
        (f'{R}.run("{T}/absent")', f"{T}/absent"),
        (f'{R}.run("{T}/broken")', "unexpected symbol"),
        (f'{R}.run("{T}/raises")', "no luck"),
        (f'{R}.run("../../etc/passwd")', "'..' in script path"),
        (f'{R}.run("/etc/hostname")', "absolute script path"),
        (f'{R}.run("{"x" * 70}")', "invalid script name"),
        (f'{R}.run("bad name")', "invalid script name")]:
    r = reply(call)
    check(f"{call} fails: {text}", r.startswith("false\t") and text in r, r)
check("a failed run leaves no runtime behind",
      reply(f"return {R}.list()") == f"true\t{T}/hello, {T}/sub/deep",
      reply(f"return {R}.list()"))

reply(f'{R}.spawn("{T}/worker")')
w = runtime(f"{T}.worker")
check("spawn(script) runs the returned function in a kernel thread",
      w is not None and w["spawn"] and w["state"] == "running", w)
check("stop of a spawned runtime ends its thread",
      reply(f'return {R}.stop("{T}/worker")') == "true\ttrue")

# the driver state at its memory limit: run and list fail cleanly, and
# leave no runtime and no reference behind
before = [r["name"] for r in ask("list")["runtimes"]]
r = reply("hog = {}; return pcall(function() while true do "
          "hog[#hog + 1] = string.rep('x', 65536) .. #hog end end)")
full = [reply(f'{R}.run("{T}/absent")'), reply(f'{R}.run("{T}/hello")'),
        reply(f"return {R}.list()")]
reply("hog = nil; collectgarbage()")
check("with the driver state out of memory, run and list raise errors and "
      "leave nothing behind",
      r.startswith(("true\tfalse", "false\t")) and all(x.startswith("false\t") or
                                         x.startswith("true\t") for x in full)
      and [x["name"] for x in ask("list")["runtimes"]] == before and
      reply(f"return {R}.list()") == f"true\t{T}/hello, {T}/sub/deep",
      (r[:80], [x[:80] for x in full]))

ask(f"run {T}.native {T}/hello.lua")
check("runtimes not started through /dev/lunatik are neither listed nor "
      "stopped by it",
      reply(f'return {R}.stop("{T}/native")') == "true\tfalse" and
      runtime(f"{T}.native") is not None and
      reply(f"return {R}.list()") == f"true\t{T}/hello, {T}/sub/deep")
ask(f"stop {T}.native")
check("moontide's own stop works on a runtime started through /dev/lunatik",
      ask(f"stop {T}.sub.deep").get("ok") is True and
      reply(f"return {R}.list()") == f"true\t{T}/hello")

# a netdevice handler in the driver state (rtnl held) must not start or
# stop runtimes: starting runs a script that may register a netdevice
# notifier, stopping unregisters them, both take rtnl: a deadlock before
subprocess.run(["modprobe", "dummy"], check=False)
r = reply(f"""
nd_seen = {{}}
nd = require('notifier').netdevice(function(event, name)
  if name == 'mtlnd0' and event == 'register' then
    for _, f in ipairs({{'run', 'spawn', 'stop'}}) do
      local ok, e = pcall({R}[f], '{T}/hello')
      nd_seen[#nd_seen + 1] = f .. '=' .. tostring(ok) .. ':' .. tostring(e)
    end
  end
end)
return true""")
check("the driver state registers a netdevice notifier", r == "true\ttrue", r)
subprocess.run(["ip", "link", "add", "mtlnd0", "type", "dummy"], check=False)
subprocess.run(["ip", "link", "del", "mtlnd0"], check=False)
r = reply("nd:close() return table.concat(nd_seen, ' | ')")
check("runner.run, spawn and stop from a netdevice handler are refused (rtnl is held)",
      r.count("false:") == 3 and r.count("not from a netdevice handler (rtnl is held)") == 3, r)
check("... and the runtime they named is untouched",
      reply(f"return {R}.list()") == f"true\t{T}/hello")
# T/hello stays running: the unload that follows must stop it

raise SystemExit(exit_status())
