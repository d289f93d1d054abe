// SPDX-License-Identifier: GPL-2.0
/* mt_bindings.c - the list of bindings and what they share. */
#include <linux/string.h>
#include <linux/workqueue.h>

#include "lauxlib.h"

#include "mt_bindings.h"
#include "../mt_lua.h"

const struct mt_binding mt_bindings[] = {
	{ "linux", luaopen_linux },
	{ "device", luaopen_device },
	{ "socket", luaopen_socket },
	{ "data", luaopen_data },
	{ "rcu", luaopen_rcu },
	{ "thread", luaopen_thread },
	{ NULL, NULL }
};

struct workqueue_struct *mt_bind_wq;

int mt_bindings_init(void)
{
	int err;

	mt_bind_wq = alloc_workqueue("moontide", WQ_UNBOUND, 0);
	if (!mt_bind_wq)
		return -ENOMEM;
	err = mtdevice_init();
	if (err)
		destroy_workqueue(mt_bind_wq);
	return err;
}

/* After every runtime is stopped: waits for deferred teardown to finish. */
void mt_bindings_exit(void)
{
	mtrcu_exit(); /* RCU callbacks in this module have run */
	destroy_workqueue(mt_bind_wq);
	mtdevice_exit();
}

void mt_bind_need_process(lua_State *L, const char *what)
{
	struct mt_runtime *rt = mt_lua_runtime(L);

	if (rt->opts.context != MT_CTX_PROCESS)
		luaL_error(L, "%s: not allowed in %s context (it may sleep)",
			   what, mt_context_name(rt->opts.context));
}

void mt_bind_charge(lua_State *L, size_t bytes)
{
	struct mt_runtime *rt = mt_lua_runtime(L);

	if (!mt_runtime_charge(rt, bytes))
		return;
	lua_gc(L, LUA_GCCOLLECT); /* garbage objects give their charges back */
	if (!mt_runtime_charge(rt, bytes))
		return;
	/*
	 * Lua's own memory error: a block over the limit, which the allocator
	 * refuses without allocating anything. mt_lua_call reports it as kind
	 * memory, and pcall sees "not enough memory", as for any allocation.
	 */
	lua_newuserdatauv(L, rt->opts.memory_limit + 1, 0);
	luaL_error(L, "not enough memory"); /* not reached */
}

const char *mt_bind_scope(lua_State *L, const char *name)
{
	if (!strncmp(name, MT_BIND_SHARED, MT_BIND_SHARED_LEN))
		return "";
	return mt_lua_runtime(L)->name;
}
