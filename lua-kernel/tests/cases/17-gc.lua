-- 17-gc: the garbage collector as the dialect exposes it.
-- Covers collectgarbage options ("count" is an integer number of KiB,
-- "collect", "step", "stop"/"restart"/"isrunning", "incremental" and
-- "generational" modes, the old setpause/setstepmul), __gc finalizers
-- (run on collect, in reverse order of marking, errors turned into
-- warnings, resurrection, marking only at setmetatable time), and weak
-- tables (__mode "k", "v", "kv", ephemerons, strings and integers never
-- collected). Every setting changed here is restored.

-- "count" and "collect"
do
  local kib = collectgarbage("count")
  assert(math.type(kib) == "integer" and kib > 0)
  assert(collectgarbage("collect") == 0 and collectgarbage() == 0)
  local before = collectgarbage("count")
  local keep = {}
  for i = 1, 2000 do keep[i] = {i} end
  local during = collectgarbage("count")
  assert(math.type(during) == "integer" and during > before)
  keep = nil
  collectgarbage()
  assert(collectgarbage("count") < during)
  assert(not pcall(collectgarbage, "no such option"))
end

-- "step", "stop", "restart", "isrunning"
do
  -- luak runs in generational mode (as lua.c does), a fresh state in
  -- incremental mode; only incremental steps report the end of a cycle
  local mode = collectgarbage("incremental")
  assert(type(collectgarbage("step")) == "boolean")
  assert(type(collectgarbage("step", 0)) == "boolean")
  -- a large enough step finishes a cycle
  local finished = false
  for _ = 1, 100 do
    if collectgarbage("step", 1000) then finished = true; break end
  end
  assert(finished)
  assert(collectgarbage("isrunning") == true)
  assert(collectgarbage("stop") == 0)
  assert(collectgarbage("isrunning") == false)
  local t = {}
  for i = 1, 100 do t[i] = {} end      -- allocating while stopped is fine
  assert(collectgarbage("restart") == 0)
  assert(collectgarbage("isrunning") == true)
  collectgarbage(mode)
end

-- modes: switch, work, switch back
do
  local previous = collectgarbage("generational")
  assert(previous == "incremental" or previous == "generational")
  assert(collectgarbage("generational") == "generational")
  local t = {}
  for i = 1, 500 do t[i] = {tostring(i)} end
  t = nil
  assert(collectgarbage() == 0)
  assert(type(collectgarbage("step")) == "boolean")
  assert(collectgarbage("incremental") == "generational")
  assert(collectgarbage("incremental") == "incremental")
  -- parameters: 0 means "leave unchanged"
  assert(collectgarbage("incremental", 0, 0, 0) == "incremental")
  local pause = collectgarbage("setpause", 160)   -- stored in units of 4
  assert(math.type(pause) == "integer")
  assert(collectgarbage("setpause", pause) == 160)
  local stepmul = collectgarbage("setstepmul", 200)
  assert(collectgarbage("setstepmul", stepmul) == 200)
  collectgarbage(previous)
end

-- finalizers
do
  local log = {}
  for i = 1, 3 do
    setmetatable({}, {__gc = function() log[#log + 1] = i end})
  end
  collectgarbage()
  assert(table.concat(log, ",") == "3,2,1")   -- reverse order of marking
  -- an object still referenced is not finalized
  log = {}
  local alive = setmetatable({}, {__gc = function() log[#log + 1] = "alive" end})
  collectgarbage()
  assert(#log == 0 and alive)
  alive = nil
  collectgarbage()
  assert(log[1] == "alive")
  -- the finalizer receives the object, which may be resurrected once
  local saved
  do
    local obj = setmetatable({name = "phoenix"}, {__gc = function(o) saved = o end})
    obj = nil
  end
  collectgarbage()
  assert(saved and saved.name == "phoenix")
  local count = 0
  getmetatable(saved).__gc = function() count = count + 1 end
  saved = nil
  collectgarbage()
  collectgarbage()
  assert(count == 0)                     -- finalizers run at most once
  -- __gc must be present when setmetatable is called
  local late_ran = false
  do
    local mt = {}
    local _ = setmetatable({}, mt)
    mt.__gc = function() late_ran = true end
  end
  collectgarbage()
  assert(not late_ran)
  local placeholder_ran = false
  do
    local mt = {__gc = true}             -- any value marks the object
    local _ = setmetatable({}, mt)
    mt.__gc = function() placeholder_ran = true end
  end
  collectgarbage()
  assert(placeholder_ran)
  -- an error in a finalizer does not escape (it becomes a warning)
  warn("@off")
  do setmetatable({}, {__gc = function() error("in __gc") end}) end
  assert(pcall(collectgarbage))
  -- finalizers may allocate and run Lua code freely
  local made
  do setmetatable({}, {__gc = function() made = string.rep("x", 10) .. #{1, 2} end}) end
  collectgarbage()
  assert(made == "xxxxxxxxxx2")
end

-- weak tables
do
  local weakv = setmetatable({}, {__mode = "v"})
  local weakk = setmetatable({}, {__mode = "k"})
  local both = setmetatable({}, {__mode = "kv"})
  local strong_key, strong_val = {}, {}
  weakv[1] = {}                          -- collectable value
  weakv[2] = strong_val
  weakv[3] = "strings are values"
  weakv[4] = 42
  weakk[{}] = "gone"
  weakk[strong_key] = "stays"
  both[{}] = 1
  both[1] = {}
  both[strong_key] = strong_val
  collectgarbage()
  assert(weakv[1] == nil and weakv[2] == strong_val)
  assert(weakv[3] == "strings are values" and weakv[4] == 42)
  local n = 0
  for k, v in pairs(weakk) do n = n + 1; assert(k == strong_key and v == "stays") end
  assert(n == 1)
  n = 0
  for _ in pairs(both) do n = n + 1 end
  assert(n == 1 and both[strong_key] == strong_val)
  -- closures are collectable values too
  local fns = setmetatable({}, {__mode = "v"})
  fns[1] = function() return 1 end
  local kept = function() return 2 end
  fns[2] = kept
  collectgarbage()
  assert(fns[1] == nil and fns[2] == kept)
  -- ephemerons: a value referring to its own weak key does not keep it
  local eph = setmetatable({}, {__mode = "k"})
  do
    local key = {}
    eph[key] = {back = key}
  end
  collectgarbage()
  assert(next(eph) == nil)
  -- a cache keyed weakly by objects
  local cache = setmetatable({}, {__mode = "k"})
  local function area(rect)
    local v = cache[rect]
    if not v then v = rect.w * rect.h; cache[rect] = v end
    return v
  end
  local r = {w = 3, h = 4}
  assert(area(r) == 12 and cache[r] == 12)
  for i = 1, 20 do area({w = i, h = i}) end
  collectgarbage()
  local left = 0
  for _ in pairs(cache) do left = left + 1 end
  assert(left == 1)
end

-- finalizers and weak tables together: weak values are cleared before
-- finalizers run, weak keys after
do
  local wv = setmetatable({}, {__mode = "v"})
  local wk = setmetatable({}, {__mode = "k"})
  local seen_v, seen_k = "unset", "unset"
  do
    local obj = setmetatable({}, {__gc = function(o)
      seen_v = wv[1]
      seen_k = wk[o]
    end})
    wv[1] = obj
    wk[obj] = "key entry"
  end
  collectgarbage()
  assert(seen_v == nil and seen_k == "key entry")
  collectgarbage()
  assert(next(wk) == nil)
end

return "ok"
