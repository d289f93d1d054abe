-- 14-utf8: the utf8 library.
-- Covers utf8.char (up to 0x7FFFFFFF), charpattern, codepoint with ranges
-- and the lax flag, len with invalid bytes (returning the failing
-- position), overlong encodings and surrogates, offset forwards and
-- backwards, codes, and the argument errors.

local function fails(f, text)
  local ok, msg = pcall(f)
  return not ok and type(msg) == "string" and
         msg:find(text, 1, true) ~= nil
end

local euro <const> = "\xE2\x82\xAC"     -- U+20AC, three bytes
local word <const> = "h" .. euro .. "llo"

-- char
do
  assert(utf8.char() == "")
  assert(utf8.char(72, 105) == "Hi")
  assert(utf8.char(0x20AC) == euro and utf8.char(0x20AC) == "\u{20AC}")
  assert(utf8.char(0) == "\0")
  assert(utf8.char(0x7F) == "\x7F" and utf8.char(0x80) == "\xC2\x80")
  assert(utf8.char(0x7FF) == "\xDF\xBF" and utf8.char(0x800) == "\xE0\xA0\x80")
  assert(utf8.char(0xFFFF) == "\xEF\xBF\xBF")
  assert(utf8.char(0x10000) == "\xF0\x90\x80\x80")
  assert(utf8.char(0x10FFFF) == "\xF4\x8F\xBF\xBF")
  assert(#utf8.char(0x7FFFFFFF) == 6 and utf8.char(0x7FFFFFFF) == "\u{7FFFFFFF}")
  assert(utf8.char(72, 0x20AC, 33) == "H" .. euro .. "!")
  assert(fails(function() return utf8.char(0x80000000) end, "value out of range"))
  assert(fails(function() return utf8.char(-1) end, "value out of range"))
  assert(fails(function() return utf8.char("x") end, "number expected"))
end

-- charpattern matches exactly one encoded character
do
  assert(utf8.charpattern == "[\0-\x7F\xC2-\xFD][\x80-\xBF]*")
  local chars = {}
  for c in word:gmatch(utf8.charpattern) do chars[#chars + 1] = c end
  assert(#chars == 5 and chars[2] == euro)
end

-- codepoint
do
  assert(utf8.codepoint("A") == 65)
  assert(utf8.codepoint(word, 2) == 0x20AC)
  local all = {utf8.codepoint(word, 1, -1)}
  assert(#all == 5 and all[1] == 104 and all[2] == 0x20AC and all[5] == 111)
  assert(select("#", utf8.codepoint("abc", 3, 2)) == 0)
  assert(utf8.codepoint("\u{10FFFF}") == 0x10FFFF)
  assert(fails(function() return utf8.codepoint("\xFF") end, "invalid UTF-8 code"))
  assert(fails(function() return utf8.codepoint(word, 3) end, "invalid UTF-8 code"))
  assert(fails(function() return utf8.codepoint("abc", 4) end, "out of bounds"))
  assert(fails(function() return utf8.codepoint("abc", 0) end, "out of bounds"))
  -- strict mode refuses what lax mode accepts
  assert(fails(function() return utf8.codepoint("\u{7FFFFFFF}") end,
               "invalid UTF-8 code"))
  assert(utf8.codepoint("\u{7FFFFFFF}", 1, 1, true) == 0x7FFFFFFF)
  assert(fails(function() return utf8.codepoint("\u{D800}") end, "invalid UTF-8 code"))
  assert(utf8.codepoint("\u{D800}", 1, 1, true) == 0xD800)
end

-- len, with invalid sequences
do
  assert(utf8.len("") == 0 and utf8.len("abc") == 3)
  assert(utf8.len(word) == 5 and #word == 7)
  assert(utf8.len(word, 2) == 4 and utf8.len(word, 5) == 3)
  assert(utf8.len(word, -1) == 1)
  assert(utf8.len("abc", 4) == 0)
  assert(utf8.len(word, 1, 1) == 1 and utf8.len(word, 1, 2) == 2)
  local n, pos = utf8.len("\xFFabc")
  assert(n == nil and pos == 1)
  n, pos = utf8.len("ab\xE2\x82")             -- truncated sequence
  assert(n == nil and pos == 3)
  n, pos = utf8.len("a" .. euro .. "\x80")     -- stray continuation byte
  assert(n == nil and pos == 5)
  assert(utf8.len("\xC0\x80") == nil)          -- overlong encoding of 0
  assert(utf8.len("\xE0\x80\x80") == nil)      -- overlong, three bytes
  assert(utf8.len("\u{D800}") == nil)          -- surrogate, strict
  assert(utf8.len("\u{D800}", 1, -1, true) == 1)
  assert(utf8.len("\xF4\x90\x80\x80") == nil)  -- above U+10FFFF
  assert(utf8.len("\xF4\x90\x80\x80", 1, -1, true) == 1)
  -- starting in the middle of a character counts as invalid there
  local n2, p2 = utf8.len(word, 3)
  assert(n2 == nil and p2 == 3)
  assert(fails(function() return utf8.len("abc", 5) end,
               "initial position out of bounds"))
  assert(fails(function() return utf8.len("abc", 1, 4) end,
               "final position out of bounds"))
end

-- offset
do
  assert(utf8.offset(word, 1) == 1 and utf8.offset(word, 2) == 2)
  assert(utf8.offset(word, 3) == 5 and utf8.offset(word, 5) == 7)
  assert(utf8.offset(word, 6) == 8)             -- one past the end
  assert(utf8.offset(word, 7) == nil)
  assert(utf8.offset(word, -1) == 7 and utf8.offset(word, -4) == 2)
  assert(utf8.offset(word, -5) == 1 and utf8.offset(word, -6) == nil)
  assert(utf8.offset(word, 0, 3) == 2 and utf8.offset(word, 0, 4) == 2)
  assert(utf8.offset(word, 0, 5) == 5)
  assert(utf8.offset("", 1) == 1 and utf8.offset("", 0) == 1)
  assert(fails(function() return utf8.offset(word, 1, 3) end,
               "initial position is a continuation byte"))
  assert(fails(function() return utf8.offset("abc", 1, 5) end,
               "position out of bounds"))
  -- offset and sub together: the n-th character
  local function nth(s, i)
    local a, b = utf8.offset(s, i), utf8.offset(s, i + 1)
    return s:sub(a, b - 1)
  end
  assert(nth(word, 2) == euro and nth(word, 5) == "o")
end

-- codes
do
  local positions, points = {}, {}
  for p, c in utf8.codes(word) do
    positions[#positions + 1] = p
    points[#points + 1] = c
  end
  assert(table.concat(positions, ",") == "1,2,5,6,7")
  assert(points[2] == 0x20AC and #points == 5)
  for _ in utf8.codes("") do error("no iteration on an empty string") end
  assert(fails(function() for _ in utf8.codes("a\xFFb") do end end,
               "invalid UTF-8 code"))
  assert(fails(function() for _ in utf8.codes("\u{D800}") do end end,
               "invalid UTF-8 code"))
  local lax = 0
  for _, c in utf8.codes("\u{D800}", true) do lax = c end
  assert(lax == 0xD800)
end

-- round trip of a range of code points
do
  local cps = {0, 0x41, 0x7F, 0x80, 0x3B1, 0x7FF, 0x800, 0x4E2D, 0xFFFD,
               0xFFFF, 0x10000, 0x1F600, 0x10FFFF}
  local s = utf8.char(table.unpack(cps))
  assert(utf8.len(s) == #cps)
  local back = {utf8.codepoint(s, 1, -1)}
  for i = 1, #cps do assert(back[i] == cps[i]) end
  local i = 0
  for _, c in utf8.codes(s) do i = i + 1; assert(c == cps[i]) end
  assert(i == #cps)
end

return "ok"
