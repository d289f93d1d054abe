// SPDX-License-Identifier: GPL-2.0
/*
 * moontide_api_test.c - uses moontide's C API from another module: creates
 * a runtime, runs handlers in it, defines an object class, and checks what
 * comes back. Its verdict goes to the kernel log ("... all passed").
 * Its runtime "api-test" stays listed, holding a counter object: the
 * module cannot be unloaded until `stop api-test` releases it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "lua.h"
#include "lauxlib.h"
#include "moontide.h"

static struct moontide_runtime *rt;
static int failures;
static int released;

static void expect(const char *what, bool ok)
{
	pr_info("%s - %s\n", ok ? "ok" : "not ok", what);
	if (!ok)
		failures++;
}

/* {== a class: a counter owned by the kernel side ====================== */
struct counter {
	long long n;
};

static const struct moontide_class counter_class;

static int counter_inc(lua_State *L)
{
	struct counter *c = moontide_object_check(L, 1, &counter_class);

	c->n += luaL_optinteger(L, 2, 1);
	return 0;
}

static int counter_get(lua_State *L)
{
	struct counter *c = moontide_object_check(L, 1, &counter_class);

	lua_pushinteger(L, c->n);
	return 1;
}

static void counter_release(void *data)
{
	released++;
}

static const struct moontide_method counter_methods[] = {
	{ "inc", counter_inc },
	{ "get", counter_get },
	{ NULL, NULL }
};

static const struct moontide_class counter_class = {
	.owner = THIS_MODULE,
	.name = "counter",
	.methods = counter_methods,
	.release = counter_release,
	.size = sizeof(struct counter),
};

static int counter_new(lua_State *L)
{
	moontide_object_new(L, &counter_class);
	return 1;
}
/* }==================================================================== */

static int run_chunk(lua_State *L, void *arg)
{
	if (luaL_loadstring(L, arg) != LUA_OK)
		return lua_error(L);
	lua_call(L, 0, 0);
	return 0;
}

static int define_counter(lua_State *L, void *arg)
{
	lua_pushcfunction(L, counter_new);
	lua_setglobal(L, "counter");
	return 0;
}

/* Creates name with opts; true if it was refused with -EINVAL. */
static bool refused(const char *name, enum moontide_context ctx,
		    size_t memory, u64 quota)
{
	struct moontide_opts o = { .context = ctx, .memory_limit = memory,
				   .quota = quota };
	struct moontide_runtime *x = moontide_runtime_create(name, &o);

	if (IS_ERR(x))
		return PTR_ERR(x) == -EINVAL;
	moontide_runtime_stop(x);
	moontide_runtime_put(x);
	return false;
}

static void atomic_ceilings(void)
{
	expect("softirq over the quota ceiling (10^7 + 1) is refused",
	       refused("api-ceil", MOONTIDE_SOFTIRQ, 0,
		       MOONTIDE_ATOMIC_QUOTA_MAX + 1));
	expect("hardirq over the memory ceiling (4 MiB + 1) is refused",
	       refused("api-ceil", MOONTIDE_HARDIRQ,
		       MOONTIDE_ATOMIC_MEMORY_MAX + 1, 1000));
	expect("softirq with quota 0 (no limit) is refused",
	       refused("api-ceil", MOONTIDE_SOFTIRQ, 0, 0));
	expect("hardirq exactly at both ceilings is created",
	       !refused("api-ceil", MOONTIDE_HARDIRQ,
			MOONTIDE_ATOMIC_MEMORY_MAX, MOONTIDE_ATOMIC_QUOTA_MAX));
	expect("softirq with the default memory (0) is created",
	       !refused("api-ceil", MOONTIDE_SOFTIRQ, 0, 1000));
	expect("process context is not bound by them",
	       !refused("api-ceil", MOONTIDE_PROCESS, 8 << 20, 0));
}

static int call(const char *chunk, char **msg)
{
	return moontide_runtime_call(rt, run_chunk, (void *)chunk, msg);
}

static int __init api_test_init(void)
{
	struct moontide_opts opts = { .context = MOONTIDE_PROCESS,
				      .quota = 1000000 };
	struct moontide_runtime *found;
	char *msg = NULL;
	int err;

	rt = moontide_runtime_create("api-test", &opts);
	if (IS_ERR(rt))
		return PTR_ERR(rt);
	expect("a second runtime of the same name is refused",
	       PTR_ERR(moontide_runtime_create("api-test", &opts)) == -EEXIST);
	expect("a bad name is refused",
	       PTR_ERR(moontide_runtime_create("no/slash", &opts)) == -EINVAL);
	found = moontide_runtime_lookup("api-test");
	expect("lookup finds it by name", found == rt);
	if (found)
		moontide_runtime_put(found);

	err = moontide_runtime_call(rt, define_counter, NULL, NULL);
	expect("a handler runs in the runtime", err == 0);
	err = call("local c <close> = counter() c:inc() c:inc(40)\n"
		   "assert(c:get() == 41)\n"
		   "held = counter()\n"
		   "local ok, e = pcall(function() local d = counter() d:close() return d:get() end)\n"
		   "assert(not ok and e:find('attempt to use a closed counter', 1, true), e)\n", &msg);
	expect("objects of a class work from Lua; closed ones refuse", err == 0);
	if (msg)
		pr_info("# %s\n", msg);
	kfree(msg);
	err = call("collectgarbage() collectgarbage()", NULL);
	expect("release ran once for each closed or collected object",
	       err == 0 && released == 2);

	err = call("error('raised on purpose')", &msg);
	expect("a Lua error comes back as -ECANCELED with its message",
	       err == -ECANCELED && msg && strstr(msg, "raised on purpose"));
	kfree(msg);
	err = call("while true do end", &msg);
	expect("a runaway loop comes back as -ETIME",
	       err == -ETIME && msg && strstr(msg, "quota exceeded"));
	kfree(msg);
	err = call("local t = {} while true do t[#t + 1] = {} end", NULL);
	expect("the memory limit comes back as -ENOMEM (quota permitting)",
	       err == -ENOMEM || err == -ETIME);
	err = call("return 1", NULL);
	expect("the runtime still works afterwards", err == 0);

	atomic_ceilings();

	pr_info("%s\n", failures ? "FAILED" : "all passed");
	return 0;
}

/* Only reached once no counter lives: its runtime was stopped. */
static void __exit api_test_exit(void)
{
	moontide_runtime_stop(rt);
	moontide_runtime_put(rt);
}

module_init(api_test_init);
module_exit(api_test_exit);
MODULE_DESCRIPTION("moontide C API test");
MODULE_LICENSE("GPL");
