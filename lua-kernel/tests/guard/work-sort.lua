-- sort with a comparator that is cheap but called often
local t = {}
for i = 1, 100000 do t[i] = (i * 7919) % 100003 end
for i = 1, 1000 do table.sort(t, function(a, b) return a > b end) end
print("ESCAPED")
