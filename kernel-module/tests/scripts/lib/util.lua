-- lib/util.lua: found by require("mt-test.lib.util") under the script root (test fixture).
local M = {}
function M.twice(x) return x * 2 end
return M
