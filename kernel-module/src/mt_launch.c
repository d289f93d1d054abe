// SPDX-License-Identifier: GPL-2.0
/*
 * mt_launch.c - starting a named runtime, the same way for every starter:
 * /dev/moontide's run, /dev/lunatik's runner and the C API.
 */
#define pr_fmt(fmt) "moontide: " fmt

#include <linux/cred.h>
#include <linux/path.h>
#include <linux/printk.h>

#include "mt_launch.h"
#include "mt_registry.h"
#include "mt_script.h"

/* Reads the entry script under the script root into rt. */
static enum mt_launch_result mt_launch_load(struct mt_runtime *rt,
					    struct mt_launch *l)
{
	struct path root;

	l->err = mt_script_root(&root);
	if (l->err)
		return MT_LAUNCH_ROOT;
	l->err = mt_runtime_load(rt, &root, l->script, &l->why);
	path_put(&root);
	return l->err ? MT_LAUNCH_LOAD : MT_LAUNCH_OK;
}

/* Its top level, its thread, the started mark: rt is listed "starting". */
static enum mt_launch_result mt_launch_run(struct mt_runtime *rt,
					   struct mt_launch *l)
{
	int status = MT_OK;

	if (l->script)
		status = mt_runtime_start(rt, l->error);
	if (status == MT_OK && l->opts->spawn) {
		l->err = mt_runtime_spawn(rt);
		if (l->err)
			return MT_LAUNCH_THREAD;
	}
	if (status == MT_OK && mt_registry_started(rt))
		return MT_LAUNCH_OK;
	/* a failed start stops the runtime itself: only these were asked */
	if (READ_ONCE(rt->stopping) &&
	    (status == MT_OK || status == MT_ERR_INTERRUPTED))
		return MT_LAUNCH_STOPPED;
	l->err = status;
	return status == -ESRCH ? MT_LAUNCH_GONE : MT_LAUNCH_LUA;
}

static void mt_launch_log(struct mt_runtime *rt, const struct mt_launch *l)
{
	if (!l->script)
		return;
	pr_info("[%s] started %s (sha256 %*phN, context %s%s) by uid %u (%s)%s\n",
		rt->name, rt->script, SHA256_DIGEST_SIZE, rt->sha256,
		mt_context_name(rt->opts.context), rt->opts.spawn ? ", spawn" : "",
		from_kuid(&init_user_ns, rt->uid), rt->comm,
		l->via_lunatik ? " through /dev/lunatik" : "");
}

/*
 * The order, and why. The name is checked and the script read before the
 * runtime is listed, so a refused start leaves nothing listed. Then it is
 * listed, as "starting", before its top level runs: a stop by name reaches
 * the top level there (it sets rt->stopping, which ends it) and waits for
 * this starter. Its thread is spawned only after the top level returned
 * the function the thread runs. It is marked started last, once all that
 * succeeded; if a stop came meanwhile the mark fails and the starter
 * discards it, so exactly one party stops it. A failed start stops the
 * runtime itself (rt->stopping is then set too), so whether a stop was
 * requested is told by the status: MT_OK or MT_ERR_INTERRUPTED, with
 * rt->stopping set.
 */
struct mt_runtime *mt_runtime_launch(struct mt_launch *l)
{
	struct mt_runtime *rt;

	rt = mt_registry_get(l->name);
	if (rt) {
		mt_runtime_put(rt);
		l->result = MT_LAUNCH_EXISTS;
		return NULL;
	}
	rt = mt_runtime_new(l->name, l->opts);
	if (!rt) {
		l->result = MT_LAUNCH_MEMORY;
		return NULL;
	}
	rt->via_lunatik = l->via_lunatik;
	l->result = l->script ? mt_launch_load(rt, l) : MT_LAUNCH_OK;
	if (l->result != MT_LAUNCH_OK)
		goto out_put;
	l->err = mt_registry_add(rt);
	if (l->err) {
		l->result = l->err == -EEXIST ? MT_LAUNCH_EXISTS : MT_LAUNCH_FULL;
		goto out_put; /* never listed: the last put stops it */
	}
	l->result = mt_launch_run(rt, l);
	if (l->result != MT_LAUNCH_OK) {
		mt_registry_discard(rt);
		goto out_put;
	}
	mt_launch_log(rt, l);
	return rt;

out_put:
	mt_runtime_put(rt);
	return NULL;
}
