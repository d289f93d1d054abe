-- a long pattern is scanned for specials on every call
local p = ("a"):rep(1 << 20)
while true do string.find("", p) end
print("ESCAPED")
