/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mt_lua.h - the Lua side of a runtime: its allocator, its guard, the
 * kernel's print and require, and protected calls that classify errors.
 */
#ifndef MT_LUA_H
#define MT_LUA_H

#include "mt_runtime.h"

struct lua_State;
typedef int (*mt_lua_fn)(struct lua_State *L);

/* A new Lua state for rt, with the dialect's libraries; NULL if no memory. */
struct lua_State *mt_lua_newstate(struct mt_runtime *rt);
/*
 * Calls fn(L) with arg as light userdata at index 1, protected, with a
 * fresh quota. Caller holds the runtime lock. On failure *msg is the error
 * text (kmalloc'd, the caller frees it; NULL if even that failed).
 */
int mt_lua_call(struct mt_runtime *rt, mt_lua_fn fn, void *arg, char **msg);
struct mt_runtime *mt_lua_runtime(struct lua_State *L);
/* Closes the Lua state of a stopped runtime, its finalizers bounded. */
void mt_lua_close(struct mt_runtime *rt, struct lua_State *L);
/* Compiles a chunk (text only) onto the stack, or raises its error. */
void mt_lua_load(struct lua_State *L, const char *buf, size_t len,
		 const char *chunkname);

#endif
