-- ordinary work well under the quota finishes: recursion, loops, patterns
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
assert(fib(18) == 2584)
local t = {}
for i = 1, 10000 do t[i] = tostring(i) end
assert(#table.concat(t, ",") > 0)
assert(select(2, string.gsub(string.rep("ab", 1000), "a", "x")) == 1000)
print("DONE")
