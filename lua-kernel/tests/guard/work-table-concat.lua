-- table.concat over a range served by __index
print(pcall(table.concat, setmetatable({}, {__index = function() return "" end}), "", 1, 1 << 40))
print("ESCAPED")
