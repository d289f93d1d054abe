// SPDX-License-Identifier: GPL-2.0
/*
 * lb_xdp.c - require("xdp"): Lua handlers for frames at a driver's XDP hook.
 *
 *   local xdp = require("xdp")
 *   local out = xdp.ifindex("veth2")        -- a redirect target, resolved now
 *   local h = xdp.attach("veth0", function(frame)
 *       if frame:getu16be(12) == 0x0806 then return xdp.PASS end -- ARP
 *       if frame:getu8(23) == 17 then return xdp.DROP end          -- UDP
 *       return xdp.redirect(out)
 *   end, { unhandled = "pass" })
 *   h:stats()  -- {calls=, skipped=, errors=, passed=, dropped=, tx=,
 *              --  redirected=, aborted=, ifindex=}
 *   h:close()  -- or let the runtime stop
 *
 * How a frame gets here. The kernel cannot run Lua at the XDP hook itself:
 * an eBPF program does (kernel-module/bpf/moontide_xdp.bpf.c, attached with
 * `ip link set dev X xdp obj build/bpf/moontide_xdp.o sec xdp`). It calls
 * this module's kfunc moontide_xdp_run(ctx), which finds the handler
 * attached to the frame's ingress device (xdp->rxq->dev: its namespace and
 * ifindex) and returns the verdict: the XDP action in the low 8 bits, and
 * for XDP_REDIRECT the target's ifindex above them; the program turns that
 * into bpf_redirect(ifindex, 0). A device with the program and no handler
 * passes its frames. The kfunc is registered once, at module load
 * (register_btf_kfunc_id_set, BPF_PROG_TYPE_XDP): it needs the module's BTF,
 * which the lab kernel's build makes (module.mk) and the debug kernel, built
 * without BTF, never has: there the set is empty, registration does
 * nothing, and a program calling the kfunc is refused at load.
 *
 * Contexts and locks.
 * - The kfunc runs where XDP runs: NAPI poll in softirq (native mode; veth
 *   calls the program inside its own rcu_read_lock), netif_receive_skb
 *   with bottom halves off (generic mode), or a task under rcu_read_lock
 *   with migration off (BPF_PROG_TEST_RUN). It takes rcu_read_lock itself
 *   for the handler table (readers never lock it) and the runtime's lock
 *   through mt_hook_call: interrupts off, spin_trylock, retried for at most
 *   MTXDP_SPIN_NS, never waited for, since the holder may be this CPU below
 *   us on the stack (an eval interrupted by NAPI). Busy: the frame gets the
 *   handler's unhandled verdict, counted as skipped.
 * - Only context=softirq runtimes may attach: their lock is a spinlock, and
 *   their Lua allocates with GFP_ATOMIC, as this path requires.
 * - The handler table: an RCU hash of (net, ifindex) -> struct mtxdp;
 *   writers take mtxdp_lock with interrupts off (attach runs under the
 *   runtime's lock, maybe inside a handler; teardown in process context).
 *   Lock order: a runtime's lock, then mtxdp_lock; the kfunc never takes
 *   mtxdp_lock. Nothing here sleeps, so attach needs no deferred work.
 * - Teardown: release (close(), under the runtime's lock; or the runtime's
 *   stop, in lua_close, process context, no lock held) marks the hook dead
 *   (no call enters Lua from then on: mt_hook_call checks it under the
 *   runtime's lock) and unlinks it from the table; it is freed, and its
 *   runtime reference dropped, only after synchronize_rcu(), so a kfunc
 *   that found it before the unlink has finished with it. From close() that
 *   wait goes to mt_bind_wq (a spinlock is held); at stop it runs inline.
 * - The frame view (struct mtxdp_view) is filled by push and emptied by pop
 *   around the call, both under the runtime's lock; a view kept past the
 *   call raises on any use. Reads and writes stay in [data, data_end): the
 *   frame is never grown, shrunk or moved (the program's own packet bounds
 *   would go stale; the verifier does not know a kfunc moved them).
 */
#define pr_fmt(fmt) "moontide: " fmt

#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/filter.h>
#include <linux/hashtable.h>
#include <linux/netdevice.h>
#include <linux/nsproxy.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/xdp.h>

#include "lauxlib.h"

#include "moontide.h"
#include "mt_bindings.h"
#include "mt_bytes.h"
#include "mt_hook.h"
#include "../mt_lua.h"
#include "../mt_runtime.h"

/* struct mtxdp and its view, charged to the runtime */
#define MTXDP_CHARGE	512
/* at most this long spinning for a runtime another CPU runs */
#define MTXDP_SPIN_NS	(50 * NSEC_PER_USEC)
/* the verdict's encoding, shared with moontide_xdp.bpf.c */
#define MTXDP_ACTION_BITS	8
#define MTXDP_ACTION_MASK	((1 << MTXDP_ACTION_BITS) - 1)

/* the counters, indexed by XDP action */
static const char *const mtxdp_counters[] = {
	[XDP_ABORTED] = "aborted",
	[XDP_DROP] = "dropped",
	[XDP_PASS] = "passed",
	[XDP_TX] = "tx",
	[XDP_REDIRECT] = "redirected",
};
#define MTXDP_NACTIONS	ARRAY_SIZE(mtxdp_counters)

/* The frame a handler sees: set by push, cleared by pop, under the lock. */
struct mtxdp_view {
	struct xdp_buff *xdp;	/* NULL outside a call */
};

struct mtxdp {
	struct mt_hook hook;
	struct mt_runtime *owner; /* not referenced: for a release before init */
	struct hlist_node node;	/* in mtxdp_table while linked */
	bool linked;		/* under mtxdp_lock */
	bool charged;
	struct net *net;	/* referenced */
	int ifindex;
	u32 unhandled;		/* XDP_PASS or XDP_DROP */
	struct mtxdp_view *view; /* anchored by viewref */
	int viewref;
	char target[IFNAMSIZ];	/* the device's name at attach: for messages */
	atomic_long_t verdicts[MTXDP_NACTIONS];
	struct work_struct work; /* teardown after close() */
};

static DEFINE_HASHTABLE(mtxdp_table, 6);
static DEFINE_SPINLOCK(mtxdp_lock);

static const struct moontide_class mtxdp_class;
static const struct moontide_class mtxdp_view_class;

/* {== the kfunc: NAPI softirq, generic XDP, or a test run ============== */
struct mtxdp_call {
	struct mtxdp *x;
	struct xdp_buff *xdp;
};

static int mtxdp_push(lua_State *L, void *arg)
{
	struct mtxdp_call *c = arg;

	c->x->view->xdp = c->xdp;
	lua_rawgeti(L, LUA_REGISTRYINDEX, c->x->viewref);
	return 1;
}

/*
 * Empties the view, under the lock. A handler that closed its own object
 * left the view anchored (mtxdp_close): it is let go here, once nothing
 * writes to it any more (rt->L is the state the call ran in).
 */
static void mtxdp_pop(void *arg)
{
	struct mtxdp *x = ((struct mtxdp_call *)arg)->x;

	x->view->xdp = NULL;
	if (x->hook.dead && x->viewref != LUA_NOREF) {
		luaL_unref(x->hook.rt->L, LUA_REGISTRYINDEX, x->viewref);
		x->viewref = LUA_NOREF;
	}
}

/* The handler for dev, or NULL; under rcu_read_lock. */
static struct mtxdp *mtxdp_find(const struct net_device *dev)
{
	struct mtxdp *x;

	hash_for_each_possible_rcu(mtxdp_table, x, node, dev->ifindex) {
		if (x->ifindex == dev->ifindex && net_eq(x->net, dev_net(dev)))
			return x;
	}
	return NULL;
}

/* A handler's integer as a verdict; false when it is none. */
static bool mtxdp_verdict(lua_Integer v, u64 *verdict)
{
	lua_Integer action = v & MTXDP_ACTION_MASK;
	lua_Integer ifindex = v >> MTXDP_ACTION_BITS;

	if (v < 0)
		return false;
	if (action == XDP_REDIRECT ? ifindex < 1 || ifindex > INT_MAX :
	    action > XDP_TX || ifindex != 0)
		return false;
	*verdict = (u64)v;
	return true;
}

u64 moontide_xdp_run(struct xdp_md *ctx);

/*
 * Called by an XDP program with its context; the verdict: an XDP action in
 * the low MTXDP_ACTION_BITS, the target's ifindex above for XDP_REDIRECT.
 * A global, noinline symbol: the verifier finds it by name (kallsyms).
 */
noinline u64 moontide_xdp_run(struct xdp_md *ctx)
{
	/* an XDP program's context is its xdp_buff (bpf_prog_run_xdp) */
	struct xdp_buff *xdp = (struct xdp_buff *)ctx;
	struct mtxdp_call c = { .xdp = xdp };
	struct mt_hook_frame f = {
		.push = mtxdp_push,
		.pop = mtxdp_pop,
		.arg = &c,
		.want = "a verdict (xdp.PASS, xdp.DROP, xdp.TX, xdp.ABORTED or "
			"xdp.redirect(ifindex))",
		.spin_ns = MTXDP_SPIN_NS,
	};
	u64 verdict = XDP_PASS;
	int err;

	if (!xdp->rxq || !xdp->rxq->dev)
		return XDP_PASS;
	rcu_read_lock(); /* x stays allocated until rcu_read_unlock */
	c.x = mtxdp_find(xdp->rxq->dev);
	if (!c.x)
		goto out;
	f.h = &c.x->hook;
	verdict = READ_ONCE(c.x->unhandled);
	err = mt_hook_call(&f);
	if (err == -ENODEV) { /* closed meanwhile: as if never attached */
		verdict = XDP_PASS;
		goto out;
	}
	if (!err) {
		if (!f.has_value) {
			verdict = XDP_PASS; /* nothing returned */
		} else if (!mtxdp_verdict(f.value, &verdict)) {
			atomic_long_inc(&c.x->hook.errors);
			pr_err_ratelimited("[%s] xdp %s: handler returned %lld, "
					   "not a verdict\n", c.x->hook.rt->name,
					   c.x->target, (long long)f.value);
		}
	}
	atomic_long_inc(&c.x->verdicts[verdict & MTXDP_ACTION_MASK]);
out:
	rcu_read_unlock();
	return verdict;
}

BTF_SET8_START(mtxdp_kfunc_ids)
BTF_ID_FLAGS(func, moontide_xdp_run)
BTF_SET8_END(mtxdp_kfunc_ids)

static const struct btf_kfunc_id_set mtxdp_kfunc_set = {
	.owner = THIS_MODULE,
	.set = &mtxdp_kfunc_ids,
};
/* }==================================================================== */

/* {== teardown ========================================================= */
static void mtxdp_unlink(struct mtxdp *x)
{
	unsigned long flags;

	spin_lock_irqsave(&mtxdp_lock, flags);
	if (x->linked)
		hash_del_rcu(&x->node);
	x->linked = false;
	spin_unlock_irqrestore(&mtxdp_lock, flags);
}

/* Process context, no lock held: x is unlinked and its hook dead. */
static void mtxdp_free(struct mtxdp *x)
{
	synchronize_rcu(); /* every kfunc that found x has returned */
	mt_runtime_uncharge(x->hook.rt, MTXDP_CHARGE);
	mt_hook_exit(&x->hook);
	put_net(x->net);
	kfree(x);
}

static void mtxdp_work(struct work_struct *work)
{
	mtxdp_free(container_of(work, struct mtxdp, work));
}

/*
 * The object's release: from close() or garbage collection under the
 * runtime's lock (rt->L set), or from the runtime's stop in lua_close
 * (rt->L NULL: process context, no lock held).
 */
static void mtxdp_release(void *data)
{
	struct mtxdp *x = *(struct mtxdp **)data;

	if (!x)
		return;
	if (!x->hook.rt) { /* attach raised before mt_hook_init: never linked */
		if (x->charged)
			mt_runtime_uncharge(x->owner, MTXDP_CHARGE);
		if (x->net)
			put_net(x->net);
		kfree(x);
		return;
	}
	mt_hook_kill(&x->hook);
	mtxdp_unlink(x);
	if (!READ_ONCE(x->hook.rt->L))
		mtxdp_free(x);
	else /* a spinlock is held: the grace period is waited for there */
		queue_work(mt_bind_wq, &x->work);
}
/* }==================================================================== */

/* {== the frame view =================================================== */
static struct xdp_buff *mtxdp_frame(lua_State *L)
{
	struct mtxdp_view *v = moontide_object_check(L, 1, &mtxdp_view_class);

	if (!v->xdp)
		luaL_error(L, "xdp frame: used outside its handler's call (a "
			   "frame view is valid only while the handler runs)");
	return v->xdp;
}

static lua_Integer mtxdp_len_of(const struct xdp_buff *xdp)
{
	return (u8 *)xdp->data_end - (u8 *)xdp->data;
}

/* The bytes at off..off+len of the frame; raises when out of it. */
static u8 *mtxdp_range(lua_State *L, lua_Integer off, lua_Integer len)
{
	struct xdp_buff *xdp = mtxdp_frame(L);
	lua_Integer size = mtxdp_len_of(xdp);

	if (off < 0 || len < 0 || off > size || len > size - off)
		luaL_error(L, "xdp frame: %I bytes at offset %I are out of "
			   "bounds (length %I)", len, off, size);
	return (u8 *)xdp->data + off;
}

static int mtxdp_getint(lua_State *L, int width, int flags)
{
	u8 *p = mtxdp_range(L, luaL_checkinteger(L, 2), width);

	lua_pushinteger(L, (lua_Integer)mt_bytes_load(p, width, flags));
	return 1;
}

static int mtxdp_setint(lua_State *L, int width, int flags)
{
	u8 *p = mtxdp_range(L, luaL_checkinteger(L, 2), width);

	mt_bytes_store(p, width, flags, mt_bytes_checkvalue(L, 3, width, flags));
	return 0;
}

MT_BYTES_INTS(mtxdp, mtxdp_getint, mtxdp_setint)

/* frame:getstring([off [, len]]): len bytes at off (default: to the end) */
static int mtxdp_getstring(lua_State *L)
{
	lua_Integer size = mtxdp_len_of(mtxdp_frame(L));
	lua_Integer off = luaL_optinteger(L, 2, 0);
	lua_Integer len = luaL_optinteger(L, 3, off >= 0 && off <= size ?
					  size - off : 0);
	u8 *p = mtxdp_range(L, off, len);

	lua_charge(L, len >> 6); /* the guard: work by size */
	lua_pushlstring(L, (const char *)p, len);
	return 1;
}

/* frame:setstring(off, s): the bytes of s at off, in place */
static int mtxdp_setstring(lua_State *L)
{
	size_t len;
	const char *s = luaL_checklstring(L, 3, &len);
	u8 *p = mtxdp_range(L, luaL_checkinteger(L, 2), len);

	lua_charge(L, len >> 6);
	memcpy(p, s, len);
	return 0;
}

static int mtxdp_len(lua_State *L)
{
	lua_pushinteger(L, mtxdp_len_of(mtxdp_frame(L)));
	return 1;
}

static int mtxdp_frame_ifindex(lua_State *L)
{
	lua_pushinteger(L, mtxdp_frame(L)->rxq->dev->ifindex);
	return 1;
}

static int mtxdp_frame_ifname(lua_State *L)
{
	lua_pushstring(L, mtxdp_frame(L)->rxq->dev->name);
	return 1;
}

static int mtxdp_frame_rxqueue(lua_State *L)
{
	lua_pushinteger(L, mtxdp_frame(L)->rxq->queue_index);
	return 1;
}

static const struct moontide_method mtxdp_view_methods[] = {
	MT_BYTES_METHODS(mtxdp),
	{ "getstring", mtxdp_getstring },
	{ "setstring", mtxdp_setstring },
	{ "len", mtxdp_len },
	{ "ifindex", mtxdp_frame_ifindex },
	{ "ifname", mtxdp_frame_ifname },
	{ "rxqueue", mtxdp_frame_rxqueue },
	{ NULL, NULL }
};

static const struct moontide_class mtxdp_view_class = {
	.name = "xdp frame",
	.methods = mtxdp_view_methods,
	.size = sizeof(struct mtxdp_view),
};
/* }==================================================================== */

static struct mtxdp *mtxdp_check(lua_State *L)
{
	return *(struct mtxdp **)moontide_object_check(L, 1, &mtxdp_class);
}

/* h:stats() */
static int mtxdp_stats(lua_State *L)
{
	struct mtxdp *x = mtxdp_check(L);
	size_t i;

	mt_hook_push_stats(L, &x->hook);
	for (i = 0; i < MTXDP_NACTIONS; i++) {
		lua_pushinteger(L, atomic_long_read(&x->verdicts[i]));
		lua_setfield(L, -2, mtxdp_counters[i]);
	}
	lua_pushinteger(L, x->ifindex);
	lua_setfield(L, -2, "ifindex");
	return 1;
}

static int mtxdp_close(lua_State *L)
{
	struct mtxdp *x = mtxdp_check(L);

	mt_hook_unanchor(L, &x->hook);
	/*
	 * From inside its own handler (the view is filled: we hold the lock,
	 * so the call in progress is ours) the view stays anchored until
	 * mtxdp_pop has emptied it: collected now, pop would write to it.
	 */
	if (!x->view->xdp) {
		luaL_unref(L, LUA_REGISTRYINDEX, x->viewref);
		x->viewref = LUA_NOREF;
	}
	moontide_object_close(L, 1, &mtxdp_class);
	return 0;
}

static const struct moontide_method mtxdp_methods[] = {
	{ "stats", mtxdp_stats },
	{ "close", mtxdp_close },
	{ NULL, NULL }
};

static const struct moontide_class mtxdp_class = {
	.name = "xdp",
	.methods = mtxdp_methods,
	.release = mtxdp_release,
	.size = sizeof(struct mtxdp *),
};

/* The namespace names are resolved in: the task's, or the initial one. */
static struct net *mtxdp_net(void)
{
	return in_task() && current->nsproxy ? current->nsproxy->net_ns :
	       &init_net;
}

/* The ifindex of the interface named at arg, in mtxdp_net(); raises. */
static int mtxdp_checkdev(lua_State *L, int arg, const char *fn)
{
	const char *name = luaL_checkstring(L, arg);
	struct net_device *dev;
	int ifindex = 0;

	rcu_read_lock();
	dev = dev_get_by_name_rcu(mtxdp_net(), name);
	if (dev)
		ifindex = dev->ifindex;
	rcu_read_unlock();
	if (!ifindex)
		luaL_error(L, "%s: no interface '%s' in this network namespace",
			   fn, name);
	return ifindex;
}

/* The options table at 3: only unhandled = "pass" | "drop". */
static u32 mtxdp_options(lua_State *L)
{
	static const char *const verdicts[] = { "pass", "drop", NULL };
	u32 unhandled = XDP_PASS;

	if (lua_isnoneornil(L, 3))
		return unhandled;
	luaL_checktype(L, 3, LUA_TTABLE);
	lua_pushnil(L);
	while (lua_next(L, 3)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING ||
		    strcmp(lua_tostring(L, -1), "unhandled"))
			luaL_error(L, "xdp.attach: unknown option '%s' (unhandled)",
				   luaL_tolstring(L, -1, NULL));
	}
	lua_getfield(L, 3, "unhandled");
	if (!lua_isnil(L, -1))
		unhandled = luaL_checkoption(L, -1, NULL, verdicts) ?
			    XDP_DROP : XDP_PASS;
	lua_pop(L, 1);
	return unhandled;
}

/*
 * Links x, unless its device has a handler already: then false, and the
 * name of that handler's runtime in owner (copied under the lock: once
 * unlocked, that handler may be closed and freed).
 */
static bool mtxdp_link(struct mtxdp *x, char *owner, size_t size)
{
	struct mtxdp *y;
	unsigned long flags;
	bool linked = true;

	spin_lock_irqsave(&mtxdp_lock, flags);
	hash_for_each_possible(mtxdp_table, y, node, x->ifindex) {
		if (y->ifindex == x->ifindex && net_eq(y->net, x->net)) {
			strscpy(owner, y->hook.rt->name, size);
			linked = false;
			break;
		}
	}
	if (linked) {
		hash_add_rcu(mtxdp_table, &x->node, x->ifindex);
		x->linked = true;
	}
	spin_unlock_irqrestore(&mtxdp_lock, flags);
	return linked;
}

/* xdp.attach(ifname, handler [, {unhandled=}]) */
static int mtxdp_attach(lua_State *L)
{
	struct mt_runtime *rt = mt_lua_runtime(L);
	char owner[MT_NAME_MAX + 1];
	struct mtxdp *x, **slot;
	int ifindex;
	u32 unhandled;
	size_t i;

	if (rt->opts.context != MT_CTX_SOFTIRQ)
		return luaL_error(L, "xdp.attach: needs a context=softirq runtime "
				  "(XDP runs in softirq context), not %s",
				  mt_context_name(rt->opts.context));
	ifindex = mtxdp_checkdev(L, 1, "xdp.attach");
	luaL_checktype(L, 2, LUA_TFUNCTION);
	unhandled = mtxdp_options(L);
	lua_settop(L, 2);

	slot = moontide_object_new(L, &mtxdp_class); /* at 3 */
	x = kzalloc(sizeof(*x), rt->gfp | __GFP_NOWARN);
	if (!x)
		return luaL_error(L, "xdp.attach: out of memory");
	INIT_WORK(&x->work, mtxdp_work);
	x->owner = rt;
	x->viewref = LUA_NOREF;
	x->ifindex = ifindex;
	x->unhandled = unhandled;
	strscpy(x->target, lua_tostring(L, 1), sizeof(x->target));
	for (i = 0; i < MTXDP_NACTIONS; i++)
		atomic_long_set(&x->verdicts[i], 0);
	*slot = x; /* from here the object's release frees it */
	mt_bind_charge(L, MTXDP_CHARGE);
	x->charged = true;
	x->view = moontide_object_new(L, &mtxdp_view_class); /* at 4 */
	x->viewref = luaL_ref(L, LUA_REGISTRYINDEX);
	/* hook.rt set means charged, net held: what mtxdp_free undoes */
	x->net = get_net(mtxdp_net());
	mt_hook_init(L, &x->hook, 2, 3, "xdp", x->target);

	if (!mtxdp_link(x, owner, sizeof(owner))) {
		/* closed now, not left anchored until the runtime stops */
		lua_pushfstring(L, "xdp.attach: %s already has a handler (in "
				"runtime %s)", x->target, owner);
		mt_hook_unanchor(L, &x->hook);
		luaL_unref(L, LUA_REGISTRYINDEX, x->viewref);
		x->viewref = LUA_NOREF;
		moontide_object_close(L, 3, &mtxdp_class);
		return lua_error(L);
	}
	return 1;
}

/* xdp.ifindex(ifname): the interface's index in the caller's namespace */
static int mtxdp_ifindex(lua_State *L)
{
	lua_pushinteger(L, mtxdp_checkdev(L, 1, "xdp.ifindex"));
	return 1;
}

/*
 * xdp.hwaddr(ifname): the interface's link-layer address as a string of
 * its bytes (6 for Ethernet), in the caller's namespace: a router rewrites
 * a frame's source MAC with its egress device's. Copied under
 * rcu_read_lock (the device stays) into a stack buffer, pushed after: no
 * Lua allocation inside the read section. A concurrent address change may
 * be seen half-done, as by any lockless reader; never out of bounds.
 */
static int mtxdp_hwaddr(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	unsigned char addr[MAX_ADDR_LEN];
	struct net_device *dev;
	int len = -1;

	rcu_read_lock();
	dev = dev_get_by_name_rcu(mtxdp_net(), name);
	if (dev) {
		len = min_t(int, dev->addr_len, MAX_ADDR_LEN);
		memcpy(addr, dev->dev_addr, len);
	}
	rcu_read_unlock();
	if (len < 0)
		return luaL_error(L, "xdp.hwaddr: no interface '%s' in this "
				  "network namespace", name);
	lua_pushlstring(L, (const char *)addr, len);
	return 1;
}

/* xdp.redirect(ifindex): the verdict that sends the frame out of ifindex */
static int mtxdp_redirect(lua_State *L)
{
	lua_Integer ifindex = luaL_checkinteger(L, 1);

	luaL_argcheck(L, ifindex >= 1 && ifindex <= INT_MAX, 1,
		      "not an interface index");
	lua_pushinteger(L, ifindex << MTXDP_ACTION_BITS | XDP_REDIRECT);
	return 1;
}

static const luaL_Reg mtxdp_funcs[] = {
	{ "attach", mtxdp_attach },
	{ "hwaddr", mtxdp_hwaddr },
	{ "ifindex", mtxdp_ifindex },
	{ "redirect", mtxdp_redirect },
	{ NULL, NULL }
};

static int luaopen_xdp(lua_State *L)
{
	static const char *const actions[] = {
		[XDP_ABORTED] = "ABORTED", [XDP_DROP] = "DROP",
		[XDP_PASS] = "PASS", [XDP_TX] = "TX",
	};
	size_t i;

	luaL_newlib(L, mtxdp_funcs);
	for (i = 0; i < ARRAY_SIZE(actions); i++) {
		lua_pushinteger(L, i);
		lua_setfield(L, -2, actions[i]);
	}
	return 1;
}

/*
 * At module load, once (a second registration for the same hook WARNs):
 * without module BTF (the debug kernel, or a build with MODULE_BTF=0) the
 * kernel registers nothing and returns 0, logging why when it expected BTF.
 */
static int mtxdp_init(void)
{
	int err = register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &mtxdp_kfunc_set);

	if (err)
		pr_err("xdp: cannot register the kfunc moontide_xdp_run: errno %d\n",
		       -err);
	return err;
}

/* Every runtime stopped: every handler was unlinked and freed. */
static void mtxdp_exit(void)
{
	WARN_ON(!hash_empty(mtxdp_table));
}

const struct mt_binding mtxdp_binding = {
	.name = "xdp",
	.open = luaopen_xdp,
	.init = mtxdp_init,
	.exit = mtxdp_exit,
};
