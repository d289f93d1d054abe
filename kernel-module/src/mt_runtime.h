/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mt_runtime.h - a runtime: one Lua state running one entry script, in one
 * execution context, with its lock, memory account and instruction quota.
 */
#ifndef MT_RUNTIME_H
#define MT_RUNTIME_H

#include <linux/completion.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/path.h>
#include <linux/ratelimit.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uidgid.h>
#include <crypto/sha2.h>

#include "mt_buf.h"
#include "mt_script.h"

#define MT_NAME_MAX	64

struct lua_State;

enum mt_context {
	MT_CTX_PROCESS,		/* mutex, may sleep, GFP_KERNEL */
	MT_CTX_SOFTIRQ,		/* spin_lock_bh, GFP_ATOMIC */
	MT_CTX_HARDIRQ,		/* spin_lock_irqsave, GFP_ATOMIC */
};

enum mt_state {
	MT_STATE_RUNNING,
	MT_STATE_FINISHED,	/* a spawned function returned */
	MT_STATE_FAILED,
	MT_STATE_STOPPED,
};

/* Where a runtime is in the registry's list (mt_registry.c). */
enum mt_listing {
	MT_LISTED_RUNNING,	/* started */
	MT_LISTED_STARTING,	/* its top level runs; its starter owns it */
	MT_LISTED_STOPPING,	/* being stopped; listed until it is gone */
};

/* How a call into Lua ended: the response's "errno" and "kind". */
enum mt_status {
	MT_OK,
	MT_ERR_SYNTAX,
	MT_ERR_RUNTIME,
	MT_ERR_MEMORY,
	MT_ERR_QUOTA,
	MT_ERR_INTERRUPTED,
};

struct mt_runtime_opts {
	enum mt_context context;
	bool spawn;
	size_t memory_limit;
	u64 quota;		/* VM instructions per entry; 0: no limit */
};

/*
 * The kernel memory bindings hold for a runtime (data buffers, rcu entries,
 * sockets, devices), counted with its Lua memory against its limit. Apart
 * from the runtime and refcounted, so that what outlives the runtime's Lua
 * state (an rcu entry it wrote in a table another runtime still holds) can
 * uncharge when it is freed, without keeping the runtime itself alive.
 */
struct mt_account {
	refcount_t ref;
	atomic_long_t charged;	/* bytes */
};

struct mt_runtime {
	struct kref kref;
	struct list_head node;	/* in the registry, under its lock */
	enum mt_listing listing; /* written under the registry lock */
	struct completion gone;	/* stopped and no longer listed */
	char name[MT_NAME_MAX + 1];
	char script[MT_PATH_MAX + 1];
	u8 sha256[SHA256_DIGEST_SIZE];
	struct mt_runtime_opts opts;
	gfp_t gfp;
	u64 started_ns;
	kuid_t uid;
	char comm[TASK_COMM_LEN];
	struct mt_script code;	/* the loaded entry script, until it ran */
	struct path root;	/* script root, for require */
	bool has_root;
	bool via_lunatik;	/* started through /dev/lunatik */

	bool stopping;		/* stop requested: the guard ends any call */
	spinlock_t info_lock;	/* state and error, read by list */
	enum mt_state state;
	char *error;

	/* the Lua state and everything below: under the runtime lock */
	struct mutex mutex;	/* MT_CTX_PROCESS */
	spinlock_t spin;	/* MT_CTX_SOFTIRQ, MT_CTX_HARDIRQ */
	unsigned long irqflags;
	struct lua_State *L;	/* NULL once stopped */
	size_t memory;		/* bytes Lua holds now */
	struct mt_account *account;	/* bytes bindings hold for it */
	u64 steps;		/* work since the entry or the last sleep */
	u64 entered_ns;		/* at the entry (monotonic): atomic time limit */
	u64 given;		/* the budget of the slice in progress */
	unsigned long nvcsw;	/* the caller's voluntary switches, at the count */
	enum mt_status fault;	/* set where an error is raised: quota... */
	char faultmsg[64];	/* the guard's sticky fault, raised by the VM */
	struct ratelimit_state print_rs; /* print's lines to the kernel log */
	int spawn_ref;		/* registry ref of the spawned function */
	struct task_struct *thread;
};

/* A Lua state with the dialect's libraries, not yet running a script. */
struct mt_runtime *mt_runtime_new(const char *name,
				  const struct mt_runtime_opts *opts);
/*
 * Reads script (relative to root): the runtime's script, sha256 and root
 * are set, the text kept for start. 0, or a negative errno with *why set.
 */
int mt_runtime_load(struct mt_runtime *rt, const struct path *root,
		    const char *script, const char **why);
/*
 * Runs the loaded script's top level; with spawn, keeps the function it
 * returns. On failure the Lua error's text goes to error. Returns an
 * mt_status, or -ESRCH if the runtime was stopped before it began.
 */
int mt_runtime_start(struct mt_runtime *rt, struct mt_buf *error);
/* Starts the kernel thread of a spawned runtime. */
int mt_runtime_spawn(struct mt_runtime *rt);
/* Stops the thread, closes the Lua state; the runtime stays referenced. */
void mt_runtime_stop(struct mt_runtime *rt);
/*
 * Runs a chunk; results go to out as JSON array elements, the error's text
 * to error. See start.
 */
int mt_runtime_eval(struct mt_runtime *rt, const char *chunk, size_t len,
		    struct mt_buf *out, struct mt_buf *error);
/* Records a fatal error: the runtime shows state failed with it. */
void mt_runtime_fail(struct mt_runtime *rt, const char *msg);
/* Appends the runtime as a JSON object (a "list" entry) to out. */
int mt_runtime_describe(struct mt_runtime *rt, struct mt_buf *out);

/*
 * Charges bytes of kernel memory a binding holds for rt to its account:
 * -ENOMEM when its Lua memory and its charges would then exceed its limit.
 * Any context; every charge is uncharged by the same number of bytes.
 */
int mt_runtime_charge(struct mt_runtime *rt, size_t bytes);
void mt_runtime_uncharge(struct mt_runtime *rt, size_t bytes);

static inline long mt_runtime_charged(struct mt_runtime *rt)
{
	return atomic_long_read(&rt->account->charged);
}

/* For a charge released after the runtime may be gone: hold its account. */
static inline struct mt_account *mt_account_get(struct mt_runtime *rt)
{
	refcount_inc(&rt->account->ref);
	return rt->account;
}

/* Uncharges bytes and drops the reference; any context. */
void mt_account_uncharge_put(struct mt_account *a, size_t bytes);

void mt_runtime_lock(struct mt_runtime *rt);
int mt_runtime_lock_killable(struct mt_runtime *rt);
void mt_runtime_unlock(struct mt_runtime *rt);
/*
 * For hooks called from the kernel's own paths (notifier chains, probes):
 * takes rt's lock only if that needs no waiting, so a hook firing on the
 * CPU that holds it, or under a lock its holder may wait for, skips instead
 * of deadlocking. Process runtimes: mutex_trylock (process context only).
 * Softirq and hardirq runtimes: interrupts off (flags), then spin_trylock.
 */
bool mt_runtime_trylock(struct mt_runtime *rt, unsigned long *flags);
void mt_runtime_untrylock(struct mt_runtime *rt, unsigned long flags);

static inline void mt_runtime_get(struct mt_runtime *rt)
{
	kref_get(&rt->kref);
}

void mt_runtime_put(struct mt_runtime *rt);

const char *mt_context_name(enum mt_context ctx);
int mt_context_parse(const char *s, enum mt_context *ctx);

#endif
