-- 09-closures: functions as values, upvalues and varargs.
-- Covers counters, upvalues shared between closures and with the
-- enclosing scope, a fresh upvalue per loop iteration (numeric and generic
-- for, while with a local), recursion through local functions, closures
-- outliving their frame, varargs, multiple results and tail calls.

-- a counter keeps its own state
do
  local function counter(start)
    local n = start
    return function() n = n + 1; return n end
  end
  local c1, c2 = counter(0), counter(100)
  assert(c1() == 1 and c1() == 2 and c2() == 101 and c1() == 3)
  assert(c2() == 102)
end

-- closures created together share their upvalues
do
  local function account()
    local balance = 0
    local function deposit(x) balance = balance + x end
    local function withdraw(x) balance = balance - x end
    local function get() return balance end
    return deposit, withdraw, get
  end
  local dep, wd, get = account()
  dep(50); wd(8)
  assert(get() == 42)
  local dep2, _, get2 = account()
  dep2(1)
  assert(get2() == 1 and get() == 42)
  -- and with the enclosing block, while it runs
  local x = 1
  local function setx(v) x = v end
  local function getx() return x end
  setx(5)
  assert(x == 5 and getx() == 5)
  x = 7
  assert(getx() == 7)
end

-- every iteration of a loop has its own control variable
do
  local fs = {}
  for i = 1, 5 do fs[i] = function() return i end end
  for i = 1, 5 do assert(fs[i]() == i) end
  local gs = {}
  for k, v in ipairs({"a", "b", "c"}) do
    gs[k] = function() return k .. v end
  end
  assert(gs[1]() == "1a" and gs[3]() == "3c")
  local hs = {}
  local j = 0
  while j < 3 do
    j = j + 1
    local captured = j
    hs[j] = function() return captured end
  end
  assert(hs[1]() == 1 and hs[3]() == 3)
  local shared = {}
  local s = 0
  repeat
    s = s + 1
    shared[s] = function() return s end   -- all see the one 's'
  until s == 3
  assert(shared[1]() == 3 and shared[3]() == 3)
  -- a local inside the body, captured and modified
  local incs = {}
  for i = 1, 3 do
    local v = i * 10
    incs[i] = function() v = v + 1; return v end
  end
  assert(incs[1]() == 11 and incs[1]() == 12 and incs[2]() == 21)
end

-- closures outlive the frame that made them
do
  local function make_adders()
    local t = {}
    for i = 1, 3 do t[i] = function(x) return x + i end end
    return t
  end
  local adders = make_adders()
  assert(adders[1](10) == 11 and adders[3](10) == 13)
  local function compose(f, g) return function(...) return f(g(...)) end end
  local inc = function(x) return x + 1 end
  local dbl = function(x) return x * 2 end
  assert(compose(inc, dbl)(5) == 11 and compose(dbl, inc)(5) == 12)
  local function curry3(f)
    return function(a) return function(b) return function(c)
      return f(a, b, c)
    end end end
  end
  assert(curry3(function(a, b, c) return a * 100 + b * 10 + c end)(1)(2)(3) == 123)
  -- deeply nested upvalues
  local function level1()
    local a = 1
    return function()
      local b = 2
      return function()
        local c = 3
        return function() a = a + 1; return a + b + c end
      end
    end
  end
  local f = level1()()()
  assert(f() == 7 and f() == 8)
end

-- recursion through locals
do
  local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
  assert(fact(20) == 2432902008176640000)
  local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
  assert(fib(15) == 610)
  local is_even, is_odd
  function is_even(n) if n == 0 then return true end return is_odd(n - 1) end
  function is_odd(n) if n == 0 then return false end return is_even(n - 1) end
  assert(is_even(10) and is_odd(7) and not is_odd(8))
  -- 'local function' sees itself; 'local f = function' does not
  local g = function() return g end      -- this 'g' is the outer (nil)
  assert(g() == nil)
end

-- proper tail calls do not grow the stack
do
  local function loop(n, acc)
    if n == 0 then return acc end
    return loop(n - 1, acc + 1)
  end
  assert(loop(30000, 0) == 30000)
  local ping, pong
  function ping(n) if n == 0 then return "ping" end return pong(n - 1) end
  function pong(n) if n == 0 then return "pong" end return ping(n - 1) end
  assert(ping(20001) == "pong")
end

-- varargs and multiple results
do
  local function pack(...) return {n = select("#", ...), ...} end
  local p = pack(1, nil, 3, nil)
  assert(p.n == 4 and p[1] == 1 and p[3] == 3)
  local function first(...) local a = ...; return a end
  assert(first(9, 8, 7) == 9 and first() == nil)
  local function pass(...) return ... end
  assert(select("#", pass()) == 0 and select("#", pass(nil, nil)) == 2)
  local function mr() return 1, 2, 3 end
  local t = {mr(), mr()}
  assert(#t == 4 and t[4] == 3)
  local a, b, c, d = mr()
  assert(a == 1 and c == 3 and d == nil)
  local x, y = (mr())
  assert(x == 1 and y == nil)
  assert(select("#", mr(), 10) == 2)
  local function sum(...)
    local s = 0
    for i = 1, select("#", ...) do s = s + (select(i, ...)) end
    return s
  end
  assert(sum() == 0 and sum(1, 2, 3, 4) == 10)
  local function outer(...)
    local args = table.pack(...)          -- an inner function cannot see ...
    return function() return table.unpack(args, 1, args.n) end
  end
  assert(select("#", outer(1, nil)()) == 2)
  -- extra arguments are dropped, missing ones are nil
  local function two(p1, p2) return p1, p2 end
  local r1, r2 = two(1)
  assert(r1 == 1 and r2 == nil and two(1, 2, 3) == 1)
end

-- functions are first class values
do
  local ops = {
    add = function(a, b) return a + b end,
    sub = function(a, b) return a - b end,
  }
  assert(ops.add(2, 3) == 5 and ops["sub"](2, 3) == -1)
  local obj = {v = 10}
  function obj:get() return self.v end
  function obj.static(x) return x end
  assert(obj:get() == 10 and obj.get(obj) == 10 and obj.static(4) == 4)
  local f1 = function() end
  local f2 = function() end
  assert(f1 ~= f2 and f1 == f1 and type(f1) == "function")
  local function same() return function() return 1 end end
  assert(same()() == 1)
end

return "ok"
