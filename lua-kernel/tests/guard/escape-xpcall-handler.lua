-- xpcall: its message handler neither runs nor swallows the fault
print(xpcall(function() while true do end end, function(m) return "handled " .. m end))
print("ESCAPED")
