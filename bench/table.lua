-- table.lua: a 10^6-entry table filled, then read (bench/kernel-vs-luak.sh).
collectgarbage("incremental")  -- the kernel's mode; luak's lua.c picks generational
local N <const> = 1000000
local t = {}
for i = 1, N do t[i] = i * 3 end
local sum = 0
for i = 1, N do sum = sum + t[i] end
return sum
