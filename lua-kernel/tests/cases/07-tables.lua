-- 07-tables: tables and the table library (sorting is in 08-sort).
-- Covers constructors, the length operator on sequences, integer keys
-- versus string keys ("1" is not 1), nil keys, next/pairs/ipairs,
-- table.insert/remove/move/concat/unpack/pack with their bounds errors,
-- rawget/rawset/rawlen/rawequal, select, and __index-aware ipairs.

local function fails(f, text)
  local ok, msg = pcall(f)
  return not ok and type(msg) == "string" and
         msg:find(text, 1, true) ~= nil
end

-- constructors and length
do
  local t = {10, 20, 30, x = 1, ["y z"] = 2, [100] = 3}
  assert(#t == 3 and t[1] == 10 and t.x == 1 and t["y z"] == 2)
  assert(t[100] == 3 and t[4] == nil)
  assert(#{} == 0 and #{nil} == 0 and #{1, 2, nil} == 2)
  local function three() return 1, 2, 3 end
  assert(#{three()} == 3 and #{three(), three()} == 4)
  assert(#{(three())} == 1)
  local u = {[1] = "a", [2] = "b", "c"}   -- positional wins over [1]
  assert(u[1] == "c" and u[2] == "b")
  local s = {}
  for i = 1, 100 do s[i] = i end
  assert(#s == 100)
  s[#s + 1] = 101
  assert(#s == 101)
  s[#s] = nil
  assert(#s == 100)
  local n = {1; 2; 3,}                    -- ; and a trailing separator
  assert(#n == 3)
end

-- integer keys versus string keys
do
  local t = {}
  t[1] = "int"
  t["1"] = "str"
  assert(t[1] == "int" and t["1"] == "str")
  assert(t[tonumber("1")] == "int" and t[tostring(1)] == "str")
  t[-1] = "neg"
  t[0] = "zero"
  t[math.maxinteger] = "max"
  t[math.mininteger] = "min"
  assert(t[-1] == "neg" and t[0] == "zero")
  assert(t[math.maxinteger] == "max" and t[math.mininteger] == "min")
  assert(t[0x10] == t[16])
  local count = 0
  for _ in pairs(t) do count = count + 1 end
  assert(count == 6)
  -- booleans, tables and functions are keys too
  local k1, k2 = {}, function() end
  t[true], t[k1], t[k2] = "b", "t", "f"
  assert(t[true] == "b" and t[k1] == "t" and t[k2] == "f" and t[{}] == nil)
  -- nil keys: reading is fine, writing is an error
  assert(t[nil] == nil)
  assert(fails(function() local x = {}; x[nil] = 1 end, "table index is nil"))
  assert(fails(function() return rawset({}, nil, 1) end, "table index is nil"))
  assert(fails(function() return {[nil] = 1} end, "table index is nil"))
  -- assigning nil removes a key
  t["1"] = nil
  assert(t["1"] == nil and next({}) == nil)
end

-- next, pairs, ipairs
do
  local t = {1, 2, 3, a = "x", b = "y"}
  local keys = {}
  for k, v in pairs(t) do keys[#keys + 1] = tostring(k) .. "=" .. v end
  table.sort(keys)
  assert(table.concat(keys, ",") == "1=1,2=2,3=3,a=x,b=y")
  local k, v = next(t)
  assert(k ~= nil and t[k] == v)
  assert(next({}) == nil)
  assert(fails(function() return next({}, "nokey") end, "invalid key to 'next'"))
  -- ipairs stops at the first nil
  local seen = 0
  for i, x in ipairs({1, 2, nil, 4}) do seen = i; assert(x == i) end
  assert(seen == 2)
  -- clearing fields while traversing is allowed
  local big = {}
  for i = 1, 50 do big["k" .. i] = i end
  for key in pairs(big) do big[key] = nil end
  assert(next(big) == nil)
  -- pairs returns next, the table and nil
  local f, s, init = pairs(t)
  assert(f == next and s == t and init == nil)
  assert(fails(function() return ipairs() end, "bad argument #1 to 'ipairs'"))
  assert(fails(function() for _ in pairs(nil) do end end, "table expected"))
  -- ipairs respects __index (since 5.3)
  local proxy = setmetatable({}, {__index = function(_, i)
    if i <= 3 then return i * 10 end
  end})
  local sum = 0
  for _, x in ipairs(proxy) do sum = sum + x end
  assert(sum == 60)
  -- __pairs
  local custom = setmetatable({}, {__pairs = function(self)
    local i = 0
    return function() i = i + 1; if i <= 2 then return i, -i end end, self, nil
  end})
  local total = 0
  for a, b in pairs(custom) do total = total + a + b end
  assert(total == 0)
end

-- table.insert and table.remove
do
  local t = {}
  table.insert(t, "a")
  table.insert(t, "c")
  table.insert(t, 2, "b")
  table.insert(t, 1, "0")
  assert(table.concat(t) == "0abc")
  table.insert(t, #t + 1, "d")
  assert(t[5] == "d")
  assert(table.remove(t) == "d" and #t == 4)
  assert(table.remove(t, 1) == "0" and table.concat(t) == "abc")
  assert(table.remove(t, 2) == "b" and table.concat(t) == "ac")
  assert(table.remove({}) == nil and table.remove({}, 0) == nil)
  assert(table.remove({1, 2, 3}, 4) == nil)      -- #t + 1 is allowed
  assert(fails(function() table.insert({1, 2}, 5, 3) end,
               "position out of bounds"))
  assert(fails(function() table.insert({1, 2}, 0, 3) end,
               "position out of bounds"))
  assert(fails(function() table.insert({}, 1, 2, 3) end,
               "wrong number of arguments to 'insert'"))
  assert(fails(function() table.insert({}) end, "wrong number of arguments"))
  assert(fails(function() table.remove({1}, 5) end, "position out of bounds"))
  assert(fails(function() table.insert(nil, 1) end, "table expected"))
  -- a queue built on insert/remove
  local q = {}
  for i = 1, 10 do table.insert(q, i) end
  local out = {}
  while #q > 0 do out[#out + 1] = table.remove(q, 1) end
  assert(#out == 10 and out[1] == 1 and out[10] == 10)
end

-- table.move
do
  local a = {1, 2, 3, 4, 5}
  table.move(a, 2, 4, 1)                    -- overlapping, to the left
  assert(table.concat(a, ",") == "2,3,4,4,5")
  a = {1, 2, 3, 4, 5}
  table.move(a, 1, 3, 3)                    -- overlapping, to the right
  assert(table.concat(a, ",") == "1,2,1,2,3")
  local b = table.move({1, 2, 3}, 1, 3, 2, {"x"})
  assert(table.concat(b, ",") == "x,1,2,3")
  assert(#table.move({}, 1, 0, 1, {}) == 0)  -- empty range
  assert(fails(function() table.move({1}, 1, math.maxinteger, 2) end,
               "destination wrap around"))
  assert(fails(function() table.move({1}, -1, math.maxinteger, 2) end,
               "too many elements to move"))
end

-- table.concat
do
  assert(table.concat({}) == "" and table.concat({}, ",") == "")
  assert(table.concat({1, 2, 3}) == "123")
  assert(table.concat({1, 2, 3}, ", ") == "1, 2, 3")
  assert(table.concat({"a", "b", "c"}, "-", 2) == "b-c")
  assert(table.concat({"a", "b", "c"}, "-", 2, 2) == "b")
  assert(table.concat({"a", "b", "c"}, "-", 3, 2) == "")
  assert(table.concat({"a\0", "b"}, "\0") == "a\0\0b")
  assert(fails(function() return table.concat({1, {}, 3}) end,
               "invalid value (table) at index 2 in table for 'concat'"))
  assert(fails(function() return table.concat({1, 2}, ",", 1, 3) end,
               "invalid value (nil) at index 3"))
end

-- table.pack, table.unpack, select
do
  local p = table.pack(1, nil, 3)
  assert(p.n == 3 and p[1] == 1 and p[2] == nil and p[3] == 3)
  assert(table.pack().n == 0 and table.pack(nil, nil).n == 2)
  local a, b, c = table.unpack({1, 2, 3})
  assert(a == 1 and b == 2 and c == 3)
  assert(select("#", table.unpack({1, 2, 3}, 2)) == 2)
  assert(select("#", table.unpack({}, 1, 3)) == 3)
  assert(select("#", table.unpack({1, 2}, 3, 2)) == 0)
  local x, y = table.unpack({1, 2, 3}, -1, 0)
  assert(x == nil and y == nil)
  assert(table.unpack({1, 2, 3}, 3) == 3)
  assert(fails(function() return table.unpack({}, 1, 10000000) end,
               "too many results to unpack"))
  assert(fails(function()
    return table.unpack({}, math.mininteger, math.maxinteger)
  end, "too many results to unpack"))
  assert(select("#") == 0 and select("#", nil, nil) == 2)
  assert(select(2, "a", "b", "c") == "b")
  assert(select(-1, "a", "b", "c") == "c")
  assert(select(-3, "a", "b", "c") == "a")
  assert(select(5, "a") == nil)
  assert(fails(function() return select(0, 1) end, "index out of range"))
  assert(fails(function() return select(-2, 1) end, "index out of range"))
  local function count(...) return select("#", ...) end
  assert(count(table.unpack(p, 1, p.n)) == 3)
end

-- raw access bypasses metamethods
do
  local log = {}
  local t = setmetatable({}, {
    __index = function(_, k) return "meta " .. k end,
    __newindex = function(_, k) log[#log + 1] = k end,
    __len = function() return 42 end,
    __eq = function() return true end,
  })
  assert(t.x == "meta x" and rawget(t, "x") == nil)
  t.y = 1
  assert(log[1] == "y" and rawget(t, "y") == nil)
  rawset(t, "y", 2)
  assert(t.y == 2 and #log == 1)
  assert(#t == 42 and rawlen(t) == 0)
  local other = setmetatable({}, getmetatable(t))
  assert(t == other and not rawequal(t, other))
  assert(rawlen("abc") == 3 and rawequal("a", "a") and not rawequal(1, "1"))
  assert(fails(function() return rawlen(5) end, "table or string expected"))
  assert(fails(function() return rawget("x", 1) end, "table expected"))
  assert(rawset(t, 1, 1) == t)
end

-- tables are references
do
  local a = {}
  local b = a
  b.x = 1
  assert(a.x == 1 and a == b and {} ~= {})
  local function fill(t) t[#t + 1] = "filled" end
  fill(a)
  assert(a[1] == "filled")
  -- a sequence of tables, a matrix
  local m = {}
  for i = 1, 5 do
    m[i] = {}
    for j = 1, 5 do m[i][j] = i * j end
  end
  assert(m[3][4] == 12 and #m == 5 and #m[5] == 5)
end

return "ok"
