-- dnsblockdev.lua: /dev/dnsblock, the blocklist examples/dnsblock.lua
-- enforces (the rcu table "shared:dnsblock"). Write "add NAME" or
-- "del NAME", one per line; read lists "NAME HITS" lines, HITS the queries
-- dropped since the name was added ("shared:dnsblock-hits").
-- Try it: moontide run examples/dnsblockdev.lua
--         echo 'add example.com' > /dev/dnsblock; cat /dev/dnsblock
local device = require("device")
local linux = require("linux")
local rcu = require("rcu")

local blocked = rcu.table("shared:dnsblock")
local hits = rcu.table("shared:dnsblock-hits")
local listing = ""

-- names as DNS writes them: letters, digits, '-', '_', dots between labels
local function checkname(name)
  if #name > 253 or not name:match("^[%w_-]+[%w_.-]*$") or name:find("%.%.")
      or name:sub(-1) == "." then
    error("not a domain name: " .. name)
  end
  return name:lower()
end

-- every line is checked before any applies: a bad line changes nothing
local function write(data)
  local todo = {}
  for line in data:gmatch("[^\n]+") do
    local verb, name = line:match("^%s*(%a+)%s+(%S+)%s*$")
    if verb ~= "add" and verb ~= "del" then
      error("expected 'add NAME' or 'del NAME', not: " .. line)
    end
    todo[#todo + 1] = {verb, checkname(name)}
  end
  for _, t in ipairs(todo) do
    local verb, n = t[1], t[2]
    if verb == "add" and not blocked[n] then hits[n] = 0 end
    blocked[n] = verb == "add" or nil
    if verb == "del" then hits[n] = nil end
  end
end

-- a read from offset 0 takes a fresh listing; the rest reads on in it
local function read(count, offset)
  if offset == 0 then
    local lines = {}
    for name in pairs(blocked) do lines[#lines + 1] = name .. " " .. (hits[name] or 0) end
    table.sort(lines)
    listing = #lines > 0 and table.concat(lines, "\n") .. "\n" or ""
  end
  return listing:sub(offset + 1, offset + count)
end

device.new{name = "dnsblock", mode = linux.stat.IRUSR | linux.stat.IWUSR,
           read = read, write = write}
