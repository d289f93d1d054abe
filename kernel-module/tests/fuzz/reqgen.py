"""reqgen: well-formed /dev/moontide requests with random names, scripts,
options and chunks, from a seeded rng; mutate.py breaks them afterwards.

Names come from a small pool so that clients collide (EEXIST, ENOENT,
stop of a runtime that another request just started). Scripts are the
fixtures SCRIPTS (written under the script root by install()) and paths
that must be refused. Eval chunks have no loops, so no mutation of them
can run long: a runtime may have quota=0, where a loop would rightly run
until stopped, and that is not a hang of the kernel.
"""
import os
import shutil

DIR = "mt-fuzz"  # under the script root
SCRIPTS = {
    "ok.lua": "x = 1\n",
    "raise.lua": "error('raised at top level')\n",
    "syntax.lua": "return +\n",
    "float.lua": "return 1.5\n",
    "quick.lua": "return function() return 1 end\n",
    "notfunc.lua": "return 42\n",
    "serve.lua": "local linux = require('linux')\n"
                 "return function() while true do linux.schedule(10) end end\n",
    "slow.lua": "local n = 0 for i = 1, 30000 do n = n + i end\n",
    "grow.lua": "t = {} for i = 1, 2000 do t[i] = ('x'):rep(200) .. i end\n",
    "needs.lua": "lib = require('mt-fuzz.lib')\n",
    "lib.lua": "return {answer = 42}\n",
    "gc.lua": "keep = setmetatable({}, {__gc = function() local s = 0 "
              "for i = 1, 1000 do s = s + i end end})\n",
}
BAD_PATHS = ["mt-fuzz/missing.lua", "../etc/passwd", "/etc/passwd", "mt-fuzz",
             "mt-fuzz/escape.lua", "mt-fuzz//ok.lua", "./mt-fuzz/ok.lua",
             "mt-fuzz/../mt-fuzz/ok.lua", "mt-fuzz/bin.lua", ".", "-"]
NAMES = [f"fz{i}" for i in range(10)]
ODD_NAMES = ["-", "a" * 64, "a" * 65, "ä", "a/b", "..", "fz0\t", "FZ0", "."]
CHUNKS = [
    "return 1", "return x", "x = (x or 0) + 1 return x", "error('fz')",
    "error({})", "error(setmetatable({}, {__tostring = function() "
    "return 'T' end}))", "return 1 +", "return 1.5", "return 1 / 2", "",
    "return ...", "return nil, false, {}", "return select('#', 1, nil, 3)",
    "return require('linux').time() > 0", "return collectgarbage('count') > 0",
    "return coroutine.wrap(function() coroutine.yield(7) end)()",
    "return load('return 2')()", "return pcall(error)",
    "return '\\xff\\xfe\\u{10FFFF}\\0'", "return lib and lib.answer",
    "return pcall(require, 'mt-fuzz.lib')", "return string.rep('ab', 1000)",
    "return string.rep('ab', 300000)", "return string.rep('\\xff', 400000)",
    "t = setmetatable({}, {__gc = function() x = 0 end}) t = nil "
    "return collectgarbage()",
    "return require('data').new(16):getstring(1, 4)",
    "\x1bLuaT binary", "return string.dump(print)", "goto x",
]


def install(root):
    """Writes the fixtures under root/DIR (fresh), with a link out of it."""
    d = os.path.join(root, DIR)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for rel, text in SCRIPTS.items():
        with open(os.path.join(d, rel), "w") as f:
            f.write(text)
    with open(os.path.join(d, "bin.lua"), "wb") as f:
        f.write(b"\x1bLua\x54\x00" + b"x" * 32)
    os.symlink("/etc/passwd", os.path.join(d, "escape.lua"))


class RequestGen:
    def __init__(self, rng, names=NAMES, odd_names=ODD_NAMES):
        self.rng = rng
        self.names = names
        self.odd_names = odd_names

    def name(self):
        rng = self.rng
        return rng.choice(self.odd_names) if rng.random() < 0.03 else \
            rng.choice(self.names)

    def script(self):
        rng = self.rng
        if rng.random() < 0.15:
            return rng.choice(BAD_PATHS)
        return f"{DIR}/{rng.choice(list(SCRIPTS))}"

    def options(self):
        rng = self.rng
        opts = []
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3, 4])):
            k = rng.randrange(4)
            if k == 0:
                opts.append("context=" + rng.choice(
                    ["process", "process", "softirq", "hardirq", "irq", ""]))
            elif k == 1:
                opts.append("spawn")
            elif k == 2:
                opts.append("memory=" + str(rng.choice(
                    [1, 4096, 65536, 200000, 1 << 20, 4 << 20, (4 << 20) + 1,
                     16 << 20, 1 << 30, (1 << 30) + 1, rng.randrange(1 << 24)])))
            else:
                opts.append("quota=" + str(rng.choice(
                    [0, 1, 1000, 100000, 10**6, 10**7, 10**7 + 1, 10**8,
                     2**64 - 1, rng.randrange(10**8)])))
        return opts

    def chunk(self):
        return self.rng.choice(CHUNKS)

    def request(self):
        """One well-formed request (its text)."""
        rng = self.rng
        k = rng.random()
        if k < 0.05:
            return "version"
        if k < 0.15:
            return "list"
        if k < 0.40:
            return " ".join(["run", self.name(), self.script()] + self.options())
        if k < 0.60:
            return f"stop {self.name()}"
        if k < 0.95:
            name = "-" if rng.random() < 0.2 else self.name()
            return f"eval {name}\n{self.chunk()}"
        a, b = self.name(), self.name()  # the client's own names only
        return rng.choice(["", "help", "version\n", "list ", " list", "run",
                           "stop", "eval", "eval -", f"RUN {a} x", "ver\0sion",
                           f"stop {a} {b}", f"eval {a} {b}\nreturn 1"])
