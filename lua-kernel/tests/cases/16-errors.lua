-- 16-errors: raising and catching errors.
-- Covers error with strings (levels 0, 1, 2), with tables and other
-- values, pcall and xpcall (extra arguments, message handlers that
-- return, rethrow or fail), nested pcalls, error objects with __tostring,
-- assert with messages and non-string messages, the runtime messages that
-- name variables (local, global, field, upvalue, method, constant), the
-- bad-argument messages of library functions, and warn being harmless.

local function thrower(level) error("lvl", level) end

-- error values and levels
do
  local ok, msg = pcall(error, "plain", 0)
  assert(not ok and msg == "plain")
  ok, msg = pcall(function() error("where") end)
  assert(not ok and msg:find("^.+:%d+: where$"))
  ok, msg = pcall(function() error("nowhere", 0) end)
  assert(msg == "nowhere")
  -- level 1 blames the function calling error(), level 2 its caller
  local src = "local function check(x, level)\n" ..
              "  if type(x) ~= 'number' then error('number wanted', level) end\n" ..
              "end\n" ..
              "local level = ...\n" ..
              "check('no', level)\n"
  ok, msg = pcall(load(src, "=lv"), 1)
  assert(not ok and msg == "lv:2: number wanted")
  ok, msg = pcall(load(src, "=lv"), 2)
  assert(not ok and msg == "lv:5: number wanted")
  ok, msg = pcall(load(src, "=lv"), 0)
  assert(not ok and msg == "number wanted")
  ok, msg = pcall(thrower, 1)
  assert(msg:find(":%d+: lvl$"))
  -- error() with no value raises nil
  ok, msg = pcall(error)
  assert(not ok and msg == nil)
  ok, msg = pcall(error, nil)
  assert(not ok and msg == nil)
  -- non-string values pass through untouched, with no position added
  ok, msg = pcall(error, 42)
  assert(msg == 42 and math.type(msg) == "integer")
  local obj = {code = 404}
  ok, msg = pcall(error, obj)
  assert(msg == obj)
  ok, msg = pcall(error, true)
  assert(msg == true)
  ok, msg = pcall(function() error(obj, 2) end)
  assert(msg == obj)
end

-- pcall
do
  assert(select("#", pcall(function() end)) == 1)
  local ok, a, b = pcall(function(x, y) return x + y, x * y end, 3, 4)
  assert(ok and a == 7 and b == 12)
  assert(pcall(pcall) == false)
  local okp, msgp = pcall(pcall)
  assert(not okp and msgp:find("bad argument #1 to 'pcall'", 1, true))
  -- calling a non-function
  local ok2, msg2 = pcall(42)
  assert(not ok2 and msg2:find("attempt to call a number value", 1, true))
  -- nested pcalls: the inner one catches first
  local trace = {}
  local ok3 = pcall(function()
    local inner_ok, inner_msg = pcall(error, "inner", 0)
    trace[#trace + 1] = inner_msg
    error("outer", 0)
  end)
  assert(not ok3 and trace[1] == "inner")
  -- an error after catching one still propagates
  local ok4, msg4 = pcall(function()
    pcall(error, "ignored")
    local t = nil
    return t.field
  end)
  assert(not ok4 and msg4:find("attempt to index a nil value (local 't')", 1, true))
  -- rethrowing keeps the same object
  local e = {}
  local ok5, msg5 = pcall(function()
    local ok_, err_ = pcall(error, e)
    error(err_)
  end)
  assert(not ok5 and msg5 == e)
end

-- xpcall and message handlers
do
  local ok, msg = xpcall(function() error("x", 0) end,
                         function(m) return "handled: " .. m end)
  assert(not ok and msg == "handled: x")
  local ok2, sum = xpcall(function(a, b) return a + b end, error, 1, 2)
  assert(ok2 and sum == 3)
  -- the handler sees non-string errors as they are
  local ok3, got = xpcall(function() error({n = 1}) end,
                          function(m) return type(m) == "table" and m.n end)
  assert(not ok3 and got == 1)
  -- the handler runs at the point of the error, before the stack unwinds
  local depth_seen
  local function deep(n) if n == 0 then error("bottom") end return deep(n - 1) + 0 end
  xpcall(deep, function(m) depth_seen = m; return m end, 5)
  assert(depth_seen:find("bottom", 1, true))
  -- handler return values: only the first is kept
  local ok4, r1, r2 = xpcall(error, function() return 1, 2 end, "e")
  assert(not ok4 and r1 == 1 and r2 == nil)
  -- a failing handler gives "error in error handling"
  local ok5, m5 = xpcall(error, function(m) error("again") end, "first")
  assert(not ok5 and m5:find("error in error handling", 1, true))
  local ok6, m6 = xpcall(error, function(m) return m + nil end, "first")
  assert(not ok6 and m6:find("error in error handling", 1, true))
  local ok7, m7 = pcall(xpcall, print)
  assert(not ok7 and m7:find("bad argument #2 to 'xpcall'", 1, true))
  -- errors of runtime operations reach the handler as strings with positions
  local _, m8 = xpcall(function() return 1 + {} end, function(m) return m end)
  assert(m8:find(":%d+: attempt to perform arithmetic on a table value"))
end

-- error objects with metatables
do
  local Err = {}
  Err.__index = Err
  Err.__tostring = function(e) return "Err(" .. e.code .. ")" end
  local function fail(code) error(setmetatable({code = code}, Err)) end
  local ok, e = pcall(fail, 7)
  assert(not ok and getmetatable(e) == Err and e.code == 7)
  assert(tostring(e) == "Err(7)")
  local _, s = xpcall(fail, tostring, 9)
  assert(s == "Err(9)")
  -- string.format %s and concatenation via tostring
  assert(string.format("%s", e) == "Err(7)")
  -- errors carrying a class hierarchy
  local NotFound = setmetatable({}, {__index = Err})
  NotFound.__index = NotFound
  NotFound.__tostring = Err.__tostring
  local ok2, e2 = pcall(function() error(setmetatable({code = 404}, NotFound)) end)
  assert(not ok2 and getmetatable(e2) == NotFound and tostring(e2) == "Err(404)")
end

-- assert
do
  assert(select("#", assert(1, 2, 3)) == 3)
  local ok, msg = pcall(assert, false)
  assert(not ok and msg == "assertion failed!")
  ok, msg = pcall(assert, nil, "custom message")
  assert(msg == "custom message")
  local obj = {}
  ok, msg = pcall(assert, false, obj)
  assert(msg == obj)
  ok, msg = pcall(assert)
  assert(msg:find("bad argument #1 to 'assert' (value expected)", 1, true))
  assert(assert("v") == "v" and assert(0) == 0)    -- 0 is true in Lua
end

-- messages that name the culprit
do
  local function msg_of(f)
    local ok, m = pcall(f)
    assert(not ok)
    return m
  end
  local up = nil
  assert(msg_of(function() local t = {}; t.x.y = 1 end)
         :find("attempt to index a nil value (field 'x')", 1, true))
  assert(msg_of(function() undefined_global_fn() end)
         :find("attempt to call a nil value (global 'undefined_global_fn')", 1, true))
  assert(msg_of(function() local s = "x"; s:nomethod() end)
         :find("attempt to call a nil value (method 'nomethod')", 1, true))
  assert(msg_of(function() return ("x")() end)
         :find("attempt to call a string value", 1, true))
  assert(msg_of(function() return up.x end)
         :find("attempt to index a nil value (upvalue 'up')", 1, true))
  assert(msg_of(function() local loc; return loc + 1 end)
         :find("attempt to perform arithmetic on a nil value (local 'loc')", 1, true))
  assert(msg_of(function() local t = {}; return t.a .. "x" end)
         :find("attempt to concatenate a nil value (field 'a')", 1, true))
  assert(msg_of(function() local t = {}; return #t.n end)
         :find("attempt to get length of a nil value (field 'n')", 1, true))
  assert(msg_of(function() return {} < {} end)
         :find("attempt to compare two table values", 1, true))
  assert(msg_of(function() return 1 < "x" end)
         :find("attempt to compare number with string", 1, true))
  assert(msg_of(function() for i = 1, 10, 0 do end end)
         :find("'for' step is zero", 1, true))
end

-- library argument errors
do
  local function msg_of(f, ...)
    local ok, m = pcall(f, ...)
    assert(not ok)
    return m
  end
  assert(msg_of(string.rep):find("bad argument #1 to 'rep' (string expected, got no value)", 1, true)
      or msg_of(string.rep):find("bad argument #1 to 'string.rep'", 1, true))
  assert(msg_of(string.rep, "x", "y"):find("number expected, got string", 1, true))
  assert(msg_of(string.char, 300):find("value out of range", 1, true))
  assert(msg_of(setmetatable, 1, {}):find("table expected, got number", 1, true))
  assert(msg_of(table.concat, {{}}):find("invalid value (table) at index 1", 1, true))
  assert(msg_of(math.floor, "x"):find("number expected, got string", 1, true))
  assert(msg_of(("x").rep, "x", {}):find("bad argument #2", 1, true))
  -- a method call counts the receiver as argument 'self'
  local ok, m = pcall(function() return ("x"):rep({}) end)
  assert(not ok and m:find("bad argument #1 to 'rep'", 1, true))
end

-- tostring of values used in messages
do
  assert(tostring(nil) == "nil" and tostring(true) == "true" and tostring(false) == "false")
  assert(tostring(-12) == "-12")
  assert(tostring({}):find("^table: ") and tostring(print):find("^function: "))
  assert(tostring(coroutine.create(print)):find("^thread: "))
  local ok, m = pcall(error, setmetatable({}, {__tostring = function() return "custom" end}))
  assert(not ok and tostring(m) == "custom")
end

-- warn is harmless: messages and control messages are accepted
do
  assert(type(warn) == "function")
  warn("@off")
  warn("a warning nobody sees")
  warn("several ", "pieces")
  warn("@on")
  warn("@off")
  assert(not pcall(warn))
  assert(not pcall(warn, {}))
  assert(pcall(warn, "x", 1))         -- numbers are strings here
end

return "ok"
