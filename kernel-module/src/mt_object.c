// SPDX-License-Identifier: GPL-2.0
/*
 * mt_object.c - object classes: Lua userdata that own a kernel resource,
 * with one metatable per class and state, released exactly once.
 *
 * The metatables are sealed: __metatable is set, so getmetatable(obj) gives
 * "locked" and setmetatable refuses; a script reaches neither __gc nor the
 * methods table. An object pins its class's owner module, except when the
 * owner is moontide itself: moontide stops every runtime (releasing every
 * object) when it unloads, and a pin on itself would forbid that unload.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>

#include "lua.h"
#include "lauxlib.h"

#include "moontide.h"

struct mt_object {
	const struct moontide_class *cls;
	bool closed;
	bool pinned;	/* holds a reference on cls->owner */
	/* the class's data follows, aligned as Lua aligns userdata */
	u64 data[] __aligned(8);
};

static struct mt_object *mt_object_at(lua_State *L, int idx,
				      const struct moontide_class *cls)
{
	return luaL_checkudata(L, idx, cls->name);
}

static void mt_object_release(struct mt_object *o)
{
	if (o->closed)
		return;
	o->closed = true;
	if (o->cls->release)
		o->cls->release(o->data);
	if (o->pinned)
		module_put(o->cls->owner); /* after its last call into the owner */
	o->pinned = false;
}

/* __gc: any object of any class */
static int mt_object_gc(lua_State *L)
{
	struct mt_object *o = lua_touserdata(L, 1);

	if (o)
		mt_object_release(o);
	return 0;
}

/*
 * __close (a to-be-closed variable going out of scope): what the class's
 * own close method does, when it has one (a hook's also drops the anchors
 * that keep it alive; releasing alone would leave them until the runtime
 * stops). Silent on an object closed already.
 */
static int mt_object_close_meta(lua_State *L)
{
	struct mt_object *o = lua_touserdata(L, 1);
	const struct moontide_method *m;

	if (!o || o->closed)
		return 0;
	for (m = o->cls->methods; m && m->name; m++) {
		if (!strcmp(m->name, "close")) {
			lua_settop(L, 1);
			return m->fn(L);
		}
	}
	mt_object_release(o);
	return 0;
}

static int mt_object_tostring(lua_State *L)
{
	struct mt_object *o = lua_touserdata(L, 1);

	lua_pushfstring(L, "%s%s: %p", o->cls->name,
			o->closed ? " (closed)" : "", o);
	return 1;
}

/* obj:close(); reachable from Lua as obj.close, so it checks its argument */
static int mt_object_close_method(lua_State *L)
{
	struct mt_object *o = lua_touserdata(L, 1);
	bool ours = o && luaL_getmetafield(L, 1, "__gc") == LUA_TFUNCTION &&
		    lua_tocfunction(L, -1) == mt_object_gc;

	luaL_argexpected(L, ours, 1, "object");
	mt_object_release(o);
	return 0;
}

static void mt_object_set_methods(lua_State *L,
				  const struct moontide_method *m)
{
	for (; m && m->name; m++) {
		lua_pushcfunction(L, m->fn);
		lua_setfield(L, -2, m->name);
	}
}

/*
 * The class's metatable, created in this state on first use. It is filled
 * before the registry holds it: a memory error while filling it (any
 * lua_setfield can raise one) leaves no half-made metatable behind for the
 * next object of the class to pick up (found by fault injection: an object
 * without methods).
 */
static void mt_object_metatable(lua_State *L, const struct moontide_class *cls)
{
	if (luaL_getmetatable(L, cls->name) != LUA_TNIL)
		return;
	lua_pop(L, 1);
	lua_createtable(L, 0, 6);
	lua_pushstring(L, cls->name); /* what luaL_newmetatable would set */
	lua_setfield(L, -2, "__name");
	lua_pushcfunction(L, mt_object_gc);
	lua_setfield(L, -2, "__gc");
	lua_pushcfunction(L, mt_object_close_meta);
	lua_setfield(L, -2, "__close");
	lua_pushcfunction(L, mt_object_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_newtable(L); /* __index: the methods; a class may replace close */
	lua_pushcfunction(L, mt_object_close_method);
	lua_setfield(L, -2, "close");
	mt_object_set_methods(L, cls->methods);
	lua_setfield(L, -2, "__index");
	mt_object_set_methods(L, cls->metamethods);
	lua_pushliteral(L, "locked"); /* sealed: see the top of this file */
	lua_setfield(L, -2, "__metatable");
	/* last: a failed resize of the registry leaves it as it was */
	lua_pushvalue(L, -1);
	lua_setfield(L, LUA_REGISTRYINDEX, cls->name);
}

void *moontide_object_new(lua_State *L, const struct moontide_class *cls)
{
	struct mt_object *o;

	o = lua_newuserdatauv(L, sizeof(*o) + cls->size, 1);
	memset(o, 0, sizeof(*o) + cls->size);
	o->cls = cls;
	o->closed = true; /* nothing to release until the owner is pinned */
	mt_object_metatable(L, cls);
	lua_setmetatable(L, -2);
	if (cls->owner != THIS_MODULE) {
		if (!try_module_get(cls->owner))
			luaL_error(L, "cannot create a %s: its module is "
				   "unloading", cls->name);
		o->pinned = true;
	}
	o->closed = false;
	return o->data;
}
EXPORT_SYMBOL_GPL(moontide_object_new);

void *moontide_object_check(lua_State *L, int idx,
			    const struct moontide_class *cls)
{
	struct mt_object *o = mt_object_at(L, idx, cls);

	if (o->closed)
		luaL_error(L, "attempt to use a closed %s", cls->name);
	return o->data;
}
EXPORT_SYMBOL_GPL(moontide_object_check);

void moontide_object_close(lua_State *L, int idx,
			   const struct moontide_class *cls)
{
	mt_object_release(mt_object_at(L, idx, cls));
}
EXPORT_SYMBOL_GPL(moontide_object_close);
