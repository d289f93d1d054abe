-- pcall around a busy loop, repeated: the fault is not caught
local n = 0
while n < 3 do pcall(function() while true do end end) n = n + 1 end
print("ESCAPED")
