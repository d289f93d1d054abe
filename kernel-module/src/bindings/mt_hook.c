// SPDX-License-Identifier: GPL-2.0
/* mt_hook.c - calling a Lua handler from a hooked kernel path (mt_hook.h). */
#define pr_fmt(fmt) "moontide: " fmt

#include <linux/hardirq.h>
#include <linux/printk.h>
#include <linux/timekeeping.h>
#include <linux/slab.h>

#include "lauxlib.h"

#include "mt_hook.h"
#include "../mt_lua.h"
#include "../mt_runtime.h"

void mt_hook_init(lua_State *L, struct mt_hook *h, int fnidx, int objidx,
		  const char *kind, const char *target)
{
	h->kind = kind;
	h->target = target;
	h->fnref = LUA_NOREF;
	h->objref = LUA_NOREF;
	lua_pushvalue(L, fnidx);
	h->fnref = luaL_ref(L, LUA_REGISTRYINDEX);
	lua_pushvalue(L, objidx);
	h->objref = luaL_ref(L, LUA_REGISTRYINDEX);
	h->rt = mt_lua_runtime(L);
	mt_runtime_get(h->rt);
}

static int mt_hook_protected(lua_State *L)
{
	struct mt_hook_frame *f = lua_touserdata(L, 1);
	int n;

	lua_rawgeti(L, LUA_REGISTRYINDEX, f->h->fnref);
	n = f->push ? f->push(L, f->arg) : 0;
	lua_call(L, n, 1);
	f->result = lua_toboolean(L, -1);
	if (f->want && !lua_isnil(L, -1)) {
		int isint;

		f->value = lua_tointegerx(L, -1, &isint);
		if (!isint)
			return luaL_error(L, "returned a %s, not %s",
					  luaL_typename(L, -1), f->want);
		f->has_value = true;
	}
	return 0;
}

/*
 * The lock, tried until spin_ns passed (0: once). The clock is the
 * clocksource's, as the guard's time limit (mt_lua.c): local_clock() stands
 * still with interrupts off where the TSC is not trusted, and a caller with
 * interrupts off would then spin for good on a holder below it.
 */
static bool mt_hook_trylock(struct mt_runtime *rt, u64 spin_ns,
			    unsigned long *flags)
{
	u64 until;

	if (mt_runtime_trylock(rt, flags))
		return true;
	if (!spin_ns)
		return false;
	until = ktime_get_mono_fast_ns() + spin_ns;
	do {
		cpu_relax();
		if (mt_runtime_trylock(rt, flags))
			return true;
	} while (ktime_get_mono_fast_ns() < until);
	return false;
}

int mt_hook_call(struct mt_hook_frame *f)
{
	struct mt_hook *h = f->h;
	struct mt_runtime *rt = h->rt;
	unsigned long flags;
	char *msg;
	int status;

	if (in_nmi() || !mt_hook_trylock(rt, f->spin_ns, &flags)) {
		atomic_long_inc(&h->skipped);
		return -EBUSY;
	}
	/* dead is written under this lock; rt->L is NULL once stopping */
	if (!rt->L || h->dead) {
		mt_runtime_untrylock(rt, flags);
		return -ENODEV;
	}
	atomic_long_inc(&h->calls);
	status = mt_lua_call(rt, mt_hook_protected, f, &msg);
	if (f->pop)
		f->pop(f->arg); /* under the lock, whatever the call did */
	if (status != MT_OK) {
		atomic_long_inc(&h->errors);
		pr_err_ratelimited("[%s] %s %s: handler failed: %s\n", rt->name,
				   h->kind, h->target, msg ? msg : "out of memory");
		kfree(msg);
	}
	mt_runtime_untrylock(rt, flags);
	return status == MT_OK ? 0 : -EIO;
}

int mt_hook_fire(struct mt_hook *h, mt_hook_push push, void *arg)
{
	struct mt_hook_frame f = { .h = h, .push = push, .arg = arg };
	int err = mt_hook_call(&f);

	return err ? err : f.result;
}

void mt_hook_unanchor(lua_State *L, struct mt_hook *h)
{
	luaL_unref(L, LUA_REGISTRYINDEX, h->fnref);
	luaL_unref(L, LUA_REGISTRYINDEX, h->objref);
	h->fnref = LUA_NOREF;
	h->objref = LUA_NOREF;
}

bool mt_hook_kill(struct mt_hook *h)
{
	if (!h->rt)
		return true; /* never initialised: nothing registered */
	WRITE_ONCE(h->dead, true);
	return READ_ONCE(h->rt->L) == NULL;
}

void mt_hook_exit(struct mt_hook *h)
{
	if (h->rt)
		mt_runtime_put(h->rt);
	h->rt = NULL;
}

void mt_hook_push_stats(lua_State *L, struct mt_hook *h)
{
	lua_createtable(L, 0, 4);
	lua_pushinteger(L, atomic_long_read(&h->calls));
	lua_setfield(L, -2, "calls");
	lua_pushinteger(L, atomic_long_read(&h->skipped));
	lua_setfield(L, -2, "skipped");
	lua_pushinteger(L, atomic_long_read(&h->errors));
	lua_setfield(L, -2, "errors");
}
