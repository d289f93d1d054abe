-- 08-sort: table.sort.
-- Covers sorting integers and strings with the default order and with
-- comparators, already sorted / reversed / constant inputs, objects
-- ordered by __lt, partial sequences, errors raised by comparisons and by
-- comparators, "invalid order function for sorting", and "array too big".
-- Stability is not assumed.

local function fails(f, text)
  local ok, msg = pcall(f)
  return not ok and type(msg) == "string" and
         msg:find(text, 1, true) ~= nil
end

-- a small deterministic generator, so the math.random state is left alone
local function generator(seed)
  local state = seed
  return function(n)
    state = (state * 6364136223846793005 + 1442695040888963407)
    return (state >> 33) % n
  end
end

local function is_sorted(t, lt)
  lt = lt or function(a, b) return a < b end
  for i = 2, #t do
    if lt(t[i], t[i - 1]) then return false end
  end
  return true
end

local function same_items(a, b)
  if #a ~= #b then return false end
  local count = {}
  for _, v in ipairs(a) do count[v] = (count[v] or 0) + 1 end
  for _, v in ipairs(b) do count[v] = (count[v] or 0) - 1 end
  for _, c in pairs(count) do if c ~= 0 then return false end end
  return true
end

-- 1,000 integers, default order, then with comparators
do
  local rand = generator(12345)
  local t, copy = {}, {}
  for i = 1, 1000 do
    t[i] = rand(2000) - 1000
    copy[i] = t[i]
  end
  table.sort(t)
  assert(is_sorted(t) and same_items(t, copy))
  table.sort(t, function(a, b) return a > b end)
  assert(t[1] >= t[1000])
  assert(is_sorted(t, function(a, b) return a > b end))
  -- order by absolute value, ties broken by sign
  table.sort(t, function(a, b)
    local x, y = math.abs(a), math.abs(b)
    if x ~= y then return x < y end
    return a < b
  end)
  for i = 2, #t do
    local x, y = math.abs(t[i - 1]), math.abs(t[i])
    assert(x < y or (x == y and t[i - 1] <= t[i]))
  end
  assert(same_items(t, copy))
end

-- extreme values and special shapes
do
  local t = {math.maxinteger, 0, math.mininteger, -1, 1}
  table.sort(t)
  assert(t[1] == math.mininteger and t[5] == math.maxinteger and t[3] == 0)
  local up, down, flat = {}, {}, {}
  for i = 1, 300 do
    up[i] = i
    down[i] = 301 - i
    flat[i] = 7
  end
  table.sort(up)
  table.sort(down)
  table.sort(flat)
  assert(is_sorted(up) and is_sorted(down) and is_sorted(flat))
  assert(down[1] == 1 and down[300] == 300)
  local empty, one, two = {}, {5}, {2, 1}
  table.sort(empty)
  table.sort(one)
  table.sort(two)
  assert(#empty == 0 and one[1] == 5 and two[1] == 1 and two[2] == 2)
  -- organ pipe and many duplicates
  local pipe = {}
  for i = 1, 200 do pipe[i] = i <= 100 and i or 201 - i end
  table.sort(pipe)
  assert(is_sorted(pipe) and pipe[1] == 1 and pipe[200] == 100)
  local rand = generator(99)
  local dups = {}
  for i = 1, 500 do dups[i] = rand(5) end
  table.sort(dups)
  assert(is_sorted(dups))
end

-- strings sort byte-wise
do
  local words = {"pear", "Apple", "fig", "apple", "", "banana", "a\0b", "a"}
  table.sort(words)
  assert(table.concat(words, ",") == ",Apple,a,a\0b,apple,banana,fig,pear")
  table.sort(words, function(a, b) return a:lower() < b:lower() end)
  assert(words[1] == "" and words[#words] == "pear")
  local rand = generator(7)
  local strs = {}
  for i = 1, 300 do strs[i] = string.format("%05d", rand(100000)) end
  table.sort(strs)
  assert(is_sorted(strs))
end

-- records with a key function, and objects ordered by __lt
do
  local people = {
    {name = "ann", age = 31}, {name = "bob", age = 25},
    {name = "cid", age = 40}, {name = "dee", age = 25},
  }
  table.sort(people, function(a, b)
    if a.age ~= b.age then return a.age < b.age end
    return a.name < b.name
  end)
  assert(people[1].name == "bob" and people[2].name == "dee")
  assert(people[4].name == "cid")
  local mt = {__lt = function(a, b) return a.v < b.v end}
  local objs = {}
  for i = 1, 50 do objs[i] = setmetatable({v = (i * 37) % 50}, mt) end
  table.sort(objs)
  for i = 1, 50 do assert(objs[i].v == i - 1) end
end

-- only the sequence part is sorted; other keys are untouched
do
  local t = {3, 1, 2, x = "keep", [10] = 0}
  table.sort(t)
  assert(t[1] == 1 and t[2] == 2 and t[3] == 3)
  assert(t.x == "keep" and t[10] == 0)
  -- __len and __index/__newindex are honoured (5.3 and later)
  local store = {30, 10, 20}
  local proxy = setmetatable({}, {
    __len = function() return #store end,
    __index = function(_, i) return store[i] end,
    __newindex = function(_, i, v) store[i] = v end,
  })
  table.sort(proxy)
  assert(store[1] == 10 and store[2] == 20 and store[3] == 30)
end

-- errors
do
  assert(fails(function() table.sort({1, "x", 2}) end,
               "attempt to compare"))
  assert(fails(function() table.sort({{}, {}}) end,
               "attempt to compare two table values"))
  assert(fails(function()
    table.sort({3, 2, 1}, function() error("from comparator") end)
  end, "from comparator"))
  assert(fails(function() table.sort({1, 2}, 3) end, "function expected"))
  assert(fails(function() table.sort("abc") end, "table expected"))
  -- an inconsistent order function is detected, not looped on forever
  local t = {}
  for i = 1, 13 do t[i] = (i * 7) % 13 end
  assert(fails(function() table.sort(t, function() return true end) end,
               "invalid order function for sorting"))
  -- whatever an inconsistent comparator does, sort returns or raises
  local rand = generator(3)
  local u = {}
  for i = 1, 100 do u[i] = rand(10) end
  local ok = pcall(table.sort, u, function(a, b) return a <= b end)
  assert(ok == true or ok == false)
  assert(#u == 100)
  local huge = setmetatable({}, {__len = function() return math.maxinteger end})
  assert(fails(function() table.sort(huge) end, "array too big"))
end

return "ok"
