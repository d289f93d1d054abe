-- passwd.lua: a character device /dev/passwd; every read returns random
-- printable characters (a password generator in the kernel).
-- Try it: moontide run examples/passwd.lua, then: head -c 32 /dev/passwd
local device = require("device")
local linux = require("linux")

local ALPHABET <const> =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#%&*+-=?@^_"
local READABLE <const> = linux.stat.IRUSR | linux.stat.IRGRP | linux.stat.IROTH

local function generate(count)
  local out = {}
  for i = 1, count do
    local k = linux.random(1, #ALPHABET)
    out[i] = ALPHABET:sub(k, k)
  end
  return table.concat(out)
end

local function read(count)
  return generate(math.min(count, 4096))
end

device.new{name = "passwd", mode = READABLE, read = read}
