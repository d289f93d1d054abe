-- a long numeric string as a for loop's limit, in a loop
local s = (" "):rep(1 << 20) .. "1"
for i = 1, 100000 do for j = 1, s do end end
print("ESCAPED")
