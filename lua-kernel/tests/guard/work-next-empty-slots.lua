-- next() over a table emptied of its entries skips every slot
local t = {} for i = 1, 1 << 17 do t["k" .. i] = true end
for k in pairs(t) do t[k] = nil end
for i = 1, 20000 do next(t) end
print("ESCAPED")
