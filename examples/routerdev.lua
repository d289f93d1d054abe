-- routerdev.lua: /dev/router, the routing table examples/router.lua
-- forwards by. Write one command per line:
--   add 10.2.0.0/24 dev PORT via 02:00:00:00:00:02   (egress port, next-hop MAC)
--   add 10.2.0.1/32 local     (passed to this machine's stack, not forwarded)
--   del 10.2.0.0/24
-- Read lists the routes, most specific first, each with its packet count.
-- The ports and the routes at start come from examples/routerconf.lua.
-- Try it: moontide run examples/routerdev.lua; moontide run examples/router.lua --context softirq
--         echo 'add 10.2.0.0/24 dev mtr-b via 02:00:00:00:00:02' > /dev/router; cat /dev/router
local device = require("device")
local linux = require("linux")
local rcu = require("rcu")
local prefix = require("examples.lib.prefix")
local conf = require("examples.routerconf")

-- shared with router.lua: key (prefix.parse) -> "dev PORT via MAC" | "local",
-- and "lens" -> the bitmask of prefix lengths in use; hits: key -> packets
local routes = rcu.table("shared:router-routes")
local hits = rcu.table("shared:router-hits")
local ports = rcu.table("shared:router-ports")
local listing = ""

local function setlens()
  routes.lens = prefix.lengths(rcu.snapshot(routes))
end

local function add(text, how)
  local key = prefix.parse(text)
  local value = how
  if how ~= "local" then
    local port, mac = how:match("^dev%s+(%S+)%s+via%s+(%S+)$")
    if not port then error("expected 'dev PORT via MAC' or 'local', not: " .. how, 0) end
    if not ports[port] then error(port .. " is not a router port (examples/routerconf.lua)", 0) end
    prefix.mac(mac) -- checked here: router.lua trusts it
    value = "dev " .. port .. " via " .. mac:lower()
  end
  if routes[key] ~= value then hits[key] = 0 end
  routes[key] = value
  setlens()
end

local function del(text)
  local key = prefix.parse(text)
  if not routes[key] then error("no route " .. text, 0) end
  routes[key] = nil
  hits[key] = nil
  setlens()
end

local function write(data)
  for line in data:gmatch("[^\n]+") do
    local verb, rest = line:match("^%s*(%a+)%s+(.-)%s*$")
    local p, how = (rest or ""):match("^(%S+)%s*(.*)$")
    if verb == "add" and p then add(p, how)
    elseif verb == "del" and p and how == "" then del(p)
    else error("expected 'add PREFIX dev PORT via MAC', 'add PREFIX local' or 'del PREFIX', not: " .. line, 0) end
  end
end

-- a read from offset 0 takes a fresh listing; the rest reads on in it
local function read(count, offset)
  if offset == 0 then
    local snap, keys = rcu.snapshot(routes), {}
    for k in pairs(snap) do
      if math.type(k) == "integer" then keys[#keys + 1] = k end
    end
    table.sort(keys, function(a, b) return (a & 63) > (b & 63) or (a & 63) == (b & 63) and a < b end)
    local lines = {}
    for i, k in ipairs(keys) do
      lines[i] = prefix.unkey(k) .. " " .. snap[k] .. " packets " .. (hits[k] or 0)
    end
    listing = #lines > 0 and table.concat(lines, "\n") .. "\n" or ""
  end
  return listing:sub(offset + 1, offset + count)
end

for port in pairs(rcu.snapshot(ports)) do ports[port] = nil end -- a new conf's only
for _, port in ipairs(conf.ports) do ports[port] = true end
for _, line in ipairs(conf.routes or {}) do write("add " .. line) end
device.new{name = "router", mode = linux.stat.IRUSR | linux.stat.IWUSR,
           read = read, write = write}
