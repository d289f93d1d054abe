-- a pack format is parsed item by item
local f = ("x"):rep(1 << 20)
for i = 1, 20000 do string.packsize(f) end
print("ESCAPED")
