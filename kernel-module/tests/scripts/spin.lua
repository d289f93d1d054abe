-- spin.lua: spawned, loops forever; the quota or a stop ends it (test fixture).
return function()
  while true do end
end
