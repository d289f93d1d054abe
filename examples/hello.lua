-- hello.lua: the first script moontide runs in the kernel. It shows the
-- dialect at work (integer arithmetic, strings, tables, closures) and
-- prints to the kernel log.
-- Try it: make run   (boots the lab, loads moontide.ko, evaluates this file)
-- or, with moontide.ko loaded: kernel-module/tests/mtctl eval - < examples/hello.lua

local function fibonacci(n)
  local a, b = 0, 1
  for _ = 1, n do a, b = b, a + b end
  return a
end

local squares = {}
for i = 1, 10 do squares[#squares + 1] = i * i end

local summary = string.format("fib(90) = %d, squares: %s, 7 // 2 = %d, -7 %% 3 = %d",
  fibonacci(90), table.concat(squares, " "), 7 // 2, -7 % 3)
print("hello from Lua in the kernel: " .. summary)
return summary
