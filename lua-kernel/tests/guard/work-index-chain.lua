-- a 2000-table __index chain walked by every lookup, in a loop
local t = {}
for i = 1, 1990 do t = setmetatable({}, {__index = t}) end
for i = 1, 100000000 do local v = t.missing end
print("ESCAPED")
