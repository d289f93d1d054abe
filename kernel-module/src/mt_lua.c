// SPDX-License-Identifier: GPL-2.0
/*
 * mt_lua.c - what makes a Lua state safe in the kernel: every byte counted
 * against a limit, all work against a quota (the VM's guard, lkguard.c),
 * errors contained.
 */
#define pr_fmt(fmt) "moontide: " fmt

#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/ratelimit.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/timekeeping.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"

#include "mt_lua.h"
#include "bindings/mt_bindings.h"

/*
 * The VM asks the guard after every MT_GUARD_SLICE units of work (about as
 * many VM instructions): how soon a stop, a signal or the quota is seen.
 */
#define MT_GUARD_SLICE	10000

/*
 * An entry into a softirq or hardirq runtime also ends after this long: the
 * quota counts work, and work's speed varies. Under the debug kernel
 * (KASAN checks every access) a softirq runtime's 10^7 units of collector
 * work took 50 s with bottom halves off, and the watchdog reported a soft
 * lockup (it does at 20 s; hard lockups, interrupts off, at 10 s). On
 * hardware 10^7 units take tens of milliseconds; in the lab's TCG guest
 * about 20 s. The clock is the clocksource's own (ktime_get_mono_fast_ns):
 * local_clock() stands still with interrupts off where the TSC is not
 * trusted (it is clamped to the last tick), as in a hardirq runtime.
 */
#define MT_ATOMIC_TIME_MS	5000
/* Work the Lua finalizers of a stopping runtime share, all together. */
#define MT_STOP_GRACE	100000

struct mt_runtime *mt_lua_runtime(lua_State *L)
{
	return *(struct mt_runtime **)lua_getextraspace(L);
}

/*
 * Lua's allocator: a script that allocates without bound gets a Lua memory
 * error at its limit, not the OOM killer. Shrinking never fails, as Lua
 * requires. Atomic contexts get kmalloc memory only (kvmalloc falls back to
 * it), so freeing under a spinlock never reaches vfree.
 */
static void *mt_lua_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct mt_runtime *rt = ud;
	void *p;

	if (!ptr)
		osize = 0; /* Lua passes a type tag then */
	if (nsize == 0) {
		kvfree(ptr);
		WRITE_ONCE(rt->memory, rt->memory - osize);
		return NULL;
	}
	if (nsize <= osize) {
		WRITE_ONCE(rt->memory, rt->memory - (osize - nsize));
		return ptr;
	}
	if (rt->memory + mt_runtime_charged(rt) + (nsize - osize) > rt->opts.memory_limit)
		return NULL;
	if (ptr && !is_vmalloc_addr(ptr) && nsize <= KMALLOC_MAX_CACHE_SIZE) {
		p = krealloc(ptr, nsize, rt->gfp | __GFP_NOWARN);
	} else {
		/*
		 * Big blocks (a large table's array) in process context: huge
		 * vmalloc pages where the kernel can, so that walking them is
		 * not one TLB miss per 4 KiB; small pages otherwise.
		 */
		if (nsize >= PMD_SIZE && rt->opts.context == MT_CTX_PROCESS)
			p = vmalloc_huge(nsize, GFP_KERNEL | __GFP_NOWARN);
		else
			p = kvmalloc(nsize, rt->gfp | __GFP_NOWARN);
		if (p && ptr) {
			memcpy(p, ptr, osize);
			kvfree(ptr);
		}
	}
	if (p)
		WRITE_ONCE(rt->memory, rt->memory + (nsize - osize));
	return p;
}

/* The next slice of work: at most MT_GUARD_SLICE, never past the quota. */
static u64 mt_lua_slice(const struct mt_runtime *rt)
{
	if (!rt->opts.quota)
		return MT_GUARD_SLICE;
	return min_t(u64, rt->opts.quota - rt->steps, MT_GUARD_SLICE);
}

/* Makes msg the runtime's sticky fault: the guard raises it from now on. */
static const char *mt_lua_fault(struct mt_runtime *rt, enum mt_status kind,
				const char *msg)
{
	rt->fault = kind;
	strscpy(rt->faultmsg, msg, sizeof(rt->faultmsg));
	return rt->faultmsg;
}

/*
 * The VM's guard (lua_Guard): called in the runtime's own context, under its
 * lock, when the budget of one slice is spent. It never sleeps but in
 * process context (cond_resched), and it may raise nothing itself: a fault
 * it returns is raised by the VM, and no pcall, coroutine, __close or __gc
 * catches it (lkguard.c). The quota bounds the work done between two sleeps:
 * a server that blocks in accept() or sleeps runs for good, a busy loop does
 * not.
 */
static const char *mt_lua_guard(lua_State *L, lua_Integer *budget)
{
	struct mt_runtime *rt = mt_lua_runtime(L);
	char msg[64];

	rt->steps += rt->given - *budget; /* *budget <= 0: the overshoot too */
	if (READ_ONCE(rt->stopping))
		return mt_lua_fault(rt, MT_ERR_INTERRUPTED, "runtime stopped");
	if (rt->opts.context == MT_CTX_PROCESS && rt->thread != current &&
	    fatal_signal_pending(current))
		return mt_lua_fault(rt, MT_ERR_INTERRUPTED,
				    "interrupted by a fatal signal");
	if (current->nvcsw != rt->nvcsw) { /* it slept: a fresh quota */
		rt->nvcsw = current->nvcsw;
		rt->steps = 0;
	}
	if (rt->opts.quota && rt->steps >= rt->opts.quota) {
		snprintf(msg, sizeof(msg),
			 "instruction quota exceeded (%llu instructions)",
			 rt->opts.quota);
		return mt_lua_fault(rt, MT_ERR_QUOTA, msg);
	}
	if (rt->opts.context != MT_CTX_PROCESS &&
	    ktime_get_mono_fast_ns() - rt->entered_ns >
	    MT_ATOMIC_TIME_MS * NSEC_PER_MSEC) {
		snprintf(msg, sizeof(msg),
			 "time quota exceeded (%u ms in %s context)",
			 MT_ATOMIC_TIME_MS, mt_context_name(rt->opts.context));
		return mt_lua_fault(rt, MT_ERR_QUOTA, msg);
	}
	if (rt->opts.context == MT_CTX_PROCESS)
		cond_resched();
	rt->given = mt_lua_slice(rt);
	*budget = rt->given;
	return NULL;
}

/*
 * No fault and a fresh count, for an entry into the runtime (a first slice
 * of its quota) or for closing it (grace: what its finalizers may spend).
 */
static void mt_lua_refill(struct mt_runtime *rt, lua_State *L, u64 grace)
{
	rt->steps = 0;
	rt->entered_ns = ktime_get_mono_fast_ns();
	rt->nvcsw = current->nvcsw;
	rt->fault = MT_OK;
	rt->given = grace ? grace : mt_lua_slice(rt);
	lua_setfault(L, NULL);
	lua_setbudget(L, rt->given);
}

/* print: one kernel log line per call, tagged with the runtime's name */
static int mt_lua_print(lua_State *L)
{
	struct mt_runtime *rt = mt_lua_runtime(L);
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
	/* a script cannot flood the log: a burst, then a count of the rest */
	if (__ratelimit(&rt->print_rs))
		pr_info("[%s] %s\n", rt->name, lua_tostring(L, -1));
	return 0;
}

/*
 * Loads root/rel as a chunk; on failure pushes a "\n\t..." reason. The chunk
 * name is pushed before the file is read: a Lua allocation may raise
 * (longjmp), and then nothing of the kernel's may be held (s.data would
 * leak). luaL_loadbufferx is protected: it returns its errors.
 */
static int mt_lua_loadmodule(lua_State *L, struct mt_runtime *rt,
			     const char *rel)
{
	struct mt_script s;
	const char *why;
	int err, status;

	lua_pushfstring(L, "@%s", rel);
	err = mt_script_read(&rt->root, rel, &s, &why);
	if (err) {
		lua_pop(L, 1);
		lua_pushfstring(L, "\n\tno file '%s' (%s)", rel, why);
		return err;
	}
	status = luaL_loadbufferx(L, s.data, s.len, lua_tostring(L, -1), "t");
	mt_script_free(&s);
	lua_remove(L, -2);
	if (status != LUA_OK)
		return luaL_error(L, "error loading module from file '%s':\n\t%s",
				  rel, lua_tostring(L, -1));
	return 0;
}

/*
 * package.searchers[2]: require("a.b") loads a/b.lua or a/b/init.lua from
 * the runtime's script root, so a module resolves in the kernel exactly as
 * it does in the repository.
 *
 * The reasons are joined with lua_concat, not a luaL_Buffer: a buffer owns
 * the stack slot just above where it was begun (a placeholder, then its box
 * once it outgrows LUAL_BUFFERSIZE), and the path pushed for each try sat
 * there instead. With a long module name the first growth removed the path
 * as if it were the placeholder and put the box in its slot; the pop meant
 * for the path closed the box, freeing the buffer still in use; the next
 * growth read a string as the box: a NULL dereference in resizebox, an
 * oops from any script's require (found by kernel-module/tests/fuzz, seed
 * 2; the regression test is in test_runtimes.py).
 */
static int mt_lua_searcher(lua_State *L)
{
	struct mt_runtime *rt = mt_lua_runtime(L);
	const char *name = luaL_checkstring(L, 1);
	const char *forms[] = { "%s.lua", "%s/init.lua" };
	const char *path;
	int i;

	if (!rt->has_root || rt->opts.context != MT_CTX_PROCESS) {
		lua_pushliteral(L, "\n\tno file access for this runtime "
				   "(only process-context runtimes read files)");
		return 1;
	}
	path = luaL_gsub(L, name, ".", "/");
	for (i = 0; i < ARRAY_SIZE(forms); i++) {
		const char *rel = lua_pushfstring(L, forms[i], path);

		if (mt_lua_loadmodule(L, rt, rel) == 0) {
			lua_pushstring(L, rel);
			return 2;
		}
		lua_remove(L, -2); /* rel: its reason stays on the stack */
	}
	lua_concat(L, ARRAY_SIZE(forms)); /* the reasons, in order */
	return 1;
}

static int mt_lua_setup(lua_State *L)
{
	size_t i;

	luaL_openlibs(L);
	lua_pushcfunction(L, mt_lua_print);
	lua_setglobal(L, "print");

	/* require: built-in modules, then the script root; no C modules */
	lua_getglobal(L, LUA_LOADLIBNAME);
	lua_getfield(L, -1, "preload");
	for (i = 0; mt_bindings[i]; i++) {
		lua_pushcfunction(L, mt_bindings[i]->open);
		lua_setfield(L, -2, mt_bindings[i]->name);
	}
	lua_pop(L, 1);
	lua_getfield(L, -1, "searchers");
	lua_pushcfunction(L, mt_lua_searcher);
	lua_rawseti(L, -2, 2);
	lua_pushnil(L);
	lua_rawseti(L, -2, 4);
	lua_pushnil(L);
	lua_rawseti(L, -2, 3);
	lua_pop(L, 1);
	lua_pushfstring(L, "%s/?.lua;%s/?/init.lua", mt_script_root_param,
			mt_script_root_param);
	lua_setfield(L, -2, "path");
	lua_pushliteral(L, "");
	lua_setfield(L, -2, "cpath");
	lua_pop(L, 1);
	return 0;
}

lua_State *mt_lua_newstate(struct mt_runtime *rt)
{
	lua_State *L = lua_newstate(mt_lua_alloc, rt);

	if (!L)
		return NULL;
	*(struct mt_runtime **)lua_getextraspace(L) = rt;
	/* the libraries allocate: open them under protection */
	lua_pushcfunction(L, mt_lua_setup);
	if (lua_pcall(L, 0, 0, 0) != LUA_OK) {
		lua_close(L);
		return NULL;
	}
	lua_setguard(L, mt_lua_guard);
	return L;
}

void mt_lua_load(lua_State *L, const char *buf, size_t len,
		 const char *chunkname)
{
	int status = luaL_loadbufferx(L, buf, len, chunkname, "t");

	if (status == LUA_OK)
		return;
	mt_lua_runtime(L)->fault = status == LUA_ERRMEM ? MT_ERR_MEMORY :
							  MT_ERR_SYNTAX;
	lua_error(L);
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

/* Outside lua_pcall nothing may allocate: the conversion is protected. */
static char *mt_lua_errtext(struct mt_runtime *rt)
{
	lua_State *L = rt->L;
	const char *text = "(error object is not a string)";

	/*
	 * A __tostring runs on what is left of the quota (nothing after a
	 * fault): the budget only restarts the slice the guard accounts.
	 */
	if (!lua_faulted(L)) {
		rt->given = MT_GUARD_SLICE;
		lua_setbudget(L, MT_GUARD_SLICE);
	}
	lua_pushcfunction(L, mt_lua_errstring);
	lua_insert(L, -2);
	if (lua_pcall(L, 1, 1, 0) == LUA_OK && lua_type(L, -1) == LUA_TSTRING)
		text = lua_tostring(L, -1);
	return kstrdup(text, rt->gfp | __GFP_NOWARN);
}

int mt_lua_call(struct mt_runtime *rt, mt_lua_fn fn, void *arg, char **msg)
{
	lua_State *L = rt->L;
	unsigned long outer;
	int status;

	*msg = NULL;
	mt_lua_refill(rt, L, 0);
	lua_settop(L, 0);
	lua_pushcfunction(L, fn);
	lua_pushlightuserdata(L, arg);
	/* on an IRQ stack (a hook), the C stack Lua may use is measured from here */
	outer = lk_offstack_enter();
	status = lua_pcall(L, 1, LUA_MULTRET, 0);
	if (status == LUA_OK) {
		lk_offstack_exit(outer);
		return MT_OK;
	}

	if (status == LUA_ERRMEM)
		status = MT_ERR_MEMORY;
	else if (rt->fault != MT_OK)
		status = rt->fault;
	else if (rt->thread != current && fatal_signal_pending(current))
		status = MT_ERR_INTERRUPTED;
	else
		status = MT_ERR_RUNTIME;
	if (status == MT_ERR_MEMORY) /* do not leave the runtime at its limit */
		lua_gc(L, LUA_GCCOLLECT);
	*msg = mt_lua_errtext(rt);
	lk_offstack_exit(outer);
	lua_settop(L, 0);
	return status;
}

/*
 * Closes a stopped runtime's state (no lock needed: nobody else reaches it).
 * Kernel objects are released by C finalizers, which the guard never
 * charges; the Lua finalizers share MT_STOP_GRACE units of work, then each
 * one left ends at its first charge ('stopping' is set), so a finalizer
 * that loops cannot hold up stop or rmmod.
 */
void mt_lua_close(struct mt_runtime *rt, lua_State *L)
{
	mt_lua_refill(rt, L, MT_STOP_GRACE);
	lua_close(L);
}
