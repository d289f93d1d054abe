#!/usr/bin/env python3
"""examples/router.lua and routerdev.lua with real traffic: namespace mtra
reaches namespace mtrb only through the Lua router, the kernel's own
forwarding off. Needs the module's BTF (the stock lab kernel); under the
debug kernel the traffic checks are skipped with the reason.

  ns mtra                    init ns (router)                 ns mtrb
  ra0 10.91.1.2 <-veth-> ra1 10.91.1.1   rb1 10.91.2.1 <-veth-> rb0 10.91.2.2
  default via .1.1         XDP: router.lua handlers          default via .2.1
                           net.ipv4.ip_forward=0             UDP/TCP echo

build/bpf/moontide_xdp.o is on all four: on ra1 and rb1 it brings frames
to the router; on ra0 and rb0 it only switches on NAPI, without which veth
drops frames redirected into it (docs/bindings/xdp.md)."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from labcheck import ask, check, exit_status, skip, wait_until  # noqa: E402
from netlab import Agent, attach_prog, btf, dev_read, dev_write, install, mac, ping, programs_gone, responder, sh  # noqa: E402

NA, NB = "mtra", "mtrb"
A, B = "10.91.1.2", "10.91.2.2"
CONF = 'return { ports = {"ra1", "rb1"}, routes = {} }\n'


def setup():
    teardown()
    r = sh(f"modprobe veth 2>/dev/null; ip netns add {NA} && ip netns add {NB} && "
           f"ip link add ra1 type veth peer name ra0 netns {NA} && "
           f"ip link add rb1 type veth peer name rb0 netns {NB} && "
           f"ip addr add 10.91.1.1/24 dev ra1 && ip link set ra1 up && "
           f"ip addr add 10.91.2.1/24 dev rb1 && ip link set rb1 up && "
           f"ip -n {NA} link set lo up && ip -n {NA} addr add {A}/24 dev ra0 && "
           f"ip -n {NA} link set ra0 up && ip -n {NA} route add default via 10.91.1.1 && "
           f"ip -n {NB} link set lo up && ip -n {NB} addr add {B}/24 dev rb0 && "
           f"ip -n {NB} link set rb0 up && ip -n {NB} route add default via 10.91.2.1")
    if r.returncode:
        return f"setup: {r.stderr}"
    # a redirected frame leaves its skb behind, and with it a checksum the
    # sender left to offload (CHECKSUM_PARTIAL): the senders compute theirs
    r = sh(f"ip netns exec {NA} ethtool -K ra0 tx off && ip netns exec {NB} ethtool -K rb0 tx off")
    if r.returncode:
        return f"turning checksum offload off on ra0 and rb0: {r.stdout}{r.stderr}"
    for dev, ns in (("ra1", None), ("rb1", None), ("ra0", NA), ("rb0", NB)):
        r = attach_prog(dev, ns)
        if r.returncode:
            return f"attaching the XDP program to {dev}: {r.stdout}{r.stderr}"
    return None


def teardown():
    sh(f"ip netns del {NA}; ip netns del {NB}; ip link del ra1; ip link del rb1")
    return wait_until(programs_gone, timeout=30)


def router(text):
    """Writes text to /dev/router: True, or the error."""
    return dev_write("/dev/router", text)


def listing():
    return dev_read("/dev/router")


def start():
    ask("stop router")
    ask("stop routerdev")
    for rel in ("lib/prefix.lua", "lib/reader.lua", "routerdev.lua", "router.lua"):
        install(rel)
    install("routerconf.lua", CONF)
    r1 = ask("run routerdev examples/routerdev.lua")
    r2 = ask("run router examples/router.lua context=softirq")
    return r1, r2


def routing(agent):
    mb, ma = mac("rb0", NB), mac("ra0", NA)
    check("without the router, mtra cannot reach mtrb (ip_forward=0)",
          agent.ask(f"udp {A} {B} 2") == "0")
    r1, r2 = start()
    check("routerdev and router (softirq, XDP handlers on ra1 and rb1) start",
          r1.get("ok") and r2.get("ok"), (r1, r2))
    check("... and no route yet: still unreachable", agent.ask(f"udp {A} {B} 2") == "0")
    check("add a route to each side through /dev/router",
          router(f"add 10.91.2.0/24 dev rb1 via {mb}\nadd 10.91.1.0/24 dev ra1 via {ma}\n") is True)
    want = (f"10.91.1.0/24 dev ra1 via {ma} packets 0\n"
            f"10.91.2.0/24 dev rb1 via {mb} packets 0\n")
    check("/dev/router lists both, with 0 packets", listing() == want, listing())
    check("mtra reaches mtrb through the router: 20 UDP echoes answered",
          agent.ask(f"udp {A} {B} 20") == "20")
    want = want.replace("packets 0", "packets 20")
    check("each route counted exactly the 20 packets it forwarded", listing() == want, listing())
    p = ping(NA, B)
    check("ping through the router: answered, TTL 63 (one hop: the TTL and its checksum rewritten)",
          p.returncode == 0 and "ttl=63" in p.stdout, p.stdout + p.stderr)
    check("a TCP connection through the router echoes 200,000 bytes",
          agent.ask(f"tcp {A} {B} 200192") == "ok")
    p = ping(NA, B, count=1, ttl=1)
    check("a packet with TTL 1 is not forwarded (left to the stack, which does not forward)",
          p.returncode != 0, p.stdout)
    p = ping(NA, "10.91.2.1", count=1)
    check("the router's own rb1 address falls under 10.91.2.0/24: sent on to mtrb, unanswered",
          p.returncode != 0, p.stdout)
    check("'add 10.91.2.1/32 local'", router("add 10.91.2.1/32 local\n") is True)
    p = ping(NA, "10.91.2.1")
    check("... then the longer local route wins: the router's stack answers", p.returncode == 0,
          p.stdout + p.stderr)
    check("... and /dev/router lists the most specific route first",
          listing().startswith("10.91.2.1/32 local packets 0\n"), listing())
    before = listing()
    for bad, why in (("add 10.91.2.1/24 dev rb1 via " + mb, "host bits set"),
                     ("add 10.92.0.0/16 dev eth9 via " + mb, "not a router port"),
                     ("add 10.92.0.0/16 dev rb1 via 02:00", "not a MAC"),
                     ("add 10.92.0.0/33 local", "length over 32"),
                     ("del 10.93.0.0/16", "no route"),
                     ("route everything", "not a command"),
                     ("add 10.95.0.0/16 local\nroute everything", "a good line, then a bad one: neither applies")):
        check(f"a bad command fails the write ({why}): '{bad}'", isinstance(router(bad + "\n"), OSError))
    check("... and changes nothing", listing() == before, listing())
    check("'del 10.91.2.0/24'", router("del 10.91.2.0/24\n") is True)
    check("... then mtrb is unreachable again", agent.ask(f"udp {A} {B} 2") == "0")
    check("... and the route is not listed", "10.91.2.0/24" not in listing(), listing())
    check("'add' it again: reachable again, its counter from 0",
          router(f"add 10.91.2.0/24 dev rb1 via {mb}\n") is True and
          agent.ask(f"udp {A} {B} 5") == "5" and
          f"10.91.2.0/24 dev rb1 via {mb} packets 5\n" in listing(), listing())


def churn(agent):
    """50 stops and starts of the router while a flood goes through it."""
    ask("stop router")  # running since start(): each run below starts it anew
    started, failed = 0, None
    agent.ask(f"flood {A} {B}")
    try:
        for _ in range(50):
            r = ask("run router examples/router.lua context=softirq")
            started += bool(r.get("ok"))
            failed = failed or (None if r.get("ok") else r)
            ask("stop router")
    finally:
        sent = int(agent.ask("stop"))
    check(f"50 starts and stops of the router under a UDP flood ({sent} packets)",
          started == 50 and sent > 0, (started, failed))
    check("... then nothing forwards: the handlers are gone, the stack does not forward",
          agent.ask(f"udp {A} {B} 2") == "0")
    sh("sysctl -qw net.ipv4.ip_forward=1")
    check("... and with ip_forward=1 the kernel's own forwarding carries the traffic",
          wait_until(lambda: agent.ask(f"udp {A} {B} 2") == "2", timeout=15))
    sh("sysctl -qw net.ipv4.ip_forward=0")


reason = btf()
if reason:
    skip("examples/router.lua with real traffic", reason)
    raise SystemExit(exit_status())
forward = sh("sysctl -n net.ipv4.ip_forward").stdout.strip()
sh("sysctl -qw net.ipv4.ip_forward=0")
err = setup()
agent = echo = None
try:
    check("namespaces, veth pairs and the XDP program on the four ends", err is None, err)
    if err is None:
        echo, agent = responder(NB), Agent(NA)
        sh("sysctl -qw net.ipv4.ip_forward=1")
        check("the responder in mtrb answers (kernel forwarding on, to see it is up)",
              wait_until(lambda: agent.ask(f"udp {A} {B} 1") == "1", timeout=30))
        sh("sysctl -qw net.ipv4.ip_forward=0")
        routing(agent)
        churn(agent)
finally:
    for p in (agent, echo):
        if p:
            p.close() if p is agent else p.kill()
    ask("stop router")
    ask("stop routerdev")
    sh(f"sysctl -qw net.ipv4.ip_forward={forward or 0}")
    check("teardown: the XDP programs are gone (moontide.ko may unload)", teardown())
raise SystemExit(exit_status())
