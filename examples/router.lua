-- router.lua: an IPv4 router at XDP. Frames arriving on a port are looked
-- up by destination in the routing table examples/routerdev.lua keeps
-- (/dev/router: longest prefix wins), rewritten (next hop's MAC, the egress
-- port's MAC, TTL - 1, checksum) and sent out of the egress port with an
-- XDP redirect, before the kernel's stack sees them: forwarding works with
-- net.ipv4.ip_forward=0. What it does not route (no route, a "local"
-- route, TTL 1, not plain IPv4) goes on to the stack. Counts packets per
-- route. Ports: routerdev's list (examples/routerconf.lua).
-- Try it: moontide run examples/routerdev.lua; moontide run examples/router.lua --context softirq
local xdp = require("xdp")
local rcu = require("rcu")

local routes = rcu.table("shared:router-routes")
local hits = rcu.table("shared:router-hits")

-- name -> {ifindex =, mac = its 6 bytes}, resolved now, in the caller's namespace
local ports = {}
for name in pairs(rcu.snapshot(rcu.table("shared:router-ports"))) do
  ports[name] = {ifindex = xdp.ifindex(name), mac = xdp.hwaddr(name)}
end
assert(next(ports), "no router ports: start examples/routerdev.lua first")

-- a route's text -> what forwarding needs; routes change rarely, so the
-- parsed form is kept by text (and dropped when it grows: deleted routes)
local parsed, nparsed = {}, 0
local function hop(text)
  local p = parsed[text]
  if p then return p end
  if text == "local" then
    p = false
  else
    local port, mac = text:match("^dev (%S+) via (%S+)$")
    local out = ports[port]
    if not out then return false end -- a port added after this started
    local bytes = mac:gsub("(%x%x):?", function(h) return string.char(tonumber(h, 16)) end)
    p = {ifindex = out.ifindex, macs = bytes .. out.mac}
  end
  if nparsed >= 1024 then parsed, nparsed = {}, 0 end
  parsed[text], nparsed = p, nparsed + 1
  return p
end

-- longest prefix match: one exact lookup per prefix length in use
local function lookup(dst)
  local lens = routes.lens or 0
  for len = 32, 0, -1 do
    if lens & 1 << len ~= 0 then
      local key = (len == 0 and 0 or dst >> (32 - len) << (32 - len)) << 6 | len
      local text = routes[key]
      if text then return text, key end
    end
  end
end

local function forward(frame)
  if frame:len() < 34 or frame:getu16be(12) ~= 0x0800 or frame:getu8(14) >> 4 ~= 4 then
    return xdp.PASS
  end
  local ttl = frame:getu8(22)
  if ttl <= 1 then return xdp.PASS end -- the stack answers with ICMP, or drops
  local text, key = lookup(frame:getu32be(30))
  local h = text and hop(text)
  if not h then return xdp.PASS end
  frame:setstring(0, h.macs)
  frame:setu8(22, ttl - 1)
  -- TTL is the high byte of its checksummed word: one less adds 0x0100
  -- to the one's-complement checksum (RFC 1624), with the end carry, as
  -- the kernel's own forwarding does (ip_decrease_ttl)
  local sum = frame:getu16be(24) + 0x0100
  if sum >= 0xffff then sum = sum + 1 end
  frame:setu16be(24, sum & 0xffff)
  hits[key] = (hits[key] or 0) + 1
  return xdp.redirect(h.ifindex)
end

handlers = {} -- global: the handlers live as long as the runtime
for name in pairs(ports) do handlers[name] = xdp.attach(name, forward) end
