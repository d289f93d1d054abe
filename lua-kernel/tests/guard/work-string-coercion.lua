-- arithmetic on a long numeric string scans it each time
local s = (" "):rep(1 << 20) .. "1"
for i = 1, 100000 do local x = s + 0 end
print("ESCAPED")
