// SPDX-License-Identifier: MIT
/*
 * lkdialect.c - the error messages of the integer-only dialect, shared by
 * the kernel module and luak so both say exactly the same thing.
 */
#include <string.h>

#define LUA_LIB
#include "lua.h"
#include "lauxlib.h"

/*
 * Raised from inside the VM (level 0 is the Lua function running the
 * operator) or from a C metamethod such as string arithmetic (level 1).
 */
long long lk_floaterror(lua_State *L, const char *what)
{
	lua_Debug ar;
	int level;

	lua_pushliteral(L, "");
	for (level = 0; level <= 1 && lua_getstack(L, level, &ar); level++) {
		lua_getinfo(L, "Sl", &ar);
		if (ar.currentline > 0) {
			lua_pop(L, 1);
			lua_pushfstring(L, "%s:%d: ", ar.short_src,
					ar.currentline);
			break;
		}
	}
	lua_pushfstring(L, "attempt to %s: floats are not supported", what);
	lua_concat(L, 2);
	lua_error(L);
	return 0; /* not reached: lua_error does not return */
}

/* 'numeral' is what the lexer read and luaO_str2num refused. */
const char *lk_numeralerror(const char *numeral)
{
	const char *s = numeral;
	int hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');

	if (strchr(s, '.') || strpbrk(s + (hex ? 2 : 0), hex ? "pP" : "eE"))
		return "malformed number (floats are not supported)";
	if (!hex && strspn(s, "0123456789") == strlen(s))
		return "malformed number (integer does not fit in 64 bits)";
	return "malformed number";
}
