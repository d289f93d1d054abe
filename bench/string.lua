-- string.lua: 10^5 short strings concatenated, then gsub over the result
-- (bench/kernel-vs-luak.sh). Returns the substitution count and length.
collectgarbage("incremental")  -- the kernel's mode; luak's lua.c picks generational
local N <const> = 100000
local parts = {}
for i = 1, N do parts[i] = "k" .. i .. "=v" .. (i % 97) end
local s = table.concat(parts, ";")
local out, n = s:gsub("k(%d+)=v(%d+)", "%2:%1")
return n + #out
