-- syntax.lua: does not compile (test fixture).
local x = = 1
