#!/usr/bin/env python3
"""The guest side of bench/packet-path.sh: pktgen sends 64-byte UDP packets
from veth pkA into its peer pkB (both in the initial namespace) for SECONDS
per variant; the rate is what pkB's receive path took in (its rx_packets)
per second of pktgen's run. Three runs of each variant, interleaved; the
median counts."""
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "kernel-module", "tests"))
from labcheck import ROOT, ask, ev  # noqa: E402

SECONDS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
PG = "/proc/net/pktgen"


def sh(cmd):
    subprocess.run(cmd, shell=True, check=True)


def pg(path, cmd):
    with open(f"{PG}/{path}", "w") as f:
        f.write(cmd + "\n")


def rx_packets():
    with open("/sys/class/net/pkB/statistics/rx_packets") as f:
        return int(f.read())


def setup():
    sh("insmod build/kernel/moontide.ko; modprobe veth; modprobe pktgen; modprobe nf_tables")
    sh("ip link add pkA type veth peer name pkB && ip addr add 10.88.0.1/24 dev pkA && "
       "ip addr add 10.88.0.2/24 dev pkB && ip link set pkA up && ip link set pkB up")
    with open("/sys/class/net/pkB/address") as f:
        mac = f.read().strip()
    pg("kpktgend_0", "rem_device_all")
    pg("kpktgend_0", "add_device pkA")
    for c in ("count 0", "pkt_size 64", "delay 0", "dst 10.88.0.2",
              f"dst_mac {mac}", "udp_dst_min 9", "udp_dst_max 9"):
        pg("pkA", c)


def send():
    """pktgen for SECONDS; pkB's packets taken in per second."""
    before = rx_packets()
    start = time.monotonic()
    p = subprocess.Popen(["sh", "-c", f"echo start > {PG}/pgctrl"])
    time.sleep(SECONDS)
    pg("pgctrl", "stop")
    p.wait()
    took = time.monotonic() - start
    return (rx_packets() - before) / took


def nft(on):
    if on:
        sh("nft add table ip bench && nft add chain ip bench pre "
           "'{ type filter hook prerouting priority 0; }' && "
           "nft add rule ip bench pre iifname pkB udp dport 9 drop")
    else:
        sh("nft delete table ip bench")


LUA = """-- bench: drops UDP to port 9 arriving on pkB, as the nftables rule does
local netfilter = require("netfilter")
h = netfilter.register{family = "ipv4", hook = "prerouting", handler = function(skb)
    if skb:indev() == "pkB" and skb:getu8(9) == 17 and
            skb:getu16be((skb:getu8(0) & 15) * 4 + 2) == 9 then
        return netfilter.DROP
    end
end}
"""


def lua(on):
    if on:
        os.makedirs(f"{ROOT}/bench", exist_ok=True)
        with open(f"{ROOT}/bench/drop.lua", "w") as f:
            f.write(LUA)
        r = ask("run bench-drop bench/drop.lua context=softirq")
        assert r.get("ok"), r
    else:
        s = ev("bench-drop", "local s = h:stats() return s.calls, s.skipped, s.errors, s.dropped")
        print(f"# lua hook: calls, skipped, errors, dropped = {s}")
        ask("stop bench-drop")


VARIANTS = {
    "(a) no hook": lambda on: None,
    "(b) nftables drop": nft,
    "(c) Lua netfilter drop": lua,
}


def main():
    setup()
    rates = {k: [] for k in VARIANTS}
    for _ in range(3):
        for name, toggle in VARIANTS.items():
            toggle(True)
            rates[name].append(send())
            toggle(False)
    print(f"# {SECONDS} s per run, 3 runs each, 64-byte UDP from pktgen, veth pkA -> pkB")
    med = {}
    for name, rs in rates.items():
        med[name] = statistics.median(rs)
        print(f"{name:26} {med[name]:>10.0f} packets/s  (runs: {', '.join(f'{r:.0f}' for r in rs)})")
    ratio = med["(c) Lua netfilter drop"] / med["(b) nftables drop"]
    print(f"ratio (c)/(b) Lua netfilter drop / nftables drop: {ratio:.2f}")
    print("(d) eBPF XDP drop, (e) XDP calling Lua: not measured yet (the xdp binding is not built)")


main()
