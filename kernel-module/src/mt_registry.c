// SPDX-License-Identifier: GPL-2.0
/*
 * mt_registry.c - the named runtimes. A mutex, not a spinlock: stopping a
 * runtime sleeps, and every user is in process context.
 *
 * A runtime is listed from the moment mt_runtime_launch accepts it until
 * it is gone:
 *
 *   add(STARTING) --started()--> RUNNING --stop()--> STOPPING --> unlisted
 *        |                                              ^
 *        +--stop() or a failed start: the starter ------+
 *
 * Exactly one party calls mt_runtime_stop on a listed runtime: whoever
 * moves it from RUNNING to STOPPING, or its starter (a stop during the top
 * level only sets rt->stopping, which ends the top level, and waits).
 * Everybody else who stops it waits for rt->gone.
 *
 * Lock order: the registry mutex is innermost. Nothing sleeps under it
 * (but its own allocation) and no runtime lock is taken under it: runtimes
 * are stopped, and waited for, with it released. It may be taken while a
 * runtime lock is held: /dev/lunatik's chunks run under the driver
 * runtime's lock and start and stop runtimes; a C API handler may look one
 * up. So: runtime lock -> registry mutex, never the other way round.
 */
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "mt_registry.h"
#include "mt_runtime.h"

static LIST_HEAD(mt_runtimes);
static size_t mt_runtime_count;
static DEFINE_MUTEX(mt_registry_lock);

static struct mt_runtime *mt_registry_find(const char *name)
{
	struct mt_runtime *rt;

	list_for_each_entry(rt, &mt_runtimes, node) {
		if (strcmp(rt->name, name) == 0)
			return rt;
	}
	return NULL;
}

int mt_registry_add(struct mt_runtime *rt)
{
	struct mt_runtime *pos;
	int err = 0;

	mutex_lock(&mt_registry_lock);
	if (mt_registry_find(rt->name)) {
		err = -EEXIST;
	} else if (mt_runtime_count >= MT_RUNTIMES_MAX) {
		err = -ENOSPC;
	} else {
		list_for_each_entry(pos, &mt_runtimes, node) {
			if (strcmp(pos->name, rt->name) > 0)
				break;
		}
		mt_runtime_get(rt);
		WRITE_ONCE(rt->listing, MT_LISTED_STARTING);
		list_add_tail(&rt->node, &pos->node); /* before pos */
		mt_runtime_count++;
	}
	mutex_unlock(&mt_registry_lock);
	return err;
}

bool mt_registry_started(struct mt_runtime *rt)
{
	bool running;

	mutex_lock(&mt_registry_lock);
	running = rt->listing == MT_LISTED_STARTING;
	if (running)
		WRITE_ONCE(rt->listing, MT_LISTED_RUNNING);
	mutex_unlock(&mt_registry_lock);
	return running;
}

/* The one stopper: stops it, unlists it, wakes the waiters. */
static void mt_registry_finish_stop(struct mt_runtime *rt)
{
	mt_runtime_stop(rt);
	mutex_lock(&mt_registry_lock);
	list_del_init(&rt->node);
	mt_runtime_count--;
	mutex_unlock(&mt_registry_lock);
	complete_all(&rt->gone);
	mt_runtime_put(rt); /* the registry's reference */
}

void mt_registry_discard(struct mt_runtime *rt)
{
	mutex_lock(&mt_registry_lock);
	WRITE_ONCE(rt->listing, MT_LISTED_STOPPING);
	mutex_unlock(&mt_registry_lock);
	mt_registry_finish_stop(rt);
}

struct mt_runtime *mt_registry_get(const char *name)
{
	struct mt_runtime *rt;

	mutex_lock(&mt_registry_lock);
	rt = mt_registry_find(name);
	if (rt)
		mt_runtime_get(rt);
	mutex_unlock(&mt_registry_lock);
	return rt;
}

int mt_registry_stop(struct mt_runtime *rt, bool killable)
{
	enum mt_listing was;

	mutex_lock(&mt_registry_lock);
	if (list_empty(&rt->node)) {
		mutex_unlock(&mt_registry_lock);
		return -ENOENT;
	}
	was = rt->listing;
	WRITE_ONCE(rt->listing, MT_LISTED_STOPPING);
	if (was == MT_LISTED_STARTING)
		WRITE_ONCE(rt->stopping, true); /* ends the top level */
	mutex_unlock(&mt_registry_lock);

	if (was == MT_LISTED_RUNNING) {
		mt_registry_finish_stop(rt);
		return 0;
	}
	if (!killable) {
		wait_for_completion(&rt->gone);
		return 0;
	}
	return wait_for_completion_killable(&rt->gone) ? -EINTR : 0;
}

int mt_registry_snapshot(struct mt_runtime ***list, size_t *n)
{
	struct mt_runtime *rt;
	size_t i = 0;

	mutex_lock(&mt_registry_lock);
	*list = kvmalloc_array(max_t(size_t, mt_runtime_count, 1),
			       sizeof(**list), GFP_KERNEL);
	if (!*list) {
		mutex_unlock(&mt_registry_lock);
		return -ENOMEM;
	}
	list_for_each_entry(rt, &mt_runtimes, node) {
		mt_runtime_get(rt);
		(*list)[i++] = rt;
	}
	mutex_unlock(&mt_registry_lock);
	*n = i;
	return 0;
}

void mt_registry_stop_all(void)
{
	struct mt_runtime *rt;

	for (;;) {
		mutex_lock(&mt_registry_lock);
		rt = list_first_entry_or_null(&mt_runtimes, struct mt_runtime,
					      node);
		if (rt)
			mt_runtime_get(rt);
		mutex_unlock(&mt_registry_lock);
		if (!rt)
			break;
		mt_registry_stop(rt, false);
		mt_runtime_put(rt);
	}
}
