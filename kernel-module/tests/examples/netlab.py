"""Traffic between network namespaces for the XDP examples' tests: an agent
process inside a namespace that sends on request (UDP echoes, a TCP echo, a
UDP flood), and a responder (UDP and TCP echo). Runs as root in the lab
guest."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from labcheck import ROOT  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
PROG = os.path.join(TOP, "build", "bpf", "moontide_xdp.o")
UDP_PORT, TCP_PORT = 7777, 7778

# Reads commands on stdin, answers one line each:
#   udp SRC DST N    N datagrams from SRC to DST:7777, one at a time, each
#                    waiting 0.5 s for its echo: the number answered
#   tcp SRC DST BYTES  BYTES from SRC through a TCP echo at DST:7778: "ok" or the error
#   flood SRC DST    sends datagrams as fast as it can until "stop": "started"
#   stop             the number the flood sent
AGENT = r"""
import socket, sys, threading
flood = {}
def udp(src, dst, n):
    got = 0
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind((src, 0))
        s.settimeout(0.5)
        for i in range(n):
            msg = b"echo %d" % i
            try:
                s.sendto(msg, (dst, 7777))
                while s.recv(2048) != msg:
                    pass
                got += 1
            except OSError:
                pass
    return got
def tcp(src, dst, size):
    data = bytes(range(256)) * (size // 256)
    try:
        with socket.create_connection((dst, 7778), timeout=5, source_address=(src, 0)) as s:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
            back = b""
            while len(back) < len(data):
                chunk = s.recv(65536)
                if not chunk:
                    break
                back += chunk
        return "ok" if back == data else "short echo: %d of %d bytes" % (len(back), len(data))
    except OSError as e:
        return "error: %s" % e
def flooder(src, dst, stop):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind((src, 0))
        while not stop.is_set():
            try:
                s.sendto(b"flood", (dst, 7777))
                flood["sent"] += 1
            except OSError:
                stop.wait(0.001)
for line in sys.stdin:
    w = line.split()
    if w[0] == "udp":
        out = udp(w[1], w[2], int(w[3]))
    elif w[0] == "tcp":
        out = tcp(w[1], w[2], int(w[3]))
    elif w[0] == "flood":
        flood.update(sent=0, stop=threading.Event())
        flood["thread"] = threading.Thread(target=flooder, args=(w[1], w[2], flood["stop"]))
        flood["thread"].start()
        out = "started"
    elif w[0] == "stop":
        flood["stop"].set()
        flood["thread"].join()
        out = flood["sent"]
    print(out, flush=True)
"""

RESPONDER = r"""
import socket, threading
def udp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", 7777))
    while True:
        data, peer = s.recvfrom(65536)
        if data != b"flood":
            s.sendto(data, peer)
def serve(c):
    with c:
        while True:
            data = c.recv(65536)
            if not data:
                break
            c.sendall(data)
threading.Thread(target=udp, daemon=True).start()
t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind(("0.0.0.0", 7778))
t.listen(8)
while True:
    c, _ = t.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
"""


def sh(cmd):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True)


def netns(ns):
    return f"ip netns exec {ns} " if ns else ""


def attach_prog(dev, ns=None):
    """Attaches build/bpf/moontide_xdp.o to dev (in namespace ns); the result."""
    return sh(f"{netns(ns)}ip link set dev {dev} xdp obj {PROG} sec xdp")


def mac(dev, ns=None):
    """dev's MAC address, as 02:00:..."""
    return sh(f"{netns(ns)}cat /sys/class/net/{dev}/address").stdout.strip()


def python_in(ns, code, **kw):
    """A Python process running code in namespace ns (None: this one)."""
    argv = ["ip", "netns", "exec", ns] if ns else []
    return subprocess.Popen(argv + [sys.executable, "-c", code], **kw)


def programs_gone():
    """True once no moontide_xdp program is loaded (each holds a reference on
    moontide.ko; freed a grace period after its device goes)."""
    return "moontide_xdp" not in sh("bpftool prog show").stdout


class Agent:
    """The agent in namespace ns: agent.ask("udp SRC DST 5") -> "5"."""

    def __init__(self, ns):
        self.p = python_in(ns, AGENT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, line):
        self.p.stdin.write(line + "\n")
        self.p.stdin.flush()
        return self.p.stdout.readline().strip()

    def close(self):
        self.p.kill()
        self.p.wait()


def responder(ns=None):
    """The UDP (7777) and TCP (7778) echo in namespace ns; kill() it after."""
    return python_in(ns, RESPONDER)


def ping(ns, dst, count=3, ttl=None):
    """ping from namespace ns: its output (returncode 0 when answered)."""
    t = f"-t {ttl} " if ttl else ""
    return sh(f"{netns(ns)}ping -n -c {count} -i 0.2 -W 1 {t}{dst}")


def dev_write(path, text):
    """Writes text to the device at path in one write: True, or the OSError."""
    try:
        with open(path, "w") as f:
            f.write(text)
        return True
    except OSError as e:
        return e


def dev_read(path):
    """The device's whole listing."""
    with open(path) as f:
        return f.read()


def install(rel, text=None):
    """Copies examples/rel (or writes text) under the script root."""
    path = os.path.join(ROOT, "examples", rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if text is None:
        with open(os.path.join(TOP, "examples", rel)) as f:
            text = f.read()
    with open(path, "w") as f:
        f.write(text)


def btf():
    """None, or why XDP programs cannot call the kfunc here."""
    if not os.path.exists("/sys/kernel/btf/moontide"):
        return "no /sys/kernel/btf/moontide: this kernel or module has no BTF " \
               "(the debug kernel is built without), so no XDP program can call the kfunc"
    return None
