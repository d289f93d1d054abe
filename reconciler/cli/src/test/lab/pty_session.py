#!/usr/bin/env python3
"""pty_session.py - drive an interactive command through a pseudo-terminal.

  pty_session.py SCRIPT.json -- COMMAND [ARGS...]

SCRIPT.json is a list of steps, each {"send": "text"} or {"expect": "regex",
"timeout": seconds}. The command's terminal output, with escape sequences and
carriage returns taken out, is matched against each regex in turn, starting
after the previous match. Exit status: 0 when every
expect matched and the command exited 0; 1 otherwise, with the transcript on
stderr. A test helper for reconciler/cli/src/test/lab/cli-e2e.sh.
"""
import fcntl
import json
import os
import pty
import re
import select
import struct
import sys
import termios
import time


# CSI and two-character escape sequences (a line editor's mode switches), and CRs.
NOISE = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\r")


def clean(data):
    return NOISE.sub(b"", data)


def run(steps, argv):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm"
        os.execvp(argv[0], argv)
    # A new pty is 0x0; a line editor needs a width to draw its prompt.
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    transcript = b""
    pos = 0

    def read_some(deadline):
        nonlocal transcript
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        ready, _, _ = select.select([fd], [], [], min(left, 1.0))
        if ready:
            try:
                data = os.read(fd, 4096)
            except OSError:  # EIO: the child closed the terminal
                return False
            if not data:
                return False
            transcript += data
        return True

    for step in steps:
        if "send" in step:
            os.write(fd, step["send"].encode())
            continue
        pattern = re.compile(step["expect"].encode())
        deadline = time.monotonic() + step.get("timeout", 120)
        while True:
            m = pattern.search(clean(transcript), pos)
            if m:
                pos = m.end()
                break
            if not read_some(deadline):
                sys.stderr.write(f"pty_session: no match for {step['expect']!r}\n")
                return fail(pid, transcript)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(status)
            while read_some(time.monotonic() + 0.2):
                pass
            if code != 0:
                sys.stderr.write(f"pty_session: exit status {code}\n")
                return fail(None, transcript)
            sys.stdout.write(transcript.decode(errors="replace"))
            return 0
        read_some(time.monotonic() + 0.5)
    sys.stderr.write("pty_session: the command did not exit\n")
    return fail(pid, transcript)


def fail(pid, transcript):
    if pid:
        try:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        except OSError:
            pass
    sys.stderr.write("---- transcript ----\n")
    sys.stderr.write(repr(transcript.decode(errors="replace")) + "\n")
    return 1


def main(args):
    if len(args) < 3 or args[1] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    with open(args[0]) as f:
        steps = json.load(f)
    return run(steps, args[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
