"""tracepins: keep the kernel's code patched around a stop/start churn.

Registering the first kprobe on a function patches its ftrace call site;
the first probe on a tracepoint flips its static key, and going between one
probe and two rewrites its static call. In the lab (Debian's 6.1 under QEMU
TCG) patching code that another CPU runs at full rate crashes or livelocks
the guest, with the kernel's own tracefs probes and no moontide loaded
(docs/bindings/probe.md). Pinned() keeps those sites patched, so a churn
test exercises moontide's registrations and teardown, not that:

    with Pinned(["__x64_sys_getppid"]):
        ... start and stop runtimes with probes ...

Pinned adds an enabled kprobe_events probe on each symbol, and enables the
raw_syscalls:sys_enter event and a moontide runtime "mt-pin" with a
probe.syscalls handler (two probes on sys_enter: its static call stays the
iterator). Tracing stays off: nothing is recorded.
"""
import os
import subprocess

from labcheck import ask, put_script

T = "/sys/kernel/tracing"


def _write(path, text):
    # one write(2), no seek: kprobe_events refuses lseek (Python's "a" does one)
    fd = os.open(os.path.join(T, path), os.O_WRONLY | os.O_APPEND)
    try:
        os.write(fd, (text + "\n").encode())
    finally:
        os.close(fd)


class Pinned:
    def __init__(self, symbols):
        self.symbols = symbols

    def __enter__(self):
        if not os.path.exists(os.path.join(T, "kprobe_events")):
            subprocess.run(["mount", "-t", "tracefs", "nodev", T], check=False)
        _write("tracing_on", "0")
        for i, sym in enumerate(self.symbols):
            _write("kprobe_events", f"p:mtpin{i} {sym}")
            _write(f"events/kprobes/mtpin{i}/enable", "1")
        _write("events/raw_syscalls/sys_enter/enable", "1")
        rel = put_script("mt-pin", "pin.lua", "s = require('probe').syscalls(function() end)\n")
        r = ask(f"run mt-pin {rel} context=hardirq")
        assert r.get("ok"), r
        return self

    def __exit__(self, *exc):
        ask("stop mt-pin")
        _write("events/raw_syscalls/sys_enter/enable", "0")
        for i, _ in enumerate(self.symbols):
            _write(f"events/kprobes/mtpin{i}/enable", "0")
            _write("kprobe_events", f"-:mtpin{i}")
        _write("tracing_on", "1")


def churn(name, rel, options, symbols=(), times=50):
    """Starts and stops runtime `name` (script rel, run options) `times`
    times, pinned, while another process calls getppid in a loop. Returns
    (starts and stops that succeeded, whether that process survived, the
    last answer)."""
    # The pins patch code: done before the load starts, and undone after it
    # ends, never while another CPU runs that code at full rate (the lab's
    # TCG crash: a first version pinned under load and crashed 3 runs in 4).
    done, r = 0, None
    with Pinned(list(symbols)):
        load = subprocess.Popen(["python3", "-c", "import os\nwhile True: os.getppid()"])
        try:
            for _ in range(times):
                r = ask(f"run {name} {rel} {options}")
                if not r.get("ok") or ask(f"stop {name}") != {"ok": True}:
                    break
                done += 1
        finally:
            alive = load.poll() is None
            load.kill()
            load.wait()
    return done, alive, r
