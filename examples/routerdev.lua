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
local reader = require("examples.lib.reader")
local conf = require("examples.routerconf")

-- shared with router.lua: key (prefix.parse) -> "dev PORT via MAC" | "local",
-- and "lens" -> the bitmask of prefix lengths in use; hits: key -> packets
local routes = rcu.table("shared:router-routes")
local hits = rcu.table("shared:router-hits")
local ports = rcu.table("shared:router-ports")

-- "add PREFIX dev PORT via MAC" | "add PREFIX local" | "del PREFIX" ->
-- key, the route's text (nil: delete); raises naming what is wrong
local function parse(line)
  local verb, p, how = line:match("^%s*(%a+)%s+(%S+)%s*(.-)%s*$")
  local key = (verb == "add" or verb == "del" and how == "") and prefix.parse(p)
  if not key then
    error("expected 'add PREFIX dev PORT via MAC', 'add PREFIX local' or 'del PREFIX', not: " .. line, 0)
  end
  if verb == "del" then
    if not routes[key] then error("no route " .. p, 0) end
    return key, nil
  end
  if how == "local" then return key, how end
  local port, mac = how:match("^dev%s+(%S+)%s+via%s+(%S+)$")
  if not port then error("expected 'dev PORT via MAC' or 'local', not: " .. how, 0) end
  if not ports[port] then error(port .. " is not a router port (examples/routerconf.lua)", 0) end
  prefix.mac(mac) -- checked here: router.lua trusts it
  return key, "dev " .. port .. " via " .. mac:lower()
end

-- every line is checked before any applies: a bad line changes nothing
local function write(data)
  local todo = {}
  for line in data:gmatch("[^\n]+") do todo[#todo + 1] = {parse(line)} end
  for _, t in ipairs(todo) do
    local key, value = t[1], t[2]
    if value and routes[key] ~= value then hits[key] = 0 end
    if not value then hits[key] = nil end
    routes[key] = value
  end
  routes.lens = prefix.lengths(rcu.snapshot(routes))
end

-- "PREFIX ROUTE packets N" lines, most specific first
local function lines()
  local snap, out = rcu.snapshot(routes), {}
  for i, k in ipairs(prefix.sorted(snap)) do
    out[i] = prefix.unkey(k) .. " " .. snap[k] .. " packets " .. (hits[k] or 0)
  end
  return out
end

for port in pairs(rcu.snapshot(ports)) do ports[port] = nil end -- a new conf's only
for _, port in ipairs(conf.ports) do ports[port] = true end
for _, line in ipairs(conf.routes or {}) do write("add " .. line) end
device.new{name = "router", mode = linux.stat.IRUSR | linux.stat.IWUSR,
           read = reader(lines), write = write}
