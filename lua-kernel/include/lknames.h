/* SPDX-License-Identifier: MIT */
/*
 * lknames.h - the names moontide.ko exports Lua's C API under.
 *
 * Upstream Lunatik's lunatik.ko exports Lua's C API under Lua's own names
 * (luaL_addgsub, lua_pushinteger...). A module may not export a name another
 * loaded module exports, so moontide.ko exports the same functions as
 * moontide_<name>: both modules load in one kernel, in either order.
 *
 * lkconf.h includes this file in kernel builds, so every object of
 * moontide.ko (Lua's sources, the dialect, the module, the bindings) and
 * every module built against moontide's headers (kernel-module/tests/api)
 * sees the same renaming: C code keeps writing lua_pushinteger(L, n) and
 * compiles to a call of moontide_lua_pushinteger. Lua's internal functions
 * (luaH_*, luaV_*...) are not exported and need no other name.
 *
 * One line per function src/mt_luaexport.c exports. Every name the module
 * exports starts with moontide_: make module fails when one does not
 * (kernel-module/exports-check.sh), and the lab's test_exports.sh checks the
 * built module.
 */
#ifndef lknames_h
#define lknames_h

#define luaL_addgsub			moontide_luaL_addgsub
#define luaL_addlstring			moontide_luaL_addlstring
#define luaL_addstring			moontide_luaL_addstring
#define luaL_addvalue			moontide_luaL_addvalue
#define luaL_argerror			moontide_luaL_argerror
#define luaL_buffinit			moontide_luaL_buffinit
#define luaL_buffinitsize		moontide_luaL_buffinitsize
#define luaL_callmeta			moontide_luaL_callmeta
#define luaL_checkany			moontide_luaL_checkany
#define luaL_checkinteger		moontide_luaL_checkinteger
#define luaL_checklstring		moontide_luaL_checklstring
#define luaL_checknumber		moontide_luaL_checknumber
#define luaL_checkoption		moontide_luaL_checkoption
#define luaL_checkstack			moontide_luaL_checkstack
#define luaL_checktype			moontide_luaL_checktype
#define luaL_checkudata			moontide_luaL_checkudata
#define luaL_checkversion_		moontide_luaL_checkversion_
#define luaL_error			moontide_luaL_error
#define luaL_getmetafield		moontide_luaL_getmetafield
#define luaL_getsubtable		moontide_luaL_getsubtable
#define luaL_gsub			moontide_luaL_gsub
#define luaL_len			moontide_luaL_len
#define luaL_loadbufferx		moontide_luaL_loadbufferx
#define luaL_loadstring			moontide_luaL_loadstring
#define luaL_newmetatable		moontide_luaL_newmetatable
#define luaL_optinteger			moontide_luaL_optinteger
#define luaL_optlstring			moontide_luaL_optlstring
#define luaL_optnumber			moontide_luaL_optnumber
#define luaL_prepbuffsize		moontide_luaL_prepbuffsize
#define luaL_pushresult			moontide_luaL_pushresult
#define luaL_pushresultsize		moontide_luaL_pushresultsize
#define luaL_ref			moontide_luaL_ref
#define luaL_requiref			moontide_luaL_requiref
#define luaL_setfuncs			moontide_luaL_setfuncs
#define luaL_setmetatable		moontide_luaL_setmetatable
#define luaL_testudata			moontide_luaL_testudata
#define luaL_tolstring			moontide_luaL_tolstring
#define luaL_traceback			moontide_luaL_traceback
#define luaL_typeerror			moontide_luaL_typeerror
#define luaL_unref			moontide_luaL_unref
#define luaL_where			moontide_luaL_where
#define lua_absindex			moontide_lua_absindex
#define lua_arith			moontide_lua_arith
#define lua_callk			moontide_lua_callk
#define lua_charge			moontide_lua_charge
#define lua_checkstack			moontide_lua_checkstack
#define lua_closeslot			moontide_lua_closeslot
#define lua_compare			moontide_lua_compare
#define lua_concat			moontide_lua_concat
#define lua_copy			moontide_lua_copy
#define lua_createtable			moontide_lua_createtable
#define lua_dump			moontide_lua_dump
#define lua_error			moontide_lua_error
#define lua_faulted			moontide_lua_faulted
#define lua_gc				moontide_lua_gc
#define lua_getfield			moontide_lua_getfield
#define lua_getglobal			moontide_lua_getglobal
#define lua_geti			moontide_lua_geti
#define lua_getinfo			moontide_lua_getinfo
#define lua_getiuservalue		moontide_lua_getiuservalue
#define lua_getlocal			moontide_lua_getlocal
#define lua_getmetatable		moontide_lua_getmetatable
#define lua_getstack			moontide_lua_getstack
#define lua_gettable			moontide_lua_gettable
#define lua_gettop			moontide_lua_gettop
#define lua_getupvalue			moontide_lua_getupvalue
#define lua_iscfunction			moontide_lua_iscfunction
#define lua_isinteger			moontide_lua_isinteger
#define lua_isnumber			moontide_lua_isnumber
#define lua_isstring			moontide_lua_isstring
#define lua_isuserdata			moontide_lua_isuserdata
#define lua_isyieldable			moontide_lua_isyieldable
#define lua_len				moontide_lua_len
#define lua_load			moontide_lua_load
#define lua_newthread			moontide_lua_newthread
#define lua_newuserdatauv		moontide_lua_newuserdatauv
#define lua_next			moontide_lua_next
#define lua_pcallk			moontide_lua_pcallk
#define lua_pushboolean			moontide_lua_pushboolean
#define lua_pushcclosure		moontide_lua_pushcclosure
#define lua_pushfstring			moontide_lua_pushfstring
#define lua_pushinteger			moontide_lua_pushinteger
#define lua_pushlightuserdata		moontide_lua_pushlightuserdata
#define lua_pushlstring			moontide_lua_pushlstring
#define lua_pushnil			moontide_lua_pushnil
#define lua_pushnumber			moontide_lua_pushnumber
#define lua_pushstring			moontide_lua_pushstring
#define lua_pushthread			moontide_lua_pushthread
#define lua_pushvalue			moontide_lua_pushvalue
#define lua_pushvfstring		moontide_lua_pushvfstring
#define lua_rawequal			moontide_lua_rawequal
#define lua_rawget			moontide_lua_rawget
#define lua_rawgeti			moontide_lua_rawgeti
#define lua_rawgetp			moontide_lua_rawgetp
#define lua_rawlen			moontide_lua_rawlen
#define lua_rawset			moontide_lua_rawset
#define lua_rawseti			moontide_lua_rawseti
#define lua_rawsetp			moontide_lua_rawsetp
#define lua_resetthread			moontide_lua_resetthread
#define lua_resume			moontide_lua_resume
#define lua_rotate			moontide_lua_rotate
#define lua_setfield			moontide_lua_setfield
#define lua_setglobal			moontide_lua_setglobal
#define lua_seti			moontide_lua_seti
#define lua_setiuservalue		moontide_lua_setiuservalue
#define lua_setlocal			moontide_lua_setlocal
#define lua_setmetatable		moontide_lua_setmetatable
#define lua_settable			moontide_lua_settable
#define lua_settop			moontide_lua_settop
#define lua_setupvalue			moontide_lua_setupvalue
#define lua_status			moontide_lua_status
#define lua_stringtonumber		moontide_lua_stringtonumber
#define lua_toboolean			moontide_lua_toboolean
#define lua_tocfunction			moontide_lua_tocfunction
#define lua_toclose			moontide_lua_toclose
#define lua_tointegerx			moontide_lua_tointegerx
#define lua_tolstring			moontide_lua_tolstring
#define lua_tonumberx			moontide_lua_tonumberx
#define lua_topointer			moontide_lua_topointer
#define lua_tothread			moontide_lua_tothread
#define lua_touserdata			moontide_lua_touserdata
#define lua_type			moontide_lua_type
#define lua_typename			moontide_lua_typename
#define lua_upvalueid			moontide_lua_upvalueid
#define lua_upvaluejoin			moontide_lua_upvaluejoin
#define lua_version			moontide_lua_version
#define lua_warning			moontide_lua_warning
#define lua_xmove			moontide_lua_xmove
#define lua_yieldk			moontide_lua_yieldk

#endif
