"""luadiff: the kernel's compile verdict on fuzzed chunks against luak's.

The dialect is one source built twice (README: "the identical dialect"), so
a chunk the kernel refused as a syntax error must fail to compile in luak
with the same message, and a chunk the kernel ran (to a result or a runtime
error) must compile in luak. Chunks the kernel stopped for quota or memory
are left out (the parser is charged to the guard and to the small limit),
and so are messages about stack overflows (the kernel's C stack is 16 KiB,
so it stops nesting earlier: documented).

The chunks go to luak as Lua strings with every byte outside printable
ASCII escaped (\\ddd), in one file; one luak process loads each with
load(chunk, "=eval"), as the kernel's eval names them.
"""
import os
import re
import shutil
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
LUAK = os.path.join(HERE, "..", "..", "..", "build", "bin", "luak")
DRIVER = """
for i, chunk in ipairs(dofile({chunks})) do
  local f, err = load(chunk, "=eval")
  print(i .. "\\t" .. (f and "ok" or (err:gsub("[\\r\\n]", " "))))
end
"""
SPECIAL = re.compile(rb'[^\x20-\x21\x23-\x5b\x5d-\x7e]')  # all but printable, " and \\


def lua_string(data):
    """data as a Lua string literal, every byte exact (\\ddd escapes)."""
    return b'"' + SPECIAL.sub(lambda m: b"\\%03d" % m.group()[0], data) + b'"'


def compare(samples, workdir="/tmp/mt-fuzz-luadiff", timeout=900):
    """samples: [(chunk bytes, kernel kind, kernel error or None)]. Returns
    (how many were compared, [differences]), or None without luak. A message
    with bytes outside ASCII is compared by its verdict only (the kernel's JSON
    and luak's output escape them differently)."""
    if not os.access(LUAK, os.X_OK):
        return None
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    chunks = os.path.join(workdir, "chunks.lua")
    with open(chunks, "wb") as f:
        f.write(b"return {\n" + b",\n".join(lua_string(c) for c, _, _ in samples)
                + b"\n}\n")
    driver = os.path.join(workdir, "driver.lua")
    with open(driver, "w") as f:
        f.write(DRIVER.format(chunks=repr(chunks)))
    out = subprocess.run([LUAK, driver], capture_output=True, timeout=timeout,
                         env={}).stdout.decode(errors="replace")
    verdicts = dict(line.split("\t", 1) for line in out.splitlines() if "\t" in line)
    compared, differences = 0, []
    for i, (chunk, kind, error) in enumerate(samples, 1):
        luak = verdicts.get(str(i))
        if kind not in ("ok", "runtime", "syntax") or "overflow" in (error or "") \
                or luak is None or "overflow" in luak:
            continue
        compared += 1
        kernel = "ok" if kind != "syntax" else error.replace("\n", " ").replace("\r", " ")
        if not (kernel + luak).isascii():  # bytes escaped two ways: the verdict only
            kernel, luak = kernel == "ok", luak == "ok"
        if kernel != luak:
            differences.append((chunk[:300], str(kernel)[:200], str(luak)[:200]))
    shutil.rmtree(workdir, ignore_errors=True)
    return compared, differences
