// SPDX-License-Identifier: GPL-2.0
/*
 * mt_ctl.c - /dev/moontide: one request per write(2), its JSON response
 * read back with read(2) on the same open file. Each open file keeps its
 * own response, so concurrent clients never see each other's answers.
 */
#include <linux/capability.h>
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
#include "mt_runtime.h"

struct mt_client {
	struct mutex lock;	/* one request at a time per open file */
	struct mt_buf response;
	size_t read_pos;	/* how much of the response was read */
	struct mt_buf error;	/* scratch: a Lua error message */
};

static struct mt_runtime *mt_control;

static int mt_ctl_open(struct inode *inode, struct file *file)
{
	struct mt_client *c;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	mutex_init(&c->lock);
	mt_buf_init(&c->response, MT_RESPONSE_MAX);
	mt_buf_init(&c->error, MT_RESPONSE_MAX / 2);
	file->private_data = c;
	return stream_open(inode, file);
}

static int mt_ctl_release(struct inode *inode, struct file *file)
{
	struct mt_client *c = file->private_data;

	mt_buf_free(&c->response);
	mt_buf_free(&c->error);
	kfree(c);
	return 0;
}

static void mt_reply_error(struct mt_buf *out, int err, const char *kind,
			   const char *msg)
{
	mt_buf_reset(out);
	mt_buf_printf(out, "{\"ok\":false,\"errno\":%d,\"kind\":\"%s\",\"error\":",
		      err, kind);
	mt_buf_json_string(out, msg, strlen(msg));
	mt_buf_puts(out, "}\n");
}

static void mt_do_version(struct mt_buf *out)
{
	mt_buf_printf(out, "{\"ok\":true,\"moontide\":\"%s\",\"lua\":\"%s\","
		      "\"protocol\":%d}\n", MOONTIDE_VERSION, MOONTIDE_LUA,
		      MT_PROTOCOL);
}

static const struct {
	int err;
	const char *kind;
} mt_eval_errors[] = {
	[MT_EVAL_SYNTAX] = { ENOEXEC, "syntax" },
	[MT_EVAL_RUNTIME] = { ECANCELED, "runtime" },
	[MT_EVAL_MEMORY] = { ENOMEM, "memory" },
	[MT_EVAL_QUOTA] = { ETIME, "quota" },
	[MT_EVAL_INTERRUPTED] = { EINTR, "interrupted" },
};

/* eval NAME\n<chunk>: only the control runtime '-' exists so far */
static int mt_do_eval(struct mt_client *c, const char *name,
		      const char *chunk, size_t len)
{
	struct mt_buf *out = &c->response;
	int status;

	if (strcmp(name, "-") != 0) {
		mt_reply_error(out, ENOENT, "request", "no runtime by that name");
		return 0;
	}
	mt_buf_puts(out, "{\"ok\":true,\"results\":[");
	mt_buf_reset(&c->error);
	status = mt_runtime_eval(mt_control, chunk, len, out, &c->error);
	if (status < 0)
		return status;
	if (out->overflow) {
		mt_reply_error(out, E2BIG, "request",
			       "response larger than 1 MiB (1048576 bytes)");
	} else if (status == MT_EVAL_OK) {
		mt_buf_puts(out, "]}\n");
	} else {
		mt_buf_reset(out);
		mt_buf_printf(out, "{\"ok\":false,\"errno\":%d,\"kind\":\"%s\",\"error\":",
			      mt_eval_errors[status].err,
			      mt_eval_errors[status].kind);
		mt_buf_put(out, c->error.data, c->error.len);
		mt_buf_puts(out, "}\n");
	}
	return 0;
}

/* req is NUL-terminated; its first line is the command */
static int mt_dispatch(struct mt_client *c, char *req, size_t len)
{
	struct mt_buf *out = &c->response;
	char *nl = strchr(req, '\n');
	char *body = nl ? nl + 1 : req + len;
	char *line = req, *cmd, *arg;

	if (nl)
		*nl = '\0';
	cmd = strsep(&line, " ");
	arg = strsep(&line, " ");

	if (strcmp(cmd, "version") == 0 && !arg)
		mt_do_version(out);
	else if (strcmp(cmd, "eval") == 0 && arg && !line && *arg)
		return mt_do_eval(c, arg, body, req + len - body);
	else if (strcmp(cmd, "eval") == 0)
		mt_reply_error(out, EINVAL, "request",
			       "usage: eval NAME, a newline, then a Lua chunk");
	else if (strcmp(cmd, "version") == 0)
		mt_reply_error(out, EINVAL, "request", "usage: version");
	else if (!strcmp(cmd, "list") || !strcmp(cmd, "run") ||
		 !strcmp(cmd, "stop"))
		mt_reply_error(out, ENOSYS, "request",
			       "command not implemented yet in this build");
	else
		mt_reply_error(out, EINVAL, "request", "unknown command");
	return 0;
}

static ssize_t mt_ctl_write(struct file *file, const char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	struct mt_client *c = file->private_data;
	char *req;
	int err;

	if (mutex_lock_killable(&c->lock))
		return -EINTR;
	mt_buf_reset(&c->response);
	c->read_pos = 0;
	if (count == 0 || count > MT_REQUEST_MAX) {
		mt_reply_error(&c->response, E2BIG, "request", count ?
			       "request larger than 1 MiB (1048576 bytes)" :
			       "empty request");
		goto out;
	}
	req = kvmalloc(count + 1, GFP_KERNEL);
	if (!req) {
		count = -ENOMEM;
		goto out;
	}
	if (copy_from_user(req, ubuf, count)) {
		count = -EFAULT;
		goto out_free;
	}
	req[count] = '\0';
	if (strlen(req) != count) {
		mt_reply_error(&c->response, EINVAL, "request",
			       "request contains a NUL byte");
		goto out_free;
	}
	err = mt_dispatch(c, req, count);
	if (err)
		count = err;
out_free:
	kvfree(req);
out:
	mutex_unlock(&c->lock);
	return count;
}

static ssize_t mt_ctl_read(struct file *file, char __user *ubuf, size_t count,
			   loff_t *ppos)
{
	struct mt_client *c = file->private_data;
	ssize_t n;

	if (mutex_lock_killable(&c->lock))
		return -EINTR;
	n = min(count, c->response.len - c->read_pos);
	if (n && copy_to_user(ubuf, c->response.data + c->read_pos, n))
		n = -EFAULT;
	else
		c->read_pos += n;
	mutex_unlock(&c->lock);
	return n;
}

static const struct file_operations mt_ctl_fops = {
	.owner = THIS_MODULE,
	.open = mt_ctl_open,
	.release = mt_ctl_release,
	.read = mt_ctl_read,
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
