-- a table.concat range of 2^64 elements served by a C __index
local p = setmetatable({}, {__index = table.concat})
print(pcall(table.concat, p, "", math.mininteger, math.maxinteger))
print("ESCAPED")
