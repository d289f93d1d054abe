// SPDX-License-Identifier: GPL-2.0
/*
 * mt_lunatik.c - /dev/lunatik: upstream Lunatik's control protocol, so its
 * tools (and moontide's Lunatik driver) can drive moontide's runtimes.
 * Written from the protocol's description (docs/research/lunatik-protocol.md),
 * not from Lunatik's code.
 *
 * One write(2) is one Lua chunk, run in the "driver" state; the reply, read
 * back on the same open file, is tostring(ok) and each result (or the error)
 * joined by tabs. The chunk sees lunatik.runner.{run,spawn,stop,list}, which
 * start and stop ordinary moontide runtimes keyed by script name ("a/b" is
 * /lib/modules/lua/a/b.lua and the runtime named "a.b").
 *
 * lunatik_reply= selects one of the reply forms upstream has shipped, so
 * clients (moontide's Lunatik driver among them) can be tested against each:
 * "status" (the newest, above), "4x" (every result joined by tabs, no status
 * word; an error is its message) and "3x" (the first result only, or the
 * error's message; there, too, run's context is the older boolean and .lua
 * is stripped with the older loose pattern).
 */
#define pr_fmt(fmt) "moontide: " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/uaccess.h>

#include "lua.h"
#include "lauxlib.h"

#include "../bindings/mt_bindings.h"
#include "../mt_buf.h"
#include "../mt_launch.h"
#include "../mt_lua.h"
#include "../mt_registry.h"
#include "../mt_request.h"
#include "../mt_runtime.h"
#include "../mt_script.h"
#include "../mt_session.h"
#include "mt_lunatik.h"

#define MT_LUNATIK_CHUNK_MAX	(1U << 20)
#define MT_LUNATIK_REPLY_MAX	(1U << 20)
#define MT_LUNATIK_ERROR_MAX	4096	/* a failed run's message, cut there */
/* list(): every runtime's key and ", " */
#define MT_LUNATIK_LIST_MAX	(MT_RUNTIMES_MAX * (MT_NAME_MAX + 2))

enum mt_lunatik_form {
	MT_LUNATIK_STATUS,	/* "true"/"false", a tab, results or error */
	MT_LUNATIK_TABS,	/* 4.x: results joined by tabs, or the error */
	MT_LUNATIK_FIRST,	/* 3.x: the first result, or the error */
};

static const char *const mt_lunatik_forms[] = {
	[MT_LUNATIK_STATUS] = "status",
	[MT_LUNATIK_TABS] = "4x",
	[MT_LUNATIK_FIRST] = "3x",
};

/* Read only (0444) and set at load: no lock needed to read it. */
static enum mt_lunatik_form mt_lunatik_form;

static int mt_lunatik_form_set(const char *val, const struct kernel_param *kp)
{
	int i = sysfs_match_string(mt_lunatik_forms, val);

	if (i < 0)
		return -EINVAL;
	mt_lunatik_form = i;
	return 0;
}

static int mt_lunatik_form_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", mt_lunatik_forms[mt_lunatik_form]);
}

static const struct kernel_param_ops mt_lunatik_form_ops = {
	.set = mt_lunatik_form_set,
	.get = mt_lunatik_form_get,
};
module_param_cb(lunatik_reply, &mt_lunatik_form_ops, NULL, 0444);
MODULE_PARM_DESC(lunatik_reply,
		 "/dev/lunatik's reply form: status (default; \"true\"/\"false\", a tab, "
		 "the results), 4x (results joined by tabs, no status) or 3x "
		 "(first result only, boolean context, loose .lua stripping)");

static struct mt_runtime *mt_lunatik_driver;
/* Chunks start and stop other runtimes while holding the driver's lock. */
static struct lock_class_key mt_lunatik_driver_key;

/*
 * 3.x stripped ".lua" as an unescaped, unanchored pattern: every character
 * followed by "lua" goes, left to right ("probe/evaluate" is "probe/evte").
 * key has MT_NAME_MAX + 1 bytes; false if the result does not fit.
 */
static bool mt_lunatik_strip_loose(const char *script, char *key)
{
	size_t len = strlen(script), i = 0, out = 0;

	while (i < len) {
		if (i + 3 < len && memcmp(script + i + 1, "lua", 3) == 0) {
			i += 4;
			continue;
		}
		if (out == MT_NAME_MAX)
			return false;
		key[out++] = script[i++];
	}
	key[out] = '\0';
	return out > 0;
}

/* "a/b.lua" or "a/b" -> key "a/b" and runtime name "a.b"; false if invalid. */
static bool mt_lunatik_names(const char *script, char *key, char *name)
{
	size_t len = strlen(script);
	size_t i;

	if (mt_lunatik_form == MT_LUNATIK_FIRST) {
		if (!mt_lunatik_strip_loose(script, key))
			return false;
		len = strlen(key);
	} else {
		if (len > 4 && strcmp(script + len - 4, ".lua") == 0)
			len -= 4;
		if (len == 0 || len > MT_NAME_MAX)
			return false;
		memcpy(key, script, len);
		key[len] = '\0';
	}
	for (i = 0; i <= len; i++)
		name[i] = key[i] == '/' ? '.' : key[i];
	return mt_name_valid(name);
}

static int mt_lunatik_context(lua_State *L, int idx, enum mt_context *ctx)
{
	const char *s;

	if (mt_lunatik_form == MT_LUNATIK_FIRST) {
		/*
		 * 3.x: a boolean "sleep", true by default. Any other value
		 * is truthy, so "softirq" and "hardirq" start in process
		 * context there: so they do here.
		 */
		*ctx = lua_isboolean(L, idx) && !lua_toboolean(L, idx) ?
		       MT_CTX_SOFTIRQ : MT_CTX_PROCESS;
		return 0;
	}
	if (lua_isnoneornil(L, idx) || (lua_isboolean(L, idx) &&
					lua_toboolean(L, idx))) {
		*ctx = MT_CTX_PROCESS;
		return 0;
	}
	if (lua_isboolean(L, idx)) {	/* older Lunatik: false is softirq */
		*ctx = MT_CTX_SOFTIRQ;
		return 0;
	}
	s = luaL_checkstring(L, idx);
	if (mt_context_parse(s, ctx))
		return luaL_error(L, "invalid context '%s' (process, softirq "
				  "or hardirq)", s);
	return 0;
}

/* Why a start failed, in msg (MT_LUNATIK_ERROR_MAX bytes). */
static void mt_lunatik_not_started(const struct mt_launch *l, const char *key,
				   char *msg)
{
	const size_t max = MT_LUNATIK_ERROR_MAX;

	switch (l->result) {
	case MT_LAUNCH_OK:
		break;
	case MT_LAUNCH_EXISTS:
		snprintf(msg, max, "%s is already running", key);
		break;
	case MT_LAUNCH_FULL:
		snprintf(msg, max, "%s: too many runtimes", key);
		break;
	case MT_LAUNCH_MEMORY:
		snprintf(msg, max, "not enough memory");
		break;
	case MT_LAUNCH_ROOT:
		snprintf(msg, max, "script root %s: cannot resolve it "
			 "(error %d)", mt_script_root_param, l->err);
		break;
	case MT_LAUNCH_LOAD:
		snprintf(msg, max, "%s: %s", key, l->why);
		break;
	case MT_LAUNCH_LUA:
		memcpy(msg, l->error->data ?: "", l->error->len);
		msg[l->error->len] = '\0';
		break;
	case MT_LAUNCH_THREAD:
		snprintf(msg, max, "%s: cannot start its kernel thread", key);
		break;
	case MT_LAUNCH_STOPPED:
		snprintf(msg, max, "%s: stopped while its top level ran", key);
		break;
	case MT_LAUNCH_GONE:
		snprintf(msg, max, "%s: failed", key);
		break;
	}
}

/*
 * Starts script as a new runtime. A Lua allocation may raise (longjmp), so
 * the message room is taken from Lua before any kernel resource, and the
 * error is raised only once every resource is released.
 */
static int mt_lunatik_start(lua_State *L, const char *script,
			    const struct mt_runtime_opts *opts)
{
	char key[MT_NAME_MAX + 1], name[MT_NAME_MAX + 1];
	char path[MT_NAME_MAX + 5];
	struct mt_launch l = {
		.name = name,
		.script = path,
		.opts = opts,
		.via_lunatik = true,
	};
	struct mt_runtime *rt;
	struct mt_buf error;
	const char *why;
	char *msg;

	msg = lua_newuserdatauv(L, MT_LUNATIK_ERROR_MAX, 0);
	if (!mt_lunatik_names(script, key, name))
		return luaL_error(L, "invalid script name '%s'", script);
	why = mt_opts_check(opts, msg, MT_LUNATIK_ERROR_MAX);
	if (why)
		return luaL_error(L, "%s: %s", key, why);
	snprintf(path, sizeof(path), "%s.lua", key);
	mt_buf_init(&error, MT_LUNATIK_ERROR_MAX - 1);
	l.error = &error;
	rt = mt_runtime_launch(&l);
	if (rt) {
		mt_buf_free(&error);
		mt_runtime_put(rt); /* the registry keeps its own */
		return 0;
	}
	mt_lunatik_not_started(&l, key, msg);
	mt_buf_free(&error);
	return luaL_error(L, "%s", msg);
}

/* lunatik.runner.run(script [, context [, percpu]]) */
/*
 * Starting a runtime runs its script, which may register a netdevice
 * notifier (rtnl); stopping one unregisters its notifiers (rtnl). In a
 * netdevice handler this task holds rtnl already: a deadlock, refused.
 */
static void mt_lunatik_check_rtnl(lua_State *L, const char *what)
{
	if (mt_bind_in_rtnl_handler())
		luaL_error(L, "lunatik.runner.%s: not from a netdevice handler "
			   "(rtnl is held)", what);
}

static int mt_lunatik_run(lua_State *L)
{
	struct mt_runtime_opts opts = { };
	const char *script = luaL_checkstring(L, 1);

	mt_lunatik_check_rtnl(L, "run");
	mt_lunatik_context(L, 2, &opts.context);
	if (lua_toboolean(L, 3))
		return luaL_error(L, "per-CPU runtimes are not supported");
	opts.memory_limit = mt_memory_default(opts.context);
	opts.quota = mt_quota_default(opts.context);
	mt_lunatik_start(L, script, &opts);
	lua_pushstring(L, script);
	return 1;
}

/* lunatik.runner.spawn(script): its returned function runs in a thread. */
static int mt_lunatik_spawn(lua_State *L)
{
	struct mt_runtime_opts opts = {
		.context = MT_CTX_PROCESS,
		.spawn = true,
		.memory_limit = MT_MEMORY_DEFAULT,
		.quota = MT_QUOTA_PROCESS,
	};
	const char *script = luaL_checkstring(L, 1);

	mt_lunatik_check_rtnl(L, "spawn");
	if (lua_toboolean(L, 2))
		return luaL_error(L, "per-CPU runtimes are not supported");
	mt_lunatik_start(L, script, &opts);
	lua_pushstring(L, script);
	return 1;
}

/* lunatik.runner.stop(script): true if it was running (3.x: nothing). */
static int mt_lunatik_stop(lua_State *L)
{
	char key[MT_NAME_MAX + 1], name[MT_NAME_MAX + 1];
	const char *script = luaL_checkstring(L, 1);
	struct mt_runtime *rt;
	bool stopped = false;

	mt_lunatik_check_rtnl(L, "stop");
	if (mt_lunatik_names(script, key, name)) {
		rt = mt_registry_get(name);
		if (rt && rt->via_lunatik && !mt_registry_stop(rt, true)) {
			pr_info("[%s] stopped through /dev/lunatik\n", rt->name);
			stopped = true;
		}
		if (rt)
			mt_runtime_put(rt);
	}
	if (mt_lunatik_form == MT_LUNATIK_FIRST)
		return 0;
	lua_pushboolean(L, stopped);
	return 1;
}

/*
 * lunatik.runner.list(): the scripts started here, joined by ", ". The
 * names are copied into Lua memory taken before the snapshot, so no Lua
 * allocation (which may raise) happens while references are held.
 */
static int mt_lunatik_list(lua_State *L)
{
	char *out = lua_newuserdatauv(L, MT_LUNATIK_LIST_MAX, 0);
	struct mt_runtime **list;
	size_t n, i, len = 0;

	if (mt_registry_snapshot(&list, &n))
		return luaL_error(L, "not enough memory");
	for (i = 0; i < n; i++) {
		size_t klen = strlen(list[i]->script) - 4; /* no .lua */

		if (list[i]->via_lunatik &&
		    len + 2 + klen <= MT_LUNATIK_LIST_MAX) {
			if (len) {
				memcpy(out + len, ", ", 2);
				len += 2;
			}
			memcpy(out + len, list[i]->script, klen);
			len += klen;
		}
		mt_runtime_put(list[i]);
	}
	kvfree(list);
	lua_pushlstring(L, out, len);
	return 1;
}

static const luaL_Reg mt_lunatik_runner[] = {
	{ "run", mt_lunatik_run },
	{ "spawn", mt_lunatik_spawn },
	{ "stop", mt_lunatik_stop },
	{ "list", mt_lunatik_list },
	{ NULL, NULL }
};

static int mt_lunatik_open_protected(lua_State *L)
{
	lua_settop(L, 0);
	lua_createtable(L, 0, 1);
	luaL_newlib(L, mt_lunatik_runner);
	lua_setfield(L, 1, "runner");
	lua_setglobal(L, "lunatik");
	return 0;
}

struct mt_lunatik_chunk {
	const char *text;	/* NUL-terminated */
	size_t len;
	struct mt_buf *reply;
};

static int mt_lunatik_reply_failed(lua_State *L, const struct mt_buf *reply)
{
	return luaL_error(L, reply->nomem ? "not enough memory" :
			  "reply too large");
}

/*
 * Runs the chunk; the reply is "true" and each result, tab-separated (4.x:
 * no "true"; 3.x: the first result alone, "" for none).
 */
static int mt_lunatik_chunk_protected(lua_State *L)
{
	struct mt_lunatik_chunk *c = lua_touserdata(L, 1);
	int n, i;

	lua_settop(L, 0);
	mt_lua_load(L, c->text, c->len, c->text); /* [string "..."] as load() */
	if (lua_pcall(L, 0, LUA_MULTRET, 0) != LUA_OK) {
		/* error(42) replies "false\t42", as tostring of the error */
		if (lua_type(L, -1) != LUA_TSTRING)
			luaL_tolstring(L, -1, NULL);
		return lua_error(L);
	}
	n = lua_gettop(L);
	luaL_checkstack(L, 4, "too many results"); /* room for luaL_tolstring */
	mt_buf_reset(c->reply);
	if (mt_lunatik_form == MT_LUNATIK_FIRST && n > 1)
		n = 1;
	if (mt_lunatik_form == MT_LUNATIK_STATUS &&
	    mt_buf_puts(c->reply, "true\t"))
		return mt_lunatik_reply_failed(L, c->reply);
	for (i = 1; i <= n; i++) {
		size_t len;
		const char *s = luaL_tolstring(L, i, &len);

		if ((i > 1 && mt_buf_put(c->reply, "\t", 1)) ||
		    mt_buf_put(c->reply, s, len))
			return mt_lunatik_reply_failed(L, c->reply);
		lua_pop(L, 1);
	}
	return 0;
}

static int mt_lunatik_open(struct inode *inode, struct file *file)
{
	struct mt_session *s;
	int err;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	err = mt_session_open(inode, file, s, MT_LUNATIK_REPLY_MAX);
	if (err)
		kfree(s);
	return err;
}

static int mt_lunatik_release(struct inode *inode, struct file *file)
{
	struct mt_session *s = file->private_data;

	mt_session_release(s);
	kfree(s);
	return 0;
}

static ssize_t mt_lunatik_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	struct mt_session *c = file->private_data;
	struct mt_lunatik_chunk chunk = { .len = count, .reply = &c->reply };
	char *text, *msg = NULL;
	int status;

	if (count > MT_LUNATIK_CHUNK_MAX)
		return -EINVAL;
	text = kvmalloc(count + 1, GFP_KERNEL);
	if (!text)
		return -ENOMEM;
	if (copy_from_user(text, ubuf, count)) {
		status = -EFAULT;
		goto out_free;
	}
	text[count] = '\0';
	chunk.text = text;
	status = mt_session_begin(c);
	if (status)
		goto out_free;
	status = mt_runtime_lock_killable(mt_lunatik_driver);
	if (status)
		goto out_unlock;
	status = mt_lua_call(mt_lunatik_driver, mt_lunatik_chunk_protected,
			     &chunk, &msg);
	mt_runtime_unlock(mt_lunatik_driver);
	if (status != MT_OK) {
		mt_buf_reset(&c->reply);
		if (mt_lunatik_form == MT_LUNATIK_STATUS)
			mt_buf_puts(&c->reply, "false\t");
		mt_buf_puts(&c->reply, msg ?: "not enough memory");
		kfree(msg);
	}
	status = count;
out_unlock:
	mt_session_end(c);
out_free:
	kvfree(text);
	return status;
}

static const struct file_operations mt_lunatik_fops = {
	.owner = THIS_MODULE,
	.open = mt_lunatik_open,
	.release = mt_lunatik_release,
	.read = mt_session_read,
	.write = mt_lunatik_write,
	.llseek = noop_llseek,
};

static struct miscdevice mt_lunatik_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "lunatik",
	.fops = &mt_lunatik_fops,
	.mode = 0600,
};

/*
 * Upstream Lunatik's /dev/lunatik is made by its device library with
 * device_create() in that library's own class, not as a misc device. So
 * misc_register("lunatik") beside it would succeed (the sysfs directories
 * differ: .../virtual/<its class>/lunatik, .../virtual/misc/lunatik), but
 * devtmpfs keeps the existing node, so clients would go on opening
 * upstream's device while ours is registered unreachable. The node is what
 * clients open, so it is what is looked up: any /dev/lunatik (a device, a
 * link, a file) refuses the load. /sys/class/misc/lunatik is looked up too:
 * another misc device of that name would make misc_register fail only after
 * sysfs warned of a duplicate name with a stack dump. Lookups are relative
 * to the loading task's root, the namespace its tools see. A device made
 * between this check and misc_register is not caught (as two loads racing
 * are not); that is a narrow window, and what follows it is only the
 * unreachable node described above. The errno is EBUSY, not EEXIST: from
 * a module's init, EEXIST reads as "module already loaded" to modprobe.
 */
static int mt_lunatik_check_free(void)
{
	static const char *const paths[] = {
		"/dev/lunatik", "/sys/class/misc/lunatik",
	};
	struct path path;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(paths); i++) {
		if (kern_path(paths[i], 0, &path))
			continue;
		path_put(&path);
		pr_err("%s exists (upstream Lunatik loaded?): not loading "
		       "with lunatik=1; unload it first or load without "
		       "lunatik=1\n", paths[i]);
		return -EBUSY;
	}
	return 0;
}

int mt_lunatik_register(void)
{
	struct mt_runtime_opts opts = {
		.context = MT_CTX_PROCESS,
		.memory_limit = MT_MEMORY_DEFAULT,
		.quota = MT_QUOTA_PROCESS,
	};
	char *msg = NULL;
	int err;

	err = mt_lunatik_check_free();
	if (err)
		return err;
	mt_lunatik_driver = mt_runtime_new("lunatik", &opts);
	if (!mt_lunatik_driver)
		return -ENOMEM;
	lockdep_set_class(&mt_lunatik_driver->mutex, &mt_lunatik_driver_key);
	mt_runtime_lock(mt_lunatik_driver);
	err = mt_lua_call(mt_lunatik_driver, mt_lunatik_open_protected, NULL,
			  &msg);
	mt_runtime_unlock(mt_lunatik_driver);
	kfree(msg);
	if (err != MT_OK) {
		err = -ENOMEM;
		goto out_put;
	}
	err = misc_register(&mt_lunatik_dev);
	if (err)
		goto out_put;
	pr_info("/dev/lunatik: Lunatik's control protocol, reply form %s\n",
		mt_lunatik_forms[mt_lunatik_form]);
	return 0;

out_put:
	mt_runtime_stop(mt_lunatik_driver);
	mt_runtime_put(mt_lunatik_driver);
	mt_lunatik_driver = NULL;
	return err;
}

void mt_lunatik_unregister(void)
{
	if (!mt_lunatik_driver)
		return;
	misc_deregister(&mt_lunatik_dev);
	mt_runtime_stop(mt_lunatik_driver);
	mt_runtime_put(mt_lunatik_driver);
	mt_lunatik_driver = NULL;
}
