// SPDX-License-Identifier: GPL-2.0
/*
 * mt_runtime.c - Lua states in the kernel: allocation under a memory
 * limit, an instruction quota, and protected evaluation of chunks.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"

#include "mt_runtime.h"

/* The count hook runs every MT_HOOK_STEP VM instructions. */
#define MT_HOOK_STEP	1000

static struct mt_runtime *mt_runtime_of(lua_State *L)
{
	return *(struct mt_runtime **)lua_getextraspace(L);
}

/*
 * Lua's allocator: every byte is counted against the runtime's limit, so a
 * script that allocates without bound gets a Lua memory error, not the
 * OOM killer. Shrinking never fails, as Lua requires.
 */
static void *mt_lua_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct mt_runtime *rt = ud;
	void *p;

	if (!ptr)
		osize = 0; /* Lua passes a type tag then */
	if (nsize == 0) {
		kvfree(ptr);
		rt->memory -= osize;
		return NULL;
	}
	if (nsize <= osize) {
		rt->memory -= osize - nsize;
		return ptr;
	}
	if (rt->memory + (nsize - osize) > rt->memory_limit)
		return NULL;
	if (ptr && !is_vmalloc_addr(ptr) && nsize <= KMALLOC_MAX_CACHE_SIZE) {
		p = krealloc(ptr, nsize, GFP_KERNEL | __GFP_NOWARN);
	} else {
		p = kvmalloc(nsize, GFP_KERNEL | __GFP_NOWARN);
		if (p && ptr) {
			memcpy(p, ptr, osize);
			kvfree(ptr);
		}
	}
	if (p)
		rt->memory += nsize - osize;
	return p;
}

/* Stops runaway code: the quota, a fatal signal, and a chance to yield. */
static void mt_lua_hook(lua_State *L, lua_Debug *ar)
{
	struct mt_runtime *rt = mt_runtime_of(L);

	rt->steps += MT_HOOK_STEP;
	if (rt->quota && rt->steps > rt->quota) {
		rt->quota_hit = true;
		luaL_error(L, "instruction quota exceeded (%I instructions)",
			   (lua_Integer)rt->quota);
	}
	if (fatal_signal_pending(current))
		luaL_error(L, "interrupted by a fatal signal");
	cond_resched();
}

/* print: one kernel log line per call, tagged with the runtime's name */
static int mt_lua_print(lua_State *L)
{
	struct mt_runtime *rt = mt_runtime_of(L);
	int n = lua_gettop(L);
	luaL_Buffer b;
	int i;

	luaL_buffinit(L, &b);
	for (i = 1; i <= n; i++) {
		if (i > 1)
			luaL_addchar(&b, '\t');
		luaL_tolstring(L, i, NULL);
		luaL_addvalue(&b);
	}
	luaL_pushresult(&b);
	pr_info("[%s] %s\n", rt->name, lua_tostring(L, -1));
	return 0;
}

static int mt_lua_setup(lua_State *L)
{
	luaL_openlibs(L);
	lua_pushcfunction(L, mt_lua_print);
	lua_setglobal(L, "print");
	return 0;
}

struct mt_runtime *mt_runtime_create(const char *name, size_t memory_limit,
				     u64 quota)
{
	struct mt_runtime *rt;

	rt = kzalloc(sizeof(*rt), GFP_KERNEL);
	if (!rt)
		return NULL;
	strscpy(rt->name, name, sizeof(rt->name));
	mutex_init(&rt->lock);
	rt->memory_limit = memory_limit;
	rt->quota = quota;

	rt->L = lua_newstate(mt_lua_alloc, rt);
	if (!rt->L)
		goto out_free_rt;
	*(struct mt_runtime **)lua_getextraspace(rt->L) = rt;
	/* the libraries allocate: open them under protection */
	lua_pushcfunction(rt->L, mt_lua_setup);
	if (lua_pcall(rt->L, 0, 0, 0) != LUA_OK)
		goto out_close;
	lua_sethook(rt->L, mt_lua_hook, LUA_MASKCOUNT, MT_HOOK_STEP);
	return rt;

out_close:
	pr_err("%s: cannot open the Lua libraries: %s\n", name,
	       lua_tostring(rt->L, -1));
	lua_close(rt->L);
out_free_rt:
	kfree(rt);
	return NULL;
}

void mt_runtime_destroy(struct mt_runtime *rt)
{
	if (!rt)
		return;
	if (rt->L)
		lua_close(rt->L);
	WARN_ON_ONCE(rt->memory != 0);
	kfree(rt);
}

struct mt_eval_args {
	const char *chunk;
	size_t len;
	struct mt_buf *out;
	bool loaded;		/* false: the error is the compiler's */
};

/* Runs inside lua_pcall: any Lua error unwinds to mt_runtime_eval. */
static int mt_eval_protected(lua_State *L)
{
	struct mt_eval_args *a = lua_touserdata(L, 1);
	int n, i;

	lua_settop(L, 0);	/* the results start at index 1 */
	if (luaL_loadbufferx(L, a->chunk, a->len, "=eval", "t") != LUA_OK)
		return lua_error(L);
	a->loaded = true;
	lua_call(L, 0, LUA_MULTRET);
	n = lua_gettop(L);
	for (i = 1; i <= n; i++) {
		size_t len;
		const char *s = luaL_tolstring(L, i, &len);

		if ((i > 1 && mt_buf_put(a->out, ",", 1)) ||
		    mt_buf_json_string(a->out, s, len))
			return luaL_error(L, "response too large");
		lua_pop(L, 1);
	}
	return 0;
}

/*
 * Turns the error object at index 1 into a string, under protection. Not a
 * message handler: that would run on a stack the error may have exhausted.
 */
static int mt_lua_errstring(lua_State *L)
{
	if (lua_type(L, 1) == LUA_TSTRING)
		return 1;
	if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
		return 1;
	lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
	return 1;
}

/* Outside lua_pcall nothing may allocate: no conversion of the object. */
static const char *mt_error_text(lua_State *L)
{
	lua_pushcfunction(L, mt_lua_errstring);
	lua_insert(L, -2);
	if (lua_pcall(L, 1, 1, 0) == LUA_OK && lua_type(L, -1) == LUA_TSTRING)
		return lua_tostring(L, -1);
	return "(error object is not a string)";
}

int mt_runtime_eval(struct mt_runtime *rt, const char *chunk, size_t len,
		    struct mt_buf *out, struct mt_buf *error)
{
	struct mt_eval_args args = { .chunk = chunk, .len = len, .out = out };
	size_t mark = out->len;
	const char *msg;
	int status;

	if (mutex_lock_killable(&rt->lock))
		return -EINTR;
	rt->steps = 0;
	rt->quota_hit = false;
	lua_settop(rt->L, 0);
	lua_pushcfunction(rt->L, mt_eval_protected);
	lua_pushlightuserdata(rt->L, &args);
	status = lua_pcall(rt->L, 1, 0, 0);
	if (status == LUA_OK) {
		mutex_unlock(&rt->lock);
		return MT_EVAL_OK;
	}

	out->len = mark; /* drop results written before the error */
	if (status == LUA_ERRMEM)
		status = MT_EVAL_MEMORY;
	else if (!args.loaded)
		status = MT_EVAL_SYNTAX;
	else if (rt->quota_hit)
		status = MT_EVAL_QUOTA;
	else if (fatal_signal_pending(current))
		status = MT_EVAL_INTERRUPTED;
	else
		status = MT_EVAL_RUNTIME;
	if (status == MT_EVAL_MEMORY) /* do not leave the runtime at its limit */
		lua_gc(rt->L, LUA_GCCOLLECT);
	rt->steps = 0; /* a __tostring gets its own quota */
	msg = mt_error_text(rt->L);
	mt_buf_json_string(error, msg, strlen(msg));
	lua_settop(rt->L, 0);
	mutex_unlock(&rt->lock);
	return status;
}
