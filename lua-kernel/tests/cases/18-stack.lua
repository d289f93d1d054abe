-- 18-stack: deep recursion fails with a clean, catchable error.
-- The kernel's C stack is 16 KiB and the dialect stops C recursion
-- earlier there than in userspace, so nothing here depends on a depth:
-- each case only checks that the error is raised, is a string saying
-- "stack overflow" (or "error in error handling" when a message handler
-- keeps failing), and that the state works normally afterwards.
-- Covers Lua recursion (also inside a coroutine), C-level recursion
-- through __index functions, __tostring, __concat, __eq, pcall nesting,
-- string.gsub callbacks, table.sort comparators, coroutine.wrap nesting,
-- __index/__newindex table loops, failing message handlers, and deeply
-- nested parser input.

local function overflowed(ok, msg)
  return ok == false and type(msg) == "string" and
         msg:find("stack overflow", 1, true) ~= nil
end

local function parser_refused(src)
  local ok, f, msg = pcall(load, src)
  if ok then
    if f ~= nil or type(msg) ~= "string" then return false end
  else
    msg = f
  end
  return type(msg) == "string" and
         (msg:find("overflow", 1, true) or msg:find("C levels", 1, true) or
          msg:find("too many", 1, true)) ~= nil
end

-- the state still works: ordinary calls, coroutines, the collector
local function healthy()
  local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
  local co = coroutine.wrap(function(a) return coroutine.yield(a + 1) end)
  return fact(10) == 3628800 and co(1) == 2 and pcall(collectgarbage) and
         ("x"):rep(3) == "xxx"
end

-- Lua recursion: the Lua stack limit
do
  -- (each of these fills a Lua stack: about 300,000 VM instructions)
  local function f() return 1 + f() end
  assert(overflowed(pcall(f)))
  assert(healthy())
  -- inside a coroutine, with arguments and locals on every level: resume
  -- reports the error and the coroutine is dead
  local function g(a, b, c) local d = a + b + c; return g(d, a, b) + d end
  local co = coroutine.create(g)
  local ok, msg = coroutine.resume(co, 1, 2, 3)
  assert(overflowed(ok, msg) and coroutine.status(co) == "dead")
  -- a message handler still runs after a stack overflow
  local ok2, msg2 = xpcall(f, function(m) return "handled: " .. m end)
  assert(overflowed(ok2, msg2) and msg2:find("^handled: "))
  assert(healthy())
  -- a moderate depth is fine
  local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
  assert(depth(1000) == 1000)
end

-- C-level recursion through metamethods
do
  local t = setmetatable({}, {})
  getmetatable(t).__index = function(self, k) return self[k] end
  assert(overflowed(pcall(function() return t.x end)))
  -- a chain of distinct tables, each __index a function asking the next
  local chain = {}
  for i = 1, 1000 do
    chain[i] = setmetatable({}, {__index = function(_, k) return chain[i + 1][k] end})
  end
  chain[1001] = {deep = "never reached"}
  assert(overflowed(pcall(function() return chain[1].deep end)))
  local w = setmetatable({}, {})
  getmetatable(w).__newindex = function(self, k, v) self[k] = v end
  assert(overflowed(pcall(function() w.x = 1 end)))
  local s = setmetatable({}, {})
  getmetatable(s).__tostring = function(self) return tostring(self) end
  assert(overflowed(pcall(tostring, s)))
  local c = setmetatable({}, {})
  getmetatable(c).__concat = function(a, b) return a .. b end
  assert(overflowed(pcall(function() return c .. "x" end)))
  local emt = {}
  emt.__eq = function(a, b) return a == b end
  local e1, e2 = setmetatable({}, emt), setmetatable({}, emt)
  assert(overflowed(pcall(function() return e1 == e2 end)))
  local lmt = {}
  lmt.__lt = function(a, b) return a < b end
  local l1, l2 = setmetatable({}, lmt), setmetatable({}, lmt)
  assert(overflowed(pcall(function() return l1 < l2 end)))
  assert(healthy())
end

-- __index and __newindex loops of tables are detected without recursion
do
  local a, b = {}, {}
  setmetatable(a, {__index = b})
  setmetatable(b, {__index = a})
  local ok, msg = pcall(function() return a.missing end)
  assert(not ok and msg:find("'__index' chain too long; possible loop", 1, true))
  local c, d = {}, {}
  setmetatable(c, {__newindex = d})
  setmetatable(d, {__newindex = c})
  local ok2, msg2 = pcall(function() c.x = 1 end)
  assert(not ok2 and msg2:find("'__newindex' chain too long; possible loop", 1, true))
end

-- C-level recursion through library functions
do
  local first
  local function nest()
    local ok, msg = pcall(nest)
    if not ok and first == nil then first = msg end
    return ok
  end
  nest()
  assert(overflowed(false, first))
  local function sub(str) return (string.gsub(str, ".", sub)) end
  assert(overflowed(pcall(sub, "x")))
  local function cmp(x, y)
    table.sort({3, 2, 1}, cmp)
    return x < y
  end
  assert(overflowed(pcall(table.sort, {2, 1}, cmp)))
  local function wrapped() return coroutine.wrap(wrapped)() end
  assert(overflowed(pcall(wrapped)))
  local function resumed()
    local co = coroutine.create(resumed)
    local ok, msg = coroutine.resume(co)
    if not ok then error(msg, 0) end
    return msg
  end
  assert(overflowed(pcall(resumed)))
  assert(healthy())
end

-- message handlers that fail, or recurse, end as "error in error handling"
do
  local function errerr(ok, msg)
    return ok == false and type(msg) == "string" and
           msg:find("error in error handling", 1, true) ~= nil
  end
  assert(errerr(xpcall(error, function(m) error(m) end, "x")))
  assert(errerr(xpcall(error, function(m) return 1 + nil end, "x")))
  -- a handler that fails inside a nested xpcall whose handler fails too
  assert(errerr(xpcall(error, function(m)
    local ok, inner = xpcall(error, function(x) error(x) end, m)
    error(inner)
  end, "x")))
  assert(healthy())
end

-- deeply nested source code is refused by the parser, not a crash
do
  local n <const> = 1000
  assert(parser_refused(string.rep("(", n) .. "1" .. string.rep(")", n)))
  assert(parser_refused("return " .. string.rep("(", n) .. "1" .. string.rep(")", n)))
  assert(parser_refused("return " .. string.rep("{", n) .. string.rep("}", n)))
  assert(parser_refused(string.rep("do ", n) .. string.rep("end ", n)))
  assert(parser_refused("return " .. string.rep("- ", n) .. "1"))
  assert(parser_refused("return " .. string.rep("not ", n) .. "1"))
  assert(parser_refused(string.rep("if x then ", n) .. string.rep("end ", n)))
  assert(parser_refused(string.rep("while x do ", n) .. string.rep("end ", n)))
  assert(parser_refused("return " .. string.rep("function() return ", n) ..
                        "1" .. string.rep(" end", n)))
  assert(parser_refused("x = " .. string.rep("f(", n) .. string.rep(")", n)))
  assert(parser_refused("return " .. string.rep("1 .. ", n) .. "1"))
  assert(parser_refused("return " .. string.rep("x[", n) .. "1" .. string.rep("]", n)))
  -- long but flat input is fine
  assert(load("return " .. string.rep("a.", n) .. "b"))
  -- other static limits give their own messages
  local _, msg = load(string.rep("local a = 1 ", 300))
  assert(msg:find("too many local variables (limit is 200)", 1, true))
  -- modest nesting still compiles
  local f = load("return " .. string.rep("(", 20) .. "7" .. string.rep(")", 20))
  assert(f and f() == 7)
  assert(healthy())
end

return "ok"
