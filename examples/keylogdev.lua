-- keylogdev.lua: /dev/keylog, what was typed since the last read, as
-- examples/keylogger.lua logged it (the rcu table "shared:keylog").
-- Try it: moontide run examples/keylogdev.lua; cat /dev/keylog
local device = require("device")
local linux = require("linux")
local rcu = require("rcu")

local RING <const> = 256 -- as in keylogger.lua

local log = rcu.table("shared:keylog", RING + 1)
local seen = log.next or 0 -- what an earlier read returned
local text = ""

-- a read from offset 0 takes what is new; the rest of it reads on from there
local function read(count, offset)
  if offset == 0 then
    local last = log.next or 0
    local keys = {}
    for seq = math.max(seen + 1, last - RING + 1), last do
      keys[#keys + 1] = log[seq % RING]
    end
    seen = last
    text = table.concat(keys)
  end
  return text:sub(offset + 1, offset + count)
end

device.new{name = "keylog", mode = linux.stat.IRUSR, read = read}
