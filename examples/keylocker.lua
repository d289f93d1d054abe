-- keylocker.lua: after Up Up Down Down Left Right Left Right Left-Ctrl
-- Left-Alt the consoles' keyboard is locked: the notifier swallows every key
-- press (NOTIFY_STOP) until the same sequence is typed again; releases go
-- through, so no modifier stays stuck. Logs "locked"/"unlocked". Stopping
-- the runtime unlocks (its notifier goes). While locked, a key the handler
-- cannot judge (its runtime busy on another CPU) is swallowed too: it fails
-- closed. context=hardirq: the keyboard chain runs with interrupts off.
-- Try it: moontide run examples/keylocker.lua context=hardirq; type the sequence
local notifier = require("notifier")

local UP <const>, DOWN <const>, LEFT <const>, RIGHT <const> = 103, 108, 105, 106
local LEFTCTRL <const>, LEFTALT <const> = 29, 56
local SEQUENCE <const> = {UP, UP, DOWN, DOWN, LEFT, RIGHT, LEFT, RIGHT, LEFTCTRL, LEFTALT}

local locked, matched = false, 0
local n

n = notifier.keyboard(function(event, code, down)
  if event ~= "keycode" then return end
  if down ~= 1 then return locked and down == 2 end -- repeats too; not releases
  if code == SEQUENCE[matched + 1] then
    matched = matched + 1
  else
    matched = code == SEQUENCE[1] and 1 or 0
  end
  if matched == #SEQUENCE then
    matched = 0
    locked = not locked
    n:unhandled(locked and "stop" or "pass")
    print(locked and "keylocker: locked" or "keylocker: unlocked")
    return true -- the sequence's last key goes nowhere
  end
  return locked
end)
