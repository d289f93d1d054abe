// SPDX-License-Identifier: GPL-2.0
/*
 * mt_ctl.c - /dev/moontide: one request per write(2), its JSON response
 * read back with read(2) on the same open file. Each open file keeps its
 * own response, so concurrent clients never see each other's answers.
 * The protocol is docs/protocol.md.
 */
#define pr_fmt(fmt) "moontide: " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "moontide.h"
#include "mt_buf.h"
#include "mt_ctl.h"
#include "mt_launch.h"
#include "mt_registry.h"
#include "mt_request.h"
#include "mt_runtime.h"
#include "mt_session.h"

struct mt_client {
	struct mt_session s;	/* file->private_data points here */
	struct mt_buf error;	/* scratch: a Lua error message */
};

static struct mt_client *mt_client_of(struct file *file)
{
	struct mt_session *s = file->private_data;

	return container_of(s, struct mt_client, s);
}

static struct mt_runtime *mt_control;

static int mt_ctl_open(struct inode *inode, struct file *file)
{
	struct mt_client *c;
	int err;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	err = mt_session_open(inode, file, &c->s, MT_RESPONSE_MAX);
	if (err) {
		kfree(c);
		return err;
	}
	mt_buf_init(&c->error, MT_RESPONSE_MAX / 2);
	return 0;
}

static int mt_ctl_release(struct inode *inode, struct file *file)
{
	struct mt_client *c = mt_client_of(file);

	mt_buf_free(&c->error);
	mt_session_release(&c->s);
	kfree(c);
	return 0;
}

static void mt_reply_error(struct mt_buf *out, int err, const char *kind,
			   const char *fmt, ...) __printf(4, 5);

static void mt_reply_error(struct mt_buf *out, int err, const char *kind,
			   const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = kvasprintf(GFP_KERNEL, fmt, ap);
	va_end(ap);
	mt_buf_reset(out);
	mt_buf_printf(out, "{\"ok\":false,\"errno\":%d,\"kind\":\"%s\",\"error\":",
		      err, kind);
	if (msg)
		mt_buf_json_string(out, msg, strlen(msg));
	else
		mt_buf_puts(out, "\"out of memory\"");
	mt_buf_puts(out, "}\n");
	kfree(msg);
}

/*
 * A reply that ran out of memory half-way: replaced by one that fits in
 * the room every request starts with (MT_REPLY_RESERVE), so the client
 * reads an error, never a cut or empty reply. (Found by fault injection:
 * "version" read back empty.)
 */
static void mt_reply_nomem(struct mt_buf *out)
{
	mt_buf_reset(out);
	mt_buf_puts(out, "{\"ok\":false,\"errno\":12,\"kind\":\"memory\","
		    "\"error\":\"out of memory while writing the reply\"}\n");
}

static const struct {
	int err;
	const char *kind;
} mt_status_errors[] = {
	[MT_ERR_SYNTAX] = { ENOEXEC, "syntax" },
	[MT_ERR_RUNTIME] = { ECANCELED, "runtime" },
	[MT_ERR_MEMORY] = { ENOMEM, "memory" },
	[MT_ERR_QUOTA] = { ETIME, "quota" },
	[MT_ERR_INTERRUPTED] = { EINTR, "interrupted" },
};

/* A Lua error: its message is already JSON, in c->error. */
static void mt_reply_lua_error(struct mt_client *c, int status)
{
	struct mt_buf *out = &c->s.reply;

	/*
	 * The message could not be kept whole (no memory for it: seen under
	 * fault injection as a runtime error with an empty message): the
	 * answer is the memory error, not a cut message of another kind.
	 */
	if (c->error.nomem) {
		mt_reply_error(out, ENOMEM, "memory", "not enough memory for "
			       "the %s error's message",
			       mt_status_errors[status].kind);
		return;
	}
	mt_buf_reset(out);
	mt_buf_printf(out, "{\"ok\":false,\"errno\":%d,\"kind\":\"%s\",\"error\":",
		      mt_status_errors[status].err,
		      mt_status_errors[status].kind);
	mt_buf_json_string(out, c->error.data, c->error.len);
	mt_buf_puts(out, "}\n");
}

static void mt_do_version(struct mt_client *c)
{
	mt_buf_printf(&c->s.reply, "{\"ok\":true,\"moontide\":\"%s\","
		      "\"lua\":\"%s\",\"protocol\":%d}\n", MOONTIDE_VERSION,
		      MOONTIDE_LUA, MT_PROTOCOL);
}

static void mt_do_list(struct mt_client *c)
{
	struct mt_buf *out = &c->s.reply;
	struct mt_runtime **list;
	size_t n, i;

	if (mt_registry_snapshot(&list, &n)) {
		mt_reply_error(out, ENOMEM, "memory", "out of memory");
		return;
	}
	mt_buf_puts(out, "{\"ok\":true,\"runtimes\":[");
	for (i = 0; i < n; i++) {
		if (i)
			mt_buf_puts(out, ",");
		mt_runtime_describe(list[i], out);
		mt_runtime_put(list[i]);
	}
	kvfree(list);
	mt_buf_puts(out, "]}\n");
	if (out->overflow)
		mt_reply_error(out, E2BIG, "request",
			       "response larger than 1 MiB (1048576 bytes)");
}

static void mt_do_eval(struct mt_client *c, const char *name,
		       const char *chunk, size_t len)
{
	struct mt_buf *out = &c->s.reply;
	struct mt_runtime *rt;
	int status;

	if (strcmp(name, "-") == 0) {
		rt = mt_control;
		mt_runtime_get(rt);
	} else {
		rt = mt_registry_get(name);
	}
	if (!rt) {
		mt_reply_error(out, ENOENT, "request", "no runtime named '%s'",
			       name);
		return;
	}
	if (READ_ONCE(rt->listing) == MT_LISTED_STARTING) {
		mt_reply_error(out, EBUSY, "request", "runtime '%s' is busy "
			       "starting: its top level runs", name);
		goto out_put;
	}
	if (rt->thread && READ_ONCE(rt->state) == MT_STATE_RUNNING) {
		mt_reply_error(out, EBUSY, "request", "runtime '%s' is busy "
			       "running its spawned function", name);
		goto out_put;
	}
	mt_buf_puts(out, "{\"ok\":true,\"results\":[");
	mt_buf_reset(&c->error);
	status = mt_runtime_eval(rt, chunk, len, out, &c->error);
	if (status == -ESRCH)
		mt_reply_error(out, ENOENT, "request", "runtime '%s' was stopped",
			       name);
	else if (status < 0)
		mt_reply_error(out, -status, "interrupted", "interrupted");
	else if (out->overflow)
		mt_reply_error(out, E2BIG, "request",
			       "response larger than 1 MiB (1048576 bytes)");
	else if (status == MT_OK)
		mt_buf_puts(out, "]}\n");
	else
		mt_reply_lua_error(c, status);
out_put:
	mt_runtime_put(rt);
}

/* The reply of a run whose runtime did not start. */
static void mt_reply_not_started(struct mt_client *c, const struct mt_launch *l)
{
	struct mt_buf *out = &c->s.reply;

	switch (l->result) {
	case MT_LAUNCH_OK:
		break;
	case MT_LAUNCH_EXISTS:
		mt_reply_error(out, EEXIST, "request",
			       "a runtime named '%s' exists", l->name);
		break;
	case MT_LAUNCH_FULL:
		mt_reply_error(out, ENOSPC, "request", "too many runtimes "
			       "(the limit is 1024): '%s'", l->name);
		break;
	case MT_LAUNCH_MEMORY:
		mt_reply_error(out, ENOMEM, "memory", "out of memory");
		break;
	case MT_LAUNCH_ROOT:
		mt_reply_error(out, -l->err, "io", "script root %s: cannot "
			       "resolve it (error %d)", mt_script_root_param,
			       l->err);
		break;
	case MT_LAUNCH_LOAD:
		mt_reply_error(out, -l->err, l->err == -EPERM ||
			       l->err == -ENOENT ? "request" : "io", "%s: %s",
			       l->script, l->why);
		break;
	case MT_LAUNCH_LUA:
		mt_reply_lua_error(c, l->err);
		break;
	case MT_LAUNCH_THREAD:
		mt_reply_error(out, -l->err, "memory",
			       "cannot start the kernel thread");
		break;
	case MT_LAUNCH_STOPPED:
		mt_reply_error(out, EINTR, "interrupted", "runtime '%s' "
			       "was stopped while its top level ran", l->name);
		break;
	case MT_LAUNCH_GONE:
		mt_reply_error(out, ENOENT, "request", "runtime '%s' "
			       "was stopped", l->name);
		break;
	}
}

static void mt_do_run(struct mt_client *c, const struct mt_run_request *req)
{
	struct mt_launch l = {
		.name = req->name,
		.script = req->script,
		.opts = &req->opts,
		.error = &c->error,
	};
	struct mt_buf *out = &c->s.reply;
	struct mt_runtime *rt;

	mt_buf_reset(&c->error);
	rt = mt_runtime_launch(&l);
	if (!rt) {
		mt_reply_not_started(c, &l);
		return;
	}
	mt_buf_puts(out, "{\"ok\":true,\"runtime\":");
	mt_runtime_describe(rt, out);
	mt_buf_puts(out, "}\n");
	mt_runtime_put(rt); /* the registry keeps its own */
}

static void mt_do_stop(struct mt_client *c, const char *name)
{
	struct mt_runtime *rt = mt_registry_get(name);
	int err = rt ? mt_registry_stop(rt, true) : -ENOENT;

	if (err == -ENOENT)
		mt_reply_error(&c->s.reply, ENOENT, "request",
			       "no runtime named '%s'", name);
	else if (err)
		mt_reply_error(&c->s.reply, -err, "interrupted", "interrupted "
			       "while waiting for runtime '%s' to stop", name);
	else
		mt_buf_puts(&c->s.reply, "{\"ok\":true}\n");
	if (!err)
		pr_info("[%s] stopped\n", name);
	if (rt)
		mt_runtime_put(rt);
}

/* req is NUL-terminated; its first line is the command */
static void mt_dispatch(struct mt_client *c, char *req, size_t len)
{
	struct mt_request r;
	char buf[160];
	const char *why;

	why = mt_request_parse(req, len, &r, buf, sizeof(buf));
	if (why) {
		mt_reply_error(&c->s.reply, EINVAL, "request", "%s", why);
		return;
	}
	switch (r.command) {
	case MT_REQ_VERSION:
		mt_do_version(c);
		break;
	case MT_REQ_LIST:
		mt_do_list(c);
		break;
	case MT_REQ_RUN:
		mt_do_run(c, &r.run);
		break;
	case MT_REQ_STOP:
		mt_do_stop(c, r.name);
		break;
	case MT_REQ_EVAL:
		mt_do_eval(c, r.name, r.body, r.body_len);
		break;
	}
}

static ssize_t mt_ctl_write(struct file *file, const char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	struct mt_client *c = mt_client_of(file);
	ssize_t ret = count;
	char *req;
	int err;

	err = mt_session_begin(&c->s);
	if (err)
		return err;
	if (count == 0 || count > MT_REQUEST_MAX) {
		mt_reply_error(&c->s.reply, E2BIG, "request", "%s", count ?
			       "request larger than 1 MiB (1048576 bytes)" :
			       "empty request");
		goto out_unlock;
	}
	/* up to 1 MiB the client chose: ENOMEM to it, no allocation warning */
	req = kvmalloc(count + 1, GFP_KERNEL | __GFP_NOWARN);
	if (!req) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	if (copy_from_user(req, ubuf, count)) {
		ret = -EFAULT;
		goto out_free;
	}
	req[count] = '\0';
	if (strlen(req) != count)
		mt_reply_error(&c->s.reply, EINVAL, "request",
			       "request contains a NUL byte");
	else
		mt_dispatch(c, req, count);
	if (c->s.reply.nomem)
		mt_reply_nomem(&c->s.reply);
out_free:
	kvfree(req);
out_unlock:
	mt_session_end(&c->s);
	return ret;
}

static const struct file_operations mt_ctl_fops = {
	.owner = THIS_MODULE,
	.open = mt_ctl_open,
	.release = mt_ctl_release,
	.read = mt_session_read,
	.write = mt_ctl_write,
	.llseek = noop_llseek,
};

static struct miscdevice mt_ctl_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "moontide",
	.fops = &mt_ctl_fops,
	.mode = 0600,
};

int mt_ctl_register(struct mt_runtime *control)
{
	mt_control = control;
	return misc_register(&mt_ctl_dev);
}

void mt_ctl_unregister(void)
{
	misc_deregister(&mt_ctl_dev);
	mt_control = NULL;
}
