-- xdpfw.lua: an XDP firewall. Drops IPv4 packets whose source is in a
-- blocked prefix (the list examples/xdpfwdev.lua keeps: /dev/xdpfw,
-- longest prefix counted), before the kernel allocates anything for them;
-- counts drops per prefix; passes everything else. Ports: xdpfwdev's list
-- (examples/xdpfwconf.lua).
-- Try it: moontide run examples/xdpfwdev.lua; moontide run examples/xdpfw.lua --context softirq
--         echo 'add 198.51.100.0/24' > /dev/xdpfw; cat /dev/xdpfw
local xdp = require("xdp")
local rcu = require("rcu")

local block = rcu.table("shared:xdpfw-block")
local drops = rcu.table("shared:xdpfw-drops")

-- the most specific blocked prefix holding src, as its key, or nil
local function blocked(src)
  local lens = block.lens or 0
  for len = 32, 0, -1 do
    if lens & 1 << len ~= 0 then
      local key = (len == 0 and 0 or src >> (32 - len) << (32 - len)) << 6 | len
      if block[key] then return key end
    end
  end
end

local function filter(frame)
  if frame:len() < 34 or frame:getu16be(12) ~= 0x0800 then return xdp.PASS end
  local key = blocked(frame:getu32be(26))
  if not key then return xdp.PASS end
  drops[key] = (drops[key] or 0) + 1
  return xdp.DROP
end

handlers = {} -- global: the handlers live as long as the runtime
for port in pairs(rcu.snapshot(rcu.table("shared:xdpfw-ports"))) do
  handlers[port] = xdp.attach(port, filter)
end
assert(next(handlers), "no firewall ports: start examples/xdpfwdev.lua first")
