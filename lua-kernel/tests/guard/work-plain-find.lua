-- plain find that compares long candidates, in a loop
local s, p = string.rep("a", 1 << 16), string.rep("a", 1 << 15) .. "b"
for i = 1, 1000000 do pcall(string.find, s, p, 1, true) end
print("ESCAPED")
