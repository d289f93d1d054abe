-- 00-smoke: the smallest chunk that proves the state runs Lua at all.
assert(6 * 7 == 42)
return "ok"
