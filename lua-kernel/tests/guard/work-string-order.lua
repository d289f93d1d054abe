-- long strings ordered with < (strcoll over every zero-separated chunk)
local a, b = ("\0"):rep(1 << 20), ("\0"):rep(1 << 20)
for i = 1, 100000 do local x = a < b end
print("ESCAPED")
