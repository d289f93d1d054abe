// SPDX-License-Identifier: MIT
/*
 * lkinit.c - the standard libraries of the dialect (replaces linit.c).
 *
 * No 'io' and no 'os': the kernel has neither. No 'debug' either: it could
 * remove the instruction-quota hook that stops runaway scripts.
 */
#define LUA_LIB
#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"

static const luaL_Reg lk_libs[] = {
	{ LUA_GNAME, luaopen_base },
	{ LUA_LOADLIBNAME, luaopen_package },
	{ LUA_COLIBNAME, luaopen_coroutine },
	{ LUA_TABLIBNAME, luaopen_table },
	{ LUA_STRLIBNAME, luaopen_string },
	{ LUA_MATHLIBNAME, luaopen_math },
	{ LUA_UTF8LIBNAME, luaopen_utf8 },
	{ NULL, NULL }
};

LUALIB_API void luaL_openlibs(lua_State *L)
{
	const luaL_Reg *lib;

	for (lib = lk_libs; lib->func; lib++) {
		luaL_requiref(L, lib->name, lib->func, 1);
		lua_pop(L, 1);
	}
}
