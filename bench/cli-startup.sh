#!/usr/bin/env bash
# bench/cli-startup.sh [RUNS] - how long the moontide command takes to start, on this host.
#
# Times `bin/moontide --help` and `bin/moontide status` RUNS times each (default 20;
# status works without the module: it reports "not loaded"), after one warm-up run
# that also builds the command if needed, and prints min and median wall-clock times
# and the machine. No assertions: a figure to watch, not a test.
set -euo pipefail

runs=${1:-20}
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
moontide=$top/bin/moontide

measure() {
    local label=$1; shift
    local times=() i start end
    "$moontide" "$@" >/dev/null 2>&1 || true   # warm-up (and build)
    for ((i = 0; i < runs; i++)); do
        start=$(date +%s%N)
        "$moontide" "$@" >/dev/null 2>&1 || true
        end=$(date +%s%N)
        times+=($(((end - start) / 1000000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v label="$label" -v n="$runs" '
        { t[NR] = $1 }
        END {
            median = (n % 2) ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2
            printf "%-24s min %5d ms   median %5d ms   (%d runs)\n", label, t[1], median, n
        }'
}

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'),"\
" load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java:    $(java -version 2>&1 | head -1)"
start_java() {
    local times=() i start end
    for ((i = 0; i < runs; i++)); do
        start=$(date +%s%N); java -Xshare:auto -XX:TieredStopAtLevel=1 -version >/dev/null 2>&1; end=$(date +%s%N)
        times+=($(((end - start) / 1000000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v n="$runs" '
        { t[NR] = $1 }
        END {
            median = (n % 2) ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2
            printf "%-24s min %5d ms   median %5d ms   (%d runs; the JVM alone)\n", "java -version", t[1], median, n
        }'
}
start_java
measure "moontide --help"
measure "moontide status" status
