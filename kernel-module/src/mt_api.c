// SPDX-License-Identifier: GPL-2.0
/*
 * mt_api.c - the exported C API (include/moontide.h) over the runtimes.
 * struct moontide_runtime is struct mt_runtime, seen from outside.
 */
#define pr_fmt(fmt) "moontide: " fmt

#include <linux/err.h>
#include <linux/export.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "lua.h"

#include "moontide.h"
#include "mt_launch.h"
#include "mt_lua.h"
#include "mt_registry.h"
#include "mt_request.h"
#include "mt_runtime.h"

#define to_mt(rt)	((struct mt_runtime *)(rt))
#define to_api(rt)	((struct moontide_runtime *)(rt))

/* A runtime without a script fails to launch for these reasons only. */
static int mt_api_launch_errno(const struct mt_launch *l)
{
	switch (l->result) {
	case MT_LAUNCH_EXISTS:
		return -EEXIST;
	case MT_LAUNCH_FULL:
		return -ENOSPC;
	case MT_LAUNCH_STOPPED:
		return -EINTR;
	default:
		return -ENOMEM;
	}
}

struct moontide_runtime *moontide_runtime_create(const char *name,
					const struct moontide_opts *opts)
{
	struct mt_runtime_opts o = {
		.context = (enum mt_context)opts->context,
		.memory_limit = opts->memory_limit,
		.quota = opts->quota,
	};
	struct mt_launch l = { .name = name, .opts = &o };
	struct mt_runtime *rt;
	const char *why;
	char buf[128];

	if (!mt_name_valid(name) || opts->context > MOONTIDE_HARDIRQ)
		return ERR_PTR(-EINVAL);
	if (!o.memory_limit)
		o.memory_limit = mt_memory_default(o.context);
	why = mt_opts_check(&o, buf, sizeof(buf));
	if (why) {
		pr_info("runtime '%s' refused: %s\n", name, why);
		return ERR_PTR(-EINVAL);
	}
	rt = mt_runtime_launch(&l);
	if (!rt)
		return ERR_PTR(mt_api_launch_errno(&l));
	return to_api(rt);
}
EXPORT_SYMBOL_GPL(moontide_runtime_create);

struct moontide_runtime *moontide_runtime_lookup(const char *name)
{
	return to_api(mt_registry_get(name));
}
EXPORT_SYMBOL_GPL(moontide_runtime_lookup);

void moontide_runtime_get(struct moontide_runtime *rt)
{
	mt_runtime_get(to_mt(rt));
}
EXPORT_SYMBOL_GPL(moontide_runtime_get);

void moontide_runtime_put(struct moontide_runtime *rt)
{
	mt_runtime_put(to_mt(rt));
}
EXPORT_SYMBOL_GPL(moontide_runtime_put);

struct mt_api_call {
	int (*handler)(lua_State *L, void *arg);
	void *arg;
};

static int mt_api_protected(lua_State *L)
{
	struct mt_api_call *c = lua_touserdata(L, 1);

	lua_settop(L, 0);
	return c->handler(L, c->arg);
}

int moontide_runtime_call(struct moontide_runtime *api,
			  int (*handler)(lua_State *L, void *arg), void *arg,
			  char **error)
{
	static const int errnos[] = {
		[MT_OK] = 0, [MT_ERR_SYNTAX] = -ECANCELED,
		[MT_ERR_RUNTIME] = -ECANCELED, [MT_ERR_MEMORY] = -ENOMEM,
		[MT_ERR_QUOTA] = -ETIME, [MT_ERR_INTERRUPTED] = -EINTR,
	};
	struct mt_runtime *rt = to_mt(api);
	struct mt_api_call c = { .handler = handler, .arg = arg };
	char *msg = NULL;
	int status = -ESRCH;

	if (error)
		*error = NULL;
	mt_runtime_lock(rt);
	if (rt->L)
		status = mt_lua_call(rt, mt_api_protected, &c, &msg);
	mt_runtime_unlock(rt);
	if (status < 0)
		return status;
	if (error)
		*error = msg;
	else
		kfree(msg);
	return errnos[status];
}
EXPORT_SYMBOL_GPL(moontide_runtime_call);

void moontide_runtime_stop(struct moontide_runtime *api)
{
	struct mt_runtime *rt = to_mt(api);

	/*
	 * Through the registry, which lets exactly one stopper stop it (a stop
	 * through the control device may be under way: this waits for it).
	 * Never listed, or gone already: nothing to do.
	 */
	mt_registry_stop(rt, false);
}
EXPORT_SYMBOL_GPL(moontide_runtime_stop);

void moontide_runtime_fail(struct moontide_runtime *rt, const char *msg)
{
	mt_runtime_fail(to_mt(rt), msg);
}
EXPORT_SYMBOL_GPL(moontide_runtime_fail);

struct moontide_runtime *moontide_runtime_of(lua_State *L)
{
	return to_api(mt_lua_runtime(L));
}
EXPORT_SYMBOL_GPL(moontide_runtime_of);

const char *moontide_runtime_name(struct moontide_runtime *rt)
{
	return to_mt(rt)->name;
}
EXPORT_SYMBOL_GPL(moontide_runtime_name);
