/* SPDX-License-Identifier: GPL-2.0 */
/*
 * moontide.h - the C API of moontide.ko for other kernel modules.
 *
 * A runtime is a named Lua state with a lock, a memory limit and an
 * instruction quota. Other modules create runtimes, run C handlers in them
 * (under the runtime's lock, protected: a Lua error comes back as an error
 * code and a message, never as a crash), stop them, and define object
 * classes: Lua userdata wrapping a kernel resource, released exactly once.
 *
 * Build against it with the include path of moontide's build tree (see
 * kernel-module/tests/Kbuild) and KBUILD_EXTRA_SYMBOLS=.../Module.symvers.
 */
#ifndef MOONTIDE_H
#define MOONTIDE_H

#include <linux/types.h>

struct module;

#define MOONTIDE_VERSION	"0.1.0"
#define MOONTIDE_LUA		"Lua 5.4-kernel"

struct lua_State;
struct moontide_runtime;

enum moontide_context {
	MOONTIDE_PROCESS,	/* may sleep; a mutex */
	MOONTIDE_SOFTIRQ,	/* spin_lock_bh; atomic allocations */
	MOONTIDE_HARDIRQ,	/* spin_lock_irqsave; atomic allocations */
};

/*
 * The ceilings of the atomic contexts (softirq, hardirq): an entry there
 * runs with bottom halves or interrupts off, so its quota must be finite
 * and small, and its memory comes from the atomic reserves. A request or a
 * moontide_runtime_create over them is refused (-EINVAL).
 */
#define MOONTIDE_ATOMIC_QUOTA_MAX	10000000ULL	/* 10^7 instructions */
#define MOONTIDE_ATOMIC_MEMORY_MAX	(4UL << 20)	/* 4 MiB, also the default there */

struct moontide_opts {
	enum moontide_context context;
	size_t memory_limit;	/* bytes; 0: the default (16 MiB; 4 MiB atomic) */
	u64 quota;		/* VM instructions per call; 0: no limit (process only) */
};

/*
 * Creates runtime name (listed, and stoppable, like any other; its script
 * is ""), with the dialect's libraries. Returns a referenced runtime or an
 * ERR_PTR: -EINVAL bad name or options (over the atomic ceilings included),
 * -EEXIST name taken, -ENOMEM.
 */
struct moontide_runtime *moontide_runtime_create(const char *name,
					const struct moontide_opts *opts);
/* A referenced runtime by name, or NULL. */
struct moontide_runtime *moontide_runtime_lookup(const char *name);
void moontide_runtime_get(struct moontide_runtime *rt);
void moontide_runtime_put(struct moontide_runtime *rt);

/*
 * Runs handler(L, arg) in the runtime, under its lock and quota, in
 * protected mode; must be called from a context that may take the lock
 * (process context for MOONTIDE_PROCESS). Returns 0; -ESRCH if the runtime
 * was stopped; -ECANCELED (Lua error), -ENOMEM (memory limit) or -ETIME
 * (quota) with the message in *error (kfree it) when error is not NULL.
 */
int moontide_runtime_call(struct moontide_runtime *rt,
			  int (*handler)(struct lua_State *L, void *arg),
			  void *arg, char **error);
/* Removes the runtime from the list and stops it; the caller's reference stays. */
void moontide_runtime_stop(struct moontide_runtime *rt);
/* Marks the runtime failed with msg (shown by list), e.g. from a callback. */
void moontide_runtime_fail(struct moontide_runtime *rt, const char *msg);
/* The runtime a Lua state belongs to (no reference taken). */
struct moontide_runtime *moontide_runtime_of(struct lua_State *L);
const char *moontide_runtime_name(struct moontide_runtime *rt);

/*
 * Object classes. An object is a Lua userdata holding size bytes of the
 * class's data; release(data) frees its kernel resources exactly once: on
 * close (obj:close() or a to-be-closed variable), on garbage collection or
 * when the runtime stops. Methods of a released object raise
 * "attempt to use a closed <name>". While an object of a class lives, the
 * class's owner module cannot be unloaded (moontide's own classes do not pin
 * moontide: its unload stops every runtime, which releases their objects).
 * A class's metatable is sealed: getmetatable(obj) is "locked" in Lua, and
 * setmetatable refuses; the C API still reaches it (lua_getmetatable).
 */
struct moontide_method {
	const char *name;
	int (*fn)(struct lua_State *L);
};

struct moontide_class {
	struct module *owner;			/* THIS_MODULE: pinned while objects live */
	const char *name;			/* e.g. "device" */
	const struct moontide_method *methods;	/* NULL-terminated; may be NULL */
	void (*release)(void *data);		/* may be NULL */
	size_t size;				/* bytes of data */
	/* NULL-terminated; may be NULL; e.g. __index, replacing the methods */
	const struct moontide_method *metamethods;
};

/*
 * Pushes a new object of cls; returns its data (zeroed). Raises on no
 * memory. The object's user value 1 (lua_setiuservalue) is the class's to use.
 */
void *moontide_object_new(struct lua_State *L, const struct moontide_class *cls);
/* The data of the object at idx, or a Lua error if it is not an open cls. */
void *moontide_object_check(struct lua_State *L, int idx,
			    const struct moontide_class *cls);
/* Releases the object at idx now (idempotent). */
void moontide_object_close(struct lua_State *L, int idx,
			   const struct moontide_class *cls);

#endif
