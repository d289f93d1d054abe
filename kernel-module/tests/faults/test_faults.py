#!/usr/bin/env python3
"""Fault injection: every request either succeeds or fails cleanly when the
kernel's allocations fail under it, and nothing is left behind.

Needs the debug lab kernel (CONFIG_FAILSLAB, CONFIG_FAIL_PAGE_ALLOC,
CONFIG_FAULT_INJECTION_DEBUG_FS: `lab/run --kernel debug`); on a kernel
without them every check is a `# SKIP`. moontide.ko is loaded by the caller
(lab-suite.sh), which unloads it afterwards and runs the kmemleak scan.

Failures are limited to this process (task-filter, /proc/self/make-it-fail,
set around each request only, so Python's own allocations between requests
never fail). Each request is armed one of two ways, from a fixed seed:
- one fault: exactly one allocation fails, at a pseudo-random position
  (probability 100, a random interval, times=1): walks the error paths one by
  one;
- a storm: every allocation fails with probability 3-30 %.
fail_page_alloc fails only orders >= 1 (min-order=1), so the client's own
order-0 page faults are never refused: that would be the OOM path, not ours.

The oracle, for each request: a JSON answer with "ok": true, or a failure
whose errno is ENOMEM (kind memory, or a Lua/binding error saying memory,
or the kind io/request with errno 12), or an OSError ENOMEM from open, write
or read. Anything else (another error, a malformed answer, a hang) is a
failure naming the request. Afterwards, without faults: the device answers,
the runtimes alive are exactly those whose run succeeded and whose stop did
not, and the data/rcu counters are back where they started.

  FAULTS_COUNT (default 3000), FAULTS_SEED (default 12) change the campaign.
"""
import errno
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))  # labcheck.py
from labcheck import ask, check, ev, exit_status, put_script, skip  # noqa: E402
from labcheck import HANG, wait_until, within  # noqa: E402

DBG = "/sys/kernel/debug"
POINTS = ("failslab", "fail_page_alloc")
COUNT = int(os.environ.get("FAULTS_COUNT", "3000"))
SEED = int(os.environ.get("FAULTS_SEED", "12"))
T = "mt-test-faults"
DEVICE = "/dev/moontide"


def write(path, value):
    with open(path, "w") as f:
        f.write(str(value))


def configure(point, **attrs):
    for k, v in attrs.items():
        write(os.path.join(DBG, point, k.replace("_", "-")), v)


def arm(rng):
    """Sets both fault points for the next request; returns its description."""
    if rng.random() < 0.5:
        interval = rng.randint(1, 400)
        for p in POINTS:
            configure(p, probability=100, interval=interval, times=1)
        return f"one fault (interval {interval})"
    pct = rng.choice((3, 10, 30))
    for p in POINTS:
        configure(p, probability=pct, interval=1, times=-1)
    return f"storm {pct}%"


class Client:
    """Requests with the calling thread's make-it-fail raised around them only
    (the flag is per thread: /proc/thread-self, opened while it is down)."""

    @staticmethod
    def _flag(fd, on):
        # Writing the flag copies a few bytes to the stack, no allocation;
        # retried all the same, so a fault can never leave it raised.
        for _ in range(100):
            try:
                os.pwrite(fd, b"1" if on else b"0", 0)
                return
            except OSError:
                continue
        raise SystemExit("cannot write /proc/thread-self/make-it-fail")

    def request(self, text):
        """("answer", dict) | ("enomem", where) | ("error", description)."""
        data = text.encode()
        chunks = []
        where = "open"
        mif = os.open("/proc/thread-self/make-it-fail", os.O_WRONLY)
        self._flag(mif, True)
        try:
            fd = os.open(DEVICE, os.O_RDWR)
            try:
                where = "write"
                n = os.write(fd, data)
                if n != len(data):
                    return "error", f"short write {n} of {len(data)}"
                where = "read"
                while True:
                    chunk = os.read(fd, 65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
            finally:
                os.close(fd)
        except OSError as e:
            if e.errno == errno.ENOMEM:
                return "enomem", where
            return "error", f"{where}: {e}"
        finally:
            self._flag(mif, False)
            os.close(mif)
        raw = b"".join(chunks)
        try:
            return "answer", json.loads(raw)
        except ValueError:
            return "error", f"not JSON: {raw[:200]!r}"


def clean_failure(r):
    """A failure that says memory ran out, and nothing else."""
    if r.get("errno") == errno.ENOMEM:
        return True
    return r.get("kind") == "runtime" and "memory" in r.get("error", "").lower()


CHUNKS = [
    "local t = {} for i = 1, 300 do t[i] = string.rep('x', i) end return #t",
    "local s = {} for i = 1, 100 do s[#s + 1] = tostring(i) end return table.concat(s, ',')",
    "local d = require('data').new(20000) d:setu8(19999, 7) return d:getu8(19999)",
    "local r = require('rcu').table('fi') r.k = string.rep('v', 100) r[1] = 1 return r.k ~= nil",
    "return string.format('%d %s', 42, string.rep('y', 5000)):len()",
    "local co = coroutine.wrap(function(a) coroutine.yield(a + 1) end) return co(1)",
    "return pcall(error, {})",
    "local ok, e = pcall(string.rep, 'z', 1 << 20) return ok",
]


def main():
    sys.stdout.reconfigure(line_buffering=True)  # a hang still shows how far it got
    if not all(os.path.isdir(os.path.join(DBG, p)) for p in POINTS):
        skip("fault injection campaign", "no failslab/fail_page_alloc in this kernel "
             "(the debug lab kernel has them: lab/run --kernel debug)")
        return
    rng = random.Random(SEED)
    print(f"# fault injection: {COUNT} requests, seed {SEED}")
    script = put_script(T, "fi.lua", "-- fault injection's runtime\nn = 0\n"
                        "function f() n = n + 1 return n end\n")
    for name, ctx in (("fi-keep", "process"), ("fi-soft", "softirq")):
        r = ask(f"run {name} {script} context={ctx}")
        check(f"{name} ({ctx}) starts before the campaign", r.get("ok"), r)
    base = ev("-", "collectgarbage() return require('data').usage()"), \
        ev("-", "collectgarbage() return require('rcu').usage()")
    for p in POINTS:
        configure(p, task_filter="Y", verbose=0, space=0, ignore_gfp_wait="N")
    configure("fail_page_alloc", ignore_gfp_highmem="N", min_order=1)

    client = Client()
    alive = {"fi-keep", "fi-soft"}
    counts = {"ok": 0, "enomem": 0, "clean": 0}
    bad = []
    for i in range(COUNT):
        how = arm(rng)
        op = rng.randrange(6)
        if op == 0:
            name = f"fi-{i}"
            ctx = rng.choice(("process", "softirq"))
            text = f"run {name} {script} context={ctx}"
        elif op == 1 and len(alive) > 2:
            name = rng.choice(sorted(alive - {"fi-keep", "fi-soft"}))
            text = f"stop {name}"
        elif op == 2:
            text = rng.choice(("list", "version"))
        else:
            rt = rng.choice(("-", "fi-keep", "fi-soft"))
            text = f"eval {rt}\n{rng.choice(CHUNKS)}"
        if i % 100 == 0:
            print(f"# request {i}")
        ok_, got = within(lambda: client.request(text), HANG)
        if not ok_:
            bad.append(f"#{i} {how}: {text!r} hung")
            break
        kind, r = got
        if kind == "enomem":
            counts["enomem"] += 1
            succeeded = False
        elif kind == "answer" and r.get("ok"):
            counts["ok"] += 1
            succeeded = True
        elif kind == "answer" and clean_failure(r):
            counts["clean"] += 1
            succeeded = False
        else:
            bad.append(f"#{i} {how}: {text!r} -> {r}")
            succeeded = False
        if text.startswith("run ") and succeeded:
            alive.add(text.split()[1])
        elif text.startswith("stop ") and succeeded:
            alive.discard(text.split()[1])
        elif text.startswith("stop ") and kind == "answer" and r.get("errno") == errno.ENOENT:
            bad.append(f"#{i}: {text!r}: ENOENT for a runtime whose run succeeded")
    for p in POINTS:
        configure(p, probability=0, times=0)

    print(f"# {counts['ok']} ok, {counts['clean']} clean memory failures, "
          f"{counts['enomem']} ENOMEM from a system call")
    check(f"{COUNT} requests under injected faults: each ok or a clean ENOMEM",
          not bad, "; ".join(bad[:5]) + (f" (+{len(bad) - 5} more)" if len(bad) > 5 else ""))
    check("the faults really failed requests, and requests really succeeded",
          counts["enomem"] + counts["clean"] > COUNT // 20 and counts["ok"] > COUNT // 20, counts)

    r = ask("list")
    names = {x["name"] for x in r.get("runtimes", [])}
    check("afterwards, the runtimes alive are exactly those whose run succeeded and stop did not",
          names == alive, sorted(names ^ alive))
    check("every runtime is running (none stuck starting or stopping)",
          all(x.get("state") == "running" for x in r.get("runtimes", [])), r)
    check("the runtimes that lived through it still answer",
          ev("fi-keep", "return f()") == ["1"] and ev("fi-soft", "return 1 + 1") == ["2"])
    for name in sorted(alive):
        ask(f"stop {name}")
    def usage():
        return ev("-", "collectgarbage() return require('data').usage()"), \
            ev("-", "collectgarbage() return require('rcu').usage()")
    # a stopped runtime's tables go after an RCU grace period
    after = wait_until(lambda: usage() == base and base, timeout=30) or usage()
    check("data and rcu usage are back where they started (no buffer or table leaked)",
          after == base, (base, after))
    check("no runtime is left after stopping them", ask("list").get("runtimes") == [])


main()
raise SystemExit(exit_status())
