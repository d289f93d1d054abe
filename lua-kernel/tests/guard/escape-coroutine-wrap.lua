-- a coroutine.wrap of a busy loop under pcall
print(pcall(coroutine.wrap(function() while true do end end)))
print("ESCAPED")
