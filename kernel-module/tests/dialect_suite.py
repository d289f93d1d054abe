#!/usr/bin/env python3
"""The dialect's conformance suite (lua-kernel/tests/cases), inside the kernel.

Each case file is one `eval -` request to /dev/moontide and must return
exactly "ok", as it does under luak. Needs moontide.ko loaded.
"""
import glob
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
from labcheck import mtctl  # noqa: E402
CASES = os.path.join(HERE, "..", "..", "lua-kernel", "tests", "cases")

files = sorted(glob.glob(os.path.join(CASES, "*.lua")))
failed = 0
for n, path in enumerate(files, 1):
    with open(path, encoding="utf-8") as f:
        chunk = f.read()
    got = mtctl.request(f"eval -\n{chunk}").strip()
    name = os.path.basename(path)
    if got == '{"ok":true,"results":["ok"]}':
        print(f"ok {n} - kernel: {name}")
    else:
        failed += 1
        print(f"not ok {n} - kernel: {name}: {got}")
print(f"# dialect suite in the kernel: {len(files) - failed} passed, {failed} failed")
print(f"1..{len(files)}")
sys.exit(0 if files and not failed else 1)
