/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mt_bindings.h - Lua modules exposing kernel facilities, require()d by
 * scripts ("linux", "device", ...). One file per binding, one prefix per
 * file; each is a luaopen function, a method table, a const class and its
 * struct mt_binding. lb_skeleton.c is the one to copy when starting a new
 * binding.
 */
#ifndef MT_BINDINGS_H
#define MT_BINDINGS_H

#include <linux/workqueue.h>

#include "lua.h"

struct mt_runtime;
struct mt_buf;

struct mt_binding {
	const char *name;	/* require(name) */
	lua_CFunction open;
	int (*init)(void);	/* optional: at load, before any runtime */
	/* optional: at unload, once every runtime stopped and mt_bind_wq ran */
	void (*exit)(void);
	/*
	 * optional: after an entry into rt (its start, an eval) returned, in
	 * process context, outside rt's lock: finishes what the entry could
	 * not do under that lock (a probe's registration sleeps; a hardirq
	 * runtime's lock is a spinlock). A negative errno with the reason
	 * appended to error fails the entry (a failed start stops rt).
	 */
	int (*settle)(struct mt_runtime *rt, struct mt_buf *error);
};

/* NULL-terminated; every runtime gets them in package.preload */
extern const struct mt_binding *const mt_bindings[];

extern const struct mt_binding mtlinux_binding;
extern const struct mt_binding mtdevice_binding;
extern const struct mt_binding mtsock_binding;
extern const struct mt_binding mtdata_binding;
extern const struct mt_binding mtrcu_binding;
extern const struct mt_binding mtthread_binding;
extern const struct mt_binding mtsys_binding;
extern const struct mt_binding mtprobe_binding;
extern const struct mt_binding mtnotifier_binding;
extern const struct mt_binding mtnf_binding;
extern const struct mt_binding mtxdp_binding;

/* Teardown that must not run under a runtime's lock goes here. */
extern struct workqueue_struct *mt_bind_wq;

/* Module load and unload: the work queue and every binding's init/exit. */
int mt_bindings_init(void);
void mt_bindings_exit(void);

/* Every binding's settle, after an entry into rt: 0 or the first error. */
int mt_bind_settle(struct mt_runtime *rt, struct mt_buf *error);

/* Raises "<what>: not allowed in <context> context" unless it may sleep. */
void mt_bind_need_process(lua_State *L, const char *what);

/*
 * Charges bytes a binding is about to hold for the calling runtime (see
 * mt_runtime_charge). Over its limit, after one full garbage collection
 * (collected objects uncharge), raises Lua's own memory error "not enough
 * memory" (kind memory). Call it before taking any lock or resource.
 */
void mt_bind_charge(lua_State *L, size_t bytes);

/*
 * True in a netdevice handler (rtnl held by this task): what may wait for
 * rtnl (registering a netdevice notifier, starting or stopping a runtime,
 * whose teardown unregisters its notifiers) must refuse there.
 */
bool mt_bind_in_rtnl_handler(void);

/* Names of shared objects: this prefix opts into sharing across runtimes. */
#define MT_BIND_SHARED		"shared:"
#define MT_BIND_SHARED_LEN	(sizeof(MT_BIND_SHARED) - 1)

/*
 * The scope a data or rcu name lives in: "" for a "shared:..." name (every
 * runtime), else the calling runtime's name (private to it).
 */
const char *mt_bind_scope(lua_State *L, const char *name);

#endif
