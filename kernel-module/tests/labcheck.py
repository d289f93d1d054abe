"""labcheck: what the module's lab tests share.

The /dev/moontide test client (mtctl), `ok - ...` / `not ok - ...` lines and
the failure count that decides the exit status. A test does

    from labcheck import ROOT, ask, check, ev, exit_status, fails, mtctl
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


def ev(rt, chunk):
    """Results of a chunk evaluated in runtime rt (a list), or the error."""
    r = ask(f"eval {rt}\n{chunk}")
    return r["results"] if r.get("ok") else r


def fails(rt, chunk, text):
    """The chunk raises a Lua error (not a kernel one) containing text."""
    r = ask(f"eval {rt}\n{chunk}")
    return (r.get("ok") is False and r.get("kind") == "runtime" and
            text in r.get("error", "")), r


def put_script(folder, rel, text):
    """Writes ROOT/folder/rel (and its folders); returns folder/rel, as run takes it."""
    path = os.path.join(ROOT, folder, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    return f"{folder}/{rel}"


def meminfo(field):
    """A /proc/meminfo field, in bytes."""
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise KeyError(field)


def exit_status():
    return 1 if failures else 0
