-- 20-lines: runtime errors name the line of the operation that failed.
-- Each chunk below calls a function on an earlier line, then fails; the
-- message must carry the failing line, not the line of the last call.
-- Covers the dialect's own errors ('/' and '^' on numbers, with register
-- and constant operands), integer division and modulo by zero, and, as
-- controls, errors Lua always positions right (arithmetic on nil,
-- indexing, calling, comparing, concatenating, string arithmetic).
-- All mismatches are reported together in one assertion message.

local cases = {
  {"'/' on registers", "local a, b = 6, 3\nlocal s = tostring(a)\n\nreturn a / b",
   "c:4: attempt to perform float division ('/'): floats are not supported"},
  {"'/' by a constant", "local a = 6\nlocal s = tostring(a)\nreturn a / 3",
   "c:3: attempt to perform float division ('/'): floats are not supported"},
  {"'^' on registers", "local a, b = 2, 3\nlocal s = tostring(a)\n\n\nreturn a ^ b",
   "c:5: attempt to perform exponentiation ('^'): floats are not supported"},
  {"'^' by a constant", "local a = 2\nlocal s = tostring(a)\nreturn a ^ 2",
   "c:3: attempt to perform exponentiation ('^'): floats are not supported"},
  {"'/' inside a function",
   "local function f(a, b)\n  local s = tostring(a)\n  return a / b\nend\nreturn f(1, 2)",
   "c:3: attempt to perform float division ('/'): floats are not supported"},
  {"'//' by zero", "local a, z = 1, 0\nlocal s = tostring(a)\nreturn a // z",
   "c:3: attempt to divide by zero"},
  {"'//' by a constant zero", "local a = 1\nlocal s = tostring(a)\nreturn a // 0",
   "c:3: attempt to divide by zero"},
  {"'%' by zero", "local a, z = 1, 0\nlocal s = tostring(a)\nreturn a % z",
   "c:3: attempt to perform 'n%%0'"},
  {"'%' by a constant zero", "local a = 1\nlocal s = tostring(a)\nreturn a % 0",
   "c:3: attempt to perform 'n%%0'"},
  -- controls
  {"arithmetic on nil", "local a = nil\nlocal s = tostring(a)\nreturn a + 1",
   "c:3: attempt to perform arithmetic on a nil value (local 'a')"},
  {"indexing nil", "local a = nil\nlocal s = tostring(a)\nreturn a.x",
   "c:3: attempt to index a nil value (local 'a')"},
  {"calling nil", "local a = nil\nlocal s = tostring(a)\nreturn a()",
   "c:3: attempt to call a nil value (local 'a')"},
  {"comparing", "local a = {}\nlocal s = tostring(a)\nreturn a < 1",
   "c:3: attempt to compare table with number"},
  {"concatenating", "local a = {}\nlocal s = tostring(a)\nreturn 'x' .. a",
   "c:3: attempt to concatenate a table value (local 'a')"},
  {"string arithmetic", "local a = '4'\nlocal s = tostring(a)\nreturn a / '2'",
   "c:3: attempt to perform float division ('/'): floats are not supported"},
  {"bitwise on a string", "local a = '4'\nlocal s = tostring(a)\nreturn a | 1",
   "c:3: attempt to perform bitwise operation on a string value (local 'a')"},
}

local wrong = {}
for _, case in ipairs(cases) do
  local name, src, want = case[1], case[2], case[3]
  want = want:gsub("%%%%", "%%")
  local f, err = load(src, "=c")
  local got
  if not f then
    got = "does not compile: " .. tostring(err)
  else
    local ok, msg = pcall(f)
    got = ok and "no error" or tostring(msg)
  end
  if got ~= want then
    wrong[#wrong + 1] = name .. ": got \"" .. got .. "\""
  end
end
assert(#wrong == 0, "wrong error positions: " .. table.concat(wrong, "; "))

return "ok"
