/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mt_pending.h - registrations that sleep, made for an atomic runtime.
 *
 * A softirq or hardirq runtime's Lua runs under its spinlock, and most
 * kernel registrations sleep (kprobe_mutex, nf_hook_mutex): the binding
 * creates its object, queues the registration to mt_bind_wq and adds the
 * object here. When the entry that created it (the script's start, an
 * eval) has returned, outside the lock, the binding's settle calls
 * mt_pending_settle: it waits for each registration that entry queued and
 * fails the entry with the first one that failed (a start then fails and
 * the runtime stops). Objects made by a handler (no task) are not waited
 * for: their state says how it went.
 */
#ifndef MT_PENDING_H
#define MT_PENDING_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/workqueue.h>

struct mt_runtime;
struct mt_buf;
struct mt_pending;

struct mt_pending_ops {
	/* the object's kref: held by a settle while it waits */
	struct kref *(*kref)(struct mt_pending *p);
	void (*release)(struct kref *kref);
	/*
	 * After the registration ran: 0, or its negative errno with the
	 * reason appended to error.
	 */
	int (*failed)(struct mt_pending *p, struct mt_buf *error);
};

struct mt_pending {
	struct list_head node;	/* empty until added */
	struct mt_runtime *rt;	/* the owner: compared, never followed */
	/* the task of the entry that made it, compared, never followed */
	const struct task_struct *creator;
	struct work_struct *work;	/* the registration */
	const struct mt_pending_ops *ops;
	bool settled;		/* a settle saw it: under the list's lock */
};

/* Before queueing p->work; any context. creator: the current task or NULL. */
void mt_pending_add(struct mt_pending *p);
/* At teardown (idempotent); any context. */
void mt_pending_del(struct mt_pending *p);
/* A binding's settle: waits for the registrations rt's entry queued. */
int mt_pending_settle(struct mt_runtime *rt, const struct mt_pending_ops *ops,
		      struct mt_buf *error);

#endif
