#!/usr/bin/env python3
"""Protocol v1 as far as the ground floor goes: version and eval -.

Runs in the lab with moontide.ko loaded. Prints `ok - ...` / `not ok - ...`
lines; exits 1 if any check failed.
"""
import json
import os
import stat
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
from labcheck import check, exit_status, mtctl  # noqa: E402


def ask(text):
    raw = mtctl.request(text)
    return raw, json.loads(raw)


def evaluate(chunk):
    return ask(f"eval -\n{chunk}")[1]


def expect_error(name, chunk, errno, kind, message):
    r = evaluate(chunk)
    check(name, r.get("ok") is False and r.get("errno") == errno and
          r.get("kind") == kind and message in r.get("error", ""), json.dumps(r))


st = os.stat(mtctl.DEVICE)
check("/dev/moontide is a character device of mode 0600 owned by root",
      stat.S_ISCHR(st.st_mode) and stat.S_IMODE(st.st_mode) == 0o600 and
      st.st_uid == 0, oct(st.st_mode))

raw, r = ask("version")
check("version answers the exact protocol v1 object",
      raw == '{"ok":true,"moontide":"0.1.0","lua":"Lua 5.4-kernel","protocol":1}\n',
      raw)

raw, r = ask("eval -\nreturn 6 * 7")
check("eval - returns results as strings",
      raw == '{"ok":true,"results":["42"]}\n', raw)

r = evaluate("return 1, nil, true, 'a\"b\\\\c\\n', {} ~= nil")
check("results of every type become strings, JSON-escaped",
      r == {"ok": True, "results": ["1", "nil", "true", 'a"b\\c\n', "true"]}, str(r))

r = evaluate("return '\\xff\\xfe' .. 'é'")
check("bytes that are not UTF-8 are escaped, UTF-8 passes",
      r == {"ok": True, "results": ["\u00ff\u00feé"]}, str(r))

r = evaluate("")
check("an empty chunk returns no results", r == {"ok": True, "results": []}, str(r))

expect_error("a syntax error is refused with Lua's message", "return 1 +",
             8, "syntax", "eval:1: unexpected symbol near <eof>")
expect_error("a float literal fails to compile", "return 1.5", 8, "syntax",
             "floats are not supported")
expect_error("'/' fails at run time", "return 1 / 2", 125, "runtime",
             "attempt to perform float division ('/'): floats are not supported")
expect_error("a runtime error carries its position", "local x = nil; return x.y",
             125, "runtime", "eval:1: attempt to index a nil value (local 'x')")
expect_error("a non-string error object is described", "error({})", 125,
             "runtime", "(error object is a table value)")
expect_error("__tostring of an error object is used",
             "error(setmetatable({}, {__tostring = function() return 'custom' end}))",
             125, "runtime", "custom")
expect_error("a runaway loop stops at the instruction quota",
             "while true do end", 62, "quota", "instruction quota exceeded")
expect_error("unbounded allocation stops at the memory limit",
             "local t = {} while true do t[#t + 1] = string.rep('x', 4096) .. #t end",
             12, "memory", "not enough memory")

r = evaluate("return collectgarbage('count') < 4096")
check("the control runtime frees what a failed chunk allocated",
      r == {"ok": True, "results": ["true"]}, str(r))

expect_error("deep C recursion is a clean C stack overflow",
             "local t = setmetatable({}, {__index = function(t, k) return t[k] end}) return t.x",
             125, "runtime", "stack overflow")
r = evaluate("return load(string.rep('(', 5000) .. '1' .. string.rep(')', 5000))")
check("deeply nested source fails to compile, cleanly",
      r.get("ok") is True and r["results"][0] == "nil" and
      "overflow" in r["results"][1], str(r))

for request, errno, text in [
        ("bogus", 22, "unknown command"),
        ("version extra", 22, "usage: version"),
        ("version  ", 22, "single spaces"),
        ("eval", 22, "usage: eval NAME"),
        ("eval - extra\nreturn 1", 22, "usage: eval NAME"),
        ("eval nope\nreturn 1", 2, "no runtime named 'nope'"),
        ("eval -\nreturn '\0'", 22, "NUL byte"),
        ("version\n", 22, "only eval takes a body"),
        ("", 7, "empty request")]:
    raw, r = ask(request)
    check(f"request {(request.splitlines() or [''])[0]!r} is refused with errno {errno}",
          r.get("ok") is False and r.get("errno") == errno and text in r["error"], raw)

raw, r = ask("eval -\nreturn " + "1" * (1024 * 1024))
check("a request over 1 MiB is refused with E2BIG",
      r.get("ok") is False and r.get("errno") == 7 and "1 MiB" in r["error"], raw)

r = evaluate("return string.rep('x', 600 * 1024), string.rep('y', 600 * 1024)")
check("a response over 1 MiB is refused, not cut",
      r.get("ok") is False and r.get("errno") == 7 and "1 MiB" in r["error"],
      str(r)[:200])

# Responses are per open file: concurrent clients only see their own.
mismatches = []


def client(n):
    for i in range(50):
        want = f"{n}:{i}"
        got = evaluate(f"return '{want}'")
        if got != {"ok": True, "results": [want]}:
            mismatches.append((want, got))


threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
check("4 concurrent clients x 50 requests each read exactly their own answers",
      not mismatches, str(mismatches[:3]))

# A request split across writes is several requests (found by the fuzzer,
# kernel-module/tests/fuzz: documented since): writev's segments too.
fd = os.open(mtctl.DEVICE, os.O_RDWR)
n = os.writev(fd, [b"ver", b"sion"])
split = json.loads(os.read(fd, 65536))
os.close(fd)
check("each writev segment is a request of its own: 'sion' is unknown",
      n == 7 and split.get("errno") == 22 and "'sion'" in split.get("error", ""),
      (n, split))

# A partial read continues where it stopped.
fd = os.open(mtctl.DEVICE, os.O_RDWR)
os.write(fd, b"eval -\nreturn 'abcdef'")
parts = [os.read(fd, 5) for _ in range(10)]
os.close(fd)
check("a response can be read in small pieces",
      b"".join(parts) == b'{"ok":true,"results":["abcdef"]}\n', str(parts))

sys.exit(exit_status())
