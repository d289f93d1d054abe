-- many arguments copied by each call, with few calls
local t = {} for i = 1, 50000 do t[i] = i end
local c = 0
local function f(...) c = c + 1 if c == 2000 then return c end return f(...) end
print(pcall(f, table.unpack(t)))
print("ESCAPED")
