-- counter.lua: a runtime that keeps state between calls (test fixture).
-- modules resolve from the script root, as paths do in the repository
local util = require("mt-test.lib.util")
count = 0
function bump(n)
  count = count + (n or 1)
  return util.twice(count) // 2
end
