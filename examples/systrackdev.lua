-- systrackdev.lua: /dev/systrack, the system calls examples/systrack.lua
-- counted: one line per syscall seen, "NAME COUNT", the most frequent first.
-- Try it: moontide run examples/systrackdev.lua; cat /dev/systrack
local data = require("data")
local device = require("device")
local linux = require("linux")
local syscall = require("syscall")

local SLOTS <const> = 512 -- as in systrack.lua

local counts = assert(data.open("shared:systrack"))
local text = "" -- what the current reader gets, computed when it opens

local function render()
  local seen = {}
  for nr = 0, SLOTS - 1 do
    local n = counts:geti64(nr * 8)
    if n > 0 then seen[#seen + 1] = {syscall.name(nr) or ("#" .. nr), n} end
  end
  table.sort(seen, function(a, b) return a[2] > b[2] end)
  local lines = {}
  for i, s in ipairs(seen) do lines[i] = s[1] .. " " .. s[2] end
  return #lines > 0 and table.concat(lines, "\n") .. "\n" or ""
end

device.new{name = "systrack", mode = linux.stat.IRUSR | linux.stat.IRGRP,
  open = function() text = render() end,
  read = function(count, offset) return text:sub(offset + 1, offset + count) end}
