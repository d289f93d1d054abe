-- finish.lua: spawned, returns at once (test fixture).
return function()
  print("finish.lua ran in its own thread")
end
