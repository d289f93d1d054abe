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
local reader = require("examples.lib.reader")
local conf = require("examples.xdpfwconf")

-- shared with xdpfw.lua: key (prefix.parse) -> true, "lens" -> the lengths
-- in use; drops: key -> packets dropped
local block = rcu.table("shared:xdpfw-block")
local drops = rcu.table("shared:xdpfw-drops")
-- global: held while this runs (a table goes with its last handle), so that
-- xdpfw.lua finds the ports when it restarts
ports = rcu.table("shared:xdpfw-ports")

-- every line is checked before any applies: a bad line changes nothing
local function write(data)
  local todo = {}
  for line in data:gmatch("[^\n]+") do
    local verb, p = line:match("^%s*(%a+)%s+(%S+)%s*$")
    local key = p and (verb == "add" or verb == "del") and prefix.parse(p)
    if not key then error("expected 'add PREFIX' or 'del PREFIX', not: " .. line, 0) end
    if verb == "del" and not block[key] then error("not blocked: " .. p, 0) end
    todo[#todo + 1] = {verb, key}
  end
  for _, t in ipairs(todo) do
    local verb, key = t[1], t[2]
    if verb == "add" and not block[key] then drops[key] = 0 end
    block[key] = verb == "add" or nil
    if verb == "del" then drops[key] = nil end
  end
  block.lens = prefix.lengths(rcu.snapshot(block))
end

-- "PREFIX drops N" lines, most specific first
local function lines()
  local out = {}
  for i, k in ipairs(prefix.sorted(rcu.snapshot(block))) do
    out[i] = prefix.unkey(k) .. " drops " .. (drops[k] or 0)
  end
  return out
end

for port in pairs(rcu.snapshot(ports)) do ports[port] = nil end -- a new conf's only
for _, port in ipairs(conf.ports) do ports[port] = true end
for _, p in ipairs(conf.block or {}) do write("add " .. p) end
device.new{name = "xdpfw", mode = linux.stat.IRUSR | linux.stat.IWUSR,
           read = reader(lines), write = write}
