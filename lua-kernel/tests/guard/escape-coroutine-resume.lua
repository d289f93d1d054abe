-- coroutine.resume returns no false for a fault: it goes on
local co = coroutine.create(function() while true do end end)
print(coroutine.resume(co))
print("ESCAPED")
