-- two distinct long strings compared byte by byte, in a loop
local a, b = ("x"):rep(1 << 20), ("x"):rep(1 << 20)
local n = 0
for i = 1, 100000 do if a == b then n = n + 1 end end
print("ESCAPED")
