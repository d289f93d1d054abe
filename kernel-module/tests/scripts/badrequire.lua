-- badrequire.lua: requires a module that does not exist (test fixture).
return require("lib.nothere")
