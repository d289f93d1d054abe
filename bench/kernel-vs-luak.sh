#!/usr/bin/env bash
# In-kernel Lua (moontide.ko, eval in the control runtime) against the same
# script in userspace luak, both inside the lab guest so the CPU is the same
# (QEMU TCG: absolute times are slow; the ratio is the figure). SLUB
# debugging, on for tests, is off here: it is not what production runs.
#   bench/kernel-vs-luak.sh        (builds, boots the lab, prints figures)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
if [ "${1:-}" != --in-guest ]; then
	make -s luak module
	echo "# host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
	exec lab/run --append "slub_debug=-" -- bench/kernel-vs-luak.sh --in-guest
fi
insmod build/kernel/moontide.ko control_quota=0
trap 'rmmod moontide' EXIT
python3 - <<'PY'
import importlib.machinery, json, statistics, subprocess, time
mtctl = importlib.machinery.SourceFileLoader("mtctl", "kernel-module/tests/mtctl").load_module()
chunk = open("bench/workload.lua").read()
RUNS = 3

def kernel():
    t = time.monotonic_ns()
    r = json.loads(mtctl.request("eval -\n" + chunk))
    return time.monotonic_ns() - t, r["results"][0]

def luak(path):
    t = time.monotonic_ns()
    out = subprocess.run(["build/bin/luak", "-e", f"print(dofile('{path}'))"],
                         capture_output=True, text=True, check=True).stdout.strip()
    return time.monotonic_ns() - t, out

open("/tmp/empty.lua", "w").write("return 0")
start = statistics.median(luak("/tmp/empty.lua")[0] for _ in range(RUNS))
k = [kernel() for _ in range(RUNS)]
u = [luak("bench/workload.lua") for _ in range(RUNS)]
assert len({r for _, r in k} | {r for _, r in u}) == 1, (k, u)
kt = statistics.median(t for t, _ in k)
ut = statistics.median(t for t, _ in u) - start
print(f"# guest: QEMU TCG, kernel {open('/proc/sys/kernel/osrelease').read().strip()}; checksum {k[0][1]}")
print(f"kernel eval (median of {RUNS}): {kt / 1e6:.1f} ms")
print(f"luak (median of {RUNS}, minus {start / 1e6:.1f} ms start-up): {ut / 1e6:.1f} ms")
print(f"ratio kernel/luak: {kt / ut:.2f}")
PY
