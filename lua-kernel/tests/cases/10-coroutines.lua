-- 10-coroutines: the coroutine library.
-- Covers values passed through resume/yield in both directions, status
-- (suspended, running, normal, dead), wrap, isyieldable, running, close
-- (with pending to-be-closed variables and after errors), errors inside
-- coroutines (strings, tables, positions), yield across pcall and
-- metamethods, "attempt to yield across a C-call boundary", generators,
-- and the errors of resuming dead or running coroutines.

local co_create, resume, yield = coroutine.create, coroutine.resume, coroutine.yield
local status, wrap = coroutine.status, coroutine.wrap

local function fails(f, text)
  local ok, msg = pcall(f)
  return not ok and type(msg) == "string" and
         msg:find(text, 1, true) ~= nil
end

-- values in and out
do
  local co = co_create(function(a, b)
    assert(a == 1 and b == 2)
    local c, d = yield(a + b, "first")
    assert(c == "x" and d == nil)
    local e = yield()
    return e * 2, "end"
  end)
  assert(type(co) == "thread" and status(co) == "suspended")
  local ok, r1, r2 = resume(co, 1, 2)
  assert(ok and r1 == 3 and r2 == "first")
  assert(select("#", resume(co, "x")) == 1)     -- yield() gives nothing
  local ok2, v, tag = resume(co, 21)
  assert(ok2 and v == 42 and tag == "end" and status(co) == "dead")
  local ok3, msg = resume(co)
  assert(not ok3 and msg == "cannot resume dead coroutine")
  -- many values through one yield
  local many = co_create(function(...) return yield(...) end)
  assert(select("#", resume(many, 1, 2, 3, nil)) == 5)
  assert(select("#", resume(many, nil, nil)) == 3)
end

-- status, running, isyieldable
do
  local main, ismain = coroutine.running()
  assert(type(main) == "thread" and ismain == true)
  assert(not coroutine.isyieldable())
  assert(status(main) == "running")
  local outer
  outer = co_create(function()
    local me, flag = coroutine.running()
    assert(me == outer and flag == false)
    assert(coroutine.isyieldable())
    assert(status(outer) == "running")
    local inner = co_create(function()
      assert(status(outer) == "normal")
      yield("inner")
    end)
    assert(select(2, resume(inner)) == "inner")
    assert(status(inner) == "suspended")
    return "outer done"
  end)
  assert(select(2, resume(outer)) == "outer done")
  assert(coroutine.isyieldable(main) == false)
  assert(fails(function() return status("x") end, "thread expected"))
end

-- wrap
do
  local gen = wrap(function() for i = 1, 3 do yield(i) end return "last" end)
  assert(gen() == 1 and gen() == 2 and gen() == 3 and gen() == "last")
  assert(fails(gen, "cannot resume dead coroutine"))
  local echo = wrap(function(...)
    local args = table.pack(...)
    while true do args = table.pack(yield(table.unpack(args, 1, args.n))) end
  end)
  assert(echo("a") == "a" and select("#", echo(1, 2, nil)) == 3)
  -- errors propagate through wrap, with the position of the error
  local bad = wrap(function() error("wrapped failure") end)
  local ok, msg = pcall(bad)
  assert(not ok and msg:find("wrapped failure", 1, true))
  local tabled = wrap(function() error({code = 7}) end)
  local ok2, e = pcall(tabled)
  assert(not ok2 and type(e) == "table" and e.code == 7)
end

-- generators: permutations and a producer/consumer pipeline
do
  local function permgen(a, n)
    n = n or #a
    if n <= 1 then yield(a) else
      for i = 1, n do
        a[n], a[i] = a[i], a[n]
        permgen(a, n - 1)
        a[n], a[i] = a[i], a[n]
      end
    end
  end
  local count, seen = 0, {}
  for p in wrap(function() permgen({1, 2, 3, 4}) end) do
    count = count + 1
    seen[table.concat(p)] = true
  end
  local distinct = 0
  for _ in pairs(seen) do distinct = distinct + 1 end
  assert(count == 24 and distinct == 24)
  local function producer()
    return wrap(function() for i = 1, 5 do yield(i) end end)
  end
  local function filter(src)
    return wrap(function()
      for v in src do if v % 2 == 1 then yield(v * 10) end end
    end)
  end
  local got = {}
  for v in filter(producer()) do got[#got + 1] = v end
  assert(table.concat(got, ",") == "10,30,50")
end

-- errors inside coroutines
do
  local co = co_create(function() local x = nil; return x.field end)
  local ok, msg = resume(co)
  assert(not ok and msg:find("attempt to index a nil value", 1, true))
  assert(status(co) == "dead")
  local co2 = co_create(function() error("plain", 0) end)
  local ok2, msg2 = resume(co2)
  assert(not ok2 and msg2 == "plain")
  local co3 = co_create(function() error(setmetatable({}, {__name = "E"})) end)
  local ok3, obj = resume(co3)
  assert(not ok3 and type(obj) == "table")
  -- an error after a yield
  local co4 = co_create(function() yield(1); error("later", 0) end)
  assert(select(2, resume(co4)) == 1)
  local ok4, msg4 = resume(co4)
  assert(not ok4 and msg4 == "later")
  -- resuming oneself or the main thread fails cleanly
  local selfish
  selfish = co_create(function() return resume(selfish) end)
  local ok5, inner_ok, inner_msg = resume(selfish)
  assert(ok5 and not inner_ok and inner_msg == "cannot resume non-suspended coroutine")
  local okm, msgm = resume(coroutine.running())
  assert(not okm and msgm == "cannot resume non-suspended coroutine")
  assert(fails(function() return resume(1) end, "thread expected"))
  assert(fails(function() return yield() end,
               "attempt to yield from outside a coroutine"))
end

-- yield across pcall, xpcall, metamethods and iterators
do
  local co = co_create(function()
    local ok, v = pcall(function() return yield("in pcall") + 1 end)
    assert(ok and v == 11)
    local ok2, e = pcall(function() yield("again"); error("caught", 0) end)
    assert(not ok2 and e == "caught")
    local ok3, r = xpcall(function() return yield("in xpcall") end,
                          function(m) return m end)
    assert(ok3 and r == "xv")
    local t = setmetatable({}, {__index = function(_, k) return yield(k) end,
                                __add = function(a, b) return yield("add") end})
    local got = t.key
    local sum = t + 1
    for _, v in wrap(function() yield(1, "iter") end) do got = got .. v end
    return got, sum
  end)
  assert(select(2, resume(co)) == "in pcall")
  assert(select(2, resume(co, 10)) == "again")
  assert(select(2, resume(co)) == "in xpcall")
  assert(select(2, resume(co, "xv")) == "key")
  assert(select(2, resume(co, "K")) == "add")
  local ok, got, sum = resume(co, 99)
  assert(ok and got == "Kiter" and sum == 99 and status(co) == "dead")
  -- some C functions cannot be yielded across
  local bad = co_create(function()
    return string.gsub("a", "a", function() yield() end)
  end)
  local okb, msgb = resume(bad)
  assert(not okb and msgb:find("attempt to yield across a C-call boundary", 1, true))
  local bad2 = co_create(function()
    table.sort({2, 1}, function(a, b) yield(); return a < b end)
  end)
  local okc, msgc = resume(bad2)
  assert(not okc and msgc:find("yield across", 1, true))
end

-- close
do
  assert(coroutine.close(co_create(function() end)) == true)
  local order = {}
  local co = co_create(function()
    local a <close> = setmetatable({}, {__close = function() order[#order + 1] = "a" end})
    local b <close> = setmetatable({}, {__close = function() order[#order + 1] = "b" end})
    yield()
    order[#order + 1] = "never"
  end)
  resume(co)
  assert(status(co) == "suspended")
  assert(coroutine.close(co) == true)
  assert(status(co) == "dead" and table.concat(order) == "ba")
  assert(not resume(co))
  -- closing a coroutine that died in error reports that error
  local dead = co_create(function() error("boom", 0) end)
  resume(dead)
  local okc, err = coroutine.close(dead)
  assert(okc == false and err == "boom")
  -- an error in __close while closing
  local co2 = co_create(function()
    local x <close> = setmetatable({}, {__close = function() error("in close", 0) end})
    yield()
  end)
  resume(co2)
  local ok2, e2 = coroutine.close(co2)
  assert(ok2 == false and e2 == "in close")
  assert(fails(function() return coroutine.close(coroutine.running()) end,
               "cannot close a running coroutine"))
  local normal
  local outer = co_create(function()
    return pcall(coroutine.close, normal)
  end)
  normal = co_create(function() return resume(outer) end)
  local _, _, okn, msgn = resume(normal)
  assert(okn == false and msgn:find("cannot close a normal coroutine", 1, true))
end

-- many coroutines alive at once
do
  local cos = {}
  for i = 1, 100 do
    cos[i] = co_create(function(x) local y = yield(x * 2); return x + y end)
  end
  local sum = 0
  for i = 1, 100 do sum = sum + select(2, resume(cos[i], i)) end
  for i = 1, 100 do sum = sum + select(2, resume(cos[i], 1)) end
  assert(sum == 2 * 5050 + 5050 + 100)
  for i = 1, 100 do assert(status(cos[i]) == "dead") end
end

return "ok"
