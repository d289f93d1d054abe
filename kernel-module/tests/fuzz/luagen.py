"""luagen: random Lua chunks of the kernel dialect, from a seeded rng.

The globals g (a function), x and t0 (a table) are the runtime's (BASE).
A small grammar: integers (the edges of 64 bits), strings (escapes, long
brackets, bytes that are not UTF-8), tables, closures, loops (bounded and
not: the quota ends those), metatables, coroutines, pcall/error, goto,
<close>, load, and the string/table/utf8/math libraries called with odd
arguments. Most chunks compile; the point is to reach the VM and the
libraries with values they rarely see. Depth is bounded so a chunk stays
small (under a few KiB).
"""

BASE = "g = function(...) return ... end x = 'x' t0 = {}\n"
INTS = ["0", "1", "-1", "2", "7", "63", "64", "255", "256", "1000",
        "0x7fffffffffffffff", "0x8000000000000000", "math.maxinteger",
        "math.mininteger", "-0", "0xff", "1 << 62", "-(1 << 63)", "100000"]
STRINGS = ['""', '"a"', '"abc"', '"%d"', '"%s%q"', '"\\0"', '"\\xff\\xfe"',
           '"\\u{7FFFFFFF}"', '"\\z   x"', "'\\''", "[[long]]", "[==[a]]b]==]",
           '"%a+"', '"(%w+)=(%w+)"', '"%b()"', '"%f[%w]"', '"[^%s]"',
           '"i4"', '"<i8>j"', '"z"', '"s1"', '"!4 i3"', '"xX"', '"%5.2s"',
           '"%c%c"', '"%x"', '"%-10d|"', '"%99d"', '"\\n\\t\\r"', '"10"',
           '"0x10"', '" 12 "', '"1e5"', '"%"', '"(()"', '"%1"']
PATTERNS = ['"a*"', '".-"', '"(a)(b)"', '"%d+"', '"^%s*(.-)%s*$"', '"[%a_][%w_]*"',
            '"(.)%1"', '"%b{}"', '"%f[%a]%a+"', '"()"', '"[a-"', '"(()"',
            '"%g"', '".?.?.?.?.?.?b"', '"[]"', '"[^]]"']
LIBCALLS = [
    "string.rep({s}, {i}, {s})", "string.sub({s}, {i}, {i})", "string.byte({s}, {i}, {i})",
    "string.char({i})", "string.format({s}, {e})", "string.format('%d', {i})",
    "string.format('%q', {e})", "string.find({s}, {p}, {i}, {b})",
    "string.match({s}, {p})", "string.gsub({s}, {p}, {e}, {i})",
    "select(2, string.gsub({s}, {p}, {s}))", "string.gmatch({s}, {p})()",
    "string.pack({s}, {i})", "string.unpack({s}, {s}, {i})", "string.packsize({s})",
    "string.reverse({s})", "string.upper({s})", "string.len({s})",
    "utf8.char({i}, {i})", "utf8.len({s}, {i}, {i})", "utf8.codepoint({s}, {i}, {i})",
    "utf8.offset({s}, {i}, {i})", "table.concat({t}, {s}, {i}, {i})",
    "table.unpack({t}, {i}, {i})", "table.insert({t}, {e})",
    "table.insert({t}, {i}, {e})", "table.remove({t}, {i})",
    "table.move({t}, {i}, {i}, {i})", "table.sort({t})", "table.pack({e}, {e})",
    "math.abs({i})", "math.max({i}, {i})", "math.min({i})", "math.fmod({i}, {i})",
    "math.tointeger({e})", "math.ult({i}, {i})", "math.type({e})",
    "math.random({i}, {i})", "tostring({e})", "tonumber({s}, {i})",
    "tonumber({e})", "select({i}, {e}, {e})", "select('#', {e})", "rawlen({e})",
    "rawequal({e}, {e})", "rawget({t}, {e})", "rawset({t}, {e}, {e})",
    "next({t}, {e})", "type({e})", "ipairs({e})", "getmetatable({e})",
    "load({s})", "load('return ' .. {s})", "pcall({f}, {e})", "error({e}, {i})",
    "assert({e}, {e})", "xpcall({f}, {f}, {e})", "coroutine.wrap({f})({e})",
    "coroutine.resume(coroutine.create({f}), {e})", "coroutine.isyieldable()",
    "coroutine.status(coroutine.create({f}))", "coroutine.close(coroutine.create({f}))",
    "coroutine.yield({e})", "collectgarbage({gc})", "setmetatable({t}, {mt})",
    "string.format('%5s', {e})", "({s}):rep({i})", "#{e}",
    # bindings that a chunk may use in any context (the others sleep, or
    # make kernel objects that outlive the chunk: their own tests try them)
    "require('data').new({i})", "require('data').new({i}):getstring({i}, {i})",
    "require('linux').random({i}, {i})", "require('linux').time()",
    "require('data').new(64):setstring({i}, {s})",
    "require('data').new(64):geti64be({i})", "require('data').new(64):fill({i}, {i}, {i})",
    "require('rcu').table({s})", "require({s})", "require(('x.'):rep({i}))",
    "(function(r) r[{e}] = {e} return r[{e}], #r end)(require('rcu').table({s}))",
]
BINOPS = ["+", "-", "*", "//", "%", "&", "|", "~", "<<", ">>", "..", "==",
          "~=", "<", "<=", ">", ">=", "and", "or", "/", "^"]
METAMETHODS = ["__index", "__newindex", "__add", "__sub", "__mul", "__idiv",
               "__mod", "__unm", "__band", "__shl", "__concat", "__len",
               "__eq", "__lt", "__le", "__call", "__tostring", "__name",
               "__close", "__gc", "__mode", "__metatable", "__pairs", "__div"]
GCOPTS = ["'count'", "'step'", "'collect'", "'isrunning'", "'incremental'",
          "'generational'", "'stop'", "'restart'", "'setpause', 0", "'bogus'"]


class LuaGen:
    def __init__(self, rng):
        self.rng = rng
        self.depth = 0
        self.locals = []    # assignable
        self.consts = []    # <const> and <close>: read only
        self.vararg = True  # a chunk is a vararg function
        self.labels = 0

    def pick(self, items):
        return self.rng.choice(items)

    def var(self, write=False):
        names = self.locals if write else self.locals + self.consts
        if names and self.rng.random() < 0.8:
            return self.pick(names)
        return self.pick(["g", "x", "t0", "t0", "_G", "string"])

    def deeper(self, fn):
        self.depth += 1
        try:
            return fn()
        finally:
            self.depth -= 1

    # -- expressions --------------------------------------------------------
    def expr(self):
        r = self.rng.random()
        if self.depth > 3 or r < 0.25:
            return self.atom()
        return self.deeper(self.compound)

    def atom(self):
        k = self.rng.randrange(6)
        if k == 0:
            return self.pick(INTS)
        if k == 1:
            return self.pick(STRINGS)
        if k == 2:
            return self.var()
        if k == 3:
            return self.pick(["nil", "true", "false", "{}"] +
                             (["..."] if self.vararg else []))
        if k == 4:
            return self.rng.choice(["'" + "x" * self.rng.randrange(200) + "'",
                                    "('ab'):rep(%d)" % self.rng.choice([10, 999, 1 << 14])])
        return str(self.rng.randrange(-300, 300))

    def compound(self):
        k = self.rng.randrange(8)
        if k == 0:
            return f"({self.expr()} {self.pick(BINOPS)} {self.expr()})"
        if k == 1:
            return f"({self.pick(['-', 'not ', '#', '~'])}{self.expr()})"
        if k == 2:
            return self.table()
        if k == 3:
            return self.function()
        if k == 4:
            return f"{self.var()}[{self.expr()}]"
        if k == 5:
            return f"{self.var()}({self.expr()})"
        return self.libcall()

    def libcall(self):
        text = self.pick(LIBCALLS)
        for slot, fill in (("{s}", lambda: self.pick(STRINGS + [self.expr()])),
                           ("{i}", lambda: self.pick(INTS + [self.expr()])),
                           ("{p}", lambda: self.pick(PATTERNS)),
                           ("{b}", lambda: self.pick(["true", "nil"])),
                           ("{t}", self.table), ("{f}", self.function),
                           ("{mt}", self.metatable), ("{gc}", lambda: self.pick(GCOPTS)),
                           ("{e}", self.expr)):
            while slot in text:
                text = text.replace(slot, fill(), 1)
        return text

    def table(self):
        n = self.rng.randrange(5)
        items = []
        for _ in range(n):
            k = self.rng.randrange(3)
            items.append(self.expr() if k == 0 else
                         f"[{self.expr()}] = {self.expr()}" if k == 1 else
                         f"{self.pick(['a', 'n', 'x', '__index'])} = {self.expr()}")
        return "{" + ", ".join(items) + "}"

    def metatable(self):
        fields = [f"{m} = {self.pick([self.function(), self.table(), self.pick(STRINGS)])}"
                  for m in self.rng.sample(METAMETHODS, self.rng.randrange(1, 4))]
        return "{" + ", ".join(fields) + "}"

    def function(self):
        saved = list(self.locals), list(self.consts), self.vararg
        params = self.pick([[], ["a"], ["a", "b"], ["..."], ["a", "..."]])
        self.locals += [p for p in params if p != "..."]
        self.vararg = "..." in params
        body = self.deeper(lambda: self.block(self.rng.randrange(3)))
        value = self.expr()
        self.locals, self.consts, self.vararg = saved
        return f"function({', '.join(params)}) {body} return {value} end"

    # -- statements ---------------------------------------------------------
    def statement(self):
        k = self.rng.randrange(14)
        if self.depth > 3:
            k = self.rng.choice([0, 1])
        name = f"v{len(self.locals)}"
        if k == 0:
            attrib = self.pick(["", "", " <const>", " <close>"])
            text = f"local {name}{attrib} = {self.expr()}"
            (self.consts if attrib else self.locals).append(name)
            return text
        if k == 1:
            return f"{self.var(write=True)} = {self.expr()}"
        if k == 2:
            return f"if {self.expr()} then {self.sub()} else {self.sub()} end"
        if k == 3:
            return f"for i = {self.pick(INTS)}, {self.pick(INTS)}, " \
                   f"{self.pick(['1', '-1', '7', 'math.maxinteger', '0'])} do {self.sub()} end"
        if k == 4:
            return f"for k, v in pairs({self.table()}) do {self.sub()} end"
        if k == 5:  # bounded most of the time; when not, the quota ends it
            bound = self.pick(["10", "100", "1000", "math.maxinteger"])
            return f"do local n = 0 while n < {bound} do n = n + 1 {self.sub()} end end"
        if k == 6:
            return f"repeat {self.sub()} until {self.expr()}"
        if k == 7:
            return f"do {self.sub()} end"
        if k == 8:
            self.labels += 1
            return f"goto l{self.labels} ::l{self.labels}::"
        if k == 9:
            saved, self.vararg = self.vararg, False
            text = f"pcall(function() {self.sub()} end)"
            self.vararg = saved
            return text
        if k == 10:
            return f"setmetatable({self.pick(['t0', self.var(), self.table()])}, " \
                   f"{self.metatable()})"
        if k == 11:
            return f"local {name} = coroutine.wrap({self.function()}) pcall({name}, {self.expr()})"
        if k == 12:
            return f"local function {name}(n) if n > 0 then return {name}(n - 1) end " \
                   f"return n end pcall({name}, {self.pick(['10', '200', '100000'])})"
        return f"_ = {self.libcall()}"  # a statement must be a call

    def sub(self):
        return self.deeper(lambda: self.block(self.rng.randrange(1, 3)))

    def block(self, n):
        saved = list(self.locals), list(self.consts)
        text = " ".join(self.statement() for _ in range(n))
        self.locals, self.consts = saved
        return text

    def top(self):
        """A statement of the chunk; half of them under pcall, so that one
        error does not end the chunk before the rest ran."""
        if self.rng.random() < 0.5:
            return self.statement()
        saved = self.vararg
        self.vararg = False
        text = f"pcall(function() {self.block(1)} end)"
        self.vararg = saved
        return text

    def chunk(self):
        """A chunk: a few statements, then values to return."""
        self.locals, self.consts, self.depth, self.labels = [], [], 0, 0
        self.vararg = True
        body = "\n".join(self.top() for _ in range(self.rng.randrange(1, 6)))
        values = ", ".join(self.expr() for _ in range(self.rng.randrange(0, 3)))
        return f"{body}\nreturn {values}"
