// SPDX-License-Identifier: GPL-2.0
/*
 * mt_luaexport.c - the Lua C API other kernel modules (bindings) may call
 * on the states moontide gives them. Not exported: creating or closing
 * states, allocators, panic handlers, hooks and the guard's controls
 * (lua_setguard, lua_setbudget, lua_setfault): a binding must not be able to
 * lift the quota. lua_charge is exported: a binding that loops charges it.
 *
 * Each name here is a macro of lknames.h (included by the dialect's
 * configuration): lua_pushinteger is exported as moontide_lua_pushinteger,
 * so moontide.ko loads beside upstream Lunatik, which exports Lua's own
 * names. A line here needs its line there; make module checks that every
 * export of the module starts with moontide_ (exports-check.sh).
 */
#include <linux/export.h>

#include "lua.h"
#include "lauxlib.h"

EXPORT_SYMBOL_GPL(lua_charge);
EXPORT_SYMBOL_GPL(lua_faulted);
EXPORT_SYMBOL_GPL(luaL_addgsub);
EXPORT_SYMBOL_GPL(luaL_addlstring);
EXPORT_SYMBOL_GPL(luaL_addstring);
EXPORT_SYMBOL_GPL(luaL_addvalue);
EXPORT_SYMBOL_GPL(luaL_argerror);
EXPORT_SYMBOL_GPL(luaL_buffinit);
EXPORT_SYMBOL_GPL(luaL_buffinitsize);
EXPORT_SYMBOL_GPL(luaL_callmeta);
EXPORT_SYMBOL_GPL(luaL_checkany);
EXPORT_SYMBOL_GPL(luaL_checkinteger);
EXPORT_SYMBOL_GPL(luaL_checklstring);
EXPORT_SYMBOL_GPL(luaL_checknumber);
EXPORT_SYMBOL_GPL(luaL_checkoption);
EXPORT_SYMBOL_GPL(luaL_checkstack);
EXPORT_SYMBOL_GPL(luaL_checktype);
EXPORT_SYMBOL_GPL(luaL_checkudata);
EXPORT_SYMBOL_GPL(luaL_checkversion_);
EXPORT_SYMBOL_GPL(luaL_error);
EXPORT_SYMBOL_GPL(luaL_getmetafield);
EXPORT_SYMBOL_GPL(luaL_getsubtable);
EXPORT_SYMBOL_GPL(luaL_gsub);
EXPORT_SYMBOL_GPL(luaL_len);
EXPORT_SYMBOL_GPL(luaL_loadbufferx);
EXPORT_SYMBOL_GPL(luaL_loadstring);
EXPORT_SYMBOL_GPL(luaL_newmetatable);
EXPORT_SYMBOL_GPL(luaL_optinteger);
EXPORT_SYMBOL_GPL(luaL_optlstring);
EXPORT_SYMBOL_GPL(luaL_optnumber);
EXPORT_SYMBOL_GPL(luaL_prepbuffsize);
EXPORT_SYMBOL_GPL(luaL_pushresult);
EXPORT_SYMBOL_GPL(luaL_pushresultsize);
EXPORT_SYMBOL_GPL(luaL_ref);
EXPORT_SYMBOL_GPL(luaL_requiref);
EXPORT_SYMBOL_GPL(luaL_setfuncs);
EXPORT_SYMBOL_GPL(luaL_setmetatable);
EXPORT_SYMBOL_GPL(luaL_testudata);
EXPORT_SYMBOL_GPL(luaL_tolstring);
EXPORT_SYMBOL_GPL(luaL_traceback);
EXPORT_SYMBOL_GPL(luaL_typeerror);
EXPORT_SYMBOL_GPL(luaL_unref);
EXPORT_SYMBOL_GPL(luaL_where);
EXPORT_SYMBOL_GPL(lua_absindex);
EXPORT_SYMBOL_GPL(lua_arith);
EXPORT_SYMBOL_GPL(lua_callk);
EXPORT_SYMBOL_GPL(lua_checkstack);
EXPORT_SYMBOL_GPL(lua_closeslot);
EXPORT_SYMBOL_GPL(lua_compare);
EXPORT_SYMBOL_GPL(lua_concat);
EXPORT_SYMBOL_GPL(lua_copy);
EXPORT_SYMBOL_GPL(lua_createtable);
EXPORT_SYMBOL_GPL(lua_dump);
EXPORT_SYMBOL_GPL(lua_error);
EXPORT_SYMBOL_GPL(lua_gc);
EXPORT_SYMBOL_GPL(lua_getfield);
EXPORT_SYMBOL_GPL(lua_getglobal);
EXPORT_SYMBOL_GPL(lua_geti);
EXPORT_SYMBOL_GPL(lua_getinfo);
EXPORT_SYMBOL_GPL(lua_getiuservalue);
EXPORT_SYMBOL_GPL(lua_getlocal);
EXPORT_SYMBOL_GPL(lua_getmetatable);
EXPORT_SYMBOL_GPL(lua_getstack);
EXPORT_SYMBOL_GPL(lua_gettable);
EXPORT_SYMBOL_GPL(lua_gettop);
EXPORT_SYMBOL_GPL(lua_getupvalue);
EXPORT_SYMBOL_GPL(lua_iscfunction);
EXPORT_SYMBOL_GPL(lua_isinteger);
EXPORT_SYMBOL_GPL(lua_isnumber);
EXPORT_SYMBOL_GPL(lua_isstring);
EXPORT_SYMBOL_GPL(lua_isuserdata);
EXPORT_SYMBOL_GPL(lua_isyieldable);
EXPORT_SYMBOL_GPL(lua_len);
EXPORT_SYMBOL_GPL(lua_load);
EXPORT_SYMBOL_GPL(lua_newthread);
EXPORT_SYMBOL_GPL(lua_newuserdatauv);
EXPORT_SYMBOL_GPL(lua_next);
EXPORT_SYMBOL_GPL(lua_pcallk);
EXPORT_SYMBOL_GPL(lua_pushboolean);
EXPORT_SYMBOL_GPL(lua_pushcclosure);
EXPORT_SYMBOL_GPL(lua_pushfstring);
EXPORT_SYMBOL_GPL(lua_pushinteger);
EXPORT_SYMBOL_GPL(lua_pushlightuserdata);
EXPORT_SYMBOL_GPL(lua_pushlstring);
EXPORT_SYMBOL_GPL(lua_pushnil);
EXPORT_SYMBOL_GPL(lua_pushnumber);
EXPORT_SYMBOL_GPL(lua_pushstring);
EXPORT_SYMBOL_GPL(lua_pushthread);
EXPORT_SYMBOL_GPL(lua_pushvalue);
EXPORT_SYMBOL_GPL(lua_pushvfstring);
EXPORT_SYMBOL_GPL(lua_rawequal);
EXPORT_SYMBOL_GPL(lua_rawget);
EXPORT_SYMBOL_GPL(lua_rawgeti);
EXPORT_SYMBOL_GPL(lua_rawgetp);
EXPORT_SYMBOL_GPL(lua_rawlen);
EXPORT_SYMBOL_GPL(lua_rawset);
EXPORT_SYMBOL_GPL(lua_rawseti);
EXPORT_SYMBOL_GPL(lua_rawsetp);
EXPORT_SYMBOL_GPL(lua_resetthread);
EXPORT_SYMBOL_GPL(lua_resume);
EXPORT_SYMBOL_GPL(lua_rotate);
EXPORT_SYMBOL_GPL(lua_setfield);
EXPORT_SYMBOL_GPL(lua_setglobal);
EXPORT_SYMBOL_GPL(lua_seti);
EXPORT_SYMBOL_GPL(lua_setiuservalue);
EXPORT_SYMBOL_GPL(lua_setlocal);
EXPORT_SYMBOL_GPL(lua_setmetatable);
EXPORT_SYMBOL_GPL(lua_settable);
EXPORT_SYMBOL_GPL(lua_settop);
EXPORT_SYMBOL_GPL(lua_setupvalue);
EXPORT_SYMBOL_GPL(lua_status);
EXPORT_SYMBOL_GPL(lua_stringtonumber);
EXPORT_SYMBOL_GPL(lua_toboolean);
EXPORT_SYMBOL_GPL(lua_tocfunction);
EXPORT_SYMBOL_GPL(lua_toclose);
EXPORT_SYMBOL_GPL(lua_tointegerx);
EXPORT_SYMBOL_GPL(lua_tolstring);
EXPORT_SYMBOL_GPL(lua_tonumberx);
EXPORT_SYMBOL_GPL(lua_topointer);
EXPORT_SYMBOL_GPL(lua_tothread);
EXPORT_SYMBOL_GPL(lua_touserdata);
EXPORT_SYMBOL_GPL(lua_type);
EXPORT_SYMBOL_GPL(lua_typename);
EXPORT_SYMBOL_GPL(lua_upvalueid);
EXPORT_SYMBOL_GPL(lua_upvaluejoin);
EXPORT_SYMBOL_GPL(lua_version);
EXPORT_SYMBOL_GPL(lua_warning);
EXPORT_SYMBOL_GPL(lua_xmove);
EXPORT_SYMBOL_GPL(lua_yieldk);
