// SPDX-License-Identifier: GPL-2.0
/*
 * lb_syscall.c - require("syscall"): the running architecture's system call
 * numbers and names (x86_64), from a table generated at build time out of
 * the kernel headers' asm/unistd_64.h (kernel-module/gen/syscalls.sh), so
 * it is the table of the kernel the module was built for.
 *
 *   local syscall = require("syscall")
 *   syscall.name(39)           -- "getpid"
 *   syscall.number("getppid")  -- 110
 *   syscall.arch               -- "x86_64"
 *   syscall.count              -- how many there are
 *   for nr, name in pairs(syscall.table()) do ... end
 *
 * Any context: nothing here allocates outside Lua or takes a lock.
 */
#define pr_fmt(fmt) "moontide: " fmt

#include <linux/kernel.h>
#include <linux/string.h>

#include "lauxlib.h"

#include "mt_bindings.h"

struct mtsys_entry {
	int nr;
	const char *name;
};

#include "mt_syscalls.h"	/* generated: mtsys_table[], sorted by nr */

/* syscall.name(nr): the name, or nil for a number that is no syscall */
static int mtsys_name(lua_State *L)
{
	lua_Integer nr = luaL_checkinteger(L, 1);
	size_t lo = 0, hi = ARRAY_SIZE(mtsys_table);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (mtsys_table[mid].nr == nr) {
			lua_pushstring(L, mtsys_table[mid].name);
			return 1;
		}
		if (mtsys_table[mid].nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	lua_pushnil(L);
	return 1;
}

/* syscall.number(name): the number, or nil for a name that is no syscall */
static int mtsys_number(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	size_t i;

	lua_charge(L, ARRAY_SIZE(mtsys_table) / 16);
	for (i = 0; i < ARRAY_SIZE(mtsys_table); i++) {
		if (!strcmp(mtsys_table[i].name, name)) {
			lua_pushinteger(L, mtsys_table[i].nr);
			return 1;
		}
	}
	lua_pushnil(L);
	return 1;
}

/* syscall.table(): a new table, number -> name, of every syscall */
static int mtsys_all(lua_State *L)
{
	size_t i;

	lua_charge(L, ARRAY_SIZE(mtsys_table));
	lua_createtable(L, 0, ARRAY_SIZE(mtsys_table));
	for (i = 0; i < ARRAY_SIZE(mtsys_table); i++) {
		lua_pushstring(L, mtsys_table[i].name);
		lua_rawseti(L, -2, mtsys_table[i].nr);
	}
	return 1;
}

static const luaL_Reg mtsys_funcs[] = {
	{ "name", mtsys_name },
	{ "number", mtsys_number },
	{ "table", mtsys_all },
	{ NULL, NULL }
};

static int luaopen_syscall(lua_State *L)
{
	luaL_newlib(L, mtsys_funcs);
	lua_pushliteral(L, "x86_64");
	lua_setfield(L, -2, "arch");
	lua_pushinteger(L, ARRAY_SIZE(mtsys_table));
	lua_setfield(L, -2, "count");
	return 1;
}

const struct mt_binding mtsys_binding = {
	.name = "syscall",
	.open = luaopen_syscall,
};
