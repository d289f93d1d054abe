-- echod.lua: an ECHO server (RFC 862) on TCP port 7: every byte a client
-- sends comes back unchanged, until the client closes the connection.
-- A worker pool: spawn this script several times; the workers share the
-- port (SO_REUSEPORT, the kernel spreads connections over them) and each
-- serves one connection at a time. Stopping a worker closes its sockets.
-- Try it: moontide spawn examples/echod.lua -n echod1 -q 0
--         moontide spawn examples/echod.lua -n echod2 -q 0
--         nc 127.0.0.1 7    (type lines; each comes back)
-- (-q 0: no instruction quota, so a long-lived worker is not cut short)
local socket = require("socket")

local PORT <const> = 7
local ADDRESS <const> = "0.0.0.0"
local BACKLOG <const> = 128
local CHUNK <const> = 16384    -- bytes per receive

-- Created at the top level, so that `spawn` reports a port in use at once.
local listener = socket.new(socket.af.INET, socket.sock.STREAM)
listener:setoption("reuseaddr", true)
listener:setoption("reuseport", true)
listener:bind(ADDRESS, PORT)
listener:listen(BACKLOG)

local function serve(conn)
  while true do
    local data = conn:receive(CHUNK)
    if data == "" then return end  -- the peer closed its side
    conn:send(data)
  end
end

local function worker()
  while true do
    local conn <close> = listener:accept()
    local ok, err = pcall(serve, conn)
    if not ok then
      -- a socket error ends only this connection; anything else, the worker
      if not tostring(err):find("socket%.%a+: E%u+") then error(err, 0) end
      print("echod: " .. err)  -- e.g. the peer reset the connection
    end
  end
end

return worker
