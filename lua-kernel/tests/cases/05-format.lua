-- 05-format: string.format.
-- Covers the integer conversions %d %i %u %x %X %o %c with widths,
-- precisions and flags, %s with widths and __tostring/__name, %q (strings,
-- integers including mininteger, booleans, nil; results load back), %%,
-- argument errors, and the float conversions %a %A %e %E %f %F %g %G,
-- which fail with "(floats are not supported)".

local maxi <const> = math.maxinteger
local mini <const> = math.mininteger
local fmt = string.format

local function fails(f, text)
  local ok, msg = pcall(f)
  return not ok and type(msg) == "string" and
         msg:find(text, 1, true) ~= nil
end

-- %d and %i with flags, widths and precisions
do
  assert(fmt("%d", 42) == "42" and fmt("%i", -42) == "-42")
  assert(fmt("%5d", 42) == "   42")
  assert(fmt("%-5d|", 42) == "42   |")
  assert(fmt("%05d", 42) == "00042" and fmt("%05d", -42) == "-0042")
  assert(fmt("%+d", 5) == "+5" and fmt("%+d", -5) == "-5")
  assert(fmt("% d", 5) == " 5")
  assert(fmt("%-+5d|", 5) == "+5   |")
  assert(fmt("%.3d", 7) == "007" and fmt("%5.3d", 7) == "  007")
  assert(fmt("%.0d", 0) == "")
  assert(fmt("%d", 0) == "0" and fmt("%d", -0) == "0")
  assert(fmt("%d", maxi) == "9223372036854775807")
  assert(fmt("%d", mini) == "-9223372036854775808")
  assert(fmt("%d", "12") == "12" and fmt("%d", " 0x10 ") == "16")
  assert(#fmt("%99d", 1) == 99 and #fmt("%.99d", 1) == 99)
  assert(fmt("%u", 5) == "5")
end

-- %x %X %o
do
  assert(fmt("%x", 255) == "ff" and fmt("%X", 255) == "FF")
  assert(fmt("%#x", 255) == "0xff" and fmt("%#X", 255) == "0XFF")
  assert(fmt("%08X", 3054) == "00000BEE")
  assert(fmt("%-#10x|", 255) == "0xff      |")
  assert(fmt("%.3x", 1) == "001")
  assert(fmt("%x", -1) == "ffffffffffffffff")
  assert(fmt("%x", mini) == "8000000000000000")
  assert(fmt("%X", maxi) == "7FFFFFFFFFFFFFFF")
  assert(fmt("%o", 8) == "10" and fmt("%#o", 8) == "010")
  assert(fmt("%o", -1) == "1777777777777777777777")
  -- hex output reads back as the same integer
  for _, n in ipairs({0, 1, -1, 4096, maxi, mini, 0x0123456789ABCDEF}) do
    assert(tonumber(fmt("0x%x", n)) == n)
    assert(tonumber(fmt("%x", n), 16) == n or n < 0)
  end
end

-- corner cases of C99's rules, where a kernel's snprintf may differ
do
  local cases = {
    {"%.0d", 0, ""},
    {"%#x", 0, "0"},
    {"%#.0x", 0, ""},
    {"%#o", 0, "0"},
    {"%#.0o", 0, "0"},
    {"%+.0d", 0, "+"},
    {"% .0d", 0, " "},
    {"%+05d", -42, "-0042"},
    {"% 05d", 42, " 0042"},
    {"%-+6d", 42, "+42   "},
    {"%#08x", 255, "0x0000ff"},
    {"%#-8X", 255, "0XFF    "},
    {"%08.3d", -7, "    -007"},
    {"%-8.3x", 255, "0ff     "},
    {"%#.3o", 8, "010"},
    {"%#5o", 8, "  010"},
    {"%+i", 0, "+0"},
    {"%.0u", 0, ""},
    {"%5.0d", 0, "     "}
  }
  for _, c in ipairs(cases) do
    assert(fmt(c[1], c[2]) == c[3], c[1])
  end
  -- the widest conversions Lua accepts (two-digit width and precision)
  assert(fmt("%-99.99d", mini) == "-" .. string.rep("0", 80) .. "9223372036854775808")
  assert(#fmt("%#99.99o", -1) == 99 and #fmt("%#99.99x", -1) == 101)
  assert(#fmt("%+99.99i", 1) == 100)
end

-- %c
do
  assert(fmt("%c%c%c", 76, 117, 97) == "Lua")
  assert(fmt("%c", 0) == "\0" and #fmt("%c", 0) == 1)
  assert(fmt("%c", 255) == "\255")
  assert(fmt("%5c|", 65) == "    A|" and fmt("%-5c|", 65) == "A    |")
end

-- %s
do
  assert(fmt("%s", "abc") == "abc")
  assert(fmt("%10s|", "abc") == "       abc|")
  assert(fmt("%-10s|", "abc") == "abc       |")
  assert(fmt("%.2s", "abc") == "ab" and fmt("%5.1s|", "xyz") == "    x|")
  assert(fmt("%s %s %s", 1, true, nil) == "1 true nil")
  assert(fmt("%s", mini) == "-9223372036854775808")
  assert(fmt("%s", "a\0b") == "a\0b")          -- no width: zeros kept
  local obj = setmetatable({}, {__tostring = function() return "OBJ" end})
  assert(fmt("%s|%5s", obj, obj) == "OBJ|  OBJ")
  local named = setmetatable({}, {__name = "MyType"})
  assert(fmt("%s", named):find("^MyType: ") == 1)
  assert(fmt("%s", {}):find("^table: ") == 1)
  assert(fmt("%s", print):find("^function: ") == 1)
  assert(fmt("%s", 1, 2, 3) == "1")            -- extra arguments ignored
  assert(fails(function() return fmt("%5s", "a\0b") end,
               "string contains zeros"))
  assert(fails(function()
    return fmt("%s", setmetatable({}, {__tostring = function() return {} end}))
  end, "'__tostring' must return a string"))
end

-- %q produces a literal that loads back to the same value
do
  assert(fmt("%q", "hi") == '"hi"')
  assert(fmt("%q", 'say "x"') == '"say \\"x\\""')
  assert(fmt("%q", "a\nb") == '"a\\\nb"')
  assert(fmt("%q", "\0") == '"\\0"')
  assert(fmt("%q", "\r") == '"\\13"')
  assert(fmt("%q", "\0001") == '"\\0001"')     -- digit after: 3 digits
  assert(fmt("%q", 10) == "10" and fmt("%q", -7) == "-7")
  assert(fmt("%q", mini) == "0x8000000000000000")
  assert(fmt("%q", maxi) == "9223372036854775807")
  assert(fmt("%q", true) == "true" and fmt("%q", false) == "false")
  assert(fmt("%q", nil) == "nil")
  local samples = {"", "plain", "a\0\r\n\"\\b\200\255", "\1\2\0033",
                   string.rep("x\n", 10), 0, 1, -1, maxi, mini, 123456789}
  for _, v in ipairs(samples) do
    local back = load("return " .. fmt("%q", v))()
    assert(back == v and math.type(back) == math.type(v))
  end
  assert(fails(function() return fmt("%q", {}) end,
               "value has no literal form"))
  assert(fails(function() return fmt("%q", print) end,
               "value has no literal form"))
  assert(fails(function() return fmt("%10q", "x") end,
               "specifier '%q' cannot have modifiers"))
end

-- %% and literal text
do
  assert(fmt("100%%") == "100%" and fmt("%%d") == "%d")
  assert(fmt("no conversions") == "no conversions")
  assert(fmt("%d%%", 50) == "50%")
  assert(fmt("") == "")
  assert(fmt("a\0b%d", 1) == "a\0b1")
end

-- errors in the format string or its arguments
do
  assert(fails(function() return fmt("%d") end, "bad argument #2"))
  assert(fails(function() return fmt("%d", "x") end, "number expected"))
  assert(fails(function() return fmt("%d", "1.5") end, "number expected"))
  assert(fails(function() return fmt("%d", {}) end, "number expected"))
  assert(fails(function() return fmt("%s") end, "no value"))
  assert(fails(function() return fmt("%y", 1) end,
               "invalid conversion '%y' to 'format'"))
  assert(fails(function() return fmt("%", 1) end,
               "invalid conversion '%' to 'format'"))
  assert(fails(function() return fmt("%100d", 1) end,
               "invalid conversion"))
  assert(fails(function() return fmt("%#d", 1) end, "invalid conversion"))
  assert(fails(function() return fmt("%.5c", 65) end, "invalid conversion"))
  assert(fails(function() return fmt(nil) end, "string expected"))
  assert(fails(function() return fmt("%c", "A") end, "number expected"))
end

-- float conversions are refused, whatever the argument
do
  for _, spec in ipairs({"%a", "%A", "%e", "%E", "%f", "%F", "%g", "%G",
                         "%5.2f", "%.3e", "%-10g", "%+.1f", "%010.4f"}) do
    local ok, msg = pcall(fmt, spec, 1)
    assert(not ok)
    assert(msg:find("invalid conversion '" .. spec .. "' to 'format'", 1, true))
    assert(msg:find("(floats are not supported)", 1, true))
  end
  assert(fails(function() return fmt("%f", "x") end,
               "invalid conversion '%f' to 'format' (floats are not supported)"))
  assert(fails(function() return fmt("%d %f", 1, 2) end,
               "floats are not supported"))
  -- the integer conversions still work around a refused one
  assert(fmt("%d %s", 1, "x") == "1 x")
end

return "ok"
