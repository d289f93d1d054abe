// SPDX-License-Identifier: MIT
/*
 * lkguard.c - the execution guard of the dialect: a budget of work, charged
 * by the VM at every Lua function entry and loop back-edge (patch 0006) and
 * by the libraries in proportion to their work (patch 0007). When it runs
 * out, the embedder's guard refills it or names a fault; a fault is sticky
 * and nothing in Lua catches it (see docs/guard.md).
 *
 * Part of Lua's core: it reads global_State, so it is built with Lua's files.
 */
#define LUA_CORE
#include "lprefix.h"

#include "lua.h"

#include "ldebug.h"
#include "ldo.h"
#include "lstate.h"

/* Called by luaG_lkcharge when the budget went below zero. */
void luaG_lkguard(lua_State *L)
{
	global_State *g = G(L);
	const char *fault = g->lkfault;

	/*
	 * Outside any protected call only the embedder's own C code runs (it
	 * may push a long string): nothing can be raised there, and the
	 * guard is asked at the next charge inside a call.
	 */
	if (L->errorJmp == NULL)
		return;
	if (fault == NULL) {
		lua_Integer budget = g->lkbudget;

		if (g->lkguardf == NULL) {  /* no guard: unbounded */
			g->lkbudget = MAX_LMEM;
			return;
		}
		fault = g->lkguardf(L, &budget);
		if (fault == NULL) {
			g->lkbudget = budget > 0 ? budget : 1;
			return;
		}
		g->lkfault = fault;
	}
	g->lkbudget = 0; /* the next charge comes back here */
	luaG_runerror(L, "%s", fault);
}

LUA_API void lua_setguard(lua_State *L, lua_Guard f)
{
	G(L)->lkguardf = f;
}

LUA_API void lua_setbudget(lua_State *L, lua_Integer budget)
{
	G(L)->lkbudget = budget;
}

LUA_API lua_Integer lua_getbudget(lua_State *L)
{
	return G(L)->lkbudget;
}

/* msg must outlive the fault: a static string or the embedder's own. */
LUA_API void lua_setfault(lua_State *L, const char *msg)
{
	G(L)->lkfault = msg;
	if (msg != NULL)
		G(L)->lkbudget = 0;
}

LUA_API const char *lua_faulted(lua_State *L)
{
	return G(L)->lkfault;
}

/*
 * Library work: n units (negative counts as none). One charge is at most
 * LK_CHARGE_MAX, more than any quota, so that the guard's sums of what was
 * spent never overflow.
 */
#define LK_CHARGE_MAX	((lua_Integer)1 << 48)

LUA_API void lua_charge(lua_State *L, lua_Integer n)
{
	if (n > LK_CHARGE_MAX)
		n = LK_CHARGE_MAX;
	if (n > 0)
		luaG_lkcharge(L, n);
}

/* A long string used as a key or compared: one unit per 64 bytes. */
void luaG_lkkey(lua_State *L, const TValue *o)
{
	if (ttislngstring(o))
		luaG_lkcharge(L, tsvalue(o)->u.lnglen >> 6);
}
