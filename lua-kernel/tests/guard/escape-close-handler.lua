-- a __close handler that loops while the fault unwinds
local function f()
  local x <close> = setmetatable({}, {__close = function() while true do end end})
  while true do end
end
print(pcall(f))
print("ESCAPED")
