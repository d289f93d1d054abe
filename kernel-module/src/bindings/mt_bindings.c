// SPDX-License-Identifier: GPL-2.0
/* mt_bindings.c - the list of bindings and what they share. */
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
