// SPDX-License-Identifier: GPL-2.0
/* mt_bindings.c - the list of bindings and what they share. */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "lauxlib.h"

#include "mt_bindings.h"
#include "../mt_lua.h"

const struct mt_binding *const mt_bindings[] = {
	&mtlinux_binding,
	&mtdevice_binding,
	&mtsock_binding,
	&mtdata_binding,
	&mtrcu_binding,
	&mtthread_binding,
	&mtsys_binding,
	&mtprobe_binding,
	&mtnotifier_binding,
	&mtnf_binding,
	&mtxdp_binding,
	NULL
};

struct workqueue_struct *mt_bind_wq;

/*
 * The exits of the first n bindings, last first, once the deferred
 * teardown (a device's node, a big buffer) has run: it still needs them.
 */
static void mt_bindings_unwind(size_t n)
{
	destroy_workqueue(mt_bind_wq); /* waits for the work queued */
	while (n--) {
		if (mt_bindings[n]->exit)
			mt_bindings[n]->exit();
	}
}

int mt_bindings_init(void)
{
	size_t i;
	int err;

	mt_bind_wq = alloc_workqueue("moontide", WQ_UNBOUND, 0);
	if (!mt_bind_wq)
		return -ENOMEM;
	for (i = 0; mt_bindings[i]; i++) {
		err = mt_bindings[i]->init ? mt_bindings[i]->init() : 0;
		if (err)
			goto out_unwind;
	}
	return 0;

out_unwind:
	mt_bindings_unwind(i);
	return err;
}

/* After every runtime is stopped. */
void mt_bindings_exit(void)
{
	mt_bindings_unwind(ARRAY_SIZE(mt_bindings) - 1);
}

int mt_bind_settle(struct mt_runtime *rt, struct mt_buf *error)
{
	size_t i;
	int err;

	might_sleep();
	for (i = 0; mt_bindings[i]; i++) {
		err = mt_bindings[i]->settle ? mt_bindings[i]->settle(rt, error) : 0;
		if (err)
			return err;
	}
	return 0;
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
	/* a full collection is work by the heap's size, as collectgarbage() */
	lua_charge(L, (lua_Integer)lua_gc(L, LUA_GCCOUNT) * 16);
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
