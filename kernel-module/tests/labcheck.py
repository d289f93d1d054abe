"""labcheck: what the module's lab tests share.

The /dev/moontide test client (mtctl); TAP: `ok - ...` / `not ok - ...` lines,
`ok - ... # SKIP reason` for a check that cannot run here, and the plan
(`1..N`, printed last by exit_status); the failure count that decides the
exit status; wait_until, to wait for a state rather than sleep. A test does

    from labcheck import ROOT, ask, check, ev, exit_status, fails, mtctl
    ...
    raise SystemExit(exit_status())
"""
import importlib.machinery
import json
import os
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
mtctl = importlib.machinery.SourceFileLoader(
    "mtctl", os.path.join(HERE, "mtctl")).load_module()
ROOT = "/lib/modules/lua"  # the module's script root in the lab guest


def _has_kasan():
    with open("/proc/kallsyms") as f:
        return " __asan_load8\n" in f.read()


# Does the running kernel have KASAN (the debug lab kernel)? Its quarantine
# holds freed objects back, so meminfo deltas say nothing of leaks there;
# kmemleak's scan at the end of the suite does. Looked up once per process.
KASAN = _has_kasan()

# seconds: what has not happened by then never will. A hang detector, not a
# speed claim: an emulated CPU on a busy host is slow, never this slow. The
# debug kernel (KASAN checks every access, lockdep every lock) is slower
# still: a collector run on every allocation took over 120 s to use up a
# quota there.
HANG = 480 if KASAN else 120

failures = 0
checks = 0
_last = time.monotonic()


def _timing():
    """A `# N s` line before a check that took over 20 s since the one before:
    where a suite's time goes (the debug kernel's budget: lab/README.md)."""
    global _last
    now = time.monotonic()
    if now - _last > 20:
        print(f"# {now - _last:.0f} s since the check before")
    _last = now


def check(name, cond, detail=""):
    """Prints one ok/not ok line; a failure shows detail (cut at 600 chars)."""
    global failures, checks
    checks += 1
    _timing()
    if cond:
        print(f"ok - {name}")
    else:
        failures += 1
        print(f"not ok - {name}{': ' + str(detail)[:600] if detail else ''}")


def skip(name, reason):
    """A check that cannot run here: `ok - name # SKIP reason`."""
    global checks
    checks += 1
    _timing()
    print(f"ok - {name} # SKIP {reason}")


def wait_until(condition, timeout=HANG, interval=0.05):
    """Calls condition() until it returns a true value, and returns that; after
    timeout seconds, its last (false) value. For waiting on a state."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


def within(fn, timeout=HANG):
    """fn() in a thread: (True, its result), or (False, None) when it has not
    returned after timeout seconds (hung; the thread is left behind)."""
    box = {}
    th = threading.Thread(target=lambda: box.update(r=fn()), daemon=True)
    th.start()
    th.join(timeout)
    return ("r" in box), box.get("r")


class UdpFlood:
    """`with UdpFlood(addr, port, payload) as f:` sends payload to (addr, port)
    over IPv4 as fast as it can from a thread until the block ends; f.sent
    counts the datagrams sent (a failed send, a drop at output, waits 1 ms)."""

    def __init__(self, addr, port, payload):
        self.dst, self.payload, self.sent = (addr, port), payload, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        import socket
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            while not self._stop.is_set():
                try:
                    s.sendto(self.payload, self.dst)
                    self.sent += 1
                except OSError:
                    time.sleep(0.001)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def ask(text):
    """One request to /dev/moontide; its JSON response as a dict."""
    return json.loads(mtctl.request(text))


def ev(rt, chunk):
    """Results of a chunk evaluated in runtime rt (a list), or the error."""
    r = ask(f"eval {rt}\n{chunk}")
    return r["results"] if r.get("ok") else r


def fails(rt, chunk, text):
    """The chunk raises a Lua error (not a kernel one) containing text."""
    r = ask(f"eval {rt}\n{chunk}")
    return (r.get("ok") is False and r.get("kind") == "runtime" and
            text in r.get("error", "")), r


def lunatik_chunk(text, fd=None):
    """Writes one chunk to /dev/lunatik (on fd, else a file of its own);
    returns (bytes written, reply)."""
    own = fd is None
    if own:
        fd = os.open("/dev/lunatik", os.O_RDWR)
    try:
        n = os.write(fd, text.encode())
        out = b""
        while True:
            b = os.read(fd, 65536)
            if not b:
                break
            out += b
        return n, out.decode()
    finally:
        if own:
            os.close(fd)


def put_script(folder, rel, text):
    """Writes ROOT/folder/rel (and its folders); returns folder/rel, as run takes it."""
    path = os.path.join(ROOT, folder, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    return f"{folder}/{rel}"


def start_examples(*runs):
    """Copies examples/FILE under ROOT and runs each (name, FILE, options);
    returns the answers."""
    top = os.path.abspath(os.path.join(HERE, "..", ".."))
    os.makedirs(os.path.join(ROOT, "examples"), exist_ok=True)
    answers = []
    for name, rel, options in runs:
        with open(os.path.join(top, "examples", rel)) as src, \
                open(os.path.join(ROOT, "examples", rel), "w") as dst:
            dst.write(src.read())
        answers.append(ask(f"run {name} examples/{rel} {options}".strip()))
    return answers


def meminfo(field):
    """A /proc/meminfo field, in bytes."""
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise KeyError(field)


def exit_status():
    """Prints the plan (every check and skip so far) and returns the status."""
    print(f"1..{checks}")
    return 1 if failures else 0
