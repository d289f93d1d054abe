-- tonumber of a long string scans it each time
local s = (" "):rep(1 << 20) .. "1"
for i = 1, 100000 do tonumber(s) end
print("ESCAPED")
