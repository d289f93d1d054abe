-- 06-pack: string.pack, string.unpack and string.packsize.
-- Covers the integer formats b B h H i I l L j J T and i1..i16, sizes,
-- overflow checks, sign extension on unpack, endianness (< > =),
-- alignment (! and X), padding x, strings s z c, unpack positions, and
-- the float options f d n, which fail with "(floats are not supported)".

local maxi <const> = math.maxinteger
local mini <const> = math.mininteger
local pack, unpack, packsize = string.pack, string.unpack, string.packsize

local function fails(f, text)
  local ok, msg = pcall(f)
  return not ok and type(msg) == "string" and
         msg:find(text, 1, true) ~= nil
end

local function hex(s)
  return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

-- sizes of the native formats (x86-64 and every 64-bit Linux target)
do
  assert(packsize("b") == 1 and packsize("B") == 1)
  assert(packsize("h") == 2 and packsize("H") == 2)
  assert(packsize("i") == 4 and packsize("I") == 4)
  assert(packsize("l") == 8 and packsize("L") == 8)
  assert(packsize("j") == 8 and packsize("J") == 8)
  assert(packsize("T") == 8)
  assert(packsize("x") == 1 and packsize("") == 0)
  for n = 1, 16 do
    assert(packsize("i" .. n) == n and packsize("I" .. n) == n)
  end
  assert(packsize("i1i2i4i8") == 15)
  assert(packsize("c10") == 10)
  assert(fails(function() return packsize("s") end, "variable-length format"))
  assert(fails(function() return packsize("z") end, "variable-length format"))
end

-- endianness
do
  assert(hex(pack("<i4", 1)) == "01000000")
  assert(hex(pack(">i4", 1)) == "00000001")
  assert(hex(pack("<i2", -2)) == "feff" and hex(pack(">i2", -2)) == "fffe")
  assert(pack("=i4", 0x01020304) == pack("<i4", 0x01020304))  -- x86 is little
  assert(hex(pack(">I3", 0x010203)) == "010203")
  assert(hex(pack("<j", 1)) == "0100000000000000")
  assert(hex(pack(">j", mini)) == "8000000000000000")
  -- switches apply to what follows them
  assert(hex(pack("<i2>i2", 1, 1)) == "01000001")
  assert(hex(pack(" < i2 ", 1)) == "0100")                -- spaces ignored
  assert(unpack(">i4", "\0\0\1\0") == 256)
  assert(unpack("<i4", "\0\1\0\0") == 256)
end

-- round trips of integer formats at their limits
do
  local cases = {
    {"b", -128}, {"b", 127}, {"B", 0}, {"B", 255},
    {"h", -32768}, {"h", 32767}, {"H", 65535},
    {"i", -2147483648}, {"i", 2147483647}, {"I", 4294967295},
    {"l", mini}, {"l", maxi}, {"j", mini}, {"j", maxi}, {"j", 0},
    {"J", -1}, {"L", -1}, {"T", 12345},
    {"i3", -8388608}, {"i3", 8388607}, {"I3", 16777215},
    {"i7", -1}, {"i16", mini}, {"i16", maxi}, {"i12", -123456789},
  }
  for _, c in ipairs(cases) do
    for _, e in ipairs({"<", ">", "="}) do
      local f = e .. c[1]
      local s = pack(f, c[2])
      assert(#s == packsize(f))
      local v, pos = unpack(f, s)
      assert(v == c[2] and pos == #s + 1)
    end
  end
  -- unsigned formats unpack to the same 64 bits
  assert(unpack("<J", pack("<j", -1)) == -1)
  assert(unpack("<I8", pack("<j", mini)) == mini)
  -- sign extension and zero extension
  assert(unpack("b", "\200") == -56 and unpack("B", "\200") == 200)
  assert(unpack("<h", "\255\255") == -1 and unpack("<H", "\255\255") == 65535)
  assert(hex(pack("<i16", -2)) == "fe" .. string.rep("ff", 15))
  assert(hex(pack(">I16", 1)) == string.rep("00", 15) .. "01")
  -- wider than 8 bytes: the extra bytes must be a sign extension
  assert(unpack("<i9", string.rep("\255", 9)) == -1)
  assert(unpack("<i10", "\1" .. string.rep("\0", 9)) == 1)
  assert(fails(function() return unpack("<i9", string.rep("\255", 8) .. "\1") end,
               "9-byte integer does not fit into Lua Integer"))
  assert(fails(function() return unpack("<I9", string.rep("\0", 8) .. "\1") end,
               "does not fit into Lua Integer"))
end

-- overflow checks when packing
do
  assert(fails(function() return pack("i1", 128) end, "integer overflow"))
  assert(fails(function() return pack("i1", -129) end, "integer overflow"))
  assert(fails(function() return pack("b", 200) end, "integer overflow"))
  assert(fails(function() return pack("I1", 256) end, "unsigned overflow"))
  assert(fails(function() return pack("B", -1) end, "unsigned overflow"))
  assert(fails(function() return pack("h", 40000) end, "overflow"))
  assert(pack("i8", maxi) and pack("I8", -1))  -- full width: no check
  assert(fails(function() return pack("i17", 1) end,
               "integral size (17) out of limits [1,16]"))
  assert(fails(function() return pack("i0", 1) end, "out of limits"))
  assert(fails(function() return pack("i4", "x") end, "number expected"))
  assert(fails(function() return pack("i4") end, "bad argument #2"))
  assert(pack("i4", "12") == pack("i4", 12))    -- numeric strings coerce
end

-- strings: s (length prefixed), z (zero terminated), c (fixed size)
do
  assert(hex(pack("s1", "abc")) == "03616263")
  assert(hex(pack(">s2", "ab")) == "00026162")
  assert(#pack("s", "abc") == 8 + 3)
  assert(unpack("s1", "\3abcXYZ") == "abc")
  assert(select(2, unpack("s1", "\3abcXYZ")) == 5)
  assert(fails(function() return pack("s1", string.rep("x", 256)) end,
               "string length does not fit in given size"))
  assert(fails(function() return unpack("s1", "\5ab") end,
               "data string too short"))
  assert(pack("z", "ab") == "ab\0")
  local z1, z2, zpos = unpack("zz", "abc\0de\0rest")
  assert(z1 == "abc" and z2 == "de" and zpos == 8)
  assert(fails(function() return pack("z", "a\0b") end, "string contains zeros"))
  assert(fails(function() return unpack("z", "abc") end,
               "unfinished string for format 'z'"))
  assert(pack("c5", "ab") == "ab\0\0\0")
  assert(unpack("c3", "abcdef") == "abc")
  assert(pack("c0", "") == "")
  assert(fails(function() return pack("c2", "abc") end,
               "string longer than given size"))
  assert(fails(function() return pack("c", "abc") end,
               "missing size for format option 'c'"))
  -- embedded zeros survive s and c
  assert(unpack("s4", pack("s4", "a\0b")) == "a\0b")
  assert(unpack("c3", pack("c3", "\0\0\0")) == "\0\0\0")
end

-- padding and alignment
do
  assert(pack("x") == "\0" and pack("i1xi1", 1, 2) == "\1\0\2")
  assert(hex(pack("<!4 i1 i4", 1, 2)) == "0100000002000000")
  assert(hex(pack("<!4 i1 Xi4 i1", 1, 2)) == "0100000002")
  assert(packsize("!8 i1 i8") == 16)
  assert(packsize("!8 i1 i2") == 4)
  assert(packsize("!2 i1 i8") == 10)              -- aligned to at most 2
  assert(packsize("i1 i8") == 9)                  -- no '!': no alignment
  assert(packsize("!i1 !4 i8") == 12)
  local a, b, pos = unpack("<!4 i1 i4", pack("<!4 i1 i4", -1, 99))
  assert(a == -1 and b == 99 and pos == 9)
  assert(fails(function() return pack("!3 i4", 1) end,
               "format asks for alignment not power of 2"))
  assert(fails(function() return pack("!17", 1) end, "out of limits"))
  assert(fails(function() return pack("X", 1) end,
               "invalid next option for option 'X'"))
  assert(fails(function() return pack("Xz", 1) end, "invalid next option"))
  assert(fails(function() return pack("q", 1) end,
               "invalid format option 'q'"))
end

-- unpack positions
do
  local s = pack("<i2i2i2", 1, 2, 3)
  assert(unpack("<i2", s, 3) == 2 and unpack("<i2", s, -2) == 3)
  local x, y, nextpos = unpack("<i2i2", s, 3)
  assert(x == 2 and y == 3 and nextpos == 7)
  assert(select("#", unpack("", s)) == 1 and unpack("", s) == 1)
  assert(unpack("<i2", s, 7 - 2) == 3)
  assert(fails(function() return unpack("<i4", "abc") end,
               "data string too short"))
  assert(fails(function() return unpack("<i4", "abcd", 10) end,
               "initial position out of string"))
  assert(fails(function() return unpack("<i2", s, 6) end, "too short"))
  -- walk a buffer of records
  local buf = pack("<s1i4s1i4", "one", 1, "two", 2)
  local pos, seen = 1, {}
  while pos <= #buf do
    local name, n
    name, n, pos = unpack("<s1i4", buf, pos)
    seen[name] = n
  end
  assert(seen.one == 1 and seen.two == 2)
end

-- float options are refused in pack, unpack and packsize
do
  for _, opt in ipairs({"f", "d", "n"}) do
    local want = "invalid format option '" .. opt ..
                 "' (floats are not supported)"
    assert(fails(function() return pack(opt, 1) end, want))
    assert(fails(function() return pack("<" .. opt, 1) end, want))
    assert(fails(function() return pack("i4" .. opt, 1, 2) end, want))
    assert(fails(function() return unpack(opt, "12345678") end, want))
    assert(fails(function() return packsize(opt) end, want))
    assert(fails(function() return packsize("!8 i1" .. opt) end, want))
  end
end

return "ok"
