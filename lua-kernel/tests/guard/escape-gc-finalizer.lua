-- a finalizer that loops: hooks are off in __gc, the guard is not
setmetatable({}, {__gc = function() while true do end end})
collectgarbage()
print("ESCAPED")
