-- lib/prefix.lua: IPv4 prefixes ("10.1.0.0/24") and MAC addresses as the
-- XDP examples keep them (routerdev.lua, xdpfwdev.lua). A prefix's key is
-- one integer, network << 6 | length: the softirq side computes the same
-- key from a packet's address for each length in use, an exact lookup.
-- Try it: require("examples.lib.prefix").parse("10.1.0.0/24")
local M = {}

-- the mask of a prefix length: 24 -> 0xffffff00
function M.mask(len)
  return len == 0 and 0 or (0xffffffff << (32 - len)) & 0xffffffff
end

-- "a.b.c.d/len" -> key, network, length; raises naming what is wrong
function M.parse(text)
  local a, b, c, d, len = text:match("^(%d+)%.(%d+)%.(%d+)%.(%d+)/(%d+)$")
  if not a then error("not an IPv4 prefix (a.b.c.d/len): " .. text, 0) end
  local net = 0
  for _, octet in ipairs{a, b, c, d} do
    local n = tonumber(octet)
    if #octet > 3 or n > 255 then error("not an IPv4 address: " .. text, 0) end
    net = net << 8 | n
  end
  len = tonumber(len)
  if len > 32 then error("prefix length over 32: " .. text, 0) end
  if net & ~M.mask(len) & 0xffffffff ~= 0 then
    error("host bits set in " .. text .. " (the network is " .. M.format(net & M.mask(len), len) .. ")", 0)
  end
  return net << 6 | len, net, len
end

-- network, length -> "a.b.c.d/len"
function M.format(net, len)
  return string.format("%d.%d.%d.%d/%d", net >> 24, net >> 16 & 255, net >> 8 & 255, net & 255, len)
end

-- a key -> "a.b.c.d/len"
function M.unkey(key)
  return M.format(key >> 6, key & 63)
end

-- the bitmask of the lengths in use by keys (integer keys of t; others skipped)
function M.lengths(t)
  local lens = 0
  for k in pairs(t) do
    if math.type(k) == "integer" then lens = lens | 1 << (k & 63) end
  end
  return lens
end

-- the integer keys of plain table t, most specific prefix first
function M.sorted(t)
  local keys = {}
  for k in pairs(t) do
    if math.type(k) == "integer" then keys[#keys + 1] = k end
  end
  table.sort(keys, function(a, b) return (a & 63) > (b & 63) or (a & 63) == (b & 63) and a < b end)
  return keys
end

-- "02:00:0a:00:00:01" -> its 6 bytes; raises
function M.mac(text)
  local hex = {text:match("^(%x%x):(%x%x):(%x%x):(%x%x):(%x%x):(%x%x)$")}
  if #hex ~= 6 then error("not a MAC address (xx:xx:xx:xx:xx:xx): " .. text, 0) end
  local bytes = {}
  for i, h in ipairs(hex) do bytes[i] = string.char(tonumber(h, 16)) end
  return table.concat(bytes)
end

return M
