// SPDX-License-Identifier: GPL-2.0
/*
 * lb_netfilter.c - require("netfilter"): Lua hooks on the packet path.
 *
 *   local netfilter = require("netfilter")
 *   local h = netfilter.register{
 *       family = "ipv4",        -- "ipv4", "ipv6" or "inet" (both)
 *       hook = "input",         -- prerouting input forward output postrouting
 *       priority = 0,           -- optional: netfilter's order (filter: 0)
 *       unhandled = "accept",   -- optional: the verdict when no handler ran
 *       handler = function(skb) -- lb_skb.c: a view of the packet
 *           if skb:getu8(9) == 17 then return netfilter.DROP end
 *           -- nothing (nil) or netfilter.ACCEPT: the packet goes on
 *       end,
 *   }
 *   h:stats()  -- {calls=, skipped=, errors=, dropped=, state=[, errno=]}
 *   h:close()  -- or let the runtime stop
 *
 * Contexts. Netfilter calls hooks in softirq context (packets received)
 * or in the sending task with bottom halves on (output): only a
 * context=softirq runtime may register, its lock being a spinlock taken
 * with bottom halves off. The hook takes it with mt_hook_call's trylock,
 * interrupts off, retrying for at most MTNF_SPIN_NS when another CPU holds
 * it (a packet there, an eval): it never waits unbounded, since the holder
 * may be this CPU, below us on the stack (a script's own packet). When it
 * cannot run the handler (busy, the handler raised or returned something
 * that is not a verdict) the packet gets the hook's unhandled verdict:
 * accept unless the script asked to fail closed. Those are counted
 * (skipped, errors) and errors are logged, rate-limited.
 *
 * Registration sleeps (nf_hook_mutex) and the runtime's Lua runs under its
 * spinlock: register() queues it to mt_bind_wq and the entry that made it
 * waits for it before returning (mt_pending.h); a failure fails that entry.
 * The hook is registered in the network namespace of the task that made
 * it (a handler's: the initial one), held until the hook is gone.
 * Teardown: when the runtime stops, in lua_close (process context, no lock
 * held), nf_unregister_net_hook then synchronize_net, which waits for
 * every hook call in progress (they run under rcu_read_lock), before the
 * object is freed; from close() the same runs on mt_bind_wq, the hook
 * being dead from then on under the lock, so no call enters Lua.
 */
#define pr_fmt(fmt) "moontide: " fmt

#include <linux/kref.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/nsproxy.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>

#include "lauxlib.h"

#include "moontide.h"
#include "lb_skb.h"
#include "mt_bindings.h"
#include "mt_hook.h"
#include "mt_pending.h"
#include "../mt_buf.h"
#include "../mt_lua.h"
#include "../mt_runtime.h"

/* struct mtnf and netfilter's share of it (its entry in the hook blob) */
#define MTNF_CHARGE	1024
/* at most this long spinning for a runtime another CPU runs (a handler) */
#define MTNF_SPIN_NS	(50 * NSEC_PER_USEC)

enum mtnf_state { MTNF_PENDING, MTNF_ACTIVE, MTNF_FAILED, MTNF_GONE };

static const char *const mtnf_states[] = {
	[MTNF_PENDING] = "pending",
	[MTNF_ACTIVE] = "active",
	[MTNF_FAILED] = "failed",
	[MTNF_GONE] = "closed",
};

static const char *const mtnf_families[] = { "ipv4", "ipv6", "inet", NULL };
static const u8 mtnf_pfs[] = { NFPROTO_IPV4, NFPROTO_IPV6, NFPROTO_INET };

static const char *const mtnf_hooks[] = {
	"prerouting", "input", "forward", "output", "postrouting", NULL
};
static const u8 mtnf_hooknums[] = {
	NF_INET_PRE_ROUTING, NF_INET_LOCAL_IN, NF_INET_FORWARD,
	NF_INET_LOCAL_OUT, NF_INET_POST_ROUTING
};

struct mtnf {
	struct mt_hook hook;
	struct mt_runtime *owner; /* not referenced: for a release before init */
	struct nf_hook_ops ops;
	struct net *net;	/* referenced */
	struct mtskb_view *view; /* the handler's argument, anchored by viewref */
	int viewref;
	int unhandled;		/* NF_ACCEPT or NF_DROP */
	char target[24];	/* "ipv4 input": for messages */
	int state;		/* enum mtnf_state: written by the work */
	int err;		/* registration's errno, when failed */
	bool charged;
	bool queued;		/* its work was queued once: it owns teardown */
	atomic_long_t dropped;
	struct mt_pending pending;
	struct work_struct work;
	struct kref kref;	/* the object's, and a settle's while it waits */
};

static const struct moontide_class mtnf_class;

static void mtnf_free(struct kref *kref)
{
	struct mtnf *n = container_of(kref, struct mtnf, kref);

	if (n->net)
		put_net(n->net);
	kfree(n);
}

/* {== the hook: softirq, or the sending task ========================== */
struct mtnf_call {
	struct mtnf *n;
	struct sk_buff *skb;
	const struct nf_hook_state *state;
};

/* Fills the view (under the lock: another CPU's call may use it) and pushes it. */
static int mtnf_push(lua_State *L, void *arg)
{
	struct mtnf_call *c = arg;
	struct mtskb_view *v = c->n->view;

	v->skb = c->skb;
	v->in = c->state->in;
	v->out = c->state->out;
	lua_rawgeti(L, LUA_REGISTRYINDEX, c->n->viewref);
	return 1;
}

/* Empties the view, under the lock, whatever the handler did. */
static void mtnf_pop(void *arg)
{
	struct mtskb_view *v = ((struct mtnf_call *)arg)->n->view;

	v->skb = NULL;
	v->in = NULL;
	v->out = NULL;
}

static unsigned int mtnf_hookfn(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	struct mtnf_call c = { .n = priv, .skb = skb, .state = state };
	struct mtnf *n = c.n;
	struct mt_hook_frame f = {
		.h = &n->hook,
		.push = mtnf_push,
		.pop = mtnf_pop,
		.arg = &c,
		.want = "a verdict (netfilter.ACCEPT or netfilter.DROP)",
		.spin_ns = MTNF_SPIN_NS,
	};
	unsigned int verdict = READ_ONCE(n->unhandled);

	if (mt_hook_call(&f) == 0) {
		if (!f.has_value) {
			verdict = NF_ACCEPT; /* nothing returned */
		} else if (f.value == NF_ACCEPT || f.value == NF_DROP) {
			verdict = f.value;
		} else {
			atomic_long_inc(&n->hook.errors);
			pr_err_ratelimited("[%s] netfilter %s: handler returned "
					   "%lld, not a verdict\n",
					   n->hook.rt->name, n->target,
					   (long long)f.value);
		}
	}
	if (verdict == NF_DROP)
		atomic_long_inc(&n->dropped);
	return verdict;
}
/* }==================================================================== */

/* {== registration and teardown: process context, no runtime lock ====== */
static void mtnf_teardown(struct mtnf *n)
{
	if (n->state == MTNF_ACTIVE) {
		nf_unregister_net_hook(n->net, &n->ops);
		synchronize_net(); /* hook calls in progress are done */
	}
	WRITE_ONCE(n->state, MTNF_GONE);
	mt_pending_del(&n->pending);
	if (n->charged)
		mt_runtime_uncharge(n->hook.rt, MTNF_CHARGE);
	mt_hook_exit(&n->hook);
	kref_put(&n->kref, mtnf_free);
}

/*
 * Registers a live hook, or tears a dead one down; exactly one run sees it
 * dead at its start (the release queues it once more).
 */
static void mtnf_work(struct work_struct *work)
{
	struct mtnf *n = container_of(work, struct mtnf, work);
	int err;

	if (READ_ONCE(n->hook.dead)) {
		mtnf_teardown(n);
		return;
	}
	if (n->state != MTNF_PENDING)
		return;
	err = nf_register_net_hook(n->net, &n->ops);
	n->err = err;
	smp_store_release(&n->state, err ? MTNF_FAILED : MTNF_ACTIVE);
}

static void mtnf_release(void *data)
{
	struct mtnf *n = *(struct mtnf **)data;

	if (!n)
		return;
	if (!n->queued) { /* register() raised before queueing it */
		if (n->charged)
			mt_runtime_uncharge(n->owner, MTNF_CHARGE);
		mt_hook_exit(&n->hook);
		kref_put(&n->kref, mtnf_free);
		return;
	}
	if (!READ_ONCE(n->hook.rt->L)) {
		/* the runtime stops: the pending work first, then unregister */
		cancel_work_sync(&n->work);
		mt_hook_kill(&n->hook);
		mtnf_teardown(n);
	} else {
		mt_hook_kill(&n->hook);
		queue_work(mt_bind_wq, &n->work);
	}
}

static struct kref *mtnf_pending_kref(struct mt_pending *p)
{
	return &container_of(p, struct mtnf, pending)->kref;
}

static int mtnf_pending_failed(struct mt_pending *p, struct mt_buf *error)
{
	struct mtnf *n = container_of(p, struct mtnf, pending);

	if (smp_load_acquire(&n->state) != MTNF_FAILED)
		return 0;
	mt_buf_printf(error, "netfilter.register: cannot register the %s "
		      "hook: errno %d", n->target, -n->err);
	return n->err;
}

static const struct mt_pending_ops mtnf_pending_ops = {
	.kref = mtnf_pending_kref,
	.release = mtnf_free,
	.failed = mtnf_pending_failed,
};

static int mtnf_settle(struct mt_runtime *rt, struct mt_buf *error)
{
	return mt_pending_settle(rt, &mtnf_pending_ops, error);
}
/* }==================================================================== */

static struct mtnf *mtnf_check(lua_State *L)
{
	return *(struct mtnf **)moontide_object_check(L, 1, &mtnf_class);
}

/* h:stats(): {calls=, skipped=, errors=, dropped=, state=[, errno=]} */
static int mtnf_stats(lua_State *L)
{
	struct mtnf *n = mtnf_check(L);
	int state = smp_load_acquire(&n->state);

	mt_hook_push_stats(L, &n->hook);
	lua_pushinteger(L, atomic_long_read(&n->dropped));
	lua_setfield(L, -2, "dropped");
	lua_pushstring(L, mtnf_states[state]);
	lua_setfield(L, -2, "state");
	if (state == MTNF_FAILED) {
		lua_pushinteger(L, -n->err);
		lua_setfield(L, -2, "errno");
	}
	return 1;
}

static int mtnf_close(lua_State *L)
{
	struct mtnf *n = mtnf_check(L);

	mt_hook_unanchor(L, &n->hook);
	luaL_unref(L, LUA_REGISTRYINDEX, n->viewref);
	n->viewref = LUA_NOREF;
	moontide_object_close(L, 1, &mtnf_class);
	return 0;
}

static const struct moontide_method mtnf_methods[] = {
	{ "stats", mtnf_stats },
	{ "close", mtnf_close },
	{ NULL, NULL }
};

static const struct moontide_class mtnf_class = {
	.name = "netfilter",
	.methods = mtnf_methods,
	.release = mtnf_release,
	.size = sizeof(struct mtnf *),
};

/* An option of register's table: one of names, or dflt when absent. */
static int mtnf_option(lua_State *L, const char *key, const char *const *names,
		       int dflt)
{
	int i;

	lua_getfield(L, 1, key);
	if (lua_isnil(L, -1) && dflt >= 0) {
		lua_pop(L, 1);
		return dflt;
	}
	i = luaL_checkoption(L, -1, NULL, names);
	lua_pop(L, 1);
	return i;
}

/* Only the keys register knows: a misspelt one is an error, not a default. */
static void mtnf_check_keys(lua_State *L)
{
	static const char *const keys[] = {
		"family", "hook", "priority", "unhandled", "handler", NULL
	};

	lua_pushnil(L);
	while (lua_next(L, 1)) {
		const char *const *k;

		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING)
			luaL_error(L, "netfilter.register: a key that is not a string");
		for (k = keys; *k && strcmp(*k, lua_tostring(L, -1)); k++)
			;
		if (!*k)
			luaL_error(L, "netfilter.register: unknown option '%s' (family, "
				   "hook, priority, unhandled, handler)",
				   lua_tostring(L, -1));
	}
}

/* netfilter.register{family=, hook=, priority=, unhandled=, handler=} */
static int mtnf_register(lua_State *L)
{
	static const char *const verdicts[] = { "drop", "accept", NULL };
	struct mt_runtime *rt = mt_lua_runtime(L);
	int family, hooknum, unhandled;
	lua_Integer priority;
	struct mtnf *n, **slot;

	if (rt->opts.context != MT_CTX_SOFTIRQ)
		return luaL_error(L, "netfilter.register: needs a context=softirq "
				  "runtime (netfilter calls hooks in softirq "
				  "context), not %s",
				  mt_context_name(rt->opts.context));
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 1);
	mtnf_check_keys(L);
	family = mtnf_option(L, "family", mtnf_families, -1);
	hooknum = mtnf_option(L, "hook", mtnf_hooks, -1);
	unhandled = mtnf_option(L, "unhandled", verdicts, NF_ACCEPT);
	lua_getfield(L, 1, "priority");
	priority = luaL_optinteger(L, -1, 0);
	/* netfilter's first and last are its own (conntrack's helpers...) */
	luaL_argcheck(L, priority > NF_IP_PRI_FIRST && priority < NF_IP_PRI_LAST,
		      1, "priority out of range");
	lua_getfield(L, 1, "handler");
	luaL_checktype(L, -1, LUA_TFUNCTION); /* at 3 */

	slot = moontide_object_new(L, &mtnf_class); /* at 4 */
	n = kzalloc(sizeof(*n), rt->gfp | __GFP_NOWARN);
	if (!n)
		return luaL_error(L, "netfilter.register: out of memory");
	kref_init(&n->kref);
	INIT_WORK(&n->work, mtnf_work);
	INIT_LIST_HEAD(&n->pending.node);
	n->owner = rt;
	n->viewref = LUA_NOREF;
	n->unhandled = unhandled;
	snprintf(n->target, sizeof(n->target), "%s %s", mtnf_families[family],
		 mtnf_hooks[hooknum]);
	*slot = n; /* from here the object's release frees it */
	mt_bind_charge(L, MTNF_CHARGE);
	n->charged = true;
	n->view = mtskb_view_new(L); /* at 5 */
	n->viewref = luaL_ref(L, LUA_REGISTRYINDEX);
	mt_hook_init(L, &n->hook, 3, 4, "netfilter", n->target);

	n->net = get_net(in_task() && current->nsproxy ?
			 current->nsproxy->net_ns : &init_net);
	n->ops.hook = mtnf_hookfn;
	n->ops.priv = n;
	n->ops.pf = mtnf_pfs[family];
	n->ops.hooknum = mtnf_hooknums[hooknum];
	n->ops.priority = priority;
	n->pending.rt = rt;
	n->pending.work = &n->work;
	n->pending.ops = &mtnf_pending_ops;
	n->queued = true;
	mt_pending_add(&n->pending);
	queue_work(mt_bind_wq, &n->work);
	return 1;
}

static const luaL_Reg mtnf_funcs[] = {
	{ "register", mtnf_register },
	{ NULL, NULL }
};

static int luaopen_netfilter(lua_State *L)
{
	luaL_newlib(L, mtnf_funcs);
	lua_pushinteger(L, NF_ACCEPT);
	lua_setfield(L, -2, "ACCEPT");
	lua_pushinteger(L, NF_DROP);
	lua_setfield(L, -2, "DROP");
	return 1;
}

const struct mt_binding mtnf_binding = {
	.name = "netfilter",
	.open = luaopen_netfilter,
	.settle = mtnf_settle,
};
