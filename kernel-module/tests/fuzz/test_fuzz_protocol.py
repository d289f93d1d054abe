#!/usr/bin/env python3
"""Fuzzes /dev/moontide's control protocol (docs/protocol.md).

Generated requests (reqgen.py), most of them then mutated (mutate.py),
written one per write(2) by two clients at once; then requests split
across writes, reads with tiny and huge buffers and bad pointers, a sweep
of memory limits small enough to fail every step of a start, concurrent
clients on shared names (one through /dev/lunatik), clients killed in the
middle of a request.

Oracle, for every request: an answer in the protocol's shape (fuzzkit),
the parse outcome model.py predicts (a malformed request refused with
EINVAL/E2BIG and nothing else, a well-formed one never refused as
malformed), answers consistent with the runtimes this client started and
stopped, no operation hanging (the watchdog names the request), the device
answering a sanity request every SANITY requests; lab/run checks the kernel
log. Runs in the lab with moontide.ko loaded. Deterministic from the seed:

    MOONTIDE_FUZZ_SEED=N MOONTIDE_FUZZ_REQUESTS=N test_fuzz_protocol.py
"""
import ctypes
import errno
import json
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fuzzkit as kit  # noqa: E402
from fuzzkit import SEED, check, exit_status  # noqa: E402
from model import expect  # noqa: E402
from mutate import mutate  # noqa: E402
from reqgen import DIR, RequestGen, install  # noqa: E402

DEV = "/dev/moontide"
LUNATIK = "/dev/lunatik"  # when the module was loaded with lunatik=1
REQUESTS = kit.setting("MOONTIDE_FUZZ_REQUESTS", 100000)
SANITY = 100      # a sanity request every SANITY requests
REOPEN = 500      # a fresh open file every REOPEN requests
wd = kit.Watchdog()
problems = []     # (why, request, reply): reported at the end, the first few


def problem(why, data, raw):
    problems.append((why, data, raw))
    if len(problems) <= 5:
        print(f"# problem: {why}: request {data[:200]!r} -> {raw[:300]!r}")


def verdict(data, expected, n, raw):
    """Checks one answer against the protocol and the model's expected
    outcome; returns the response (dict) or None when it is not one."""
    if n != len(data):
        problem(f"write returned {n}, not {len(data)}", data, raw)
    r, why = kit.parse(raw)
    if r is None:
        problem(why, data, raw)
        return None
    outcome, what = expected
    if outcome == "refused":
        if r["ok"] or r["errno"] != what or r["kind"] != "request":
            problem(f"model: refused with errno {what}", data, raw)
        return r
    if not r["ok"]:
        if r["errno"] == 22 and r["kind"] == "request":
            problem("model: well-formed, refused as malformed", data, raw)
        elif what in (b"version", b"list"):
            problem(f"{what.decode()} failed", data, raw)
        return r
    why = kit.success_problem(r)
    shape = {b"version": "protocol", b"list": "runtimes", b"run": "runtime",
             b"eval": "results"}.get(what)
    if why or (shape and shape not in r) or (what == b"stop" and r != {"ok": True}):
        problem(why or f"{what.decode()} answered another shape", data, raw)
    return r


def sane(client):
    """The device answers: version, and an eval in the control runtime."""
    _, v = client.request(b"version")
    _, e = client.request(b"eval -\nreturn 6 * 7")
    return (v == b'{"ok":true,"moontide":"0.1.0","lua":"Lua 5.4-kernel",'
            b'"protocol":1}\n' and e == b'{"ok":true,"results":["42"]}\n')


class Running:
    """The runtimes this worker started and not yet stopped. Answers naming
    one of its own names (POOLS) must agree; a name a mutation made may
    also be another worker's, so it is only remembered, to be stopped."""

    def __init__(self, own):
        self.own = set(own)
        self.names = set()

    def track(self, data, outcome, r):
        words = data.partition(b"\n")[0].split(b" ")
        if r is None or outcome[0] != "accepted" or len(words) < 2 \
                or (words[0] == b"eval" and words[1] == b"-"):
            return
        verb, name = words[0], words[1].decode()
        err = None if r["ok"] else r["errno"]
        known = name in self.names
        if verb == b"run":     # a name taken: EEXIST (once the script was read)
            wrong = (known and err is None) or (not known and err == errno.EEXIST)
        elif verb == b"stop":  # ok exactly when it ran, else ENOENT
            wrong = (err is None) != known
        else:                  # eval: ENOENT exactly when it does not run
            wrong = (err == errno.ENOENT) == known
        if wrong and name in self.own:
            problem(f"{verb.decode()} {name}: errno {err}, but this client "
                    f"{'started' if known else 'did not start'} it", data,
                    repr(r).encode())
        if verb == b"run" and err is None:
            self.names.add(name)
        elif verb == b"stop" and err is None:
            self.names.discard(name)

    def agree(self, client):
        """list shows exactly the own names this worker runs, none starting
        or stopping; the names mutations made are stopped."""
        for name in self.names - self.own:
            client.request(f"stop {name}".encode())
        self.names &= self.own
        r = kit.parse(client.request(b"list")[1])[0] or {}
        mine = [x for x in r.get("runtimes", []) if x["name"] in self.own]
        listed = {x["name"] for x in mine}
        states = {x["state"] for x in mine}
        return listed == self.names and not states & {"starting", "stopping"}, \
            (sorted(listed ^ self.names), sorted(states))


# Each sequential worker's names: valid, odd but valid, invalid. No
# mutation of one worker's requests plausibly makes a name of the other's
# (other letters and case; the invalid ones are a byte or two away from the
# worker's own).
POOLS = [
    ([f"fz{i}" for i in range(10)], ["-", ".", "..", "a" * 64, "FZ0"],
     ["a" * 65, "fz0\t", "fz y", "\u00e4", "fz/b"]),
    ([f"ZQ_{i}" for i in range(10)], ["ZQ.", "ZQ" + "b" * 62, "zq_0"],
     ["ZQ" + "b" * 63, "ZQ_0\t", "ZQ y", "\u00c4", "ZQ/b"]),
]
INVALID_NAMES = ["c" * 65, "\u00e5", "c/d", "c\td", "c d"]


def worker(w, count):
    """count requests from one client, each generated and (3 in 5)
    mutated; rarely over the 1 MiB limit or exactly at it. Returns a
    summary for the parent (which prints the checks)."""
    names, odd, invalid = POOLS[w]
    rng = random.Random(f"{SEED}/sequential/{w}")
    gen = RequestGen(rng, names, odd + invalid)
    running = Running(names + odd)
    client = kit.Client(DEV, wd)
    insane, disagree = [], []
    t0 = time.monotonic()
    for i in range(count):
        if i % REOPEN == REOPEN - 1:
            client.close()
            client = kit.Client(DEV, wd)
        data = gen.request().encode()
        if rng.random() < 0.6:
            data = mutate(rng, data, gen.request().encode())
        if rng.random() < 0.0005:
            data = b"eval -\n--" + b"x" * (kit.MIB - 9 + rng.choice([0, 1]))
        data = kit.scrub(data)
        n, raw = client.request(data)
        outcome = expect(data)
        running.track(data, outcome, verdict(data, outcome, n, raw))
        if i % SANITY == SANITY - 1 and not sane(client):
            insane.append(i)
        if i % 5000 == 4999 or i == count - 1:
            same, diff = running.agree(client)
            if not same:
                disagree.append((i, diff))
    client.close()
    return {"took": time.monotonic() - t0, "problems": len(problems),
            "first": repr(problems[:1]), "insane": insane,
            "disagree": disagree}


def sequential(count, workers=len(POOLS)):
    """The bulk: `workers` processes (the guest has two CPUs) fuzzing at
    once, each on its own names, so each can check the answers about them."""
    sys.stdout.flush()  # or the children would print it again
    kids = []
    for w in range(workers):
        rd, wr = os.pipe()
        pid = os.fork()
        if pid == 0:
            global wd
            wd = kit.Watchdog()  # threads do not fork: a watchdog of its own
            os.close(rd)
            out = json.dumps(worker(w, count // workers)).encode()
            sys.stdout.flush()
            os.write(wr, out)
            os._exit(0)
        os.close(wr)
        kids.append((pid, rd))
    results = []
    for pid, rd in kids:
        with os.fdopen(rd, "rb") as f:
            data = f.read()  # EOF when the worker exits (or its watchdog fires)
        code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        results.append(json.loads(data) if data and code == 0 else
                       {"took": 0, "problems": 1, "first": f"worker exit {code}",
                        "insane": [], "disagree": []})
    took = max(r["took"] for r in results)
    check(f"{count} requests by {workers} clients at once (seed {SEED}): "
          "every answer in the protocol's shape and as the model says "
          f"({took:.0f} s, {count / max(took, 1e-9):.0f}/s)",
          not any(r["problems"] for r in results),
          [(r["problems"], r["first"]) for r in results])
    check("the device answered every sanity request (each worker's every "
          f"{SANITY})", not any(r["insane"] for r in results),
          [r["insane"][:5] for r in results])
    check("every 5000 requests, list showed exactly the runtimes each "
          "worker started, none starting or stopping",
          not any(r["disagree"] for r in results),
          [r["disagree"][:2] for r in results])


def split_writes(rng, gen, rounds=300):
    """A request split across writes: each write is a request of its own
    (protocol v1: one request per write), answered as the model says; a
    writev of the pieces likewise (one request per segment)."""
    before = len(problems)
    client = kit.Client(DEV, wd)
    for _ in range(rounds):
        data = kit.scrub(gen.request().encode())
        cuts = sorted(rng.sample(range(len(data) + 1), min(len(data) + 1, 2)))
        parts = [data[:cuts[0]], data[cuts[0]:cuts[-1]], data[cuts[-1]:]]
        parts = [p for p in parts if p]
        for p in parts:
            n, raw = client.request(p)
            verdict(p, expect(p), n, raw)
        if parts:
            wd.doing(("writev", parts))
            n = os.writev(client.fd, parts)
            raw = client.read_all()
            wd.done()
            verdict(parts[-1], expect(parts[-1]), n - sum(map(len, parts[:-1])), raw)
    client.close()
    check(f"{rounds} requests split across writes and writev: each piece "
          "is answered on its own, as the model says",
          len(problems) == before, problems[before:before + 1])


def memory_sweep(step=1536, top=160 * 1024):
    """run with every memory limit from 1 KiB up in steps, in each context:
    the Lua state's creation then runs out of memory at every point of its
    setup in turn (libraries, bindings, the script), and each of those
    failure paths must answer cleanly and leave nothing listed."""
    before = len(problems)
    client = kit.Client(DEV, wd)
    started = 0
    for ctx in ("process", "softirq", "hardirq"):
        for m in range(1024, top, step):
            script = ("ok", "grow")[m // step % 2]  # a small and a growing heap
            data = f"run fzm {DIR}/{script}.lua context={ctx} memory={m}".encode()
            r = verdict(data, expect(data), *client.request(data))
            if r and r["ok"]:
                started += 1
                data = b"eval fzm\nreturn x, t and #t"
                verdict(data, expect(data), *client.request(data))
                client.request(b"stop fzm")
            elif r and r.get("kind") not in ("memory", "runtime"):
                problem("a start out of memory failed otherwise", data,
                        json.dumps(r).encode())
    left = [x for x in kit.parse(client.request(b"list")[1])[0]["runtimes"]
            if x["name"] == "fzm"]
    client.close()
    check(f"run with memory limits from 1 KiB to {top >> 10} KiB in steps of "
          f"{step} bytes, in each context: every start answered cleanly "
          f"({started} started), nothing left behind",
          len(problems) == before and not left, (problems[before:before + 1], left))


def reads(rng):
    """Tiny, huge and empty reads, and bad pointers."""
    client = kit.Client(DEV, wd)
    wd.doing("reads")
    check("a read before any request is end of file",
          os.read(client.fd, 4096) == b"")
    big = b"eval -\nreturn string.rep('ab', 40000)"
    whole = client.request(big, size=4 << 20)[1]
    client.write(big)
    pieces = []
    while True:
        b = os.read(client.fd, rng.choice([1, 2, 3, 7, 4096]))
        if not b:
            break
        pieces.append(b)
    check("a response read 1 to 4096 bytes at a time is the same response",
          b"".join(pieces) == whole and len(whole) > 80000, len(pieces))
    check("reads after the end keep returning end of file, also of 0 bytes",
          os.read(client.fd, 10) == b"" and os.read(client.fd, 0) == b"")
    try:
        os.pread(client.fd, 10, 0)
        spe = 0
    except OSError as e:
        spe = e.errno
    check("pread is refused (a stream)", spe == errno.ESPIPE, spe)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.read.restype = libc.write.restype = ctypes.c_ssize_t
    n = libc.write(client.fd, ctypes.c_void_p(8), ctypes.c_size_t(64))
    check("write(2) from a bad pointer: EFAULT", n == -1 and
          ctypes.get_errno() == errno.EFAULT, (n, ctypes.get_errno()))
    client.write(b"version")
    n = libc.read(client.fd, ctypes.c_void_p(8), ctypes.c_size_t(64))
    check("read(2) into a bad pointer: EFAULT", n == -1 and
          ctypes.get_errno() == errno.EFAULT, (n, ctypes.get_errno()))
    n = libc.write(client.fd, ctypes.c_char_p(b"version"), ctypes.c_size_t(2 << 30))
    check("write(2) of 2 GiB (more than the buffer): refused as over 1 MiB",
          n > kit.MIB and b'"errno":7' in client.read_all(), n)
    wd.done()
    check("... and the device answers afterwards", sane(client))
    client.close()


def child(seed, count, names):
    """A concurrent client: run/stop/list/eval on shared names; exits 1 on
    any answer out of shape or against the parse model."""
    global wd
    wd = kit.Watchdog()  # the parent's watchdog thread did not fork with it
    problems.clear()
    rng = random.Random(seed)
    gen = RequestGen(rng, names, INVALID_NAMES)
    client = kit.Client(DEV, wd)
    for _ in range(count):
        data = gen.request().encode()
        if rng.random() < 0.3:
            data = mutate(rng, data, gen.request().encode())
        data = kit.scrub(data)
        n, raw = client.request(data)
        verdict(data, expect(data), n, raw)
    client.close()
    sys.stdout.flush()
    os._exit(1 if problems else 0)


def lunatik_child(seed, count):
    """A /dev/lunatik client starting and stopping the runtimes named
    mt-fuzz.* that the /dev/moontide clients evaluate and stop meanwhile."""
    global wd
    wd = kit.Watchdog()
    rng = random.Random(seed)
    client = kit.Client(LUNATIK, wd)
    bad = 0
    for _ in range(count):
        script = rng.choice(["ok", "slow", "serve", "gc"])
        call = rng.choice([f'run("{DIR}/{script}")', f'spawn("{DIR}/serve")',
                           f'stop("{DIR}/{script}")', "list()"])
        n, reply = client.request(f"return lunatik.runner.{call}".encode())
        if not reply.startswith((b"true\t", b"false\t")):
            print(f"# problem: /dev/lunatik {call} -> {reply[:200]!r}")
            bad += 1
    client.close()
    sys.stdout.flush()
    os._exit(1 if bad else 0)


def concurrent(procs=4, count=1500):
    """procs processes (two CPUs) on the same names at once, and one more
    starting and stopping some of them through /dev/lunatik."""
    names = ["fzc0", "fzc1", "fzc2", f"{DIR}.ok", f"{DIR}.slow", f"{DIR}.serve"]
    t0 = time.monotonic()
    pids = []
    sys.stdout.flush()  # or the children would print it again
    for p in range(procs + os.path.exists(LUNATIK)):
        pid = os.fork()
        if pid == 0 and p == procs:
            lunatik_child(SEED * 31 + p, count // 2)
        elif pid == 0:
            child(SEED * 31 + p, count, names)
        pids.append(pid)
    codes = []
    for pid in pids:
        # each child has a watchdog of its own for its requests
        wd.doing(f"waiting for concurrent client {pid}", limit=1800)
        codes.append(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
        wd.done()
    check(f"{procs} concurrent clients x {count} requests on shared names "
          f"(and {len(pids) - procs} through /dev/lunatik): every answer in "
          f"shape ({time.monotonic() - t0:.0f} s)", codes == [0] * len(pids),
          codes)
    stop_all()


SLOW = [
    "eval fzk\nwhile true do end",                  # only a signal ends it
    "eval fzk\nlocal s = 0 for i = 1, 3000 do s = s + i end return s",
    "run fzk2 mt-fuzz/slow.lua", "run fzk2 mt-fuzz/gc.lua", "stop fzk2",
    "run fzk2 mt-fuzz/serve.lua spawn", "eval -\nreturn string.rep('x', 1 << 19)",
    "list",
]


def killed(rng, rounds=30):
    """A client killed (SIGKILL) at a random moment of a request: it dies,
    the device answers, and the runtime it used is free at once."""
    client = kit.Client(DEV, wd)
    r = kit.parse(client.request(b"run fzk mt-fuzz/ok.lua quota=0")[1])[0]
    check("a runtime without quota for the killed clients starts",
          r and r["ok"], r)
    bad = []
    for i in range(rounds):
        req = kit.scrub(rng.choice(SLOW).encode())
        kit.killed_mid_request(DEV, req, rng.choice([0, 0.001, 0.01, 0.05, 0.2]), wd)
        n, raw = client.request(b"eval fzk\nreturn 'free'")
        if raw != b'{"ok":true,"results":["free"]}\n' or not sane(client):
            bad.append((req, raw))
    check(f"{rounds} clients killed mid-request: each died, the runtime and "
          "the device answered at once after each", not bad, bad[:3])
    client.close()
    stop_all()


def stop_all():
    """Stops every runtime listed; True when none is left."""
    client = kit.Client(DEV, wd)
    for _ in range(3):
        r = kit.parse(client.request(b"list")[1])[0]
        names = [x["name"] for x in r["runtimes"]]
        if not names:
            break
        for name in names:
            client.request(f"stop {name}".encode())
    r = kit.parse(client.request(b"list")[1])[0]
    client.close()
    return r["runtimes"] == []


def main():
    print(f"# seed {SEED} (MOONTIDE_FUZZ_SEED), {REQUESTS} requests "
          "(MOONTIDE_FUZZ_REQUESTS)")
    install(kit.ROOT)
    check("no runtime runs before the fuzzing", stop_all())
    sequential(REQUESTS)
    rng = random.Random(SEED)
    gen = RequestGen(rng)
    split_writes(rng, gen)
    reads(rng)
    memory_sweep()
    check("every runtime stops, and list is empty then", stop_all())
    concurrent()
    killed(rng)
    check("at the end every runtime stopped, list empty", stop_all())
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
