-- a collector tuned to run all the time cannot hide its work
collectgarbage("incremental", 1, 1000000, 60)
collectgarbage("setpause", 0)
local keep = {}
for i = 1, 20000 do keep[i] = {i} end
for i = 1, 1000000000 do local t = {} end
print("ESCAPED")
