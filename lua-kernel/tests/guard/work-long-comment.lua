-- compiling a long comment, again and again
local c = "--[[" .. ("x"):rep(1 << 20) .. "]]"
for i = 1, 100000 do load(c) end
print("ESCAPED")
