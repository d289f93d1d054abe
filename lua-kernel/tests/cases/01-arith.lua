-- 01-arith: integer arithmetic of the dialect.
-- Covers + - * // % and unary minus, floor division and modulo with
-- negative operands, wrap-around at math.maxinteger/mininteger, the
-- corner cases mininteger // -1 and % -1, division and modulo by zero,
-- comparisons, and coercion of numeric strings ("10" + 1).

local maxi <const> = math.maxinteger
local mini <const> = math.mininteger

local function fails(f, text)
  local ok, msg = pcall(f)
  return not ok and type(msg) == "string" and
         msg:find(text, 1, true) ~= nil
end

-- basic operations and precedence
do
  assert(1 + 2 == 3 and 2 - 5 == -3 and 6 * 7 == 42)
  assert(2 + 3 * 4 == 14 and (2 + 3) * 4 == 20)
  assert(-2 * -3 == 6 and - -4 == 4)
  assert(10 - 2 - 3 == 5)               -- left associative
  assert(100 // 10 // 5 == 2)
  assert(2 * 3 % 4 == 2)                -- same precedence, left to right
  assert(-3 + 5 == 2 and -(3 + 5) == -8)
  assert(1 + -1 == 0 and 0 == -0)
  local x = 7
  x = x * x - x
  assert(x == 42)
end

-- floor division rounds towards minus infinity
do
  assert(7 // 2 == 3)
  assert(-7 // 2 == -4)
  assert(7 // -2 == -4)
  assert(-7 // -2 == 3)
  assert(6 // 3 == 2 and -6 // 3 == -2 and 6 // -3 == -2)
  assert(0 // 5 == 0 and 0 // -5 == 0)
  assert(1 // 2 == 0 and -1 // 2 == -1)
  assert(maxi // 1 == maxi and mini // 1 == mini)
  assert(maxi // maxi == 1 and mini // mini == 1)
  assert(mini // maxi == -2)
  assert(maxi // mini == -1)
  assert(mini // 2 == -4611686018427387904)
  assert(maxi // -1 == -maxi)
end

-- modulo takes the sign of the divisor: a == (a // b) * b + a % b
do
  assert(7 % 3 == 1)
  assert(-7 % 3 == 2)
  assert(7 % -3 == -2)
  assert(-7 % -3 == -1)
  assert(6 % 3 == 0 and -6 % 3 == 0 and 6 % -3 == 0)
  assert(0 % 7 == 0 and 0 % -7 == 0)
  assert(maxi % 2 == 1 and mini % 2 == 0)
  assert(mini % 3 == 1)
  assert(mini % maxi == maxi - 1)
  assert(maxi % mini == -1)
  for a = -9, 9 do
    for _, b in ipairs({-4, -3, -1, 1, 2, 5}) do
      local q, r = a // b, a % b
      assert(q * b + r == a)
      assert(r == 0 or (r < 0) == (b < 0))
      assert(math.abs(r) < math.abs(b))
    end
  end
end

-- the corner cases of integer division
do
  local m1 = -1                         -- not a constant: no folding
  assert(mini // m1 == mini)            -- wraps, does not trap
  assert(mini % m1 == 0)
  assert(mini // -1 == mini)            -- folded at compile time
  assert(mini % -1 == 0)
  assert(maxi // m1 == -maxi and maxi % m1 == 0)
  assert(5 // m1 == -5 and 5 % m1 == 0)
end

-- division and modulo by zero raise errors (folding is not allowed)
do
  local zero = 0
  assert(fails(function() return 1 // zero end, "attempt to divide by zero"))
  assert(fails(function() return 1 % zero end, "attempt to perform 'n%0'"))
  assert(fails(function() return 1 // 0 end, "attempt to divide by zero"))
  assert(fails(function() return 1 % 0 end, "attempt to perform 'n%0'"))
  assert(fails(function() return mini // zero end, "divide by zero"))
  assert(fails(function() return "1" // "0" end, "divide by zero"))
  assert(fails(function() return "1" % 0 end, "'n%0'"))
  local f = load("return 5 // 0")       -- compiles, fails when run
  assert(f and fails(f, "divide by zero"))
end

-- wrap-around at the limits (two's complement, never an error)
do
  assert(maxi + 1 == mini)
  assert(mini - 1 == maxi)
  assert(-mini == mini)
  assert(-maxi == mini + 1)
  assert(maxi * 2 == -2)
  assert(mini * 2 == 0)
  assert(mini * -1 == mini)
  assert(maxi * maxi == 1)
  assert(maxi + maxi == -2)
  assert(mini + mini == 0)
  assert(0x7fffffffffffffff == maxi)
  assert(0x8000000000000000 == mini)    -- hex numerals wrap around
  assert(0xffffffffffffffff == -1)
  assert(maxi == 9223372036854775807)
  assert(mini == -9223372036854775807 - 1)
  local big = 1
  for _ = 1, 63 do big = big * 2 end
  assert(big == mini)
  assert(big * 2 == 0)
end

-- comparisons
do
  assert(1 < 2 and 2 > 1 and 1 <= 1 and 1 >= 1 and 1 ~= 2)
  assert(not (2 < 1) and not (1 > 2))
  assert(mini < maxi and mini < 0 and maxi > 0)
  assert(mini <= mini and maxi >= maxi)
  assert(-1 < 0 and -1 < 1)
  assert(1 == 1 and not (1 == 2))
  -- numbers never equal strings, and ordering them is an error
  assert(1 ~= "1" and "1" ~= 1)
  assert(fails(function() return 1 < "2" end,
               "attempt to compare number with string"))
  assert(fails(function() return {} <= 1 end, "attempt to compare"))
  -- strings compare byte by byte
  assert("a" < "b" and "abc" < "abd" and "" < "a" and "Z" < "a")
  assert("10" < "9")                   -- as strings, not as numbers
  assert("a\0b" < "a\0c" and "a" < "a\0")
  assert(not ("abc" < "abc") and "abc" <= "abc")
  -- math.ult: unsigned comparison
  assert(math.ult(1, 2) and math.ult(1, -1) and not math.ult(-1, 1))
  assert(math.ult(maxi, mini))
end

-- numeric strings coerce to integers in arithmetic
do
  assert("10" + 1 == 11)
  assert(math.type("10" + 1) == "integer")
  assert("3" * "4" == 12)
  assert("0x10" + 0 == 16)
  assert(" 7 " - 2 == 5)
  assert(-"2" == -2)
  assert("10" // "3" == 3 and "10" % "3" == 1)
  assert("-7" // 2 == -4)
  assert(10 .. 20 == "1020")           -- and numbers to strings
  assert(1 .. "" == "1" and -5 .. "" == "-5")
  assert(mini .. "" == "-9223372036854775808")
  -- strings that are not integers do not coerce
  assert(fails(function() return "1.5" + 1 end, "attempt to"))
  assert(fails(function() return "1e2" + 1 end, "attempt to"))
  assert(fails(function() return "abc" + 1 end, "attempt to"))
  assert(fails(function() return "9223372036854775808" + 0 end,
               "attempt to"))
  assert(fails(function() return {} + 1 end,
               "attempt to perform arithmetic on a table value"))
  assert(fails(function() local t; return t + 1 end, "arithmetic on a nil"))
  assert(fails(function() return #5 end, "attempt to get length"))
end

-- tostring and tonumber round trips
do
  for _, n in ipairs({0, 1, -1, 42, maxi, mini, 1000000007}) do
    assert(tonumber(tostring(n)) == n)
    assert(math.tointeger(tostring(n)) == n)
  end
  assert(tostring(-0) == "0")
  assert(tostring(12345678901234) == "12345678901234")
end

return "ok"
