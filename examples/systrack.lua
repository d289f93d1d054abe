-- systrack.lua: counts every system call, by number, into the data buffer
-- "shared:systrack" (one 64-bit counter per syscall number), which
-- examples/systrackdev.lua serves as /dev/systrack. Runs in context=hardirq:
-- its handler is called on the raw_syscalls:sys_enter tracepoint.
-- Try it: moontide run examples/systrack.lua context=hardirq
--         moontide run examples/systrackdev.lua; cat /dev/systrack
local data = require("data")
local probe = require("probe")

local SLOTS <const> = 512 -- syscall numbers counted: 0 to 511

local counts = data.share("shared:systrack", data.new(SLOTS * 8))

probe.syscalls(function(pid, comm, nr)
  if nr >= 0 and nr < SLOTS then
    local at = nr * 8
    counts:seti64(at, counts:geti64(at) + 1)
  end
end)
