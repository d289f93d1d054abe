-- 15-load: load, string.dump and binary chunks.
-- Covers loading strings and reader functions (pieces, errors, bad
-- pieces), chunk names in messages, the env parameter and _ENV, mode "t",
-- "b" and "bt" and the refusal messages, syntax error messages, and
-- binary chunks from string.dump: round trips, upvalues, strip, truncated
-- and corrupted chunks, and a binary chunk carrying a float constant.

local function load_error(text, ...)
  local f, msg = load(...)
  return f == nil and type(msg) == "string" and msg:find(text, 1, true) ~= nil
end

-- strings
do
  local f = load("return 1 + 2")
  assert(type(f) == "function" and f() == 3)
  assert(load("local a, b = 3, 4; return a * b")() == 12)
  assert(select("#", load("")()) == 0)
  assert(load("return ...")(7, 8) == 7)
  assert(select("#", load("return ...")(1, 2, 3)) == 3)
  -- each load makes a new function
  local g1, g2 = load("return {}"), load("return {}")
  assert(g1 ~= g2 and g1() ~= g1())
  -- a leading '#' line is not skipped by load (only by loadfile)
  assert(load("#!/bin/luak\nreturn 1") == nil)
  -- a number argument is converted to its string
  assert(load_error("unexpected symbol near '5'", 5))
end

-- reader functions
do
  local parts, i = {"return ", "1 ", "+ 41"}, 0
  local f = load(function() i = i + 1; return parts[i] end)
  assert(f and f() == 42)
  -- the empty string also ends the chunk
  local done = false
  local g = load(function()
    if done then return "" end
    done = true
    return "return 'one piece'"
  end)
  assert(g() == "one piece")
  -- one byte at a time
  local src, pos = "return 'byte by byte'", 0
  local h = load(function()
    pos = pos + 1
    if pos <= #src then return src:sub(pos, pos) end
  end)
  assert(h() == "byte by byte")
  assert(load_error("reader function must return a string",
                    function() return {} end))
  local ok, f2, msg = pcall(load, function() error("reader broke") end)
  assert(ok and f2 == nil and msg:find("reader broke", 1, true))
  assert(not pcall(load, nil))
end

-- chunk names
do
  assert(load_error('[string "x = "]:1:', "x = "))
  assert(load_error("name:1: unexpected symbol near <eof>", "x = ", "=name"))
  assert(load_error("file.lua:1:", "x = ", "@file.lua"))
  local _, msg = load("x = ", "a very long chunk name that goes on and on and on")
  assert(msg:find('[string "a very long', 1, true) and msg:find("...", 1, true))
  local ok, err = pcall(load("error('here')", "=mychunk"))
  assert(not ok and err == "mychunk:1: here")
  local ok2, err2 = pcall(load("\n\nerror('line3')", "=multi"))
  assert(not ok2 and err2 == "multi:3: line3")
end

-- syntax errors
do
  assert(load_error("'end' expected near <eof>", "function f() return 1", "=n"))
  assert(load_error("'end' expected (to close 'function' at line 1) near 'x'",
                    "function f()\nreturn 1\nx", "=n"))
  assert(load_error("unexpected symbol near <eof>", "return 1 +", "=n"))
  assert(load_error("unexpected symbol near '='", "x = = 1", "=n"))
  assert(load_error("<name> expected near '1'", "local 1 = 2", "=n"))
  assert(load_error("unfinished string near", "return \"abc", "=n"))
  assert(load_error("unfinished long string (starting at line 1)", "return [[abc", "=n"))
  assert(load_error("unfinished long comment", "--[[ open", "=n"))
  assert(load_error("malformed number near '0x'", "return 0x", "=n"))
  assert(load_error("malformed number near '3x'", "return 3x", "=n"))
  assert(load_error("function arguments expected", "a.b:c = 1", "=n"))
  assert(load_error("unexpected symbol near '@'", "return @", "=n"))
  assert(load_error("')' expected (to close '(' at line 1)", "return (1\n\n", "=n"))
  assert(load_error("syntax error near 'y'", "x y", "=n"))
  assert(load_error("syntax error near", "x", "=n"))
  assert(load_error("cannot use '...' outside a vararg function",
                    "function f() return ... end", "=n"))
  assert(load_error("invalid escape sequence", [[return "\q"]], "=n"))
  assert(load_error("UTF-8 value too large", [[return "\u{80000000}"]], "=n"))
end

-- env and _ENV
do
  assert(load("return x", "n", "t", {x = 5})() == 5)
  local env = {}
  local f = load("y = 1; return _ENV", "n", "t", env)
  assert(f() == env and env.y == 1)
  local ok, msg = pcall(load("return x + 1", "n", "t", nil))
  assert(not ok and msg:find("attempt to index a nil value (upvalue '_ENV')", 1, true))
  -- globals resolve through whatever _ENV is in scope
  local function sandboxed()
    local _ENV = {tostring = tostring}
    z = 3                                -- lands in the local _ENV
    return tostring(z), _ENV
  end
  local s, e = sandboxed()
  assert(s == "3" and e.z == 3)
  -- an env table with a metatable
  local fallback = setmetatable({}, {__index = {answer = 42}})
  assert(load("return answer", "n", "t", fallback)() == 42)
  -- the loaded function's globals are the global table by default
  local genv = load("return _ENV")()
  assert(genv == _G and genv.string == string)
end

-- modes
do
  local bin = string.dump(function() return "bin" end)
  assert(load(bin)() == "bin")
  assert(load(bin, "b", "b")() == "bin" and load(bin, "b", "bt")() == "bin")
  assert(load("return 't'", "t", "t")() == "t" and load("return 1", "t", "bt")() == 1)
  assert(load_error("attempt to load a binary chunk (mode is 't')", bin, "b", "t"))
  assert(load_error("attempt to load a text chunk (mode is 'b')", "return 1", "t", "b"))
  assert(load_error("attempt to load a text chunk (mode is 'x')", "return 1", "t", "x"))
  local i, parts = 0, {bin:sub(1, 10), bin:sub(11)}
  assert(load(function() i = i + 1; return parts[i] end, "r", "b")() == "bin")
end

-- string.dump round trips
do
  local function poly(x) return 3 * x * x - 2 * x + 1 end
  local copy = load(string.dump(poly), "copy", "b")
  for x = -5, 5 do assert(copy(x) == poly(x)) end
  assert(copy ~= poly)
  -- constants of every kind survive
  local function consts()
    return math.maxinteger, math.mininteger, 0x1122334455667788, -1, "str",
           "a\0b", true, false, nil
  end
  local back = load(string.dump(consts))
  local a, b, c, d, e, f2, g, h, i = back()
  assert(a == math.maxinteger and b == math.mininteger and c == 0x1122334455667788)
  assert(d == -1 and e == "str" and f2 == "a\0b" and g == true and h == false and i == nil)
  -- nested functions are dumped with their parent
  local function outer() return function(n) return n * 2 end end
  assert(load(string.dump(outer))()(21) == 42)
  -- a dump of a dump is the same function
  local twice = load(string.dump(load(string.dump(poly))))
  assert(twice(3) == poly(3))
  -- C functions cannot be dumped
  local ok, msg = pcall(string.dump, print)
  assert(not ok and msg:find("unable to dump given function", 1, true))
  assert(not pcall(string.dump, "x"))
end

-- upvalues of dumped functions: the first becomes the environment
do
  local up = 10
  local function getup() return up end
  local marker = {}
  local loaded = load(string.dump(getup), "u", "b", marker)
  assert(loaded() == marker)             -- 'up' was the only upvalue
  local a, b = 1, 2
  local function two() return a, b end
  local l2 = load(string.dump(two), "u2", "b", marker)
  local r1, r2 = l2()
  assert(r1 == marker and r2 == nil)     -- other upvalues start as nil
  -- a function using globals gets the given env
  local function useglobal() return tostring(99) end
  local l3 = load(string.dump(useglobal), "g", "b", {tostring = function() return "fake" end})
  assert(l3() == "fake")
end

-- strip removes debug information, not behaviour
do
  local function f(x)
    local y = x + 1
    return y * 2
  end
  local full, stripped = string.dump(f), string.dump(f, true)
  assert(#stripped < #full)
  local g = load(stripped)
  assert(g(4) == 10)
  -- without debug information, errors have no line number
  local function bad() local t = nil; return t.x end
  local ok, msg = pcall(load(string.dump(bad, true)))
  assert(not ok and msg:find("attempt to index a nil value", 1, true))
  assert(not msg:find(":%d+:"))
  local ok2, msg2 = pcall(load(string.dump(bad)))
  assert(not ok2 and msg2:find(":%d+:"))
end

-- broken binary chunks are refused cleanly
do
  local bin = string.dump(function() return 0x1122334455667788 end)
  assert(load_error("truncated", bin:sub(1, 20)))
  assert(load_error("truncated", "\27Lua"))
  assert(load_error("version mismatch", bin:sub(1, 4) .. "\x99" .. bin:sub(6)))
  assert(load_error("format mismatch", bin:sub(1, 5) .. "\x99" .. bin:sub(7)))
  for cut = 1, #bin - 1, 7 do
    assert(load(bin:sub(1, cut)) == nil)
  end
  -- a float constant cannot come in through a binary chunk either:
  -- retag the integer constant (type 0x03) as a float (type 0x13)
  local needle = "\x03" .. string.pack("=j", 0x1122334455667788)
  local at = bin:find(needle, 1, true)
  assert(at)
  local forged = bin:sub(1, at - 1) .. "\x13" .. bin:sub(at + 1)
  assert(load_error("float constant (floats are not supported)", forged))
  assert(load_error("bad binary format", forged))
end

return "ok"
