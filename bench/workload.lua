-- workload.lua: a CPU-bound mix for bench/kernel-vs-luak.sh: recursion,
-- integer arithmetic, strings, tables and sorting. Returns a checksum so
-- both runs can be compared for equal work.
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end

local function strings(n)
  local parts = {}
  for i = 1, n do parts[#parts + 1] = string.format("%05d:%x", i, i * 7) end
  local s = table.concat(parts, ",")
  local count = 0
  for _ in s:gmatch("%d+:") do count = count + 1 end
  return count + #s
end

local function sorting(n)
  local t, x = {}, 12345
  for i = 1, n do x = (x * 1103515245 + 12345) % 2147483648 t[i] = x end
  table.sort(t)
  return t[1] + t[n]
end

local sum = 0
for _ = 1, 3 do
  sum = sum + fib(24) + strings(20000) + sorting(20000)
end
return sum
