/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mt_registry.h - the named runtimes, kept sorted by name. The registry
 * holds one reference on each; lookups take their own, inside its lock.
 */
#ifndef MT_REGISTRY_H
#define MT_REGISTRY_H

#include <linux/types.h>

#include "mt_runtime.h"

#define MT_RUNTIMES_MAX	1024

/*
 * Lists rt as STARTING: its starter (mt_runtime_launch) then calls
 * mt_registry_started or mt_registry_discard. -EEXIST if the name is taken,
 * -ENOSPC past MT_RUNTIMES_MAX.
 */
int mt_registry_add(struct mt_runtime *rt);
/* The starter: STARTING becomes RUNNING; false if a stop came first. */
bool mt_registry_started(struct mt_runtime *rt);
/* The starter: stops its STARTING runtime and unlists it, once stopped. */
void mt_registry_discard(struct mt_runtime *rt);
/* A referenced runtime, or NULL. */
struct mt_runtime *mt_registry_get(const char *name);
/*
 * Stops a listed runtime (the caller holds a reference); it stays listed,
 * "stopping", until it is stopped. A concurrent stop of the same runtime
 * waits for the first to finish (killable: -EINTR); a stop during the top
 * level ends it and waits for its starter to stop it. 0 once it is gone,
 * -ENOENT if it was not listed.
 */
int mt_registry_stop(struct mt_runtime *rt, bool killable);
/* Referenced runtimes in name order (kvfree the array, put each). */
int mt_registry_snapshot(struct mt_runtime ***list, size_t *n);
/* Stops and drops every runtime (module unload). */
void mt_registry_stop_all(void);

#endif
