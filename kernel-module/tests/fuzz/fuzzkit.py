"""fuzzkit: what the fuzzers share: the seed and counts, a client that keeps
its device open, a watchdog bounding every operation, the response checks.

Every fuzzer is deterministic from its seed: the same seed writes the same
requests in the same order (what the kernel answers may still depend on
timing where clients race). The seed is printed first, so a failure in a
long run can be replayed.
"""
import json
import os
import re
import signal
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))  # labcheck.py
import labcheck  # noqa: E402
from labcheck import HANG, ROOT, check, exit_status, skip  # noqa: E402,F401

MIB = 1 << 20


def setting(name, default):
    """An integer from the environment (lab/run passes MOONTIDE_*)."""
    value = os.environ.get(name, "")
    return int(value, 0) if value else default


SEED = setting("MOONTIDE_FUZZ_SEED", 20261127)

# The lab fails a run whose kernel log matches these (lab/run's
# LOG_PATTERNS). Text a fuzzer makes may reach the log (runtime names are
# logged at start and stop), so such words are broken up before they are
# sent: a false alarm would hide a real one.
LOG_WORDS = re.compile(rb"BUG|WARNING|Oops|refcount_t|circular locking|"
                       rb"recursive locking|INFO: |KASAN|UBSAN|general protection|"
                       rb"stack overflow|soft lockup|hung task|Call Trace|"
                       rb"Kernel panic")


def scrub(data):
    """data (bytes) with the first letter of every phrase the lab's log check
    looks for (case-sensitively) in the other case."""
    return LOG_WORDS.sub(lambda m: m.group(0)[:1].swapcase() + m.group(0)[1:],
                         data)


class Watchdog:
    """Bounds every operation: doing(what) before it, done() after. When one
    has run for `limit` seconds, it prints which (the request, repr'd) as a
    failed check with the plan and ends the process: a hang is the finding,
    and nothing after it could be trusted."""

    def __init__(self, limit=HANG):
        self.limit = limit
        self.what = None
        self.since = 0.0
        self.this_limit = limit
        self.lock = threading.Lock()
        threading.Thread(target=self._watch, daemon=True).start()

    def doing(self, what, limit=None):
        with self.lock:
            self.what, self.since = what, time.monotonic()
            self.this_limit = limit or self.limit

    def done(self):
        with self.lock:
            self.what = None

    def _watch(self):
        while True:
            time.sleep(1)
            with self.lock:
                what, since, limit = self.what, self.since, self.this_limit
            if what is not None and time.monotonic() - since > limit:
                check(f"no operation hangs (seed {SEED})", False,
                      f"no answer after {limit} s to: {what!r:.500}")
                print(f"# the whole request: {what!r}"[:200000])
                print("# where the kernel has it:\n" + kernel_stacks())
                sys.stdout.flush()
                os._exit(exit_status() or 1)


def kernel_stacks():
    """This process's threads' kernel stacks (/proc/self/task/*/stack): where
    a hung request waits or spins."""
    out = []
    for tid in sorted(os.listdir("/proc/self/task")):
        try:
            with open(f"/proc/self/task/{tid}/stack") as f:
                out.append(f"# task {tid}:\n" + "".join("#   " + line for line in f))
        except OSError as e:
            out.append(f"# task {tid}: {e}")
    return "\n".join(out)


class Client:
    """One open file of a control device: one write(2) is one request, the
    reply is read back until EOF on the same file."""

    def __init__(self, dev, watchdog):
        self.dev = dev
        self.wd = watchdog
        self.fd = os.open(dev, os.O_RDWR)

    def close(self):
        os.close(self.fd)

    def write(self, data):
        """write(2) of data: the count written, or -errno."""
        try:
            return os.write(self.fd, data)
        except OSError as e:
            return -e.errno

    def read_all(self, size=65536):
        out = []
        while True:
            b = os.read(self.fd, size)
            if not b:
                return b"".join(out)
            out.append(b)

    def request(self, data, size=65536):
        """(count written or -errno, the reply's bytes), under the watchdog."""
        self.wd.doing((self.dev, data))
        n = self.write(data)
        reply = self.read_all(size)
        self.wd.done()
        return n, reply


def killed_mid_request(dev, data, delay, wd):
    """A client in another process writes data to dev and waits for the
    reply; after delay seconds it gets SIGKILL. Returns once it is gone
    (the watchdog bounds the wait: a kill that does not end it is a hang)."""
    sys.stdout.flush()  # or the child would print it again
    pid = os.fork()
    if pid == 0:
        try:
            fd = os.open(dev, os.O_RDWR)
            os.write(fd, data)
            os.read(fd, 65536)
        finally:
            os._exit(0)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    wd.doing(f"the client killed in {data!r} to end")
    os.waitpid(pid, 0)
    wd.done()


# -- /dev/moontide's responses (docs/protocol.md) ---------------------------
ERRNO_OF_KIND = {
    "syntax": {8}, "runtime": {125}, "memory": {12}, "quota": {62},
    "interrupted": {4},
    "request": {22, 7, 2, 17, 16, 28, 1, 38},
    "io": None,  # the errno of the failed read
}
RUNTIME_FIELDS = {"name": str, "script": str, "sha256": str, "context": str,
                  "spawn": bool, "state": str, "started_ns": int,
                  "memory": int, "charged": int, "memory_limit": int,
                  "quota": int, "uid": int, "comm": str}
STATES = {"running", "finished", "failed", "starting", "stopping"}


def runtime_problem(rt):
    """Why a RUNTIME object is not one, or None."""
    if not isinstance(rt, dict):
        return "a runtime is not an object"
    for field, kind in RUNTIME_FIELDS.items():
        if type(rt.get(field)) is not kind:
            return f"runtime field {field} missing or not {kind.__name__}"
    if rt["state"] not in STATES:
        return f"unknown state {rt['state']!r}"
    if rt["context"] not in ("process", "softirq", "hardirq"):
        return f"unknown context {rt['context']!r}"
    if not re.fullmatch(r"[0-9a-f]{64}", rt["sha256"]):
        return "sha256 is not 64 hex digits"
    if rt.get("error") is not None and not isinstance(rt["error"], str):
        return "error is neither null nor a string"
    return None


def parse(raw):
    """The response as a dict, or (None, why it is not a v1 response)."""
    if not raw.endswith(b"\n") or b"\n" in raw[:-1]:
        return None, "not one line ending with a newline"
    if len(raw) > MIB:
        return None, "longer than 1 MiB"
    try:
        r = json.loads(raw)
    except ValueError as e:
        return None, f"not JSON: {e}"
    if not isinstance(r, dict) or type(r.get("ok")) is not bool:
        return None, "no boolean ok"
    if r["ok"]:
        return r, None
    kinds = ERRNO_OF_KIND.get(r.get("kind"), set())
    if kinds is not None and r.get("errno") not in kinds:
        return None, f"errno {r.get('errno')} does not go with kind {r.get('kind')}"
    if type(r.get("errno")) is not int or r["errno"] <= 0:
        return None, "errno is not a positive number"
    if not isinstance(r.get("error"), str) or not r["error"]:
        return None, "no error text"
    return r, None


def success_problem(r):
    """Why a successful response has none of the v1 shapes, or None."""
    if "protocol" in r:
        return None if r == {"ok": True, "moontide": "0.1.0",
                             "lua": "Lua 5.4-kernel", "protocol": 1} \
            else "version object differs"
    if "results" in r:
        res = r["results"]
        return None if isinstance(res, list) and all(
            isinstance(x, str) for x in res) else "results are not strings"
    if "runtimes" in r:
        rts = r["runtimes"]
        if not isinstance(rts, list):
            return "runtimes is not a list"
        names = [x.get("name") for x in rts if isinstance(x, dict)]
        if names != sorted(names) or len(set(names)) != len(names):
            return "list is not sorted by name, or names repeat"
        for rt in rts:
            why = runtime_problem(rt)
            if why:
                return why
        return None
    if "runtime" in r:
        return runtime_problem(r["runtime"])
    return None if r == {"ok": True} else "unknown success shape"
