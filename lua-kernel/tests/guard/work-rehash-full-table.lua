-- a hash part kept exactly full: every insert rehashes the whole table
local t, n = {}, 1 << 16
for i = 1, n do t["k" .. i] = true end
for i = 1, 100000 do t["k" .. i] = nil t["x" .. i] = true end
print("ESCAPED")
