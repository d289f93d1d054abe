-- float.lua: a float literal, refused by the dialect (test fixture).
local half = 0.5
return half
