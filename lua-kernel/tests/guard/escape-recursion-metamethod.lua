-- exponential work through __index: no loop and no OP_CALL, only metamethods
local t = setmetatable({}, {__index = function(t, k)
  if k > 16 then return 0 end
  return t[k + 1] + t[k + 1] + t[k + 1]
end})
print(pcall(function() return t[1] end))
print("ESCAPED")
