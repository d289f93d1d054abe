/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mt_runtime.h - a runtime: one Lua state with its lock, its memory
 * account and its instruction quota.
 */
#ifndef MT_RUNTIME_H
#define MT_RUNTIME_H

#include <linux/mutex.h>
#include <linux/types.h>

#include "mt_buf.h"

#define MT_NAME_MAX	64

struct lua_State;

struct mt_runtime {
	char name[MT_NAME_MAX + 1];
	struct lua_State *L;
	struct mutex lock;	/* process context: held across Lua calls */
	size_t memory;		/* bytes Lua holds now */
	size_t memory_limit;	/* an allocation past this fails */
	u64 quota;		/* VM instructions per entry; 0: no limit */
	u64 steps;		/* instructions counted in this entry */
	bool quota_hit;		/* the last error was the quota's */
};

/* How an evaluation ended, for the response's "errno" and "kind". */
enum mt_eval_status {
	MT_EVAL_OK,
	MT_EVAL_SYNTAX,
	MT_EVAL_RUNTIME,
	MT_EVAL_MEMORY,
	MT_EVAL_QUOTA,
	MT_EVAL_INTERRUPTED,
};

struct mt_runtime *mt_runtime_create(const char *name, size_t memory_limit,
				     u64 quota);
void mt_runtime_destroy(struct mt_runtime *rt);
/*
 * Runs a chunk of Lua source in rt. On success its results, as strings,
 * are appended to out as JSON array elements; on failure out is left as it
 * was and the Lua error message goes to error as one JSON string.
 * Returns an mt_eval_status, or -EINTR.
 */
int mt_runtime_eval(struct mt_runtime *rt, const char *chunk, size_t len,
		    struct mt_buf *out, struct mt_buf *error);

#endif
