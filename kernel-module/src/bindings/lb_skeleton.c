// SPDX-License-Identifier: GPL-2.0
/*
 * lb_skeleton.c - the shape of a binding, to copy when starting a new one
 * (not built). Replace "skeleton"/"mtskel" with the binding's name/prefix,
 * add its mtskel_binding to mt_bindings[] (mt_bindings.c), its extern to
 * mt_bindings.h and the file to the Kbuild. A binding with module-wide
 * state sets .init and .exit in its struct mt_binding (lb_device.c).
 *
 *   local skeleton = require("skeleton")
 *   local s = skeleton.new(42)      -- an object owning a kernel resource
 *   s:value()                       -- 42
 *   s:close()                       -- or let it be collected
 *
 * Rules: validate every argument (luaL_check*); raise Lua errors, never
 * WARN or BUG on input; take no lock and hold no reference across a call
 * that may raise (lua_* that allocate, luaL_error); blocking calls start
 * with mt_bind_need_process(); teardown that sleeps or takes global locks
 * goes to mt_bind_wq, never under the runtime's lock.
 */
#define pr_fmt(fmt) "moontide: " fmt

#include <linux/slab.h>

#include "lauxlib.h"

#include "moontide.h"
#include "mt_bindings.h"

struct mtskel {
	lua_Integer value;	/* stands for the kernel resource */
};

static const struct moontide_class mtskel_class;

static int mtskel_value(lua_State *L)
{
	struct mtskel *s = moontide_object_check(L, 1, &mtskel_class);

	lua_pushinteger(L, s->value);
	return 1;
}

/* Runs once: on close, collection, or when the runtime stops. */
static void mtskel_release(void *data)
{
	struct mtskel *s = data;

	s->value = 0; /* free the kernel resource here */
}

static const struct moontide_method mtskel_methods[] = {
	{ "value", mtskel_value },
	{ NULL, NULL }
};

static const struct moontide_class mtskel_class = {
	.name = "skeleton",
	.methods = mtskel_methods,
	.release = mtskel_release,
	.size = sizeof(struct mtskel),
};

static int mtskel_new(lua_State *L)
{
	lua_Integer v = luaL_checkinteger(L, 1);
	struct mtskel *s = moontide_object_new(L, &mtskel_class);

	s->value = v; /* acquire the resource after the object exists */
	return 1;
}

static const luaL_Reg mtskel_funcs[] = {
	{ "new", mtskel_new },
	{ NULL, NULL }
};

static int luaopen_skeleton(lua_State *L)
{
	luaL_newlib(L, mtskel_funcs);
	return 1;
}

const struct mt_binding mtskel_binding = {
	.name = "skeleton",
	.open = luaopen_skeleton,
};
