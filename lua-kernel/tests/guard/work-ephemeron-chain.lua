-- a long random chain of entries in a weak-keyed table: the collector's
-- ephemeron convergence is bounded, so the allocation loop meets the quota
local N = 40000
local e = setmetatable({}, {__mode = "k"})
local keys = {}
for i = 1, N do keys[i] = {} end
for i = N, 2, -1 do local j = math.random(1, i) keys[i], keys[j] = keys[j], keys[i] end
for i = 1, N - 1 do e[keys[i]] = keys[i + 1] end
local root = keys[1]
keys = nil
while true do local x = {} end
print("ESCAPED")
