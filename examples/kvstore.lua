-- kvstore.lua: an in-kernel key-value store served over TCP, one line per
-- request: "key=value" stores and answers "OK"; "key" answers the value, or
-- an empty line. Entries live in the rcu table "shared:kvstore", so several
-- listeners (runtimes spawned from this script) serve the same data.
-- Try it: moontide spawn examples/kvstore.lua
--         printf 'colour=blue\ncolour\n' | nc -q1 127.0.0.1 9090   (OK, blue)
local socket = require("socket")
local rcu = require("rcu")

local ADDRESS <const> = "127.0.0.1"
local PORT <const> = 9090
local LINE_MAX <const> = 4096

local store = rcu.table("shared:kvstore")

-- At the top level, so that spawn reports a port in use at once.
local listener = socket.new(socket.af.INET, socket.sock.STREAM)
listener:setoption("reuseaddr", true)
listener:setoption("reuseport", true)
listener:bind(ADDRESS, PORT)
listener:listen(64)

local function answer(line)
  local key, value = line:match("^([^=]+)=(.*)$")
  if key then
    store[key] = value
    return "OK"
  end
  return store[line] or ""
end

local function serve(conn)
  local pending = ""
  while true do
    local data = conn:receive(LINE_MAX)
    if data == "" then return end -- the client closed its side
    pending = pending .. data
    for line in pending:gmatch("([^\n]*)\n") do
      local ok, reply = pcall(answer, (line:gsub("\r$", "")))
      conn:send((ok and reply or "ERROR " .. tostring(reply)) .. "\n")
    end
    pending = pending:match("[^\n]*$")
    if #pending > LINE_MAX then
      conn:send("ERROR line longer than " .. LINE_MAX .. " bytes\n")
      return
    end
  end
end

local function listen_forever()
  while true do
    local conn <close> = listener:accept()
    local ok, err = pcall(serve, conn)
    if not ok then print("kvstore: " .. tostring(err)) end
  end
end

return listen_forever
