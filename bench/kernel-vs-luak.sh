#!/usr/bin/env bash
# In-kernel Lua (moontide.ko, eval in the control runtime, its default quota:
# the guard on) against the same scripts in userspace luak (LUAK_QUOTA: its
# guard on too), both inside the lab guest so the CPU is the same (QEMU TCG:
# absolute times are slow; the ratios are the figures). Also luak built from
# the same source without the guard's patches (0006, 0007): the guard's own
# cost. And run+stop pairs per second through /dev/moontide. SLUB debugging,
# on for tests, is off here: it is not what production runs.
#   bench/kernel-vs-luak.sh        (builds, boots the lab, prints figures)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
if [ "${1:-}" != --in-guest ]; then
	make -s luak module
	bench/build-noguard.sh build/bench
	echo "# host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
	exec lab/run --timeout 1800 --append "slub_debug=-" -- bench/kernel-vs-luak.sh --in-guest
fi
insmod build/kernel/moontide.ko
trap 'rmmod moontide' EXIT
python3 - <<'PY'
import importlib.machinery, json, os, statistics, subprocess, time
mtctl = importlib.machinery.SourceFileLoader("mtctl", "kernel-module/tests/mtctl").load_module()
RUNS = 9  # TCG timing is noisy: runs interleaved, medians
QUOTA = "100000000"  # the control runtime's default quota, for luak too

def kernel(chunk):
    t = time.monotonic_ns()
    r = json.loads(mtctl.request("eval -\n" + chunk))
    assert r.get("ok"), r
    return time.monotonic_ns() - t, r["results"][0]

def luak(binary, path, guard=True):
    env = dict(os.environ, LUAK_QUOTA=QUOTA) if guard else dict(os.environ)
    env.pop("LUAK_QUOTA", None) if not guard else None
    t = time.monotonic_ns()
    out = subprocess.run([binary, "-e", f"print(dofile('{path}'))"], env=env,
                         capture_output=True, text=True, check=True).stdout.strip()
    return time.monotonic_ns() - t, out

def median(xs):
    return statistics.median(xs)

open("/tmp/empty.lua", "w").write("return 0")
print(f"# guest: QEMU TCG, kernel {open('/proc/sys/kernel/osrelease').read().strip()}; "
      f"medians of {RUNS}; luak times minus its start-up")
print(f"{'workload':10} {'kernel ms':>10} {'luak ms':>9} {'no-guard ms':>12} "
      f"{'kernel/luak':>12} {'guard cost':>11}")
for name in ("fib", "table", "string", "workload"):
    path = f"bench/{name}.lua"
    chunk = open(path).read()
    start = median(luak("build/bin/luak", "/tmp/empty.lua")[0] for _ in range(RUNS))
    start0 = median(luak("build/bench/luak-noguard", "/tmp/empty.lua", False)[0]
                    for _ in range(RUNS))
    k, u, n = [], [], []
    for _ in range(RUNS):  # interleaved, so drift hits all three alike
        k.append(kernel(chunk))
        u.append(luak("build/bin/luak", path))
        n.append(luak("build/bench/luak-noguard", path, False))
    sums = {r for _, r in k} | {r for _, r in u} | {r for _, r in n}
    assert len(sums) == 1, (name, k, u, n)
    kt = median(t for t, _ in k)
    ut = median(t for t, _ in u) - start
    nt = median(t for t, _ in n) - start0
    print(f"{name:10} {kt / 1e6:10.1f} {ut / 1e6:9.1f} {nt / 1e6:12.1f} "
          f"{kt / ut:12.2f} {ut / nt:11.2f}")

# run+stop pairs through the control device, a trivial script
os.makedirs("/lib/modules/lua/bench", exist_ok=True)
open("/lib/modules/lua/bench/nop.lua", "w").write("-- nop.lua: does nothing\n")
PAIRS = 300
t = time.monotonic_ns()
for i in range(PAIRS):
    assert json.loads(mtctl.request("run bench-nop bench/nop.lua"))["ok"]
    assert json.loads(mtctl.request("stop bench-nop"))["ok"]
secs = (time.monotonic_ns() - t) / 1e9
print(f"run+stop pairs: {PAIRS} in {secs:.2f} s = {PAIRS / secs:.0f} pairs/s")
PY
