// SPDX-License-Identifier: GPL-2.0
/*
 * lb_thread.c - require("thread"): what a script needs to live in a kernel
 * thread. A spawned runtime is the thread: its returned function runs in
 * "moontide/NAME" until it returns or the runtime is stopped.
 *
 *   local thread = require("thread")
 *   return function()
 *       while not thread.shouldstop() do
 *           work()
 *           thread.sleep(100)
 *       end
 *   end
 */
#define pr_fmt(fmt) "moontide: " fmt

#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>

#include "lauxlib.h"

#include "mt_bindings.h"
#include "../mt_lua.h"
#include "../mt_runtime.h"

#define MTTHREAD_SLEEP_MAX	(3600 * 1000)	/* ms */
#define MTTHREAD_SLICE_MS	20	/* how soon an eval sees a stop */

/* Runs in rt's own spawned thread? */
static bool mtthread_own(struct mt_runtime *rt)
{
	return rt->thread == current && (current->flags & PF_KTHREAD);
}

static bool mtthread_stopping(struct mt_runtime *rt)
{
	return READ_ONCE(rt->stopping) ||
	       (mtthread_own(rt) && kthread_should_stop());
}

/* thread.shouldstop(): true once the runtime is being stopped */
static int mtthread_shouldstop(lua_State *L)
{
	lua_pushboolean(L, mtthread_stopping(mt_lua_runtime(L)));
	return 1;
}

/*
 * thread.current(): the runtime's name, the kernel task's name (the
 * spawned thread "moontide/NAME", or the process calling in) and whether
 * this is the runtime's own thread.
 */
static int mtthread_current(lua_State *L)
{
	struct mt_runtime *rt = mt_lua_runtime(L);
	char comm[TASK_COMM_LEN];

	lua_pushstring(L, rt->name);
	if (in_task()) {
		get_task_comm(comm, current);
		lua_pushstring(L, comm);
	} else {
		lua_pushnil(L); /* an interrupt borrows whatever task runs */
	}
	lua_pushboolean(L, mtthread_own(rt));
	return 3;
}

/*
 * thread.sleep(ms): sleeps ms milliseconds; false when cut short by a stop
 * (or a signal to the calling process), true otherwise. kthread_stop wakes
 * the spawned thread at once; any other caller (an eval) sleeps in slices
 * so that stop, which waits for the runtime's lock, is not held up.
 */
static int mtthread_sleep(lua_State *L)
{
	struct mt_runtime *rt = mt_lua_runtime(L);
	lua_Integer ms = luaL_checkinteger(L, 1);
	bool own = mtthread_own(rt);
	ktime_t end;

	mt_bind_need_process(L, "thread.sleep");
	luaL_argcheck(L, ms >= 0 && ms <= MTTHREAD_SLEEP_MAX, 1,
		      "milliseconds out of range [0, 3600000]");
	/* the monotonic clock, as linux.time() reads it */
	end = ktime_add_ms(ktime_get(), ms);
	for (;;) {
		ktime_t left = ktime_sub(end, ktime_get());

		/* the state first: a wake-up after the check is not lost */
		set_current_state(TASK_INTERRUPTIBLE);
		if (mtthread_stopping(rt) || signal_pending(current)) {
			__set_current_state(TASK_RUNNING);
			lua_pushboolean(L, 0);
			return 1;
		}
		if (left <= 0)
			break;
		if (!own)
			left = min_t(ktime_t, left,
				     ms_to_ktime(MTTHREAD_SLICE_MS));
		schedule_hrtimeout(&left, HRTIMER_MODE_REL);
	}
	__set_current_state(TASK_RUNNING);
	lua_pushboolean(L, 1);
	return 1;
}

static const luaL_Reg mtthread_funcs[] = {
	{ "shouldstop", mtthread_shouldstop },
	{ "current", mtthread_current },
	{ "sleep", mtthread_sleep },
	{ NULL, NULL }
};

static int luaopen_thread(lua_State *L)
{
	luaL_newlib(L, mtthread_funcs);
	return 1;
}

const struct mt_binding mtthread_binding = {
	.name = "thread",
	.open = luaopen_thread,
};
