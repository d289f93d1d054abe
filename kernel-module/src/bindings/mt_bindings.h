/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mt_bindings.h - Lua modules exposing kernel facilities, require()d by
 * scripts ("linux", "device", ...). One file per binding, one prefix per
 * file; each is a luaopen function, a method table and a const class.
 * lb_skeleton.c is the one to copy when starting a new binding.
 */
#ifndef MT_BINDINGS_H
#define MT_BINDINGS_H

#include <linux/workqueue.h>

#include "lua.h"

struct mt_binding {
	const char *name;
	lua_CFunction open;
};

/* NULL-terminated; every runtime gets them in package.preload */
extern const struct mt_binding mt_bindings[];

/* Teardown that must not run under a runtime's lock goes here. */
extern struct workqueue_struct *mt_bind_wq;

int mt_bindings_init(void);
void mt_bindings_exit(void);

/* Raises "<what>: not allowed in <context> context" unless it may sleep. */
void mt_bind_need_process(lua_State *L, const char *what);

/*
 * Charges bytes a binding is about to hold for the calling runtime (see
 * mt_runtime_charge). Over its limit, after one full garbage collection
 * (collected objects uncharge), raises Lua's own memory error "not enough
 * memory" (kind memory). Call it before taking any lock or resource.
 */
void mt_bind_charge(lua_State *L, size_t bytes);

/* Names of shared objects: this prefix opts into sharing across runtimes. */
#define MT_BIND_SHARED		"shared:"
#define MT_BIND_SHARED_LEN	(sizeof(MT_BIND_SHARED) - 1)

/*
 * The scope a data or rcu name lives in: "" for a "shared:..." name (every
 * runtime), else the calling runtime's name (private to it).
 */
const char *mt_bind_scope(lua_State *L, const char *name);

int luaopen_linux(lua_State *L);
int luaopen_device(lua_State *L);
int luaopen_socket(lua_State *L);
int mtdevice_init(void);
void mtdevice_exit(void);
int luaopen_data(lua_State *L);
int luaopen_rcu(lua_State *L);
void mtrcu_exit(void);
int luaopen_thread(lua_State *L);

#endif
