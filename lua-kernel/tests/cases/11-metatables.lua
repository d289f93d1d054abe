-- 11-metatables: metatables and metamethods.
-- Covers __index and __newindex (tables, functions, chains), __call,
-- __eq/__lt/__le, __len, __concat, __unm, every arithmetic and bitwise
-- event (__add ... __shr, __bnot) including __div and __pow on tables,
-- which still work although numeric '/' and '^' are refused, numeric
-- strings dividing through the string metatable, __tostring and __name,
-- __metatable protection, and the errors for missing metamethods.
-- (__close is in 12-close, __gc and __mode in 17-gc.)

local function fails(f, text)
  local ok, msg = pcall(f)
  return not ok and type(msg) == "string" and
         msg:find(text, 1, true) ~= nil
end

-- setmetatable and getmetatable
do
  local t, mt = {}, {}
  assert(setmetatable(t, mt) == t and getmetatable(t) == mt)
  assert(setmetatable(t, nil) == t and getmetatable(t) == nil)
  assert(getmetatable({}) == nil and getmetatable(1) == nil)
  assert(getmetatable("").__index == string)
  local locked = setmetatable({}, {__metatable = "locked"})
  assert(getmetatable(locked) == "locked")
  assert(fails(function() setmetatable(locked, {}) end,
               "cannot change a protected metatable"))
  assert(fails(function() setmetatable(1, {}) end, "table expected"))
  assert(fails(function() setmetatable({}, 5) end, "nil or table expected"))
  assert(fails(function() setmetatable({}) end, "nil or table expected"))
end

-- __index: a table, a function, a chain
do
  local base = {greet = function(self) return "hi " .. self.name end, kind = "base"}
  local obj = setmetatable({name = "lua"}, {__index = base})
  assert(obj:greet() == "hi lua" and obj.kind == "base" and obj.nothing == nil)
  assert(rawget(obj, "kind") == nil)
  local calls = 0
  local lazy = setmetatable({}, {__index = function(t, k)
    calls = calls + 1
    local v = k * k
    rawset(t, k, v)                    -- memoise
    return v
  end})
  assert(lazy[12] == 144 and lazy[12] == 144 and calls == 1)
  -- a chain of tables, each the __index of the next
  local top = {deep = "found"}
  local cur = top
  for _ = 1, 20 do cur = setmetatable({}, {__index = cur}) end
  assert(cur.deep == "found" and cur.missing == nil)
  -- class-like inheritance
  local Animal = {}
  Animal.__index = Animal
  function Animal.new(name) return setmetatable({name = name}, Animal) end
  function Animal:speak() return self.name .. " makes a sound" end
  local Dog = setmetatable({}, {__index = Animal})
  Dog.__index = Dog
  function Dog.new(name) return setmetatable(Animal.new(name), Dog) end
  function Dog:speak() return self.name .. " barks" end
  local a, d = Animal.new("cat"), Dog.new("rex")
  assert(a:speak() == "cat makes a sound" and d:speak() == "rex barks")
  assert(Animal.speak(d) == "rex makes a sound")
  assert(fails(function() local x = setmetatable({}, {__index = 5}); return x.y end,
               "attempt to index a number value"))
end

-- __newindex: a table, a function; only for absent keys
do
  local log = {}
  local t = setmetatable({present = 1}, {__newindex = function(tbl, k, v)
    log[#log + 1] = k
    rawset(tbl, k, v * 2)
  end})
  t.present = 10
  t.fresh = 5
  assert(t.present == 10 and t.fresh == 10 and #log == 1 and log[1] == "fresh")
  t.fresh = 7                          -- now present: no metamethod
  assert(t.fresh == 7 and #log == 1)
  local store = {}
  local proxy = setmetatable({}, {__newindex = store, __index = store})
  proxy.a = 1
  assert(rawget(proxy, "a") == nil and store.a == 1 and proxy.a == 1)
  -- a read-only table
  local ro = setmetatable({}, {
    __index = {x = 1},
    __newindex = function(_, k) error("read-only field " .. k, 2) end,
  })
  assert(ro.x == 1)
  assert(fails(function() ro.y = 2 end, "read-only field y"))
end

-- __call
do
  local callable = setmetatable({}, {__call = function(self, a, b)
    return self, a, b
  end})
  local s, a, b = callable(1, 2)
  assert(s == callable and a == 1 and b == 2)
  local memo = setmetatable({}, {__call = function(self, n)
    local v = self[n]
    if not v then v = n * 10; self[n] = v end
    return v
  end})
  assert(memo(3) == 30 and memo[3] == 30)
  assert(pcall(callable))
  assert(select("#", callable()) == 3)
  assert(fails(function() local x = setmetatable({}, {__call = 5}); return x() end,
               "attempt to call"))
  assert(fails(function() local x = {}; return x() end,
               "attempt to call a table value"))
end

-- comparisons
do
  local mt = {}
  mt.__eq = function(a, b) return a.v == b.v end
  mt.__lt = function(a, b) return a.v < b.v end
  mt.__le = function(a, b) return a.v <= b.v end
  local function V(v) return setmetatable({v = v}, mt) end
  local a, b, c = V(1), V(2), V(1)
  assert(a == c and a ~= b and not (a == b))
  assert(a < b and b > a and a <= c and c >= a and not (b < a))
  assert(not rawequal(a, c))
  -- __eq only for two tables (or two userdata), never against other types
  assert(a ~= 1 and a ~= "x")
  -- results are converted to booleans
  local truthy = {__eq = function() return 1 end, __lt = function() return "yes" end,
                  __le = function() return nil end}
  local x, y = setmetatable({}, truthy), setmetatable({}, truthy)
  assert((x == y) == true and (x ~= y) == false)
  assert((x < y) == true and (x <= y) == false)
  -- Lua 5.4 no longer emulates __le with __lt
  local ltonly = {__lt = function() return true end}
  local p, q = setmetatable({}, ltonly), setmetatable({}, ltonly)
  assert(p < q)
  assert(fails(function() return p <= q end, "attempt to compare two table values"))
  -- __lt against a number
  local n = setmetatable({}, {__lt = function(l, r)
    return (type(l) == "table" and 0 or l) < (type(r) == "table" and 0 or r)
  end})
  assert(n < 1 and -1 < n and not (n < -1))
  assert(fails(function() return {} < {} end, "attempt to compare two table values"))
end

-- arithmetic events, including / and ^ on tables
do
  local log = {}
  local mt = {}
  for _, ev in ipairs({"add", "sub", "mul", "div", "mod", "pow", "idiv",
                       "band", "bor", "bxor", "shl", "shr", "concat"}) do
    mt["__" .. ev] = function(l, r)
      log[#log + 1] = ev
      return ev
    end
  end
  mt.__unm = function(v, again) assert(rawequal(v, again)); return "unm" end
  mt.__bnot = function(v, again) assert(rawequal(v, again)); return "bnot" end
  mt.__len = function() return "len" end
  local t = setmetatable({}, mt)
  assert(t + 1 == "add" and 1 + t == "add" and t - t == "sub" and t * 2 == "mul")
  assert(t / 2 == "div" and 2 / t == "div" and t / t == "div")
  assert(t ^ 2 == "pow" and 2 ^ t == "pow")
  assert(t % 3 == "mod" and t // 3 == "idiv")
  assert(t & 1 == "band" and 1 | t == "bor" and t ~ 1 == "bxor")
  assert(t << 1 == "shl" and t >> 1 == "shr")
  assert(-t == "unm" and ~t == "bnot" and #t == "len")
  assert(t .. "x" == "concat" and "x" .. t == "concat" and 1 .. t == "concat")
  assert(#log == 19)
  -- numeric strings reach a table's __div and __pow through the string
  -- library's own arithmetic metamethods
  assert("10" / t == "div" and "3" ^ t == "pow" and t / "4" == "div")
  -- the left operand's metamethod wins
  local left = setmetatable({}, {__add = function() return "left" end})
  local right = setmetatable({}, {__add = function() return "right" end})
  assert(left + right == "left" and right + left == "right")
  assert(1 + right == "right")
end

-- a vector type with real arithmetic
do
  local Vec = {}
  Vec.__index = Vec
  local function vec(x, y) return setmetatable({x = x, y = y}, Vec) end
  Vec.__add = function(a, b) return vec(a.x + b.x, a.y + b.y) end
  Vec.__sub = function(a, b) return vec(a.x - b.x, a.y - b.y) end
  Vec.__mul = function(a, b)
    if type(a) == "number" then return vec(a * b.x, a * b.y) end
    if type(b) == "number" then return vec(a.x * b, a.y * b) end
    return a.x * b.x + a.y * b.y
  end
  Vec.__div = function(a, k) return vec(a.x // k, a.y // k) end
  Vec.__idiv = Vec.__div
  Vec.__pow = function(a, n)
    local r = vec(1, 1)
    for _ = 1, n do r = vec(r.x * a.x, r.y * a.y) end
    return r
  end
  Vec.__unm = function(a) return vec(-a.x, -a.y) end
  Vec.__eq = function(a, b) return a.x == b.x and a.y == b.y end
  Vec.__len = function(a) return math.abs(a.x) + math.abs(a.y) end
  Vec.__tostring = function(a) return "(" .. a.x .. "," .. a.y .. ")" end
  Vec.__concat = function(a, b) return tostring(a) .. tostring(b) end
  local a, b = vec(1, 2), vec(3, 4)
  assert(a + b == vec(4, 6) and b - a == vec(2, 2))
  assert(a * b == 11 and 2 * a == vec(2, 4) and a * 3 == vec(3, 6))
  assert(vec(9, 7) / 2 == vec(4, 3) and vec(9, 7) // 2 == vec(4, 3))
  assert(b ^ 2 == vec(9, 16) and -a == vec(-1, -2) and #vec(-3, 4) == 7)
  assert(tostring(a) == "(1,2)" and a .. b == "(1,2)(3,4)")
  assert(a .. "!" == "(1,2)!")
end

-- numbers themselves still refuse / and ^, with or without tables around
do
  local mt = {__div = function() return "div" end}
  local t = setmetatable({}, mt)
  assert(t / 1 == "div")
  local two = 2
  assert(fails(function() return two / 1 end, "floats are not supported"))
  assert(fails(function() return "4" / "2" end, "floats are not supported"))
  assert(fails(function() return two ^ 2 end, "floats are not supported"))
  assert(fails(function() return {} / 2 end,
               "attempt to perform arithmetic on a table value"))
  assert(fails(function() return {} ^ 2 end, "arithmetic on a table value"))
end

-- missing metamethods give the usual errors
do
  local t = {}
  assert(fails(function() return t + 1 end, "attempt to perform arithmetic on a table value"))
  assert(fails(function() return t & 1 end, "bitwise operation on a table value"))
  assert(fails(function() return t .. "" end, "attempt to concatenate a table value"))
  assert(fails(function() return -t end, "arithmetic on a table value"))
  assert(fails(function() return t < 1 end, "attempt to compare table with number"))
  assert(#t == 0)
end

-- __tostring and __name
do
  local obj = setmetatable({}, {__tostring = function() return "custom" end})
  assert(tostring(obj) == "custom")
  local named = setmetatable({}, {__name = "MyType"})
  assert(tostring(named):find("^MyType: ") == 1)
  local badname = setmetatable({}, {__name = 5})
  assert(tostring(badname):find("^table: ") == 1)
  assert(tostring(setmetatable({}, {__tostring = function() return 5 end})) == "5")
  assert(fails(function()
    return tostring(setmetatable({}, {__tostring = function() return {} end}))
  end, "'__tostring' must return a string"))
  -- __name appears in argument errors
  assert(fails(function() return string.rep(named) end, "MyType"))
end

-- metatables for strings are shared, and can be extended (then restored)
do
  local smt = getmetatable("")
  local old = smt.__index
  smt.__index = function(s, k)
    if type(k) == "number" then return string.sub(s, k, k) end
    return old[k]
  end
  local ok = ("abc")[2] == "b" and ("abc"):upper() == "ABC"
  smt.__index = old
  assert(ok and ("abc")[2] == nil)
end

return "ok"
