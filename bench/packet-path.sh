#!/usr/bin/env bash
# Packets per second through a veth pair, in one lab boot, for each way of
# dropping them at the receiver: (a) no hook (the stack delivers them to a
# closed UDP port), (b) an nftables drop rule at prerouting, (c) a Lua
# netfilter hook at prerouting returning DROP; XDP's (d) and (e) come with
# the xdp binding. Prints each rate and the ratio (c)/(b). Timings are of
# QEMU TCG on this machine: ratios, not absolute speeds.
#   bench/packet-path.sh [SECONDS]   (the guest side: bench/packet-path.py)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
lab/setup >/dev/null
make -s module
exec lab/run --timeout 1800 -- python3 bench/packet-path.py "${1:-5}"
