-- toperror.lua: raises at top level (test fixture).
error("boom at top level")
