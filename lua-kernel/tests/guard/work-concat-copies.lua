-- a loop of long-string copies: each copy is charged
local s = string.rep("a", 1 << 20)
for i = 1, 1000000000 do local x = s .. "b" end
print("ESCAPED")
