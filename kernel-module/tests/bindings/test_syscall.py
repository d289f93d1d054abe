#!/usr/bin/env python3
"""The syscall binding in the lab: its table is the lab kernel's own
(asm/unistd_64.h of the headers the module was built against).

Needs moontide.ko loaded; the script root /lib/modules/lua is writable.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))  # labcheck.py
from labcheck import ask, check, ev, exit_status, fails, put_script  # noqa: E402

# syscall: the table generated from the kernel headers. MOONTIDE_KDIR: the
# tree the module was built against when it is not /lib/modules/<release>/build
# (the debug kernel's, in its cache: make test-kernel-debug)
kdir = os.environ.get("MOONTIDE_KDIR") or f"/lib/modules/{os.uname().release}/build"
unistd = f"{kdir}/arch/x86/include/generated/uapi/asm/unistd_64.h"
table = {}
with open(unistd) as f:
    for line in f:
        w = line.split()
        if len(w) == 3 and w[0] == "#define" and w[1].startswith("__NR_") and w[2].isdigit() \
                and w[1] != "__NR_syscalls":
            table[int(w[2])] = w[1][5:]
ask(f"run mt-sys-h {put_script('mt-syscall', 'empty.lua', '')} context=hardirq")
for rt in ("-", "mt-sys-h"):
    r = ev(rt, "local s = require('syscall') return s.name(39), s.number('getppid'), "
               "s.name(-1), s.name(100000), s.number('nosuch'), s.arch, s.count, "
               "s.table()[0], s.name(0)")
    check(f"syscall: name(39) getpid, number('getppid') 110, unknowns nil ({rt})",
          r == ["getpid", "110", "nil", "nil", "nil", "x86_64", str(len(table)), "read", "read"], r)
pairs = ev("-", "local s = require('syscall') local out = {} "
                "for nr, name in pairs(s.table()) do out[#out + 1] = nr .. '=' .. name end "
                "return table.concat(out, ' ')")
got = dict((int(a), b) for a, b in (x.split("=") for x in pairs[0].split()))
check(f"syscall.table() is the kernel headers' table ({len(table)} syscalls)", got == table,
      set(got.items()) ^ set(table.items()))
for chunk, text in [("require('syscall').name('x')", "number expected"),
                    ("require('syscall').number()", "string expected")]:
    ok, r = fails("-", chunk, text)
    check(f"syscall misuse {chunk!r} is a Lua error", ok, r)

ask("stop mt-sys-h")
raise SystemExit(exit_status())
