-- 02-bitwise: bitwise operators on 64-bit integers.
-- Covers & | ~ (xor and not), << and >> (logical, not arithmetic), shift
-- counts of 64 and more, negative shift counts, precedence, and the
-- errors for operands that are not integers (strings do not coerce).

local maxi <const> = math.maxinteger
local mini <const> = math.mininteger

local function fails(f, text)
  local ok, msg = pcall(f)
  return not ok and type(msg) == "string" and
         msg:find(text, 1, true) ~= nil
end

-- and, or, xor, not
do
  assert(5 & 3 == 1 and 5 | 3 == 7 and 5 ~ 3 == 6)
  assert(0xF0 & 0x3C == 0x30 and 0xF0 | 0x0F == 0xFF)
  assert(0xFF ~ 0xFF == 0 and 0xFF ~ 0 == 0xFF)
  assert(~0 == -1 and ~-1 == 0 and ~5 == -6)
  assert(~maxi == mini and ~mini == maxi)
  assert(-1 & maxi == maxi)
  assert(mini | maxi == -1)
  assert(mini & maxi == 0)
  assert(0xF0 & ~0x30 == 0xC0)
  local x = 0x123456789ABCDEF0
  assert(x & -1 == x and x | 0 == x and x ~ x == 0 and ~~x == x)
  assert((x & 0xFFFF) == 0xDEF0)
  assert(x ~ -1 == ~x)
  -- De Morgan, over a few values
  for _, a in ipairs({0, 1, -1, 12345, mini, maxi, 0x5555}) do
    for _, b in ipairs({0, 7, -8, maxi, 0x0F0F}) do
      assert(~(a & b) == ~a | ~b)
      assert(~(a | b) == ~a & ~b)
      assert(a ~ b == (a | b) & ~(a & b))
    end
  end
end

-- shifts are logical and fill with zeros
do
  assert(1 << 0 == 1 and 1 << 1 == 2 and 1 << 10 == 1024)
  assert(1 << 62 == 0x4000000000000000)
  assert(1 << 63 == mini)
  assert(3 << 63 == mini)             -- bits above 64 are lost
  assert(0xFF >> 4 == 0xF and 1 >> 1 == 0)
  assert(-1 >> 1 == maxi)              -- no sign extension
  assert(-1 >> 63 == 1)
  assert(mini >> 63 == 1)
  assert(mini >> 1 == 0x4000000000000000)
  assert(-1 << 1 == -2)
  assert(-16 >> 4 == 0x0FFFFFFFFFFFFFFF)
end

-- shift counts of 64 or more give zero; negative counts reverse direction
do
  local n64, n65, big = 64, 65, 1000
  assert(1 << 64 == 0 and -1 << 64 == 0)
  assert(1 << n64 == 0 and -1 >> n64 == 0)
  assert(-1 << n65 == 0 and -1 >> big == 0)
  assert(1 << maxi == 0 and -1 >> maxi == 0)
  assert(1 << mini == 0 and -1 >> mini == 0)
  assert(1 << -1 == 0)                 -- that is 1 >> 1
  assert(8 >> -1 == 16)                -- that is 8 << 1
  assert(8 << -2 == 2)
  assert(1 >> -63 == mini)
  assert(1 >> -64 == 0 and 1 << -64 == 0)
  local neg = -3
  assert(0x100 << neg == 0x20 and 0x100 >> neg == 0x800)
  for i = 0, 63 do
    local b = 1 << i
    assert(b >> i == 1)
    assert(b << -i == 1)
    assert(b ~= 0)
  end
end

-- precedence: comparison < | < ~ < & < shift < .. < + -
do
  assert(1 | 2 ~ 3 & 4 == 1 | (2 ~ (3 & 4)))
  assert(1 << 2 + 1 == 8)               -- + binds tighter than <<
  assert(1 | 2 == 3)                    -- == binds looser than |
  assert(2 & 3 << 1 == 2)               -- << binds tighter than &
  assert(~1 + 1 == -1)                  -- unary ~ binds tightest
  assert(- ~0 == 1)
end

-- numeric strings coerce through the string library's metamethods
-- for arithmetic only; bitwise operators refuse strings and tables
do
  assert(fails(function() return "3" & 1 end,
               "attempt to perform bitwise operation on a string value"))
  assert(fails(function() return 1 | "1" end, "bitwise operation"))
  assert(fails(function() return ~"1" end, "bitwise operation"))
  assert(fails(function() return "1" << 1 end, "bitwise operation"))
  assert(fails(function() return {} ~ 1 end,
               "attempt to perform bitwise operation on a table value"))
  assert(fails(function() local t; return t >> 1 end,
               "attempt to perform bitwise operation on a nil value"))
  assert(fails(function() return true & 1 end, "boolean"))
  -- converting explicitly is fine
  assert(tonumber("3") & 1 == 1 and math.tointeger("12") >> 2 == 3)
end

-- some classic bit tricks, to exercise everything together
do
  local function popcount(x)
    local n = 0
    while x ~= 0 do
      x = x & (x - 1)
      n = n + 1
    end
    return n
  end
  assert(popcount(0) == 0 and popcount(0xFF) == 8)
  assert(popcount(-1) == 64 and popcount(mini) == 1)
  assert(popcount(maxi) == 63)
  local function rotl(x, k) return (x << k) | (x >> (64 - k)) end
  assert(rotl(1, 63) == mini and rotl(mini, 1) == 1)
  assert(rotl(0x0123456789ABCDEF, 8) == 0x23456789ABCDEF01)
  local function lowbit(x) return x & -x end
  assert(lowbit(12) == 4 and lowbit(mini) == mini)
  -- swap without a temporary
  local a, b = 0x1234, -77
  a = a ~ b; b = a ~ b; a = a ~ b
  assert(a == -77 and b == 0x1234)
  -- sign test
  assert((-5 >> 63) == 1 and (5 >> 63) == 0)
end

return "ok"
