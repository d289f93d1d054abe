// SPDX-License-Identifier: GPL-2.0
/*
 * mt_luanames.c - a stand-in for a module that exports Lua's C API under
 * Lua's own names, as upstream Lunatik's lunatik.ko does: one empty function
 * per name of lua-kernel/include/lknames.h, exported as lua_pushinteger,
 * luaL_addgsub... (mt_luanames.inc, generated from lknames.h by
 * kernel-module/module.mk). test_exports.sh loads it and moontide.ko in both
 * orders: if moontide.ko exported one of these names, the second insmod
 * would fail (exports duplicate symbol). No call ever reaches these.
 */
#include <linux/module.h>

#define MT_LUANAME(name)		\
	void name(void);		\
	void name(void) { }		\
	EXPORT_SYMBOL_GPL(name)

#include "mt_luanames.inc"

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("moontide test: exports Lua's C API names, as Lunatik does");
