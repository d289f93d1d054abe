// SPDX-License-Identifier: GPL-2.0
/*
 * lb_probe.c - require("probe"): Lua handlers on kernel code.
 *
 *   local probe = require("probe")
 *   local p = probe.kprobe("__x64_sys_getppid", function(pid, comm, nr)
 *       -- pid, comm: the current task; nr: its syscall number (or nil)
 *   end)
 *   probe.kretprobe("do_sys_openat2", function(pid, comm, nr, ret) end)
 *   probe.syscalls(function(pid, comm, nr) end) -- every syscall entry
 *   p:stats()   -- {calls=, skipped=, errors=, missed=, state=}
 *   p:close()   -- or let the runtime stop
 *
 * Contexts. A probe fires where the probed code runs, with preemption off
 * and maybe interrupts off (ftrace at a function's entry), or in NMI context
 * (an int3 kprobe), holding whatever locks that code holds. The probe only
 * copies the event into a per-CPU ring; the handler runs from that CPU's
 * irq_work, in hardirq context, when no lock it could need is held there
 * (mtprobe_ring.h). So only a runtime whose lock is taken with interrupts
 * off may own a probe: context=hardirq (spin_lock_irqsave); the irq_work
 * takes it with mt_runtime_trylock, and skips (counts) the event when
 * another CPU holds it.
 *
 * Registration sleeps (kprobe_mutex, text_mutex, tracepoints_mutex) and a
 * hardirq runtime's Lua runs under its spinlock: probe.kprobe() creates the
 * object and queues the registration to mt_bind_wq; the entry that created
 * it (the script's start, an eval) settles it before it returns, outside the
 * lock (mtprobe_settle): a symbol that cannot be probed fails that entry
 * with the symbol and the errno (a start then fails and the runtime stops).
 * Unregistration: when the runtime stops, in lua_close (process context, no
 * lock held: mt_hook.h), synchronously, before the Lua state is freed;
 * unregister_k(ret)probe and tracepoint_synchronize_unregister wait for
 * handlers running on other CPUs. From close() it goes to mt_bind_wq; the
 * hook is dead from then on, under the lock, so no handler enters Lua.
 */
#define pr_fmt(fmt) "moontide: " fmt

#include <linux/kprobes.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <linux/workqueue.h>
#include <asm/syscall.h>

#include "lauxlib.h"

#include "moontide.h"
#include "mt_bindings.h"
#include "mt_hook.h"
#include "mt_pending.h"
#include "mtprobe_ring.h"
#include "../mt_buf.h"
#include "../mt_lua.h"
#include "../mt_runtime.h"

#define MTPROBE_SYMBOL_MAX	127
/* struct mtprobe and what the kernel allocates for it (kretprobe instances) */
#define MTPROBE_CHARGE		(4 * 1024)

enum mtprobe_kind { MTPROBE_KPROBE, MTPROBE_KRETPROBE, MTPROBE_SYSCALLS };
enum mtprobe_state { MTPROBE_PENDING, MTPROBE_ACTIVE, MTPROBE_FAILED,
		     MTPROBE_GONE };

static const char *const mtprobe_kinds[] = {
	[MTPROBE_KPROBE] = "kprobe",
	[MTPROBE_KRETPROBE] = "kretprobe",
	[MTPROBE_SYSCALLS] = "syscalls",
};

static const char *const mtprobe_states[] = {
	[MTPROBE_PENDING] = "pending",
	[MTPROBE_ACTIVE] = "active",
	[MTPROBE_FAILED] = "failed",
	[MTPROBE_GONE] = "closed",
};

struct mtprobe {
	struct mt_hook hook;
	enum mtprobe_kind kind;
	struct mt_runtime *owner; /* not referenced: for a release before init */
	struct kretprobe krp;	/* krp.kp alone for a kprobe */
	char symbol[MTPROBE_SYMBOL_MAX + 1];
	int state;		/* enum mtprobe_state: written by the work */
	int err;		/* registration's errno, when failed */
	bool charged;
	bool queued;		/* its work was queued once: it owns teardown */
	struct mt_pending pending;
	struct work_struct work;
	struct kref kref;	/* the object's, and a settle's while it waits */
};

static struct tracepoint *mtprobe_tp_sys_enter;

static const struct moontide_class mtprobe_class;

static void mtprobe_free(struct kref *kref)
{
	kfree(container_of(kref, struct mtprobe, kref));
}

/* {== handlers: in the probed path, then in this CPU's irq_work ======== */
/*
 * The syscall the current task is in: orig_ax of the registers saved at
 * its entry from user space. Meaningless for kernel threads and interrupts
 * (nil then); on an exception's path it holds the error code instead.
 */
static long mtprobe_syscall_nr(void)
{
	if (!in_task() || (current->flags & PF_KTHREAD))
		return -1;
	return syscall_get_nr(current, task_pt_regs(current));
}

/* In the probed path: the event, copied into this CPU's ring. */
static void mtprobe_post(struct mtprobe *p, struct pt_regs *ret_regs, long nr)
{
	struct mtprobe_event e = {
		.p = p,
		.nr = nr,
		.pid = task_tgid_nr(current),
		.has_ret = ret_regs,
	};

	if (READ_ONCE(p->hook.dead))
		return;
	if (ret_regs)
		e.ret = regs_return_value(ret_regs);
	/* read unlocked, as printk's %s does; the ring's copy ends with NUL */
	memcpy(e.comm, current->comm, sizeof(e.comm));
	e.comm[sizeof(e.comm) - 1] = '\0';
	if (!mtprobe_ring_post(&e))
		atomic_long_inc(&p->hook.skipped);
}

static int mtprobe_pre(struct kprobe *kp, struct pt_regs *regs)
{
	mtprobe_post(container_of(kp, struct mtprobe, krp.kp), NULL,
		     mtprobe_syscall_nr());
	return 0; /* go on with the probed instruction */
}

static int mtprobe_ret(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	mtprobe_post(container_of(get_kretprobe(ri), struct mtprobe, krp), regs,
		     mtprobe_syscall_nr());
	return 0;
}

/* raw_syscalls:sys_enter's probe: (data, regs, id) */
static void mtprobe_sys_enter(void *data, struct pt_regs *regs, long id)
{
	mtprobe_post(data, NULL, id);
}

/* (pid, comm, nr[, ret]) */
static int mtprobe_push(lua_State *L, void *arg)
{
	struct mtprobe_event *e = arg;

	lua_pushinteger(L, e->pid);
	lua_pushstring(L, e->comm);
	if (e->nr >= 0)
		lua_pushinteger(L, e->nr);
	else
		lua_pushnil(L);
	if (!e->has_ret)
		return 3;
	lua_pushinteger(L, e->ret);
	return 4;
}

/* The irq_work: hardirq context, interrupts off (mtprobe_ring.h). */
static void mtprobe_drain(struct mtprobe_event *e)
{
	mt_hook_fire(&e->p->hook, mtprobe_push, e);
}
/* }==================================================================== */

/* {== registration and teardown: process context, no runtime lock ====== */
static int mtprobe_register(struct mtprobe *p)
{
	switch (p->kind) {
	case MTPROBE_KPROBE:
		p->krp.kp.symbol_name = p->symbol;
		p->krp.kp.pre_handler = mtprobe_pre;
		return register_kprobe(&p->krp.kp);
	case MTPROBE_KRETPROBE:
		p->krp.kp.symbol_name = p->symbol;
		p->krp.handler = mtprobe_ret;
		return register_kretprobe(&p->krp);
	case MTPROBE_SYSCALLS:
		return tracepoint_probe_register(mtprobe_tp_sys_enter,
						 mtprobe_sys_enter, p);
	}
	return -EINVAL;
}

/* Returns once no handler of p runs anywhere. */
static void mtprobe_unregister(struct mtprobe *p)
{
	switch (p->kind) {
	case MTPROBE_KPROBE:
		unregister_kprobe(&p->krp.kp); /* synchronize_rcu inside */
		break;
	case MTPROBE_KRETPROBE:
		unregister_kretprobe(&p->krp);
		break;
	case MTPROBE_SYSCALLS:
		tracepoint_probe_unregister(mtprobe_tp_sys_enter,
					    mtprobe_sys_enter, p);
		tracepoint_synchronize_unregister();
		break;
	}
	mtprobe_ring_sync(); /* events already queued are handled, or dropped */
}

/* Once, after the hook is dead, never concurrently with its work. */
static void mtprobe_teardown(struct mtprobe *p)
{
	if (p->state == MTPROBE_ACTIVE)
		mtprobe_unregister(p);
	WRITE_ONCE(p->state, MTPROBE_GONE);
	mt_pending_del(&p->pending);
	if (p->charged)
		mt_runtime_uncharge(p->hook.rt, MTPROBE_CHARGE);
	mt_hook_exit(&p->hook);
	kref_put(&p->kref, mtprobe_free);
}

/*
 * Registers a live probe, or tears a dead one down. A work item never runs
 * twice at once; the release that kills the hook queues it once more, so
 * exactly one run sees it dead at its start and tears it down.
 */
static void mtprobe_work(struct work_struct *work)
{
	struct mtprobe *p = container_of(work, struct mtprobe, work);
	int err;

	if (READ_ONCE(p->hook.dead)) {
		mtprobe_teardown(p);
		return;
	}
	if (p->state != MTPROBE_PENDING)
		return;
	err = mtprobe_register(p);
	p->err = err;
	smp_store_release(&p->state, err ? MTPROBE_FAILED : MTPROBE_ACTIVE);
}

static void mtprobe_release(void *data)
{
	struct mtprobe *p = *(struct mtprobe **)data;

	if (!p)
		return;
	if (!p->queued) { /* probe.kprobe raised before registering it */
		if (p->charged)
			mt_runtime_uncharge(p->owner, MTPROBE_CHARGE);
		mt_hook_exit(&p->hook);
		kref_put(&p->kref, mtprobe_free);
		return;
	}
	if (!READ_ONCE(p->hook.rt->L)) {
		/*
		 * The runtime stops: unregister now. The pending registration
		 * is cancelled (or waited for) before the hook is marked dead,
		 * or the work would see dead, tear p down and free it under us.
		 */
		cancel_work_sync(&p->work);
		mt_hook_kill(&p->hook);
		mtprobe_teardown(p);
	} else {
		mt_hook_kill(&p->hook);
		queue_work(mt_bind_wq, &p->work);
	}
}

static const char *mtprobe_why(int err)
{
	switch (err) {
	case -ENOENT:
		return "no such kernel symbol";
	case -EINVAL:
		return "it cannot be probed (on the kprobe blacklist, or not code)";
	case -EILSEQ:
		return "not at an instruction boundary";
	case -EEXIST:
		return "probed already by this handler";
	case -EBUSY:
		return "busy";
	case -ENOMEM:
		return "out of memory";
	}
	return "refused";
}

static struct kref *mtprobe_pending_kref(struct mt_pending *pending)
{
	return &container_of(pending, struct mtprobe, pending)->kref;
}

static int mtprobe_pending_failed(struct mt_pending *pending,
				  struct mt_buf *error)
{
	struct mtprobe *p = container_of(pending, struct mtprobe, pending);

	if (smp_load_acquire(&p->state) != MTPROBE_FAILED)
		return 0;
	mt_buf_printf(error, "probe.%s: cannot probe '%s': errno %d (%s)",
		      mtprobe_kinds[p->kind], p->symbol, -p->err,
		      mtprobe_why(p->err));
	return p->err;
}

static const struct mt_pending_ops mtprobe_pending_ops = {
	.kref = mtprobe_pending_kref,
	.release = mtprobe_free,
	.failed = mtprobe_pending_failed,
};

/* After an entry into rt: waits for the registrations it queued. */
static int mtprobe_settle(struct mt_runtime *rt, struct mt_buf *error)
{
	return mt_pending_settle(rt, &mtprobe_pending_ops, error);
}
/* }==================================================================== */

static struct mtprobe *mtprobe_check(lua_State *L)
{
	return *(struct mtprobe **)moontide_object_check(L, 1, &mtprobe_class);
}

/* p:stats(): {calls=, skipped=, errors=, missed=, state=[, errno=]} */
static int mtprobe_stats(lua_State *L)
{
	struct mtprobe *p = mtprobe_check(L);
	int state = smp_load_acquire(&p->state);
	long missed = p->kind == MTPROBE_KRETPROBE ? p->krp.nmissed :
		      p->krp.kp.nmissed;

	mt_hook_push_stats(L, &p->hook);
	lua_pushinteger(L, p->kind == MTPROBE_SYSCALLS ? 0 : missed);
	lua_setfield(L, -2, "missed");
	lua_pushstring(L, mtprobe_states[state]);
	lua_setfield(L, -2, "state");
	if (state == MTPROBE_FAILED) {
		lua_pushinteger(L, -p->err);
		lua_setfield(L, -2, "errno");
	}
	return 1;
}

/* p:symbol(): what it probes */
static int mtprobe_symbol(lua_State *L)
{
	lua_pushstring(L, mtprobe_check(L)->symbol);
	return 1;
}

static int mtprobe_close(lua_State *L)
{
	mt_hook_unanchor(L, &mtprobe_check(L)->hook);
	moontide_object_close(L, 1, &mtprobe_class);
	return 0;
}

static const struct moontide_method mtprobe_methods[] = {
	{ "stats", mtprobe_stats },
	{ "symbol", mtprobe_symbol },
	{ "close", mtprobe_close },
	{ NULL, NULL }
};

static const struct moontide_class mtprobe_class = {
	.name = "probe",
	.methods = mtprobe_methods,
	.release = mtprobe_release,
	.size = sizeof(struct mtprobe *),
};

static bool mtprobe_symbol_ok(const char *s, size_t len)
{
	return len > 0 && len <= MTPROBE_SYMBOL_MAX &&
	       strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		      "0123456789_.") == len;
}

static int mtprobe_new(lua_State *L, enum mtprobe_kind kind)
{
	struct mt_runtime *rt = mt_lua_runtime(L);
	const char *symbol = "sys_enter";
	struct mtprobe *p, **slot;
	int fnidx = 1;
	size_t len;

	if (rt->opts.context != MT_CTX_HARDIRQ)
		return luaL_error(L, "probe.%s: needs a context=hardirq runtime "
				  "(probe handlers may run with interrupts off), "
				  "not %s", mtprobe_kinds[kind],
				  mt_context_name(rt->opts.context));
	if (kind != MTPROBE_SYSCALLS) {
		symbol = luaL_checklstring(L, 1, &len);
		luaL_argcheck(L, mtprobe_symbol_ok(symbol, len), 1,
			      "a kernel symbol: 1 to 127 of A-Z a-z 0-9 _ .");
		fnidx = 2;
	} else if (!mtprobe_tp_sys_enter) {
		return luaL_error(L, "probe.syscalls: this kernel has no "
				  "sys_enter tracepoint");
	}
	luaL_checktype(L, fnidx, LUA_TFUNCTION);
	lua_settop(L, fnidx);

	slot = moontide_object_new(L, &mtprobe_class); /* fnidx + 1 */
	p = kzalloc(sizeof(*p), rt->gfp | __GFP_NOWARN);
	if (!p)
		return luaL_error(L, "probe.%s: out of memory", mtprobe_kinds[kind]);
	kref_init(&p->kref);
	INIT_WORK(&p->work, mtprobe_work);
	INIT_LIST_HEAD(&p->pending.node);
	p->kind = kind;
	strscpy(p->symbol, symbol, sizeof(p->symbol));
	p->owner = rt;
	*slot = p; /* from here the object's release frees it */
	mt_bind_charge(L, MTPROBE_CHARGE);
	p->charged = true;
	mt_hook_init(L, &p->hook, fnidx, fnidx + 1, mtprobe_kinds[kind],
		     p->symbol);

	p->pending.rt = rt;
	p->pending.work = &p->work;
	p->pending.ops = &mtprobe_pending_ops;
	p->queued = true;
	mt_pending_add(&p->pending);
	queue_work(mt_bind_wq, &p->work);
	return 1;
}

/* probe.kprobe(symbol, handler) */
static int mtprobe_kprobe(lua_State *L)
{
	return mtprobe_new(L, MTPROBE_KPROBE);
}

/* probe.kretprobe(symbol, handler) */
static int mtprobe_kretprobe(lua_State *L)
{
	return mtprobe_new(L, MTPROBE_KRETPROBE);
}

/* probe.syscalls(handler): raw_syscalls:sys_enter */
static int mtprobe_syscalls(lua_State *L)
{
	return mtprobe_new(L, MTPROBE_SYSCALLS);
}

static const luaL_Reg mtprobe_funcs[] = {
	{ "kprobe", mtprobe_kprobe },
	{ "kretprobe", mtprobe_kretprobe },
	{ "syscalls", mtprobe_syscalls },
	{ NULL, NULL }
};

static int luaopen_probe(lua_State *L)
{
	luaL_newlib(L, mtprobe_funcs);
	return 1;
}

static void mtprobe_find_tp(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sys_enter"))
		*(struct tracepoint **)priv = tp;
}

static int mtprobe_init(void)
{
	for_each_kernel_tracepoint(mtprobe_find_tp, &mtprobe_tp_sys_enter);
	return mtprobe_ring_init(mtprobe_drain);
}

const struct mt_binding mtprobe_binding = {
	.name = "probe",
	.open = luaopen_probe,
	.init = mtprobe_init,
	.exit = mtprobe_ring_exit,
	.settle = mtprobe_settle,
};
