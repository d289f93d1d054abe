-- 12-close: to-be-closed variables (<close>) and <const>.
-- Covers __close on normal block exit, break, return, goto and errors,
-- closing in reverse order, the error object passed to __close, errors
-- raised inside __close, nil/false values, non-closable values, the
-- closing value of a generic for, and compile-time <const> checks.

local function fails(f, text)
  local ok, msg = pcall(f)
  return not ok and type(msg) == "string" and
         msg:find(text, 1, true) ~= nil
end

-- a closable value that records what happened to it
local function recorder(log, name)
  return setmetatable({}, {__close = function(self, err)
    log[#log + 1] = name .. (err and (":" .. tostring(err)) or "")
  end})
end

-- closing on normal exit, in reverse order of declaration
do
  local log = {}
  do
    local a <close> = recorder(log, "a")
    local b <close> = recorder(log, "b")
    local c <close> = recorder(log, "c")
    log[#log + 1] = "body"
  end
  assert(table.concat(log, " ") == "body c b a")
end

-- closing on break, return and goto
do
  local log = {}
  for i = 1, 3 do
    local x <close> = recorder(log, "i" .. i)
    if i == 2 then break end
  end
  assert(table.concat(log, " ") == "i1 i2")
  local function early(flag)
    local r <close> = recorder(log, "r")
    if flag then return "early" end
    return "late"
  end
  log = {}
  assert(early(true) == "early" and table.concat(log) == "r")
  -- the return values are computed before the variable is closed
  local function value_then_close()
    local state = {closed = false}
    local v <close> = setmetatable({}, {__close = function() state.closed = true end})
    return state.closed, state
  end
  local was_closed, state = value_then_close()
  assert(was_closed == false and state.closed == true)
  log = {}
  do
    local g <close> = recorder(log, "g")
    goto out
  end
  ::out::
  assert(table.concat(log) == "g")
  -- a while loop body runs and closes every iteration
  log = {}
  local n = 0
  while n < 3 do
    n = n + 1
    local w <close> = recorder(log, "w")
  end
  assert(#log == 3)
end

-- closing on error: __close gets the error object, the error goes on
do
  local log = {}
  local ok, err = pcall(function()
    local a <close> = recorder(log, "a")
    local b <close> = recorder(log, "b")
    error("boom", 0)
  end)
  assert(not ok and err == "boom")
  assert(table.concat(log, " ") == "b:boom a:boom")
  -- an error object that is a table reaches __close as that table
  local seen
  local obj = {code = 1}
  pcall(function()
    local x <close> = setmetatable({}, {__close = function(_, e) seen = e end})
    error(obj)
  end)
  assert(seen == obj)
end

-- errors inside __close
do
  -- an error in __close replaces the original error
  local ok, err = pcall(function()
    local a <close> = setmetatable({}, {__close = function() error("in close", 0) end})
    error("original", 0)
  end)
  assert(not ok and err == "in close")
  -- without an original error, it becomes the error; other variables
  -- still close and see it
  local log = {}
  local ok2, err2 = pcall(function()
    local a <close> = recorder(log, "a")
    local b <close> = setmetatable({}, {__close = function() error("b failed", 0) end})
  end)
  assert(not ok2 and err2 == "b failed" and log[1] == "a:b failed")
  -- the metamethod is looked up again when closing
  local t = setmetatable({}, {__close = function() end})
  assert(fails(function()
    local a <close> = t
    getmetatable(t).__close = nil
  end, "metamethod 'close'"))
end

-- values that can and cannot be closed
do
  assert(pcall(function()
    local a <close> = nil
    local b <close> = false
    return 1
  end))
  assert(fails(function() local x <close> = 1 end,
               "variable 'x' got a non-closable value"))
  assert(fails(function() local y <close> = {} end,
               "variable 'y' got a non-closable value"))
  assert(fails(function() local z <close> = "s" end, "non-closable value"))
  -- a closable variable is constant
  local f, msg = load("local x <close> = nil; x = 1")
  assert(f == nil and msg:find("attempt to assign to const variable 'x'", 1, true))
end

-- the fourth value of a generic for is closed when the loop ends
do
  local log = {}
  local function iter(n)
    local i = 0
    return function()
      i = i + 1
      if i <= n then return i end
    end, nil, nil, recorder(log, "loop")
  end
  local sum = 0
  for i in iter(3) do sum = sum + i end
  assert(sum == 6 and table.concat(log) == "loop")
  log = {}
  for i in iter(10) do if i == 2 then break end end
  assert(table.concat(log) == "loop")
  log = {}
  pcall(function() for _ in iter(5) do error("stop", 0) end end)
  assert(log[1] == "loop:stop")
end

-- <const>
do
  local k <const> = 42
  local s <const> = "text"
  assert(k == 42 and s == "text")
  local f = function() return k + 1 end
  assert(f() == 43)
  local bad, msg = load("local c <const> = 1; c = 2")
  assert(bad == nil and msg:find("attempt to assign to const variable 'c'", 1, true))
  local bad2, msg2 = load("local c <const> = 1; return function() c = 2 end")
  assert(bad2 == nil and msg2:find("const variable 'c'", 1, true))
  local bad3, msg3 = load("local v <unknown> = 1")
  assert(bad3 == nil and msg3:find("unknown attribute 'unknown'", 1, true))
  local bad4, msg4 = load("local a <close>, b <close> = nil, nil")
  assert(bad4 == nil and msg4:find("multiple to-be-closed variables", 1, true))
end

return "ok"
