-- full collections of a large heap, in a loop
local keep = {}
for i = 1, 20000 do keep[i] = {i} end
for i = 1, 1000000 do collectgarbage() end
print("ESCAPED")
