// SPDX-License-Identifier: GPL-2.0
/* mt_pending.c - registrations queued by atomic runtimes (mt_pending.h). */
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

#include "mt_pending.h"

/* Every pending object of every binding; irqs off: any context. */
static LIST_HEAD(mt_pending_list);
static DEFINE_SPINLOCK(mt_pending_lock);

void mt_pending_add(struct mt_pending *p)
{
	unsigned long flags;

	p->creator = in_task() ? current : NULL; /* NULL: made by a handler */
	spin_lock_irqsave(&mt_pending_lock, flags);
	list_add_tail(&p->node, &mt_pending_list);
	spin_unlock_irqrestore(&mt_pending_lock, flags);
}

void mt_pending_del(struct mt_pending *p)
{
	unsigned long flags;

	spin_lock_irqsave(&mt_pending_lock, flags);
	list_del_init(&p->node);
	spin_unlock_irqrestore(&mt_pending_lock, flags);
}

/* The next of rt's entry's objects of this binding not yet settled, held. */
static struct mt_pending *mt_pending_next(struct mt_runtime *rt,
					  const struct mt_pending_ops *ops)
{
	struct mt_pending *it, *p = NULL;
	unsigned long flags;

	spin_lock_irqsave(&mt_pending_lock, flags);
	list_for_each_entry(it, &mt_pending_list, node) {
		/* its own entry's objects: not a concurrent one's */
		if (it->rt == rt && it->ops == ops && it->creator == current &&
		    !it->settled) {
			it->settled = true;
			p = it;
			kref_get(ops->kref(p));
			break;
		}
	}
	spin_unlock_irqrestore(&mt_pending_lock, flags);
	return p;
}

int mt_pending_settle(struct mt_runtime *rt, const struct mt_pending_ops *ops,
		      struct mt_buf *error)
{
	struct mt_pending *p;
	int err = 0;

	while ((p = mt_pending_next(rt, ops))) {
		flush_work(p->work);
		if (!err)
			err = ops->failed(p, error);
		kref_put(ops->kref(p), ops->release);
	}
	return err;
}
