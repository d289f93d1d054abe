-- a call that builds a long buffer, then raises: the building is paid
local s = ("x"):rep(1 << 20)
local fmt = ("%s"):rep(16) .. "%d"
for i = 1, 100000 do
  pcall(string.format, fmt, s, s, s, s, s, s, s, s, s, s, s, s, s, s, s, s, {})
end
print("ESCAPED")
