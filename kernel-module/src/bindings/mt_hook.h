/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mt_hook.h - what the bindings that hook the kernel's own paths share
 * (notifier chains, kprobes, tracepoints): a Lua handler called from the
 * hooked path, in that path's context, under the owning runtime's lock
 * taken without waiting.
 *
 * The rules, for every hook:
 * - The handler runs only if the runtime's lock is free at that moment
 *   (mt_runtime_trylock): a hook that fires on the CPU already running the
 *   runtime (a probe hit by the runtime's own work, an event during an
 *   eval), or while another CPU runs it, skips the event and counts it
 *   (skipped). Waiting instead could deadlock: against the same CPU, or,
 *   for a process runtime under the chain's own lock (rtnl), against an
 *   entry that waits for that lock. In NMI context nothing runs (Lua
 *   allocates; the allocator is not NMI-safe): skipped and counted too.
 *   Probes never call it there: they go through mtprobe_ring.h.
 * - An error in the handler (a Lua error, its quota, its memory) fails that
 *   event only: it is counted (errors) and logged, rate-limited; the hook
 *   stays and the runtime keeps running.
 * - The hook's object is anchored in the registry: it lives until close()
 *   or until the runtime stops, never collected while the script forgets it.
 * - Teardown: release marks the hook dead under the runtime's lock (or
 *   after the runtime's Lua state was detached, rt->L == NULL, which
 *   stop does under the lock), so no handler enters Lua for it afterwards.
 *   When the runtime stops, release runs from lua_close in process context
 *   with no lock held: the hook is unregistered there, synchronously, and
 *   the kernel's unregister waits for handlers running on other CPUs, all
 *   before lua_close frees the state. From close() (under the lock, maybe
 *   a spinlock) unregistering would sleep: it goes to mt_bind_wq.
 */
#ifndef MT_HOOK_H
#define MT_HOOK_H

#include <linux/atomic.h>

#include "lua.h"

struct mt_runtime;

struct mt_hook {
	struct mt_runtime *rt;	/* referenced until mt_hook_exit */
	const char *kind;	/* "kprobe", "keyboard", ...: for messages */
	const char *target;	/* what it hooks: a symbol, a chain */
	int fnref;		/* the handler, in rt's registry */
	int objref;		/* the object's anchor */
	bool dead;		/* no more calls: written under rt's lock */
	atomic_long_t calls, skipped, errors;
};

/* Pushes a handler's arguments; returns how many. */
typedef int (*mt_hook_push)(lua_State *L, void *arg);

/*
 * Anchors the handler (at fnidx) and the object (at objidx) and takes a
 * reference on the calling runtime; raises on no memory (then nothing is
 * held: the hook's release must accept a hook never initialised).
 */
void mt_hook_init(lua_State *L, struct mt_hook *h, int fnidx, int objidx,
		  const char *kind, const char *target);
/*
 * Calls the handler with push's arguments, from the hooked path. Returns
 * 1 or 0, the truth of its first result; -EBUSY when skipped (the lock was
 * taken, or NMI), -ENODEV when the hook or its runtime is gone, -EIO when
 * the handler failed.
 */
int mt_hook_fire(struct mt_hook *h, mt_hook_push push, void *arg);
/* close(): drops the anchors (under the lock, with the Lua state). */
void mt_hook_unanchor(lua_State *L, struct mt_hook *h);
/*
 * One call of a handler, for hooks that need more than mt_hook_fire: an
 * integer result (a verdict), something undone after the call under the
 * lock (a packet view emptied), a short wait for a runtime busy on another
 * CPU. The caller fills the first part.
 */
struct mt_hook_frame {
	struct mt_hook *h;
	mt_hook_push push;	/* the arguments, or NULL */
	void (*pop)(void *arg);	/* after the call, under the lock, or NULL */
	void *arg;
	/*
	 * What the first result must be, for messages ("a verdict"): when
	 * set, anything but nil or an integer fails the call.
	 */
	const char *want;
	/*
	 * How long to retry the lock before skipping (0: try once). A bound,
	 * never a wait: the holder may be this CPU, below us on the stack.
	 */
	u64 spin_ns;
	/* results, when the call returned 0 */
	bool result;		/* the first result's truth */
	bool has_value;		/* want: it was an integer, in value */
	lua_Integer value;
};

/* Calls the handler: 0, or -EBUSY, -ENODEV, -EIO as mt_hook_fire. */
int mt_hook_call(struct mt_hook_frame *f);
/*
 * In the object's release: marks the hook dead. True when it may be
 * unregistered here (the runtime is stopping: process context, no lock
 * held); false when that must go to mt_bind_wq.
 */
bool mt_hook_kill(struct mt_hook *h);
/* After unregistering: drops the runtime reference. */
void mt_hook_exit(struct mt_hook *h);
/* Pushes {calls=, skipped=, errors=} plus what extra adds (missed...). */
void mt_hook_push_stats(lua_State *L, struct mt_hook *h);

#endif
