"""The guest side of bench/probe-cost.sh: run there, in the lab."""
import os, subprocess, sys, time
sys.path.insert(0, "kernel-module/tests")
from labcheck import ask, put_script
n = int(sys.argv[1])
subprocess.run(["insmod", "build/kernel/moontide.ko"], check=True)
T = "/sys/kernel/tracing"
if not os.path.exists(T + "/kprobe_events"):
    subprocess.run(["mount", "-t", "tracefs", "nodev", T], check=True)


def per_call():
    best = None
    for _ in range(3):  # the best of 3: the host is shared
        t0 = time.perf_counter_ns()
        for _ in range(n):
            os.getppid()
        t = (time.perf_counter_ns() - t0) / n
        best = t if best is None else min(best, t)
    return best


def write(path, text):
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)  # no seek: tracefs refuses it
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


base = per_call()
write(T + "/kprobe_events", "p:mtbench __x64_sys_getppid\n")
write(T + "/events/kprobes/mtbench/enable", "0\n")
write(T + "/events/kprobes/mtbench/enable", "1\n")
write(T + "/tracing_on", "0\n")  # the probe fires; nothing is recorded
kev = per_call()
rel = put_script("bench", "probe.lua",
                 'p = require("probe").kprobe("__x64_sys_getppid", function() end)\n')
r = ask(f"run bench-probe {rel} context=hardirq")
assert r.get("ok"), r
lua = per_call()
stats = ask("eval bench-probe\nlocal s = p:stats() return s.calls, s.skipped")
ask("stop bench-probe")
write(T + "/events/kprobes/mtbench/enable", "0\n")
write(T + "/kprobe_events", "-:mtbench\n")
subprocess.run(["rmmod", "moontide"], check=True)
print(f"# getppid x {n}, best of 3, ns per call (QEMU TCG, {os.cpu_count()} vCPUs, "
      f"{os.uname().release})")
print(f"{'no probe':34s} {base:10.0f}  {1:5.2f}")
print(f"{'kprobe_events probe (kernel)':34s} {kev:10.0f}  {kev / base:5.2f}")
print(f"{'kprobe_events + moontide, empty Lua':34s} {lua:10.0f}  {lua / base:5.2f}")
print(f"# Lua handler alone: {lua - kev:.0f} ns per call; calls/skipped {stats.get('results')}")
