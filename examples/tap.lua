-- tap.lua: a network sniffer. Spawned, it reads every frame on an AF_PACKET
-- socket, logs source and destination MAC, EtherType and size to the kernel
-- log, and keeps the last lines in the rcu table "shared:tap", which
-- examples/tapdev.lua serves as /dev/tap.
-- Try it: moontide spawn examples/tap.lua; moontide run examples/tapdev.lua
--         ping -c1 127.0.0.1; cat /dev/tap
local socket = require("socket")
local rcu = require("rcu")

local INTERFACE <const> = nil -- nil: every interface; or e.g. "eth0"
local RING <const> = 64       -- lines kept for /dev/tap
local FRAME_MAX <const> = 65536

local ring = rcu.table("shared:tap", RING + 1)
local sniffer = socket.new(socket.af.PACKET, socket.sock.RAW)
sniffer:bind(INTERFACE)

local function mac(frame, at)
  return string.format("%02x:%02x:%02x:%02x:%02x:%02x", frame:byte(at, at + 5))
end

local function describe(frame)
  if #frame < 14 then return string.format("runt frame of %d bytes", #frame) end
  return string.format("%s > %s type 0x%04x size %d", mac(frame, 7), mac(frame, 1),
    string.unpack(">I2", frame, 13), #frame)
end

local function sniff()
  local seq = ring.next or 0
  while true do
    local frame = sniffer:receive(FRAME_MAX)
    if frame then
      local line = describe(frame)
      print("tap: " .. line)
      seq = seq + 1
      ring[seq % RING] = line
      ring.next = seq
    end
  end
end

return sniff
