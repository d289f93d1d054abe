-- lib/reader.lua: a device's read function over a listing made fresh for
-- each reader: a read at offset 0 calls lines() and keeps its text, the
-- reads after it go on in that text (cat reads in chunks).
-- Try it: device.new{name = "x", read = require("examples.lib.reader")(function() return {"a"} end)}
return function(lines)
  local text = ""
  return function(count, offset)
    if offset == 0 then
      local t = lines()
      text = #t > 0 and table.concat(t, "\n") .. "\n" or ""
    end
    return text:sub(offset + 1, offset + count)
  end
end
