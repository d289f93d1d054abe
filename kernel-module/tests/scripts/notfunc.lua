-- notfunc.lua: spawned but returns no function (test fixture).
return 42
