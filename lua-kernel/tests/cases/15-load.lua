-- 15-load: load; binary chunks and string.dump refused.
-- Covers loading strings and reader functions (pieces, errors, bad
-- pieces), chunk names in messages, the env parameter and _ENV, mode "t",
-- "b" and "bt" and the refusal messages, syntax error messages; binary
-- chunks are refused in every mode and string.dump raises (no bytecode
-- verifier: a crafted chunk would read and write kernel memory).

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

-- modes: text chunks load whatever the mode allows; binary chunks never
-- (Lua has no bytecode verifier: a crafted chunk reads and writes memory)
do
  local sig = "\27Lua\x54\0" .. string.rep("x", 40)
  local refused = "attempt to load a binary chunk (binary chunks are not supported)"
  assert(load("return 't'", "t", "t")() == "t" and load("return 1", "t", "bt")() == 1)
  assert(load_error(refused, sig))
  assert(load_error(refused, sig, "b", "b"))
  assert(load_error(refused, sig, "b", "bt"))
  assert(load_error(refused, sig, "b", "t"))
  assert(load_error(refused, "\27"))
  assert(load_error("attempt to load a text chunk (mode is 'b')", "return 1", "t", "b"))
  assert(load_error("attempt to load a text chunk (mode is 'x')", "return 1", "t", "x"))
  -- a reader that hands the signature in pieces is refused the same way
  local i, parts = 0, {"\27", "Lua", "\x54\0rest"}
  assert(load_error(refused, function() i = i + 1; return parts[i] end, "r", "b"))
end

-- string.dump makes nothing to load: it raises, for Lua and C functions
do
  local ok, msg = pcall(string.dump, function() return 1 end)
  assert(not ok and msg:find("string.dump is not supported", 1, true))
  ok, msg = pcall(string.dump, print)
  assert(not ok and msg:find("string.dump is not supported", 1, true))
  assert(not pcall(string.dump, "x"))
end

return "ok"
