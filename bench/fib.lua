-- fib.lua: recursive calls (bench/kernel-vs-luak.sh). Returns fib(27).
collectgarbage("incremental")  -- the kernel's mode; luak's lua.c picks generational
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
return fib(27)
