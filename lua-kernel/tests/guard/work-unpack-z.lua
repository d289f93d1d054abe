-- string.unpack "z" over a string with no zero, raising each time
local s = ("x"):rep(1 << 20)
for i = 1, 100000 do pcall(string.unpack, "z", s) end
print("ESCAPED")
