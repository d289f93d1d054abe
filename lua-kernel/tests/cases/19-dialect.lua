-- 19-dialect: what makes this Lua the integer-only kernel dialect.
-- Covers the missing io/os/debug libraries, require of built-in modules,
-- the exact messages for float literals, integer literals beyond 64 bits,
-- '/' and '^' on numbers, float conversions of string.format and float
-- options of string.pack, float-only math names; math.type, tointeger,
-- abs/fmod/min/max/ult at the limits, math.random ranges and errors,
-- tonumber of float strings, hex literals, and integer for loops (string
-- initial values refused, no wrap-around at the limits).

local maxi <const> = math.maxinteger
local mini <const> = math.mininteger

local function fails(f, text)
  local ok, msg = pcall(f)
  return not ok and type(msg) == "string" and
         msg:find(text, 1, true) ~= nil
end

-- load 'src' as chunk "c"; return its compile error, or nil
local function compile_error(src)
  local f, msg = load(src, "=c")
  if f then return nil end
  return msg
end

-- run 'src' as chunk "c"; return its runtime error, or nil
local function run_error(src)
  local ok, msg = pcall(assert(load(src, "=c")))
  if ok then return nil end
  return msg
end

-- the libraries: no io, os or debug
do
  assert(io == nil and os == nil and debug == nil)
  assert(package.loaded.io == nil and package.loaded.os == nil)
  assert(package.loaded.debug == nil)
  assert(rawget(_G, "io") == nil)
  assert(not pcall(require, "io") and not pcall(require, "os"))
  assert(not pcall(require, "debug"))
  local ok, msg = pcall(require, "io")
  assert(not ok and msg:find("module 'io' not found", 1, true))
  assert(require("string") == string and require("table") == table)
  assert(require("math") == math and require("coroutine") == coroutine)
  assert(require("utf8") == utf8 and require("_G") == _G)
  assert(package.loaded.string == string and package.loaded._G == _G)
  assert(_VERSION == "Lua 5.4")
  for _, name in ipairs({"print", "pcall", "xpcall", "error", "load", "select",
                         "type", "tostring", "tonumber", "setmetatable",
                         "getmetatable", "rawequal", "rawget", "rawset",
                         "rawlen", "next", "pairs", "ipairs", "assert",
                         "collectgarbage", "require", "warn"}) do
    assert(type(_G[name]) == "function", name)
  end
  assert(loadstring == nil and unpack == nil and setfenv == nil)  -- 5.1 names
end

-- float literals do not compile
do
  for _, lit in ipairs({"1.5", "0.0", "3.0", ".5", "5.", "1e3", "1E3", "1e-3",
                        "1e+5", "0e0", "0x1p4", "0x1P-1", "0x1.8", "0x.1",
                        "0xAp0", "2.5e10"}) do
    local msg = compile_error("return " .. lit)
    assert(msg == "c:1: malformed number (floats are not supported) near '" ..
                  lit .. "'", lit)
  end
  assert(compile_error("local x = 1.5") ==
         "c:1: malformed number (floats are not supported) near '1.5'")
  assert(compile_error("local t = {1, 2, 3.25}"):find("(floats are not supported)", 1, true))
  assert(compile_error("x = -0.5"):find("near '0.5'", 1, true))
  -- other malformed numerals keep the plain message
  assert(compile_error("return 0x") == "c:1: malformed number near '0x'")
  assert(compile_error("return 3x") == "c:1: malformed number near '3x'")
end

-- integer literals: 64 bits, decimal overflow refused, hex wraps around
do
  assert(9223372036854775807 == maxi)
  assert(-9223372036854775807 - 1 == mini)
  assert(compile_error("return 9223372036854775808") ==
         "c:1: malformed number (integer does not fit in 64 bits) near '9223372036854775808'")
  assert(compile_error("return 18446744073709551616"):find("integer does not fit in 64 bits", 1, true))
  assert(compile_error("return -9223372036854775808"):find("does not fit in 64 bits", 1, true))
  assert(compile_error("return 99999999999999999999999"):find("does not fit", 1, true))
  assert(00000000000000000000009223372036854775807 == maxi)   -- leading zeros
  assert(0x7fffffffffffffff == maxi and 0x8000000000000000 == mini)
  assert(0xffffffffffffffff == -1 and 0XFF == 255 and 0xa == 10)
  assert(0x1ffffffffffffffff == -1)       -- hex numerals wrap modulo 2^64
  assert(0x10000000000000000 == 0)
  assert(math.type(0x10) == "integer" and math.type(1) == "integer")
end

-- '/' and '^' on numbers are refused at run time, never folded
do
  assert(run_error("return 1 / 2") ==
         "c:1: attempt to perform float division ('/'): floats are not supported")
  assert(run_error("local a, b = 6, 3; return a / b") ==
         "c:1: attempt to perform float division ('/'): floats are not supported")
  assert(run_error("return 0 / 0") ==
         "c:1: attempt to perform float division ('/'): floats are not supported")
  assert(run_error("return 2 ^ 2") ==
         "c:1: attempt to perform exponentiation ('^'): floats are not supported")
  assert(run_error("local x = 2; return x ^ 63") ==
         "c:1: attempt to perform exponentiation ('^'): floats are not supported")
  -- (the line reported after earlier statements is checked in 20-lines)
  -- through numeric strings (the string library's arithmetic)
  assert(fails(function() return "4" / "2" end,
               "attempt to perform float division ('/'): floats are not supported"))
  assert(fails(function() return "2" ^ 3 end,
               "attempt to perform exponentiation ('^'): floats are not supported"))
  -- a function that divides compiles, and fails only when it runs
  local f = load("return function(a, b) return a / b end")
  local div = f and f()
  assert(type(div) == "function")
  assert(fails(function() return div(6, 3) end, "floats are not supported"))
  -- the integer operators are the way to go
  assert(7 // 2 == 3 and 7 % 2 == 1 and 1 << 10 == 1024)
end

-- string.format and string.pack refuse floats
do
  for _, spec in ipairs({"%a", "%e", "%f", "%g", "%.2f"}) do
    local ok, msg = pcall(string.format, spec, 1)
    assert(not ok and msg == "invalid conversion '" .. spec ..
           "' to 'format' (floats are not supported)")
  end
  for _, opt in ipairs({"f", "d", "n"}) do
    local ok, msg = pcall(string.pack, opt, 1)
    assert(not ok and msg == "invalid format option '" .. opt ..
           "' (floats are not supported)")
  end
  assert(string.format("%d %x %q", 10, 255, 7) == "10 ff 7")
end

-- math: the float-only names raise, the rest work on integers
do
  for _, name in ipairs({"pi", "huge", "sqrt", "exp", "log", "sin", "cos",
                         "tan", "asin", "acos", "atan", "modf", "frexp",
                         "ldexp", "pow", "cosh", "sinh", "tanh", "log10",
                         "deg", "rad"}) do
    local ok, msg = pcall(function() return math[name] end)
    assert(not ok and msg:find("math." .. name .. ": floats are not supported", 1, true), name)
    assert(rawget(math, name) == nil)
  end
  assert(fails(function() return math.sqrt(4) end, "math.sqrt: floats are not supported"))
  assert(math.nothing_here == nil)        -- other unknown names are just nil
  -- exactly these functions and constants
  local expected = {abs = 1, ceil = 1, floor = 1, fmod = 1, max = 1, min = 1,
                    tointeger = 1, type = 1, ult = 1, random = 1,
                    randomseed = 1, maxinteger = 1, mininteger = 1}
  local n = 0
  for k in pairs(math) do
    assert(expected[k], k)
    n = n + 1
  end
  assert(n == 13)
  assert(maxi == 0x7fffffffffffffff and mini == -maxi - 1)
end

-- math.type and math.tointeger
do
  for _, v in ipairs({0, 1, -1, maxi, mini, 0x10, "5" + 0, 7 // 2, 1 << 63}) do
    assert(math.type(v) == "integer")
  end
  assert(math.type("1") == nil and math.type({}) == nil and math.type(nil) == nil)
  assert(fails(function() return math.type() end, "value expected"))
  assert(math.tointeger(3) == 3 and math.tointeger(mini) == mini)
  assert(math.tointeger("8") == 8 and math.tointeger(" 0x10 ") == 16)
  assert(math.tointeger("1.5") == nil and math.tointeger("x") == nil)
  assert(math.tointeger({}) == nil and math.tointeger(true) == nil)
  assert(fails(function() return math.tointeger() end, "value expected"))
end

-- abs, floor, ceil, fmod, min, max, ult
do
  assert(math.abs(-5) == 5 and math.abs(5) == 5 and math.abs(0) == 0)
  assert(math.abs(mini) == mini and math.abs(maxi) == maxi)   -- wraps
  assert(math.floor(7) == 7 and math.ceil(-7) == -7 and math.floor("3") == 3)
  assert(math.type(math.floor(5)) == "integer")
  assert(fails(function() return math.floor("x") end, "number expected"))
  assert(math.fmod(7, 3) == 1 and math.fmod(-7, 3) == -1)     -- C semantics
  assert(math.fmod(7, -3) == 1 and math.fmod(-7, -3) == -1)
  assert(math.fmod(mini, -1) == 0 and math.fmod(mini, maxi) == -1)
  assert(fails(function() return math.fmod(1, 0) end, "bad argument #2 to 'fmod' (zero)"))
  assert(math.max(3, 9, -2) == 9 and math.min(3, 9, -2) == -2)
  assert(math.max(mini, maxi) == maxi and math.min(mini, maxi) == mini)
  assert(math.max(4) == 4)
  assert(fails(function() return math.max() end, "bad argument #1 to 'max'"))
  assert(math.ult(0, -1) and not math.ult(-1, 0) and math.ult(maxi, mini))
end

-- math.random and math.randomseed
do
  local ok, msg = pcall(math.random)
  assert(not ok and msg:find("floats are not supported", 1, true))
  assert(fails(function() return math.random(3, 1) end, "interval is empty"))
  assert(fails(function() return math.random(-5) end, "interval is empty"))
  assert(fails(function() return math.random(1, 2, 3) end, "wrong number of arguments"))
  local seen = {}
  for _ = 1, 300 do
    local r = math.random(1, 6)
    assert(math.type(r) == "integer" and r >= 1 and r <= 6)
    seen[r] = true
    local s = math.random(10)
    assert(s >= 1 and s <= 10)
    local t = math.random(-3, 3)
    assert(t >= -3 and t <= 3)
  end
  for i = 1, 6 do assert(seen[i]) end
  assert(math.random(5, 5) == 5 and math.random(1) == 1)
  assert(math.type(math.random(0)) == "integer")              -- all 64 bits
  local wide = math.random(mini, maxi)
  assert(math.type(wide) == "integer")
  local near = math.random(maxi - 1, maxi)
  assert(near == maxi or near == maxi - 1)
  -- a seed gives a reproducible sequence
  local a1, a2 = math.randomseed(42)
  assert(a1 == 42 and a2 == 0)
  local first = {math.random(1000), math.random(1000), math.random(0)}
  math.randomseed(42)
  local again = {math.random(1000), math.random(1000), math.random(0)}
  assert(first[1] == again[1] and first[2] == again[2] and first[3] == again[3])
  math.randomseed(42, 1)
  local other = {math.random(1000), math.random(1000), math.random(0)}
  assert(other[3] ~= first[3])
  local s1, s2 = math.randomseed()                            -- fresh seed
  assert(math.type(s1) == "integer" and math.type(s2) == "integer")
end

-- tonumber: no float strings, 64-bit integers only
do
  for _, s in ipairs({"1.5", "0.0", ".5", "5.", "1e2", "1E2", "0x1p4", "inf",
                      "-inf", "nan", "1e", "9223372036854775808",
                      "-9223372036854775809", "18446744073709551615"}) do
    assert(tonumber(s) == nil, s)
  end
  assert(tonumber("10") == 10 and tonumber("  -7  ") == -7)
  assert(tonumber("0x10") == 16 and tonumber("-0x10") == -16)
  assert(tonumber("9223372036854775807") == maxi)
  assert(tonumber("-9223372036854775808") == mini)
  assert(tonumber("0xffffffffffffffff") == -1)                 -- hex wraps
  assert(tonumber("7fffffffffffffff", 16) == maxi)
  assert(math.type(tonumber("42")) == "integer")
  assert(tonumber(12) == 12)
  -- numeric strings in arithmetic follow the same rules
  assert("10" + 1 == 11 and math.type("10" * "2") == "integer")
  assert(fails(function() return "1.5" + 1 end, "attempt to"))
  assert(fails(function() return "1e2" * 1 end, "attempt to"))
end

-- numeric for loops are integer loops
do
  assert(run_error('for i = "1", 2 do end'):find("'for' initial value", 1, true))
  assert(run_error('for i = 1, 2, "1" do end'):find("'for' step", 1, true))
  assert(run_error('for i = 1, {} do end'):find("'for' limit", 1, true))
  assert(run_error('for i = 1, "1.5" do end'):find("'for' limit", 1, true))
  assert(run_error("for i = 1, 2, 0 do end"):find("'for' step is zero", 1, true))
  local n = 0
  for _ = 1, "3" do n = n + 1 end         -- a numeric string limit converts
  assert(n == 3)
  -- no wrap-around at the limits
  n = 0
  for i = maxi - 2, maxi do n = n + 1; assert(i >= maxi - 2) end
  assert(n == 3)
  n = 0
  for i = mini + 2, mini, -1 do n = n + 1; assert(i <= mini + 2) end
  assert(n == 3)
  n = 0
  for _ = 1, maxi, maxi do n = n + 1 end
  assert(n == 1)
  n = 0
  for _ = mini, maxi, maxi do n = n + 1 end
  assert(n == 3)
  n = 0
  for _ = maxi, mini, mini do n = n + 1 end
  assert(n == 2)
  n = 0
  for _ = 1, 0 do n = n + 1 end
  for _ = 0, 1, -1 do n = n + 1 end
  assert(n == 0)
  for i = 1, 3 do assert(math.type(i) == "integer") end
end

-- collectgarbage("count") is an integer too
do
  assert(math.type(collectgarbage("count")) == "integer")
end

-- character classes are the C locale's: bytes above 0x7f are not letters
-- (the kernel's own ctype would call them Latin-1 letters)
do
  assert(string.upper("\xff\xe9az") == "\xff\xe9AZ")
  assert(string.lower("\xc9\xdeAZ") == "\xc9\xdeaz")
  assert(("\xe9"):find("%a") == nil and ("\xe9"):find("%l") == nil)
  assert(("\xa0"):find("%s") == nil and ("\xb5"):find("%p") == nil)
  assert(("\x85"):find("%c") == nil and ("\x7f"):find("%c") == 1)
  local n = 0
  for c = 0, 255 do
    if string.char(c):find("%w") then n = n + 1 end
  end
  assert(n == 62)
end

return "ok"
