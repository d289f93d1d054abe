-- select("#", ...) copies every vararg each time
local t = {} for i = 1, 50000 do t[i] = i end
local function f(...) while true do local x = select("#", ...) end end
f(table.unpack(t))
print("ESCAPED")
