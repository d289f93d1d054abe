"""luamut: chunks mutated from the dialect's own tests, from a seeded rng.

The corpus is the conformance cases (lua-kernel/tests/cases) and the guard
scripts (lua-kernel/tests/guard): real programs that reach every library.
A mutant is a window of one file (or all of it) changed at the level of
lines and tokens (a number swapped for an edge value, a string for an odd
one, lines deleted, repeated, swapped, spliced from another file, a
generated statement put in), sometimes also at the level of bytes.
"""
import glob
import os
import re

from luagen import INTS, STRINGS
from mutate import mutate

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.join(HERE, "..", "..", "..", "lua-kernel", "tests")
NUMBER = re.compile(r"\b\d+\b")
STRING = re.compile(r"'[^'\\\n]*'|\"[^\"\\\n]*\"")


def corpus():
    """{file name: its lines}, in a fixed order."""
    files = sorted(glob.glob(os.path.join(TESTS, "cases", "*.lua")) +
                   glob.glob(os.path.join(TESTS, "guard", "*.lua")))
    out = {}
    for path in files:
        with open(path, encoding="utf-8") as f:
            out[os.path.basename(path)] = f.read().splitlines()
    return out


class LuaMut:
    def __init__(self, rng, gen):
        self.rng = rng
        self.gen = gen  # a LuaGen, for statements to put in
        self.files = corpus()
        self.names = list(self.files)

    def window(self):
        lines = self.files[self.rng.choice(self.names)]
        if self.rng.random() < 0.2:
            return list(lines)
        i = self.rng.randrange(len(lines))
        return lines[i:i + self.rng.randrange(1, 40)]

    def token(self, line):
        """One number or string literal of the line replaced by an odd one."""
        rx, pool = self.rng.choice([(NUMBER, INTS), (STRING, STRINGS)])
        found = list(rx.finditer(line))
        if not found:
            return line
        m = self.rng.choice(found)
        return line[:m.start()] + self.rng.choice(pool) + line[m.end():]

    def chunk(self):
        rng = self.rng
        lines = self.window()
        for _ in range(rng.randrange(1, 5)):
            if not lines:
                break
            i = rng.randrange(len(lines))
            k = rng.randrange(6)
            if k == 0:
                lines[i] = self.token(lines[i])
            elif k == 1:
                del lines[i]
            elif k == 2:
                lines.insert(i, lines[i])
            elif k == 3:
                j = rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
            elif k == 4:
                lines[i:i] = self.window()
            else:
                self.gen.locals, self.gen.consts, self.gen.depth = [], [], 0
                lines.insert(i, self.gen.statement())
        text = "\n".join(lines).encode()
        if rng.random() < 0.2:
            text = mutate(rng, text)
        return text.replace(b"\0", b"\\0")  # a request holds no NUL byte
