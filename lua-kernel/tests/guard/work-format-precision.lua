-- string.format with %.0s scans the whole string for an empty result
local s = ("x"):rep(1 << 20)
for i = 1, 100000 do string.format("%.0s", s) end
print("ESCAPED")
