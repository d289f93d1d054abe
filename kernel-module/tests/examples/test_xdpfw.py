#!/usr/bin/env python3
"""examples/xdpfw.lua and xdpfwdev.lua with real traffic: sources in a
blocked prefix are dropped at XDP, others pass, drops are counted per
prefix. Needs the module's BTF (the stock lab kernel); under the debug
kernel the traffic checks are skipped with the reason.

  ns mtfw                                init ns
  fa0 10.92.1.2, 10.92.1.130 <-veth-> fa1 10.92.1.1 (xdpfw.lua's handler)
                                         UDP/TCP echo"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from labcheck import ask, check, exit_status, skip, wait_until  # noqa: E402
from netlab import Agent, attach_prog, btf, dev_read, dev_write, install, programs_gone, responder, sh  # noqa: E402

NS = "mtfw"
FW, OK, BAD = "10.92.1.1", "10.92.1.2", "10.92.1.130"
CONF = 'return { ports = {"fa1"}, block = {"10.92.1.200/32"} }\n'


def setup():
    teardown()
    r = sh(f"modprobe veth 2>/dev/null; ip netns add {NS} && "
           f"ip link add fa1 type veth peer name fa0 netns {NS} && "
           f"ip addr add {FW}/24 dev fa1 && ip link set fa1 up && "
           f"ip -n {NS} link set lo up && ip -n {NS} addr add {OK}/24 dev fa0 && "
           f"ip -n {NS} addr add {BAD}/24 dev fa0 && ip -n {NS} link set fa0 up")
    if r.returncode:
        return f"setup: {r.stderr}"
    r = attach_prog("fa1")
    return f"attaching the XDP program to fa1: {r.stdout}{r.stderr}" if r.returncode else None


def teardown():
    sh(f"ip netns del {NS}; ip link del fa1")
    return wait_until(programs_gone, timeout=30)


def fw(text):
    """Writes text to /dev/xdpfw: True, or the error."""
    return dev_write("/dev/xdpfw", text)


def listing():
    return dev_read("/dev/xdpfw")


def start():
    ask("stop xdpfw")
    ask("stop xdpfwdev")
    for rel in ("lib/prefix.lua", "lib/reader.lua", "xdpfwdev.lua", "xdpfw.lua"):
        install(rel)
    install("xdpfwconf.lua", CONF)
    return (ask("run xdpfwdev examples/xdpfwdev.lua"),
            ask("run xdpfw examples/xdpfw.lua context=softirq"))


def firewall(agent):
    r1, r2 = start()
    check("xdpfwdev and xdpfw (softirq, an XDP handler on fa1) start",
          r1.get("ok") and r2.get("ok"), (r1, r2))
    check("the prefix the conf blocks is listed, 0 drops", listing() == "10.92.1.200/32 drops 0\n",
          listing())
    check("nothing else blocked: both sources are answered (10 UDP echoes each)",
          agent.ask(f"udp {OK} {FW} 10") == "10" and agent.ask(f"udp {BAD} {FW} 10") == "10")
    check("'add 10.92.1.128/25' through /dev/xdpfw", fw("add 10.92.1.128/25\n") is True)
    check("... then 10.92.1.130 gets no answer to 10 echoes",
          agent.ask(f"udp {BAD} {FW} 10") == "0")
    check("... nor over TCP", agent.ask(f"tcp {BAD} {FW} 4096").startswith("error"))
    check("... while 10.92.1.2 is answered, UDP and TCP",
          agent.ask(f"udp {OK} {FW} 10") == "10" and agent.ask(f"tcp {OK} {FW} 100096") == "ok")
    n = int(listing().split("10.92.1.128/25 drops ")[1].split()[0])
    check("the /25 counted the 10 echoes and the TCP attempts (SYN and retries)", n >= 11, listing())
    check("'add 10.92.1.130/32': the longest prefix counts the next drops",
          fw("add 10.92.1.130/32\n") is True and agent.ask(f"udp {BAD} {FW} 5") == "0" and
          f"10.92.1.130/32 drops 5\n10.92.1.200/32 drops 0\n10.92.1.128/25 drops {n}\n" == listing(),
          listing())
    before = listing()
    for bad, why in (("add 10.92.1.130/24", "host bits set"), ("add 10.92.1.0", "no length"),
                     ("del 10.93.0.0/16", "not blocked"), ("block 10.0.0.0/8", "not a command"),
                     ("add 10.95.0.0/16\nblock 10.0.0.0/8", "a good line, then a bad one: neither applies")):
        check(f"a bad command fails the write ({why}): '{bad}'", isinstance(fw(bad + "\n"), OSError))
    check("... and changes nothing", listing() == before, listing())
    check("'add 0.0.0.0/0' blocks every source",
          fw("add 0.0.0.0/0\n") is True and agent.ask(f"udp {OK} {FW} 3") == "0")
    check("'del' both and the /25's peer: 10.92.1.130 is answered again",
          fw("del 0.0.0.0/0\ndel 10.92.1.130/32\ndel 10.92.1.128/25\n") is True and
          agent.ask(f"udp {BAD} {FW} 5") == "5" and listing() == "10.92.1.200/32 drops 0\n",
          listing())


def churn(agent):
    """50 stops and starts of the firewall while a blocked source floods."""
    fw("add 10.92.1.128/25\n")
    ask("stop xdpfw")  # running since start(): each run below starts it anew
    started, failed = 0, None
    agent.ask(f"flood {BAD} {FW}")
    try:
        for _ in range(50):
            r = ask("run xdpfw examples/xdpfw.lua context=softirq")
            started += bool(r.get("ok"))
            failed = failed or (None if r.get("ok") else r)
            ask("stop xdpfw")
    finally:
        sent = int(agent.ask("stop"))
    check(f"50 starts and stops of xdpfw under a flood from a blocked source ({sent} packets)",
          started == 50 and sent > 0, (started, failed))
    check("... then the blocked source is answered: the handler is gone, the stack's path again",
          wait_until(lambda: agent.ask(f"udp {BAD} {FW} 2") == "2", timeout=15))


reason = btf()
if reason:
    skip("examples/xdpfw.lua with real traffic", reason)
    raise SystemExit(exit_status())
err = setup()
agent = echo = None
try:
    check("a namespace, a veth pair and the XDP program on fa1", err is None, err)
    if err is None:
        echo, agent = responder(None), Agent(NS)
        check("the responder answers both sources",
              wait_until(lambda: agent.ask(f"udp {OK} {FW} 1") == "1", timeout=30) and
              agent.ask(f"udp {BAD} {FW} 1") == "1")
        firewall(agent)
        churn(agent)
finally:
    if agent:
        agent.close()
    if echo:
        echo.kill()
    ask("stop xdpfw")
    ask("stop xdpfwdev")
    check("teardown: the XDP program is gone (moontide.ko may unload)", teardown())
raise SystemExit(exit_status())
