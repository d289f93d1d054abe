-- a long numeric string where an integer is expected, in a loop
local s = (" "):rep(1 << 20) .. "0"
for i = 1, 100000 do string.rep("x", s) end
print("ESCAPED")
