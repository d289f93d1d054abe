-- dnsblock.lua: drops DNS queries (UDP port 53, IPv4 and IPv6, sent from
-- this machine or forwarded through it) for names on a blocklist, and for
-- every name under them: blocking example.com blocks www.example.com. The
-- list is the rcu table "shared:dnsblock" (name -> true), which
-- examples/dnsblockdev.lua edits through /dev/dnsblock; drops are counted
-- in "shared:dnsblock-hits" (name -> queries dropped).
-- Try it: moontide run examples/dnsblock.lua --context softirq
--         moontide run examples/dnsblockdev.lua
--         echo 'add example.com' > /dev/dnsblock; dig example.com (times out)
local netfilter = require("netfilter")
local rcu = require("rcu")

local blocked = rcu.table("shared:dnsblock")
local hits = rcu.table("shared:dnsblock-hits")

-- The query's first question name, lowercased ("www.example.com"), or nil
-- when the packet is not a well-formed DNS query. off: the UDP payload.
local function qname(skb, off)
  local len = skb:len()
  if len < off + 13 or skb:getu8(off + 2) & 0x80 ~= 0 then return nil end -- a response
  local labels, at = {}, off + 12
  while true do
    local n = skb:getu8(at)
    if n == 0 then break end
    if n > 63 or #labels == 127 or at + 1 + n >= len then return nil end
    labels[#labels + 1] = skb:getstring(at + 1, n):lower()
    at = at + 1 + n
  end
  return #labels > 0 and table.concat(labels, ".") or nil
end

-- The UDP payload's offset of a packet to port 53, or nil.
local function dns_payload(skb)
  local version = skb:getu8(0) >> 4
  local at
  if version == 4 and skb:getu8(9) == 17 then
    at = (skb:getu8(0) & 15) * 4
  elseif version == 6 and skb:getu8(6) == 17 then
    at = 40 -- no extension headers: they are rare on DNS queries
  end
  if at and skb:len() >= at + 8 and skb:getu16be(at + 2) == 53 then
    return at + 8
  end
end

-- The entry blocking name: itself or the closest domain above it.
local function listed(name)
  while name do
    if blocked[name] then return name end
    name = name:match("^[^.]*%.(.+)$")
  end
end

local function filter(skb)
  local off = dns_payload(skb)
  local name = off and qname(skb, off)
  local entry = listed(name)
  if entry then
    hits[entry] = (hits[entry] or 0) + 1
    return netfilter.DROP
  end
end

hooks = {} -- global: the hooks live as long as the runtime
for _, point in ipairs{"output", "forward"} do
  hooks[point] = netfilter.register{family = "inet", hook = point, handler = filter}
end
