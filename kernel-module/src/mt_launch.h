/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mt_launch.h - starting a named runtime: the one path shared by
 * /dev/moontide's run, /dev/lunatik's runner and moontide_runtime_create.
 */
#ifndef MT_LAUNCH_H
#define MT_LAUNCH_H

#include <linux/types.h>

#include "mt_buf.h"
#include "mt_runtime.h"

/* How a launch ended; each caller words its reply from it. */
enum mt_launch_result {
	MT_LAUNCH_OK,
	MT_LAUNCH_EXISTS,	/* the name is taken */
	MT_LAUNCH_FULL,		/* MT_RUNTIMES_MAX runtimes are listed */
	MT_LAUNCH_MEMORY,	/* no memory for the runtime */
	MT_LAUNCH_ROOT,		/* the script root did not resolve: err */
	MT_LAUNCH_LOAD,		/* the script was not read: err, why */
	MT_LAUNCH_LUA,		/* its top level failed: err is the mt_status */
	MT_LAUNCH_THREAD,	/* its kernel thread did not start: err */
	MT_LAUNCH_STOPPED,	/* a stop request came while it started */
	MT_LAUNCH_GONE,		/* its Lua state was gone before it ran */
};

struct mt_launch {
	const char *name;
	const char *script;	/* under the script root; NULL: none (C API) */
	const struct mt_runtime_opts *opts;
	bool via_lunatik;
	struct mt_buf *error;	/* receives a failed top level's message */
	enum mt_launch_result result;
	int err;		/* see the results */
	const char *why;	/* MT_LAUNCH_LOAD: what was wrong */
};

/*
 * Starts the runtime l describes and lists it as running: returns it
 * referenced (the registry keeps its own), or NULL with l->result saying
 * why, and nothing of it left behind.
 */
struct mt_runtime *mt_runtime_launch(struct mt_launch *l);

#endif
