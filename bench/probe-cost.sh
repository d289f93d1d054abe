#!/usr/bin/env bash
# The cost of a Lua kprobe handler, in one lab run: N getppid calls
# (default 10^6) with no probe, with tracefs's own kprobe_events probe (the
# kernel's, for reference), and with a moontide kprobe on __x64_sys_getppid
# whose Lua handler is empty; time per call and the ratio to no probe.
# The site is kept patched by the kprobe_events probe (docs/bindings/probe.md).
# Timings are of QEMU TCG on this machine: ratios, not absolute speeds.
#   bench/probe-cost.sh [N]     (the guest side: bench/probe-cost.py)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
make -s module
n=${1:-1000000}
exec lab/run --timeout 1800 -- python3 bench/probe-cost.py "$n"
