#!/usr/bin/env bash
# Packets per second through a veth pair, in one lab boot, for each way of
# dropping them at the receiver: (a) no hook (the stack delivers them to a
# closed UDP port), (b) an nftables drop rule at prerouting, (c) a Lua
# netfilter hook at prerouting returning DROP, (d) an eBPF XDP program
# dropping them (bench/xdp_drop.bpf.c), (e) moontide's XDP program calling a
# Lua handler that returns xdp.DROP. Prints each rate and the ratios (c)/(b)
# and (e)/(d). Timings are of QEMU TCG on this machine: ratios, not absolute
# speeds.
#   bench/packet-path.sh [SECONDS]   (the guest side: bench/packet-path.py)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
lab/setup >/dev/null
make -s module
mkdir -p build/bpf
clang -O2 -Wall -Werror -target bpf -I"/usr/include/$(gcc -print-multiarch)" \
    -c bench/xdp_drop.bpf.c -o build/bpf/bench_xdp_drop.o
exec lab/run --timeout 1800 -- python3 bench/packet-path.py "${1:-5}"
