-- 13-goto: goto and labels.
-- Covers the 'continue' idiom, leaving nested loops, backward jumps that
-- build loops, a state machine, fresh locals (and closures) per backward
-- jump, labels at the end of blocks, and the compile errors: unknown
-- label, jump into the scope of a local, duplicate labels, labels in
-- other functions, and break outside a loop.

local function compile_error(src, text)
  local f, msg = load(src)
  return f == nil and msg:find(text, 1, true) ~= nil
end

-- continue
do
  local odd = {}
  for i = 1, 10 do
    if i % 2 == 0 then goto continue end
    odd[#odd + 1] = i
    ::continue::
  end
  assert(table.concat(odd, ",") == "1,3,5,7,9")
  local words = {}
  for _, w in ipairs({"a", "", "b", "", "c"}) do
    if w == "" then goto next_word end
    words[#words + 1] = w
    ::next_word::
  end
  assert(table.concat(words) == "abc")
  -- in while and repeat loops
  local i, kept = 0, 0
  while i < 10 do
    i = i + 1
    if i % 3 ~= 0 then goto skip end
    kept = kept + 1
    ::skip::
  end
  assert(kept == 3)
  local j, evens = 0, 0
  repeat
    j = j + 1
    if j % 2 == 1 then goto cont end
    evens = evens + 1
    ::cont::
  until j >= 10
  assert(evens == 5)
end

-- leaving nested loops at once
do
  local found_i, found_j
  for i = 1, 10 do
    for j = 1, 10 do
      if i * j == 42 then
        found_i, found_j = i, j
        goto done
      end
    end
  end
  ::done::
  assert(found_i == 6 and found_j == 7)
  -- three levels deep, continuing the outer loop
  local hits = 0
  for a = 1, 3 do
    for b = 1, 3 do
      for c = 1, 3 do
        if c == 2 then goto next_a end
        hits = hits + 1
      end
    end
    ::next_a::
  end
  assert(hits == 3)
end

-- backward jumps make loops
do
  local n, sum = 0, 0
  ::top::
  n = n + 1
  sum = sum + n
  if n < 100 then goto top end
  assert(sum == 5050)
  -- a fresh local each time round: closures see different variables
  local fs = {}
  do
    local k = 0
    ::again::
    local v = k * 10
    fs[#fs + 1] = function() return v end
    k = k + 1
    if k < 3 then goto again end
  end
  assert(fs[1]() == 0 and fs[2]() == 10 and fs[3]() == 20)
end

-- a small state machine: count runs of equal characters
do
  local s, pos, runs = "aaabccdddd", 1, {}
  local current, length
  ::start::
  if pos > #s then goto finish end
  current, length = s:sub(pos, pos), 0
  ::in_run::
  if pos <= #s and s:sub(pos, pos) == current then
    pos, length = pos + 1, length + 1
    goto in_run
  end
  runs[#runs + 1] = current .. length
  goto start
  ::finish::
  assert(table.concat(runs, " ") == "a3 b1 c2 d4")
end

-- labels at the end of a block are outside the scope of its locals
do
  local reached = false
  do
    goto last
    local unused = 1
    reached = unused == 1
    ::last::
  end
  assert(not reached)
  local f = load("do goto e; local x; ::e:: end return 1")
  assert(f and f() == 1)
  -- and nested functions have labels of their own
  local function inner()
    goto finish
    do return "not here" end
    ::finish::
    return "here"
  end
  assert(inner() == "here")
end

-- compile errors
do
  assert(compile_error("goto nowhere", "no visible label 'nowhere' for <goto>"))
  assert(compile_error("do goto x end local y ::x:: y = 1",
                       "jumps into the scope of local 'y'"))
  assert(compile_error("::a:: ::a::", "label 'a' already defined"))
  assert(compile_error("::a:: do ::a:: end", "label 'a' already defined"))
  assert(compile_error("do ::inside:: end goto inside", "no visible label 'inside'"))
  assert(compile_error("local function f() goto out end ::out::",
                       "no visible label 'out'"))
  assert(compile_error("break", "break outside loop"))
  assert(compile_error("if true then break end", "break outside loop"))
  assert(compile_error("goto 1", "<name> expected"))
  assert(compile_error(":: a", "'::' expected"))
  -- 'goto' is reserved, 'continue' is not
  assert(compile_error("local goto = 1", "<name> expected"))
  local f = load("local continue = 5; return continue")
  assert(f and f() == 5)
end

return "ok"
