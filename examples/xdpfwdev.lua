-- xdpfwdev.lua: /dev/xdpfw, the blocklist examples/xdpfw.lua enforces.
-- Write "add PREFIX" or "del PREFIX" (IPv4, e.g. 198.51.100.0/24), one per
-- line; read lists "PREFIX drops N", most specific first, N the packets
-- dropped since the prefix was added. The ports and the prefixes blocked
-- at start come from examples/xdpfwconf.lua.
-- Try it: moontide run examples/xdpfwdev.lua; moontide run examples/xdpfw.lua --context softirq
--         echo 'add 198.51.100.0/24' > /dev/xdpfw; cat /dev/xdpfw
local device = require("device")
local linux = require("linux")
local rcu = require("rcu")
local prefix = require("examples.lib.prefix")
local conf = require("examples.xdpfwconf")

-- shared with xdpfw.lua: key (prefix.parse) -> true, "lens" -> the lengths
-- in use; drops: key -> packets dropped
local block = rcu.table("shared:xdpfw-block")
local drops = rcu.table("shared:xdpfw-drops")
-- global: held while this runs (a table goes with its last handle), so that
-- xdpfw.lua finds the ports when it restarts
ports = rcu.table("shared:xdpfw-ports")
local listing = ""

local function write(data)
  for line in data:gmatch("[^\n]+") do
    local verb, p = line:match("^%s*(%a+)%s+(%S+)%s*$")
    local key = p and (verb == "add" or verb == "del") and prefix.parse(p)
    if not key then error("expected 'add PREFIX' or 'del PREFIX', not: " .. line, 0) end
    if verb == "add" then
      if not block[key] then drops[key] = 0 end
      block[key] = true
    else
      if not block[key] then error("not blocked: " .. p, 0) end
      block[key], drops[key] = nil, nil
    end
  end
  block.lens = prefix.lengths(rcu.snapshot(block))
end

-- a read from offset 0 takes a fresh listing; the rest reads on in it
local function read(count, offset)
  if offset == 0 then
    local keys = {}
    for k in pairs(rcu.snapshot(block)) do
      if math.type(k) == "integer" then keys[#keys + 1] = k end
    end
    table.sort(keys, function(a, b) return (a & 63) > (b & 63) or (a & 63) == (b & 63) and a < b end)
    local lines = {}
    for i, k in ipairs(keys) do lines[i] = prefix.unkey(k) .. " drops " .. (drops[k] or 0) end
    listing = #lines > 0 and table.concat(lines, "\n") .. "\n" or ""
  end
  return listing:sub(offset + 1, offset + count)
end

for port in pairs(rcu.snapshot(ports)) do ports[port] = nil end -- a new conf's only
for _, port in ipairs(conf.ports) do ports[port] = true end
for _, p in ipairs(conf.block or {}) do write("add " .. p) end
device.new{name = "xdpfw", mode = linux.stat.IRUSR | linux.stat.IWUSR,
           read = read, write = write}
