-- a long string as a table key is compared with an equal one
local k1, k2 = ("k"):rep(1 << 20), ("k"):rep(1 << 20)
local t = {[k1] = 1}
for i = 1, 100000 do local v = t[k2] rawget(t, k2) end
print("ESCAPED")
