-- hog.lua: allocates without bound; its memory limit stops it (test fixture).
local t = {}
while true do t[#t + 1] = string.rep("x", 4096) .. #t end
