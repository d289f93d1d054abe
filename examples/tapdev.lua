-- tapdev.lua: /dev/tap, the last frames examples/tap.lua saw, one per line,
-- oldest first (read from the rcu table "shared:tap").
-- Try it: moontide run examples/tapdev.lua; cat /dev/tap
local device = require("device")
local linux = require("linux")
local rcu = require("rcu")

local RING <const> = 64 -- as in tap.lua

local ring = rcu.table("shared:tap", RING + 1)

local function render()
  local last = ring.next or 0
  local lines = {}
  for seq = math.max(1, last - RING + 1), last do
    lines[#lines + 1] = ring[seq % RING]
  end
  return #lines > 0 and table.concat(lines, "\n") .. "\n" or ""
end

local function read(count, offset)
  return render():sub(offset + 1, offset + count)
end

device.new{name = "tap", mode = linux.stat.IRUSR | linux.stat.IRGRP, read = read}
