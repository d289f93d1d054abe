// SPDX-License-Identifier: GPL-2.0
/*
 * lb_notifier.c - require("notifier"): Lua handlers on kernel notifier
 * chains, called in the chain's own context.
 *
 *   local notifier = require("notifier")
 *   -- context=hardirq runtimes: every keyboard event of the VTs
 *   local k = notifier.keyboard(function(event, value, down, shift)
 *       -- event: "keycode", "unbound", "unicode", "keysym" or "post"
 *       return true  -- swallow it (NOTIFY_STOP; not for "post")
 *   end)
 *   -- context=process runtimes: network interfaces appearing and changing
 *   local n = notifier.netdevice(function(event, name, index)
 *       -- event: "register", "unregister", "up", "down", "change", ...
 *   end)
 *   k:stats()  -- {calls=, skipped=, errors=}
 *   k:close()  -- or let the runtime stop
 *
 * Keyboard. The chain is atomic: kbd_event() calls it for every key with
 * kbd_event_lock held and interrupts off, from the input device's interrupt
 * or its event path. A runtime's lock taken there must be one its holders
 * take with interrupts off, else an interrupt on a holder's CPU could
 * never get it: only context=hardirq runtimes (spin_lock_irqsave) may
 * register; others get a Lua error. Registering takes the chain's spinlock
 * with interrupts off, which is allowed under the runtime's spinlock.
 *
 * Netdevice. The chain runs in process context with rtnl held. Only
 * context=process runtimes register (their mutex may be taken with rtnl
 * held). Lock order: registration takes rtnl under the runtime's mutex
 * (runtime mutex -> rtnl); a handler, under rtnl, only tries the runtime's
 * mutex (mt_runtime_trylock) and skips the event when it is held: it never
 * waits for it. So rtnl is never waited for by a holder of the mutex while
 * the mutex is waited for by a holder of rtnl, whatever the runtime does
 * (a spawned runtime holds its mutex for as long as its function runs: its
 * events are all skipped). The kernel replays REGISTER and UP for the
 * interfaces that exist when a notifier registers, in the registering
 * task, which holds the mutex: those are not reported. The handler runs
 * with rtnl held, so it cannot register another netdevice notifier (a Lua
 * error) and whatever blocks in it holds up network configuration.
 *
 * Every hook is anchored until closed or its runtime stops; see mt_hook.h
 * for how events are skipped, errors counted, and for teardown: when the
 * runtime stops the notifier is unregistered in lua_close, before the state
 * is freed (unregister_*_notifier waits for handlers in progress:
 * synchronize_rcu for the keyboard chain, rtnl for netdevice); from
 * close() it goes to mt_bind_wq.
 */
#define pr_fmt(fmt) "moontide: " fmt

#include <linux/keyboard.h>
#include <linux/netdevice.h>
#include <linux/notifier.h>
#include <linux/rtnetlink.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "lauxlib.h"

#include "moontide.h"
#include "mt_bindings.h"
#include "mt_hook.h"
#include "../mt_lua.h"
#include "../mt_runtime.h"

/* struct mtnotifier and the chain's share of it */
#define MTNOTIFIER_CHARGE	512

struct mtnotifier {
	struct mt_hook hook;
	struct notifier_block nb;
	struct mt_runtime *owner; /* not referenced: for a release before init */
	struct task_struct *registrar; /* netdevice: while it registers */
	bool keyboard;
	bool fail_closed;	/* keyboard: n:unhandled("stop") */
	bool registered;
	bool charged;
	struct work_struct teardown;
};

/* The task running a netdevice handler: written under rtnl. */
static struct task_struct *mtnotifier_rtnl_task;

static const struct moontide_class mtnotifier_class;

/* {== the keyboard chain: atomic, interrupts off ====================== */
struct mtnotifier_kbd {
	unsigned long event;
	struct keyboard_notifier_param *param;
};

static const char *mtnotifier_kbd_event(unsigned long event)
{
	switch (event) {
	case KBD_KEYCODE:
		return "keycode";
	case KBD_UNBOUND_KEYCODE:
		return "unbound";
	case KBD_UNICODE:
		return "unicode";
	case KBD_KEYSYM:
		return "keysym";
	case KBD_POST_KEYSYM:
		return "post";
	}
	return NULL;
}

/* (event, value, down, shift) */
static int mtnotifier_kbd_push(lua_State *L, void *arg)
{
	struct mtnotifier_kbd *k = arg;

	lua_pushstring(L, mtnotifier_kbd_event(k->event));
	lua_pushinteger(L, k->param->value);
	lua_pushinteger(L, k->param->down);
	lua_pushinteger(L, k->param->shift);
	return 4;
}

static int mtnotifier_kbd_call(struct notifier_block *nb, unsigned long event,
			       void *data)
{
	struct mtnotifier *n = container_of(nb, struct mtnotifier, nb);
	struct mtnotifier_kbd k = { .event = event, .param = data };
	int stop;

	if (!mtnotifier_kbd_event(event))
		return NOTIFY_DONE;
	stop = mt_hook_fire(&n->hook, mtnotifier_kbd_push, &k);
	/*
	 * No verdict (the runtime was busy, or the handler failed): the key
	 * goes on, unless the script asked otherwise; releases always go on,
	 * so that no modifier stays held down.
	 */
	if (stop < 0)
		stop = READ_ONCE(n->fail_closed) && k.param->down;
	return stop == 1 && event != KBD_POST_KEYSYM ? NOTIFY_STOP : NOTIFY_DONE;
}
/* }==================================================================== */

/* {== the netdevice chain: process context, rtnl held ================= */
struct mtnotifier_netdev {
	const char *event;
	struct net_device *dev;
};

static const char *mtnotifier_netdev_event(unsigned long event)
{
	switch (event) {
	case NETDEV_REGISTER:
		return "register";
	case NETDEV_UNREGISTER:
		return "unregister";
	case NETDEV_UP:
		return "up";
	case NETDEV_DOWN:
		return "down";
	case NETDEV_GOING_DOWN:
		return "going_down";
	case NETDEV_CHANGE:
		return "change";
	case NETDEV_CHANGENAME:
		return "changename";
	case NETDEV_CHANGEMTU:
		return "changemtu";
	case NETDEV_CHANGEADDR:
		return "changeaddr";
	}
	return NULL;
}

/* (event, name, index) */
static int mtnotifier_netdev_push(lua_State *L, void *arg)
{
	struct mtnotifier_netdev *e = arg;

	lua_pushstring(L, e->event);
	lua_pushstring(L, e->dev->name);
	lua_pushinteger(L, e->dev->ifindex);
	return 3;
}

static int mtnotifier_netdev_call(struct notifier_block *nb,
				  unsigned long event, void *data)
{
	struct mtnotifier *n = container_of(nb, struct mtnotifier, nb);
	struct mtnotifier_netdev e = {
		.event = mtnotifier_netdev_event(event),
		.dev = netdev_notifier_info_to_dev(data),
	};
	struct task_struct *outer = mtnotifier_rtnl_task;

	/* the replay, in the registering task: it holds the runtime's mutex */
	if (!e.event || READ_ONCE(n->registrar) == current)
		return NOTIFY_DONE;
	WRITE_ONCE(mtnotifier_rtnl_task, current);
	mt_hook_fire(&n->hook, mtnotifier_netdev_push, &e);
	WRITE_ONCE(mtnotifier_rtnl_task, outer);
	return NOTIFY_DONE;
}
/* }==================================================================== */

static void mtnotifier_unregister(struct mtnotifier *n)
{
	if (!n->registered)
		return;
	if (n->keyboard)
		unregister_keyboard_notifier(&n->nb); /* synchronize_rcu */
	else
		unregister_netdevice_notifier(&n->nb); /* takes rtnl */
	n->registered = false;
}

/* The rest of a release that had to wait for process context. */
static void mtnotifier_free(struct mtnotifier *n)
{
	mtnotifier_unregister(n);
	if (n->charged)
		mt_runtime_uncharge(n->owner, MTNOTIFIER_CHARGE);
	mt_hook_exit(&n->hook);
	kfree(n);
}

static void mtnotifier_teardown(struct work_struct *work)
{
	mtnotifier_free(container_of(work, struct mtnotifier, teardown));
}

static void mtnotifier_release(void *data)
{
	struct mtnotifier *n = *(struct mtnotifier **)data;

	if (!n)
		return;
	if (!n->registered || mt_hook_kill(&n->hook)) {
		WRITE_ONCE(n->hook.dead, true);
		mtnotifier_free(n); /* the runtime stops, or nothing to wait for */
	} else {
		queue_work(mt_bind_wq, &n->teardown);
	}
}

static struct mtnotifier *mtnotifier_check(lua_State *L)
{
	return *(struct mtnotifier **)moontide_object_check(L, 1,
							    &mtnotifier_class);
}

/* n:stats(): {calls=, skipped=, errors=} */
static int mtnotifier_stats(lua_State *L)
{
	mt_hook_push_stats(L, &mtnotifier_check(L)->hook);
	return 1;
}

/*
 * n:unhandled("pass"|"stop"): what happens to a key press or repeat when
 * the handler gives no verdict (its runtime busy on another CPU, or the
 * handler failed): it goes on (default) or is swallowed. Keyboard only.
 */
static int mtnotifier_unhandled(lua_State *L)
{
	static const char *const verdicts[] = { "pass", "stop", NULL };
	struct mtnotifier *n = mtnotifier_check(L);
	int v = luaL_checkoption(L, 2, NULL, verdicts);

	if (!n->keyboard)
		return luaL_error(L, "unhandled: keyboard notifiers only");
	WRITE_ONCE(n->fail_closed, v == 1);
	return 0;
}

static int mtnotifier_close(lua_State *L)
{
	mt_hook_unanchor(L, &mtnotifier_check(L)->hook);
	moontide_object_close(L, 1, &mtnotifier_class);
	return 0;
}

static const struct moontide_method mtnotifier_methods[] = {
	{ "stats", mtnotifier_stats },
	{ "unhandled", mtnotifier_unhandled },
	{ "close", mtnotifier_close },
	{ NULL, NULL }
};

static const struct moontide_class mtnotifier_class = {
	.name = "notifier",
	.methods = mtnotifier_methods,
	.release = mtnotifier_release,
	.size = sizeof(struct mtnotifier *),
};

/* The object, anchored and charged, not yet registered (at index 2). */
static struct mtnotifier *mtnotifier_new(lua_State *L, const char *chain)
{
	struct mt_runtime *rt = mt_lua_runtime(L);
	struct mtnotifier *n, **slot;

	luaL_checktype(L, 1, LUA_TFUNCTION);
	lua_settop(L, 1);
	slot = moontide_object_new(L, &mtnotifier_class);
	n = kzalloc(sizeof(*n), rt->gfp | __GFP_NOWARN);
	if (!n)
		luaL_error(L, "notifier.%s: out of memory", chain);
	INIT_WORK(&n->teardown, mtnotifier_teardown);
	n->owner = rt;
	*slot = n; /* from here the object's release frees it */
	mt_bind_charge(L, MTNOTIFIER_CHARGE);
	n->charged = true;
	mt_hook_init(L, &n->hook, 1, 2, "notifier", chain);
	return n;
}

/* notifier.keyboard(handler) */
static int mtnotifier_keyboard(lua_State *L)
{
	struct mt_runtime *rt = mt_lua_runtime(L);
	struct mtnotifier *n;
	int err;

	if (rt->opts.context != MT_CTX_HARDIRQ)
		return luaL_error(L, "notifier.keyboard: needs a context=hardirq "
				  "runtime (the keyboard chain runs with "
				  "interrupts off), not %s",
				  mt_context_name(rt->opts.context));
	n = mtnotifier_new(L, "keyboard");
	n->keyboard = true;
	n->nb.notifier_call = mtnotifier_kbd_call;
	err = register_keyboard_notifier(&n->nb); /* a spinlock, irqs off */
	if (err)
		return luaL_error(L, "notifier.keyboard: cannot register: "
				  "errno %d", -err);
	n->registered = true;
	return 1;
}

bool mt_bind_in_rtnl_handler(void)
{
	return READ_ONCE(mtnotifier_rtnl_task) == current;
}

/* notifier.netdevice(handler) */
static int mtnotifier_netdevice(lua_State *L)
{
	struct mtnotifier *n;
	int err;

	mt_bind_need_process(L, "notifier.netdevice");
	if (mt_bind_in_rtnl_handler())
		return luaL_error(L, "notifier.netdevice: not from a netdevice "
				  "handler (rtnl is held)");
	n = mtnotifier_new(L, "netdevice");
	n->nb.notifier_call = mtnotifier_netdev_call;
	/*
	 * rtnl under the runtime's mutex: the one order in which they nest
	 * (handlers only try the mutex). The replay is told by its task.
	 */
	WRITE_ONCE(n->registrar, current);
	err = register_netdevice_notifier(&n->nb);
	WRITE_ONCE(n->registrar, NULL);
	if (err)
		return luaL_error(L, "notifier.netdevice: cannot register: "
				  "errno %d", -err);
	n->registered = true;
	return 1;
}

static const luaL_Reg mtnotifier_funcs[] = {
	{ "keyboard", mtnotifier_keyboard },
	{ "netdevice", mtnotifier_netdevice },
	{ NULL, NULL }
};

static int luaopen_notifier(lua_State *L)
{
	luaL_newlib(L, mtnotifier_funcs);
	return 1;
}

const struct mt_binding mtnotifier_binding = {
	.name = "notifier",
	.open = luaopen_notifier,
};
