// SPDX-License-Identifier: GPL-2.0
/*
 * mt_registry.c - the named runtimes. A mutex, not a spinlock: stopping a
 * runtime sleeps, and every user is in process context.
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
		list_add_tail(&rt->node, &pos->node); /* before pos */
		mt_runtime_count++;
	}
	mutex_unlock(&mt_registry_lock);
	return err;
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

struct mt_runtime *mt_registry_take(const char *name)
{
	struct mt_runtime *rt;

	mutex_lock(&mt_registry_lock);
	rt = mt_registry_find(name);
	if (rt) {
		list_del_init(&rt->node);
		mt_runtime_count--;
	}
	mutex_unlock(&mt_registry_lock);
	return rt;
}

bool mt_registry_remove(struct mt_runtime *rt)
{
	bool listed;

	mutex_lock(&mt_registry_lock);
	listed = !list_empty(&rt->node);
	if (listed) {
		list_del_init(&rt->node);
		mt_runtime_count--;
	}
	mutex_unlock(&mt_registry_lock);
	return listed;
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
		if (rt) {
			list_del_init(&rt->node);
			mt_runtime_count--;
		}
		mutex_unlock(&mt_registry_lock);
		if (!rt)
			break;
		mt_runtime_stop(rt);
		mt_runtime_put(rt);
	}
}
