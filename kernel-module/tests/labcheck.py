"""labcheck: what the module's lab tests share.

The /dev/moontide test client (mtctl), `ok - ...` / `not ok - ...` lines and
the failure count that decides the exit status. A test does

    from labcheck import ROOT, ask, check, exit_status, mtctl
    ...
    raise SystemExit(exit_status())
"""
import importlib.machinery
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
mtctl = importlib.machinery.SourceFileLoader(
    "mtctl", os.path.join(HERE, "mtctl")).load_module()
ROOT = "/lib/modules/lua"  # the module's script root in the lab guest

failures = 0


def check(name, cond, detail=""):
    """Prints one ok/not ok line; a failure shows detail (cut at 600 chars)."""
    global failures
    if cond:
        print(f"ok - {name}")
    else:
        failures += 1
        print(f"not ok - {name}{': ' + str(detail)[:600] if detail else ''}")


def ask(text):
    """One request to /dev/moontide; its JSON response as a dict."""
    return json.loads(mtctl.request(text))


def exit_status():
    return 1 if failures else 0
