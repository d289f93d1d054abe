#!/usr/bin/env python3
"""Fuzzes /dev/lunatik (moontide.ko lunatik=1; docs/lunatik.md): chunks
calling lunatik.runner.run/spawn/stop/list with odd arguments and loopless
Lua snippets, most of them then mutated; chunks split across writes;
concurrent clients on the same scripts; clients killed mid-chunk.

Oracle: every write takes the whole chunk (or, over 1 MiB, EINVAL); every
reply is `true` or `false`, a tab and the rest; the runner's answers agree
with the scripts this client started and stopped (run of a running script
fails, stop is true exactly when it ran, list names exactly those); no
operation hangs (the watchdog names the chunk); lab/run checks the kernel
log. Deterministic from the seed:

    MOONTIDE_FUZZ_SEED=N MOONTIDE_FUZZ_LUNATIK=N test_fuzz_lunatik.py
"""
import errno
import os
import random
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fuzzkit as kit  # noqa: E402
from fuzzkit import SEED, check, exit_status  # noqa: E402
from mutate import mutate  # noqa: E402
from reqgen import CHUNKS as SNIPPETS, DIR, SCRIPTS, install  # noqa: E402

DEV = "/dev/lunatik"
COUNT = kit.setting("MOONTIDE_FUZZ_LUNATIK", 10000)
KEYS = [f"{DIR}/{s[:-4]}" for s in SCRIPTS if s != "lib.lua"]
ODD_SCRIPTS = ['""', '"../etc/passwd"', '"/etc/passwd"', "42", "nil", "{}",
               '"' + "a" * 70 + '"', f'"{DIR}/missing"', f'"{DIR}/bin"',
               f'"{DIR}/escape"', f'"{DIR}"', '"a b"', '"x.lua.lua"']
CONTEXTS = ['"process"', '"softirq"', '"hardirq"', "false", "true", "nil",
            '"bogus"', "{}", "1"]
wd = kit.Watchdog()
problems = []


def problem(why, data, reply):
    problems.append((why, data, reply))
    if len(problems) <= 5:
        print(f"# problem: {why}: chunk {data[:200]!r} -> {reply[:300]!r}")


class ChunkGen:
    def __init__(self, rng):
        self.rng = rng

    def script(self):
        rng = self.rng
        if rng.random() < 0.15:
            return rng.choice(ODD_SCRIPTS)
        return f'"{rng.choice(KEYS)}{rng.choice(["", ".lua"])}"'

    def chunk(self):
        """(the chunk, what it calls: (verb, key) or None)."""
        rng = self.rng
        k = rng.random()
        s = self.script()
        key = s.strip('"').removesuffix(".lua") if s[:1] == '"' else None
        if k < 0.3:
            args = [s] + rng.sample(CONTEXTS, rng.choice([0, 1, 1, 2]))[:1]
            if rng.random() < 0.1:
                args += [rng.choice(["true", "false", "nil"])]
            return f"return lunatik.runner.run({', '.join(args)})", ("run", key)
        if k < 0.4:
            return f"return lunatik.runner.spawn({s})", ("spawn", key)
        if k < 0.65:
            return f"return lunatik.runner.stop({s})", ("stop", key)
        if k < 0.8:
            return "return lunatik.runner.list()", ("list", None)
        return rng.choice(SNIPPETS), None


class Started:
    """The scripts this client started through /dev/lunatik."""

    def __init__(self):
        self.keys = set()

    def listed(self, client):
        n, reply = client.request(b"return lunatik.runner.list()")
        text = reply.decode(errors="replace")
        return set(text[5:].split(", ")) - {""} if text.startswith("true\t") else None

    def track(self, call, reply):
        verb, key = call
        ok = reply.startswith(b"true\t")
        known = key in self.keys
        if verb in ("run", "spawn") and key in KEYS:
            if known and ok:
                problem(f"{verb} of a running script succeeded", key, reply)
            if ok:
                self.keys.add(key)
        elif verb == "stop" and key in KEYS:
            if reply != (b"true\ttrue" if known else b"true\tfalse"):
                problem(f"stop answered against {known=}", key, reply)
            self.keys.discard(key)
        elif verb == "list":
            names = set(reply[5:].decode().split(", ")) - {""}
            if names != self.keys:
                problem("list differs from what this client started",
                        sorted(self.keys), reply)


def well_formed(data, n, reply):
    want = -errno.EINVAL if len(data) > kit.MIB else len(data)
    if n != want:
        problem(f"write returned {n}, not {want}", data, reply)
    elif n > 0 and not (reply.startswith(b"true\t") or reply.startswith(b"false\t")):
        problem("reply is not true/false, a tab and the rest", data, reply)
    elif len(reply) > kit.MIB:
        problem("reply over 1 MiB", data, reply)


def sequential(rng, count):
    gen = ChunkGen(rng)
    started = Started()
    client = kit.Client(DEV, wd)
    t0 = time.monotonic()
    for i in range(count):
        text, call = gen.chunk()
        data = text.encode()
        mutated = rng.random() < 0.5
        if mutated:
            data = mutate(rng, data, gen.chunk()[0].encode())
        if rng.random() < 0.0005:  # a comment of 1 MiB, or a byte over
            data, call = b"--" + b"x" * (kit.MIB - 2 + rng.choice([0, 1])), None
        data = kit.scrub(data)
        n, reply = client.request(data)
        well_formed(data, n, reply)
        if not mutated and call:
            started.track(call, reply)
        elif mutated and b"runner" in data:  # it may have run or stopped one
            started.keys = started.listed(client) or set()
        if i % 100 == 99 and client.request(b"return 6 * 7")[1] != b"true\t42":
            problem("the device stopped answering", data, reply)
    took = time.monotonic() - t0
    client.close()
    check(f"{count} chunks to /dev/lunatik (seed {SEED}): every reply well "
          f"formed, the runner agreeing with what ran ({took:.0f} s, "
          f"{count / max(took, 1e-9):.0f}/s)", not problems,
          f"{len(problems)} problems, first: {problems[:1]!r}")


def split_and_concurrent(rng, rounds=200):
    before = len(problems)
    gen = ChunkGen(rng)
    client = kit.Client(DEV, wd)
    for _ in range(rounds):
        data = gen.chunk()[0].encode()
        cut = rng.randrange(len(data) + 1)
        for part in (data[:cut], data[cut:]):
            well_formed(part, *client.request(part))
    client.close()
    check(f"{rounds} chunks split across two writes: each piece answered "
          "on its own", len(problems) == before, problems[before:before + 1])

    def worker(seed):
        wd_own = kit.Watchdog()
        g = ChunkGen(random.Random(seed))
        c = kit.Client(DEV, wd_own)
        for _ in range(300):
            data = g.chunk()[0].encode()
            well_formed(data, *c.request(data))
        c.close()
    before = len(problems)
    threads = [threading.Thread(target=worker, args=(SEED * 7 + i,))
               for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check("3 concurrent clients x 300 chunks on the same scripts: every "
          "reply well formed", len(problems) == before,
          problems[before:before + 1])


def killed(rng, rounds=10):
    client = kit.Client(DEV, wd)
    bad = []
    for _ in range(rounds):
        chunk = rng.choice([b"while true do end",
                            f'return lunatik.runner.run("{DIR}/slow")'.encode(),
                            f'return lunatik.runner.stop("{DIR}/slow")'.encode()])
        kit.killed_mid_request(DEV, chunk, rng.choice([0, 0.01, 0.05, 0.3]), wd)
        if client.request(b"return 6 * 7")[1] != b"true\t42":
            bad.append(chunk)
    client.close()
    check(f"{rounds} clients killed mid-chunk: the device answers at once "
          "after each", not bad, bad[:3])


def stop_all():
    client = kit.Client(DEV, wd)
    keys = Started().listed(client) or set()
    for key in keys:
        client.request(f'return lunatik.runner.stop("{key}")'.encode())
    left = Started().listed(client)
    client.close()
    return left == set(), (keys, left)


def main():
    print(f"# seed {SEED} (MOONTIDE_FUZZ_SEED), {COUNT} chunks "
          "(MOONTIDE_FUZZ_LUNATIK)")
    if not os.path.exists(DEV):
        kit.skip("/dev/lunatik fuzzing", "moontide.ko was loaded without lunatik=1")
        return exit_status()
    install(kit.ROOT)
    rng = random.Random(SEED)
    check("no script runs through /dev/lunatik before", *stop_all())
    sequential(rng, COUNT)
    split_and_concurrent(rng)
    killed(rng)
    check("every script stops; list() is empty then", *stop_all())
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
