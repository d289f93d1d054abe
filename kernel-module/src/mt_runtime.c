// SPDX-License-Identifier: GPL-2.0
/*
 * mt_runtime.c - the life of a runtime: created, started from a script
 * (its top level runs, or its returned function in a kernel thread),
 * evaluated in, stopped, freed when the last reference goes.
 */
#define pr_fmt(fmt) "moontide: " fmt

#include <linux/cred.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "lua.h"
#include "lauxlib.h"

#include "mt_lua.h"
#include "mt_runtime.h"
#include "bindings/mt_bindings.h"

static const char *const mt_context_names[] = {
	[MT_CTX_PROCESS] = "process",
	[MT_CTX_SOFTIRQ] = "softirq",
	[MT_CTX_HARDIRQ] = "hardirq",
};

static const char *const mt_listing_names[] = {
	[MT_LISTED_STARTING] = "starting",
	[MT_LISTED_STOPPING] = "stopping",
};

static const char *const mt_state_names[] = {
	[MT_STATE_RUNNING] = "running",
	[MT_STATE_FINISHED] = "finished",
	[MT_STATE_FAILED] = "failed",
	[MT_STATE_STOPPED] = "stopped",
};

const char *mt_context_name(enum mt_context ctx)
{
	return mt_context_names[ctx];
}

int mt_context_parse(const char *s, enum mt_context *ctx)
{
	int i = match_string(mt_context_names, ARRAY_SIZE(mt_context_names), s);

	if (i < 0)
		return -EINVAL;
	*ctx = i;
	return 0;
}

void mt_runtime_lock(struct mt_runtime *rt)
{
	switch (rt->opts.context) {
	case MT_CTX_PROCESS:
		mutex_lock(&rt->mutex);
		break;
	case MT_CTX_SOFTIRQ:
		spin_lock_bh(&rt->spin);
		break;
	case MT_CTX_HARDIRQ:
		spin_lock_irqsave(&rt->spin, rt->irqflags);
		break;
	}
}

int mt_runtime_lock_killable(struct mt_runtime *rt)
{
	if (rt->opts.context == MT_CTX_PROCESS)
		return mutex_lock_killable(&rt->mutex);
	mt_runtime_lock(rt);
	return 0;
}

void mt_runtime_unlock(struct mt_runtime *rt)
{
	switch (rt->opts.context) {
	case MT_CTX_PROCESS:
		mutex_unlock(&rt->mutex);
		break;
	case MT_CTX_SOFTIRQ:
		spin_unlock_bh(&rt->spin);
		break;
	case MT_CTX_HARDIRQ:
		spin_unlock_irqrestore(&rt->spin, rt->irqflags);
		break;
	}
}

bool mt_runtime_trylock(struct mt_runtime *rt, unsigned long *flags)
{
	if (rt->opts.context == MT_CTX_PROCESS)
		return mutex_trylock(&rt->mutex);
	local_irq_save(*flags);
	if (spin_trylock(&rt->spin))
		return true;
	local_irq_restore(*flags);
	return false;
}

void mt_runtime_untrylock(struct mt_runtime *rt, unsigned long flags)
{
	if (rt->opts.context == MT_CTX_PROCESS) {
		mutex_unlock(&rt->mutex);
		return;
	}
	spin_unlock(&rt->spin);
	local_irq_restore(flags);
}

/* error: kmalloc'd or NULL; it replaces the recorded error if given */
static void mt_runtime_set_state(struct mt_runtime *rt, enum mt_state state,
				 char *error)
{
	unsigned long flags;
	char *old = NULL;

	spin_lock_irqsave(&rt->info_lock, flags);
	if (error) {
		old = rt->error;
		rt->error = error;
	}
	rt->state = state;
	spin_unlock_irqrestore(&rt->info_lock, flags);
	kfree(old);
}

void mt_runtime_fail(struct mt_runtime *rt, const char *msg)
{
	char *copy = kstrdup(msg, GFP_ATOMIC | __GFP_NOWARN);

	/* a script may fail again and again (a device callback per read) */
	pr_err_ratelimited("[%s] failed: %s\n", rt->name, msg);
	mt_runtime_set_state(rt, MT_STATE_FAILED, copy);
}

int mt_runtime_charge(struct mt_runtime *rt, size_t bytes)
{
	size_t limit = rt->opts.memory_limit;
	long old = atomic_long_read(&rt->account->charged);

	do {
		if (bytes > limit ||
		    READ_ONCE(rt->memory) + old > limit - bytes)
			return -ENOMEM;
	} while (!atomic_long_try_cmpxchg(&rt->account->charged, &old,
					  old + bytes));
	return 0;
}

void mt_runtime_uncharge(struct mt_runtime *rt, size_t bytes)
{
	atomic_long_sub(bytes, &rt->account->charged);
}

static void mt_account_put(struct mt_account *a)
{
	if (!refcount_dec_and_test(&a->ref))
		return;
	/* every charge was uncharged by then: else a binding leaks */
	WARN_ON_ONCE(atomic_long_read(&a->charged) != 0);
	kfree(a);
}

void mt_account_uncharge_put(struct mt_account *a, size_t bytes)
{
	atomic_long_sub(bytes, &a->charged);
	mt_account_put(a);
}

struct mt_runtime *mt_runtime_new(const char *name,
				  const struct mt_runtime_opts *opts)
{
	struct mt_runtime *rt;

	rt = kzalloc(sizeof(*rt), GFP_KERNEL);
	if (!rt)
		return NULL;
	kref_init(&rt->kref);
	INIT_LIST_HEAD(&rt->node);
	init_completion(&rt->gone);
	strscpy(rt->name, name, sizeof(rt->name));
	rt->opts = *opts;
	rt->gfp = opts->context == MT_CTX_PROCESS ? GFP_KERNEL : GFP_ATOMIC;
	spin_lock_init(&rt->info_lock);
	mutex_init(&rt->mutex);
	spin_lock_init(&rt->spin);
	ratelimit_state_init(&rt->print_rs, 5 * HZ, 100);
	rt->spawn_ref = LUA_NOREF;
	rt->started_ns = ktime_get_ns();
	rt->uid = current_uid();
	get_task_comm(rt->comm, current);
	rt->account = kzalloc(sizeof(*rt->account), GFP_KERNEL);
	if (!rt->account)
		goto out_free_rt;
	refcount_set(&rt->account->ref, 1);

	rt->L = mt_lua_newstate(rt); /* its allocator reads the account */
	if (!rt->L)
		goto out_free_account;
	return rt;

out_free_account:
	kfree(rt->account);
out_free_rt:
	kfree(rt);
	return NULL;
}

struct mt_start_args {
	const struct mt_script *script;
	const char *chunkname;
};

/* The script's top level; with spawn, keep the function it returns. */
static int mt_start_protected(lua_State *L)
{
	struct mt_start_args *a = lua_touserdata(L, 1);
	struct mt_runtime *rt = mt_lua_runtime(L);

	lua_settop(L, 0);
	mt_lua_load(L, a->script->data, a->script->len, a->chunkname);
	lua_call(L, 0, 1);
	if (rt->opts.spawn) {
		if (!lua_isfunction(L, 1))
			return luaL_error(L, "a spawned script must return a "
					  "function (it returned %s)",
					  luaL_typename(L, 1));
		rt->spawn_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	}
	return 0;
}

int mt_runtime_load(struct mt_runtime *rt, const struct path *root,
		    const char *script, const char **why)
{
	int err;

	err = mt_script_read(root, script, &rt->code, why);
	if (err)
		return err;
	strscpy(rt->script, script, sizeof(rt->script));
	sha256(rt->code.data, rt->code.len, rt->sha256);
	rt->root = *root;
	path_get(&rt->root);
	rt->has_root = true;
	return 0;
}

/*
 * A failed entry (start, eval): its message into error, msg freed. A message
 * that could not be copied out of the Lua state (no memory) makes it the
 * memory error it is. Returns the status to answer.
 */
static int mt_entry_failed(int status, char *msg, struct mt_buf *error)
{
	if (!msg)
		status = MT_ERR_MEMORY;
	mt_buf_puts(error, msg ? msg : "out of memory");
	kfree(msg);
	return status;
}

int mt_runtime_start(struct mt_runtime *rt, struct mt_buf *error)
{
	struct mt_start_args args = { .script = &rt->code };
	char chunkname[MT_PATH_MAX + 2];
	char *msg = NULL;
	int status = -ESRCH;

	snprintf(chunkname, sizeof(chunkname), "@%s", rt->script);
	args.chunkname = chunkname;
	mt_runtime_lock(rt);
	if (rt->L)
		status = mt_lua_call(rt, mt_start_protected, &args, &msg);
	mt_runtime_unlock(rt);
	mt_script_free(&rt->code);
	if (status < 0)
		return status;
	if (status == MT_OK && mt_bind_settle(rt, error)) {
		mt_runtime_stop(rt); /* as below: its objects go now */
		return MT_ERR_RUNTIME;
	}
	if (status != MT_OK) {
		status = mt_entry_failed(status, msg, error);
		/*
		 * Its objects go now: a device it created holds a reference
		 * on the runtime, so the caller's put alone would not free it.
		 */
		mt_runtime_stop(rt);
	}
	return status;
}

static int mt_spawned_protected(lua_State *L)
{
	struct mt_runtime *rt = mt_lua_runtime(L);

	lua_rawgeti(L, LUA_REGISTRYINDEX, rt->spawn_ref);
	lua_call(L, 0, 0);
	return 0;
}

/* The kernel thread of a spawned runtime: runs its function, once. */
static int mt_runtime_thread(void *data)
{
	struct mt_runtime *rt = data;
	char *msg = NULL;
	int status = MT_ERR_RUNTIME;

	mt_runtime_lock(rt);
	if (rt->L)
		status = mt_lua_call(rt, mt_spawned_protected, NULL, &msg);
	mt_runtime_unlock(rt);
	if (status == MT_OK) {
		mt_runtime_set_state(rt, MT_STATE_FINISHED, NULL);
	} else if (READ_ONCE(rt->stopping)) {
		kfree(msg); /* stopped on request: not a failure */
	} else {
		mt_runtime_fail(rt, msg ? msg : "out of memory");
		kfree(msg);
	}
	return 0;
}

int mt_runtime_spawn(struct mt_runtime *rt)
{
	struct task_struct *t;

	t = kthread_create(mt_runtime_thread, rt, "moontide/%s", rt->name);
	if (IS_ERR(t))
		return PTR_ERR(t);
	get_task_struct(t); /* kthread_stop stays safe after it returns */
	rt->thread = t;
	wake_up_process(t);
	return 0;
}

void mt_runtime_stop(struct mt_runtime *rt)
{
	struct task_struct *t = rt->thread;
	lua_State *L;

	WRITE_ONCE(rt->stopping, true); /* ends a call in progress */
	if (t) {
		kthread_stop(t); /* its guard saw 'stopping' */
		put_task_struct(t);
		rt->thread = NULL;
	}
	mt_runtime_lock(rt); /* waits out a call in progress */
	L = rt->L;
	rt->L = NULL;
	mt_runtime_unlock(rt);
	if (L)
		mt_lua_close(rt, L); /* nobody else can reach it now */
	if (rt->has_root) {
		path_put(&rt->root);
		rt->has_root = false;
	}
	mt_runtime_set_state(rt, MT_STATE_STOPPED, NULL);
}

static void mt_runtime_release(struct kref *kref)
{
	struct mt_runtime *rt = container_of(kref, struct mt_runtime, kref);

	if (rt->L || rt->thread) /* never started or never stopped */
		mt_runtime_stop(rt);
	WARN_ON_ONCE(rt->memory != 0);
	mt_script_free(&rt->code); /* loaded, never started */
	mt_account_put(rt->account); /* after lua_close: its objects uncharge */
	kfree(rt->error);
	kfree(rt);
}

void mt_runtime_put(struct mt_runtime *rt)
{
	kref_put(&rt->kref, mt_runtime_release);
}

struct mt_eval_args {
	const char *chunk;
	size_t len;
	struct mt_buf *out;
};

/* Runs inside lua_pcall: any Lua error unwinds to mt_runtime_eval. */
static int mt_eval_protected(lua_State *L)
{
	struct mt_eval_args *a = lua_touserdata(L, 1);
	int n, i;

	lua_settop(L, 0); /* the results start at index 1 */
	mt_lua_load(L, a->chunk, a->len, "=eval");
	lua_call(L, 0, LUA_MULTRET);
	n = lua_gettop(L);
	luaL_checkstack(L, 4, "too many results"); /* room for luaL_tolstring */
	for (i = 1; i <= n; i++) {
		size_t len;
		const char *s = luaL_tolstring(L, i, &len);

		if ((i > 1 && mt_buf_put(a->out, ",", 1)) ||
		    mt_buf_json_string(a->out, s, len))
			return luaL_error(L, "response too large");
		lua_pop(L, 1);
	}
	return 0;
}

int mt_runtime_eval(struct mt_runtime *rt, const char *chunk, size_t len,
		    struct mt_buf *out, struct mt_buf *error)
{
	struct mt_eval_args args = { .chunk = chunk, .len = len, .out = out };
	size_t mark = out->len;
	char *msg;
	int status;

	if (mt_runtime_lock_killable(rt))
		return -EINTR;
	if (!rt->L) {
		mt_runtime_unlock(rt);
		return -ESRCH;
	}
	status = mt_lua_call(rt, mt_eval_protected, &args, &msg);
	mt_runtime_unlock(rt);
	if (status == MT_OK && mt_bind_settle(rt, error)) {
		out->len = mark;
		return MT_ERR_RUNTIME;
	}
	if (status != MT_OK) {
		out->len = mark; /* drop results written before the error */
		status = mt_entry_failed(status, msg, error);
	}
	return status;
}

int mt_runtime_describe(struct mt_runtime *rt, struct mt_buf *out)
{
	unsigned long flags;
	enum mt_listing listing = READ_ONCE(rt->listing);
	const char *state_name;
	enum mt_state state;
	char *error = NULL;
	bool has_error;
	int err;

	spin_lock_irqsave(&rt->info_lock, flags);
	state = rt->state;
	has_error = rt->error;
	if (has_error)
		error = kstrdup(rt->error, GFP_ATOMIC | __GFP_NOWARN);
	spin_unlock_irqrestore(&rt->info_lock, flags);
	/* starting and stopping say more than the state of the Lua side */
	state_name = listing == MT_LISTED_RUNNING ? mt_state_names[state] :
						    mt_listing_names[listing];

	mt_buf_puts(out, "{\"name\":");
	mt_buf_json_string(out, rt->name, strlen(rt->name));
	mt_buf_puts(out, ",\"script\":");
	mt_buf_json_string(out, rt->script, strlen(rt->script));
	mt_buf_printf(out, ",\"sha256\":\"%*phN\",\"context\":\"%s\","
		      "\"spawn\":%s,\"state\":\"%s\",\"started_ns\":%llu,"
		      "\"memory\":%zu,\"charged\":%ld,\"memory_limit\":%zu,"
		      "\"quota\":%llu,\"uid\":%u,\"comm\":",
		      SHA256_DIGEST_SIZE, rt->sha256,
		      mt_context_name(rt->opts.context),
		      rt->opts.spawn ? "true" : "false", state_name,
		      rt->started_ns, READ_ONCE(rt->memory),
		      mt_runtime_charged(rt), rt->opts.memory_limit,
		      rt->opts.quota,
		      from_kuid(&init_user_ns, rt->uid));
	mt_buf_json_string(out, rt->comm, strlen(rt->comm));
	mt_buf_puts(out, ",\"error\":");
	if (error)
		mt_buf_json_string(out, error, strlen(error));
	else if (has_error) /* the copy found no memory: never say "none" */
		mt_buf_puts(out, "\"(not shown: out of memory)\"");
	else
		mt_buf_puts(out, "null");
	err = mt_buf_puts(out, "}");
	kfree(error);
	return out->overflow ? -E2BIG : err;
}
