#!/usr/bin/env bash
# The examples, rolled out from Git: one `moontide reconcile` of a fresh
# repository made of manifests/ and examples/ starts them all; then each is
# tried as a user would, and stopping them removes their devices and sockets.
# Runs in the lab:  lab/run -- examples/tests/rollout.sh
# Every command counts (set -e): a check that may fail without stopping the
# run is written `CMD && ok ... || not_ok ...` or `CMD || not_ok ...`.
set -eu
trap 'echo "not ok - rollout.sh stopped: line $LINENO failed (exit $?)"' ERR
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
export MOONTIDE_NO_BUILD=1
. lab/tap.sh
status=0  # the Python checks' (they print their own ok/not ok lines)
moontide() { bin/moontide "$@"; }

# MOONTIDE_KO: the moontide.ko to test (make test-examples-debug: the debug build)
insmod "${MOONTIDE_KO:-build/kernel/moontide.ko}" || { not_ok "insmod moontide.ko"; exit 1; }
modprobe veth || not_ok "modprobe veth"

# The XDP examples' ports (examples/xdp-ports.sh), made before the rollout as
# an operator's interfaces would be; their programs need the module's BTF (the
# stock kernel): without it the examples still start, and the traffic checks
# are skipped.
programs=
[ ! -e /sys/kernel/btf/moontide ] || programs=--programs
examples/xdp-ports.sh up $programs && ok "the XDP examples' ports: veth pairs into namespaces mtr-na, mtr-nb, mtfw-n" ||
	not_ok "making the XDP examples' ports"
forward=$(sysctl -n net.ipv4.ip_forward)
sysctl -qw net.ipv4.ip_forward=0

repo=$(mktemp -d /tmp/rollout.XXXXXX)
cp -r manifests examples "$repo"/
git -C "$repo" init -q -b main
git -C "$repo" add .
git -C "$repo" -c user.email=ci@moontide -c user.name=ci commit -qm "examples"

echo "# moontide reconcile --repo $repo"
if moontide reconcile --repo "$repo"; then
	ok "one reconcile from a fresh Git repo applies every example"
else
	not_ok "moontide reconcile failed"
fi
moontide list || not_ok "moontide list"

python3 - "$repo" <<'PY' || status=1
import json, os, socket, string, subprocess, sys, threading, time

failures = 0
def check(name, cond, detail=""):
    global failures
    print(f"{'ok' if cond else 'not ok'} - {name}" + (f": {detail}" if detail and not cond else ""))
    failures += 0 if cond else 1

with open("/dev/passwd", "rb") as f:
    pw = f.read(32)
check("head -c 32 /dev/passwd gives 32 printable characters",
      len(pw) == 32 and all(chr(c) in string.printable and not chr(c).isspace() for c in pw), pw)

def talk(port, data):
    with socket.create_connection(("127.0.0.1", port), timeout=20) as s:
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        out = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return out
            out += chunk

got = talk(9090, b"colour=blue\ncolour\nmissing\n")
check("kvstore: a client sets and gets keys", got == b"OK\nblue\n\n", got)
check("kvstore: another connection sees the same data", talk(9090, b"colour\n") == b"blue\n")

results = {}
def client(n):
    payload = os.urandom(2000 + 997 * n)
    results[n] = talk(7, payload) == payload
threads = [threading.Thread(target=client, args=(n,)) for n in range(20)]
for t in threads: t.start()
for t in threads: t.join(120)
check("echod echoes bytes exactly, to 20 concurrent clients",
      len(results) == 20 and all(results.values()), results)

subprocess.run("ip link add mt0 type veth peer name mt1 && ip link set mt0 up && ip link set mt1 up",
               shell=True, check=True)
raw = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
raw.bind(("mt1", 0))
frame = bytes.fromhex("02aabbccdd01" "02aabbccdd02" "88b5") + b"moontide" * 8
want = "02:aa:bb:cc:dd:02 > 02:aa:bb:cc:dd:01 type 0x88b5 size 78"


def logged():
    """Sends 3 frames; true once tap has logged one. Its prints are
    rate-limited (100 per 5 s) and the echo traffic above may have used them."""
    for _ in range(3):
        raw.send(frame)
    time.sleep(0.5)
    return want in subprocess.run(["dmesg"], capture_output=True, text=True).stdout


deadline = time.monotonic() + 120  # a hang detector, not a speed claim
seen = logged()
while not seen and time.monotonic() < deadline:
    seen = logged()
check("tap logs the MAC addresses of frames sent on a veth pair", seen)
with open("/dev/tap") as f:
    check("/dev/tap shows them", want in f.read())


def systrack():
    with open("/dev/systrack") as f:
        return dict((w[0], int(w[1])) for w in (line.split() for line in f))


before = systrack().get("getppid", 0)
for _ in range(10000):
    os.getppid()
check("systrack: /dev/systrack's getppid count grows by 10000 getppid calls",
      systrack().get("getppid", 0) - before >= 10000)

sys.path.insert(0, "kernel-module/tests")
from vkbd import VT, Keyboard  # a uinput keyboard typing into tty1
kbd = Keyboard()
with VT() as vt:
    open("/dev/keylog").read()  # what was typed before
    kbd.type("hello\n")
    got = vt.read()
    with open("/dev/keylog") as f:
        log = f.read()
    check("keylogger: typing hello + Enter shows hello<ENTER> in /dev/keylog; tty1 gets it too",
          log == "hello<ENTER>" and got == b"hello\r", (log, got))
    SEQUENCE = ["up", "up", "down", "down", "left", "right", "left", "right", "leftctrl", "leftalt"]
    for key in SEQUENCE:
        kbd.press(key)
    vt.read()
    kbd.type("xyz")
    locked = vt.read()
    for key in SEQUENCE:
        kbd.press(key)
    vt.read()
    kbd.type("q")
    unlocked = vt.read()
    check("keylocker: the sequence locks the keyboard, and unlocks it",
          locked == b"" and unlocked == b"q", (locked, unlocked))
kbd.close()

import struct
def query_sent(name):
    """A DNS query to 127.0.0.1:53: False when dnsblock's output hook dropped it."""
    q = (struct.pack(">HHHHHH", 7, 0x0100, 1, 0, 0, 0) +
         b"".join(bytes([len(x)]) + x.encode() for x in name.split(".")) + b"\0\0\1\0\1")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.sendto(q, ("127.0.0.1", 53))
            return True
        except PermissionError:
            return False
with open("/dev/dnsblock", "w") as f:
    f.write("add blocked.test\n")
check("dnsblock: after 'add blocked.test', a query for www.blocked.test is dropped, example.org's goes out",
      not query_sent("www.blocked.test") and query_sent("example.org"))
with open("/dev/dnsblock") as f:
    got = f.read()
check("dnsblock: /dev/dnsblock lists it with its hit", got == "blocked.test 1\n", got)
sys.exit(1 if failures else 0)
PY

python3 - <<'PY' || status=1
# router and xdpfw, with traffic between the namespaces made above
import os, sys, time
sys.path.insert(0, "kernel-module/tests/examples")
from netlab import Agent, btf, mac, responder

if btf():
    print(f"ok - router and xdpfw with traffic # SKIP {btf()}")
    sys.exit(0)
failures = 0
def check(name, cond, detail=""):
    global failures
    print(f"{'ok' if cond else 'not ok'} - {name}" + (f": {detail}" if detail and not cond else ""))
    failures += 0 if cond else 1

echo_b, echo_fw = responder("mtr-nb"), responder(None)
a, fw = Agent("mtr-na"), Agent("mtfw-n")
try:
    with open("/dev/router", "w") as f:
        f.write(f"add 10.93.2.0/24 dev mtr-b via {mac('eth0', 'mtr-nb')}\n"
                f"add 10.93.1.0/24 dev mtr-a via {mac('eth0', 'mtr-na')}\n")
    deadline = time.monotonic() + 30  # the responder starting: a hang detector
    while a.ask("udp 10.93.1.2 10.93.2.2 1") != "1" and time.monotonic() < deadline:
        pass
    check("router: with ip_forward=0, mtr-na reaches mtr-nb through /dev/router's routes (10 UDP echoes)",
          a.ask("udp 10.93.1.2 10.93.2.2 10") == "10")
    with open("/dev/router") as f:
        got = f.read()
    counts = [int(line.split()[-1]) for line in got.splitlines()]
    check("router: /dev/router counts them on both routes (the 10, and the tries before)",
          len(counts) == 2 and min(counts) >= 10, got)
    while fw.ask("udp 10.94.1.2 10.94.1.1 1") != "1" and time.monotonic() < deadline:
        pass
    check("xdpfw: 192.0.2.7 (in the conf's 192.0.2.0/24) gets no answer, 10.94.1.2 does",
          fw.ask("udp 192.0.2.7 10.94.1.1 5") == "0" and fw.ask("udp 10.94.1.2 10.94.1.1 5") == "5")
    with open("/dev/xdpfw") as f:
        got = f.read()
    check("xdpfw: /dev/xdpfw counts the 5 drops", got == "192.0.2.0/24 drops 5\n", got)
finally:
    for p in (a, fw):
        p.close()
    for p in (echo_b, echo_fw):
        p.kill()
sys.exit(1 if failures else 0)
PY

if moontide reconcile --repo "$repo" --dry-run >/dev/null; then
	ok "a dry run right after finds nothing to change (exit 0)"
else
	not_ok "the dry run after applying found changes or failed"
fi
moontide stop echod-1 echod-2 kvstore tapdev tap passwd hello systrackdev systrack \
	keylogdev keylogger keylocker dnsblockdev dnsblock router routerdev xdpfw xdpfwdev >/dev/null ||
	not_ok "moontide stop of the examples"
# gone PATH: true once PATH is gone; false if it is still there after 120 s
# (a device node goes in a work item after the stop: a hang detector)
gone() {
	for _ in $(seq 600); do
		[ -e "$1" ] || return 0
		sleep 0.2
	done
	return 1
}
for dev in /dev/passwd /dev/tap /dev/systrack /dev/keylog /dev/dnsblock /dev/router /dev/xdpfw; do
	gone "$dev" && ok "stopping removes $dev" || not_ok "$dev remains after stop"
done
python3 - <<'PY' || status=1
import socket
for port in (7, 9090):
    s = socket.socket()
    # SO_REUSEADDR: a connection the server closed first may sit in
    # TIME_WAIT; Linux still refuses the bind while anything listens there
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", port))
        print(f"ok - stopping closes the sockets: port {port} is free")
    except OSError as e:
        print(f"not ok - port {port} still in use after stop: {e}")
        raise SystemExit(1)
    finally:
        s.close()
PY
sysctl -qw net.ipv4.ip_forward="$forward"
# each XDP program holds a reference on moontide.ko until it is freed, a
# grace period after its device goes
examples/xdp-ports.sh down || not_ok "removing the XDP examples' ports"
rmmod moontide || not_ok "rmmod moontide"
tap_status || status=1
exit $status
