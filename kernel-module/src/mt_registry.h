/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mt_registry.h - the named runtimes, kept sorted by name. The registry
 * holds one reference on each; lookups take their own, inside its lock.
 */
#ifndef MT_REGISTRY_H
#define MT_REGISTRY_H

#include <linux/types.h>

struct mt_runtime;

#define MT_RUNTIMES_MAX	1024

/* -EEXIST if the name is taken, -ENOSPC past MT_RUNTIMES_MAX. */
int mt_registry_add(struct mt_runtime *rt);
/* A referenced runtime, or NULL. */
struct mt_runtime *mt_registry_get(const char *name);
/* Removes the runtime; the caller gets the registry's reference. */
struct mt_runtime *mt_registry_take(const char *name);
/* Removes this runtime if listed; true if it was (its reference is yours). */
bool mt_registry_remove(struct mt_runtime *rt);
/* Referenced runtimes in name order (kvfree the array, put each). */
int mt_registry_snapshot(struct mt_runtime ***list, size_t *n);
/* Stops and drops every runtime (module unload). */
void mt_registry_stop_all(void);

#endif
