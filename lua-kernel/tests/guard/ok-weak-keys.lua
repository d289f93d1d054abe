-- weak keys still work: short chains resolve, dead keys go, live ones stay
local e = setmetatable({}, {__mode = "k"})
local live = {}
e[live] = "kept"
do local a, b = {}, {} e[a] = b e[b] = a end   -- a cycle only e holds
local ka, kb = {}, {}
e[ka] = kb e[kb] = {}                           -- a short chain from a live key
collectgarbage() collectgarbage()
local n = 0 for _ in pairs(e) do n = n + 1 end
assert(e[live] == "kept" and e[ka] == kb and e[kb] ~= nil and n == 3, n)
print("DONE")
