-- 03-strings: the string library outside patterns and formats.
-- Covers len and # with embedded zeros, sub with negative and
-- out-of-range indices, byte/char, rep with separators, upper/lower,
-- reverse, method syntax through the string metatable, escapes in
-- literals, long strings, concatenation and tostring of numbers.

local function fails(f, text)
  local ok, msg = pcall(f)
  return not ok and type(msg) == "string" and
         msg:find(text, 1, true) ~= nil
end

-- length, embedded zeros, escapes
do
  assert(#"" == 0 and #"abc" == 3 and string.len("abc") == 3)
  local z = "a\0b\0c"
  assert(#z == 5 and z:len() == 5)
  assert(z:byte(2) == 0 and z:sub(3, 3) == "b")
  assert("\0" ~= "" and #"\0\0\0" == 3)
  assert("\65\066\x43" == "ABC")
  assert("\u{48}\u{49}" == "HI" and #"\u{20AC}" == 3)
  assert("\z
          x" == "x")                    -- \z skips following blanks
  assert("tab\there" == "tab" .. string.char(9) .. "here")
  assert("\"'\\" == string.char(34, 39, 92))
  assert("\a\b\f\n\r\t\v" == string.char(7, 8, 12, 10, 13, 9, 11))
  assert(#"\xff\xFE" == 2 and ("\xff"):byte() == 255)
  assert([[a
b]] == "a\nb")
  assert([==[x]]y]==] == "x]]y")
  assert([[
skipped first newline]] == "skipped first newline")
  assert(not load([["\q"]]))          -- invalid escape
  assert(not load([["\300"]]))        -- decimal escape too large
  assert(not load('"unfinished'))
end

-- sub with positive, negative and out-of-range indices
do
  local s = "hello world"
  assert(s:sub(1, 5) == "hello" and s:sub(7) == "world")
  assert(s:sub(-5) == "world" and s:sub(-5, -2) == "worl")
  assert(s:sub(0) == s and s:sub(-100) == s and s:sub(1, 100) == s)
  assert(s:sub(5, 4) == "" and s:sub(100) == "" and s:sub(-3, 2) == "")
  assert(s:sub(2, 2) == "e" and s:sub(-1, -1) == "d")
  assert(s:sub(0, 0) == "" and s:sub(1, 0) == "")
  assert(s:sub(math.mininteger, math.maxinteger) == s)
  assert(s:sub(math.maxinteger) == "" and s:sub(2, math.mininteger) == "")
  assert(string.sub("abc", "2") == "bc")  -- numeric string index
  assert(fails(function() return s:sub("x") end, "number expected"))
end

-- byte and char
do
  assert(string.byte("A") == 65 and ("ABC"):byte(3) == 67)
  local a, b, c = ("ABC"):byte(1, -1)
  assert(a == 65 and b == 66 and c == 67)
  assert(select("#", ("ABC"):byte(10)) == 0)
  assert(select("#", ("ABC"):byte(2, 1)) == 0)
  assert(select("#", ("ABCDE"):byte(-2, -1)) == 2)
  assert(("\255"):byte() == 255 and ("\0"):byte() == 0)
  assert(string.char() == "")
  assert(string.char(72, 105) == "Hi")
  assert(string.char(0, 255) == "\0\255")
  assert(fails(function() return string.char(256) end, "value out of range"))
  assert(fails(function() return string.char(-1) end, "value out of range"))
  assert(fails(function() return string.char("x") end, "number expected"))
  -- every byte survives a round trip
  local all = {}
  for i = 0, 255 do all[#all + 1] = i end
  local s = string.char(table.unpack(all))
  assert(#s == 256)
  for i = 1, 256 do assert(s:byte(i) == i - 1) end
end

-- rep
do
  assert(string.rep("ab", 3) == "ababab")
  assert(string.rep("ab", 3, ",") == "ab,ab,ab")
  assert(string.rep("x", 0) == "" and string.rep("x", -5) == "")
  assert(string.rep("", 1000) == "")
  assert(string.rep("x", 1, "sep") == "x")
  assert(string.rep("a", 2, "") == "aa")
  assert(#string.rep("\0", 100) == 100)
  assert(#string.rep("abc", 1000, "--") == 3000 + 999 * 2)
  assert(fails(function() return string.rep("x", math.maxinteger) end,
               "resulting string too large"))
end

-- upper, lower, reverse
do
  assert(string.upper("abc XYZ 123!") == "ABC XYZ 123!")
  assert(string.lower("ABC xyz 123!") == "abc xyz 123!")
  assert(("MiXeD"):lower():upper() == "MIXED")
  assert(string.upper("a\0b") == "A\0B")
  assert(string.upper("\200") == "\200")       -- C locale: bytes kept
  assert(string.reverse("") == "" and string.reverse("abc") == "cba")
  assert(string.reverse("a\0b") == "b\0a")
  local s = "The quick brown fox"
  assert(s:reverse():reverse() == s)
end

-- the string metatable: methods, and nothing else indexable
do
  local mt = getmetatable("")
  assert(type(mt) == "table" and mt.__index == string)
  assert(("x"):rep(3) == "xxx")
  local s = "abc"
  assert(s.len == string.len)
  assert(s.nothing == nil)
  assert(#s == s:len())
  assert(fails(function() return ("x")() end, "attempt to call"))
  assert(fails(function() local n = 5; return n:len() end,
               "attempt to index a number value"))
end

-- concatenation and number formatting
do
  assert("a" .. "b" .. "c" == "abc")
  assert("x" .. 1 == "x1" and 1 .. 2 == "12")
  assert(-1 .. "" == "-1")
  assert(math.maxinteger .. "" == "9223372036854775807")
  assert(math.mininteger .. "" == "-9223372036854775808")
  assert(tostring(0x10) == "16")
  assert(fails(function() return "a" .. {} end,
               "attempt to concatenate a table value"))
  assert(fails(function() return "a" .. nil end, "attempt to concatenate"))
  assert(fails(function() return true .. "" end, "boolean"))
  local parts = {}
  for i = 1, 100 do parts[i] = i end
  local joined = table.concat(parts)
  local acc = ""
  for i = 1, 100 do acc = acc .. i end
  assert(acc == joined and #acc == 9 + 90 * 2 + 3)
end

-- strings are interned values: equality by content, any byte allowed
do
  local a = "hel" .. "lo"
  local b = string.char(104, 101, 108, 108, 111)
  assert(a == b and rawequal(a, b))
  local t = {[a] = 1}
  assert(t.hello == 1 and t[b] == 1)
  local long1 = string.rep("long string ", 10)
  local long2 = string.rep("long ", 10, "string ") .. "string "
  assert(long1 == long2)
  assert(("\0a"):len() == 2 and "\0a" ~= "\0b")
end

-- tostring and tonumber on strings
do
  assert(tostring("x") == "x" and tostring(12) == "12")
  assert(tonumber("  0x1F  ") == 31 and tonumber("-0x10") == -16)
  assert(tonumber("10", 2) == 2 and tonumber("ff", 16) == 255)
  assert(tonumber("FF", 16) == 255 and tonumber("zz", 36) == 1295)
  assert(tonumber("777", 8) == 511 and tonumber("-101", 2) == -5)
  assert(tonumber("8", 8) == nil and tonumber("", 10) == nil)
  assert(tonumber("1 2") == nil and tonumber("") == nil)
  assert(tonumber("0x") == nil and tonumber("abc") == nil)
  assert(tonumber(nil) == nil and tonumber(true) == nil)
  assert(fails(function() return tonumber("10", 1) end, "base out of range"))
  assert(fails(function() return tonumber("10", 37) end, "base out of range"))
  assert(fails(function() return tonumber(10, 16) end, "string expected"))
  assert(fails(function() return tonumber() end, "value expected"))
end

return "ok"
