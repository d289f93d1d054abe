-- the utf8.codes iterator skips continuation bytes
local s = ("\x80"):rep(1 << 20)
local f = utf8.codes("a")
while true do f(s, 0) end
print("ESCAPED")
