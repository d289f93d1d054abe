/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mt_session.h - one open file of a control device (/dev/moontide,
 * /dev/lunatik): one request per write(2), its reply read back with read(2)
 * on the same open file, so concurrent clients never see each other's.
 */
#ifndef MT_SESSION_H
#define MT_SESSION_H

#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include "mt_buf.h"

struct mt_session {
	struct mutex lock;	/* one request at a time per open file */
	struct mt_buf reply;
	size_t read_pos;	/* how much of the reply was read */
};

/*
 * open(2): needs CAP_SYS_ADMIN (-EPERM before s is touched); s, zeroed and
 * inside the device's own per-file structure, becomes file->private_data.
 * The device finds its structure with container_of.
 */
int mt_session_open(struct inode *inode, struct file *file,
		    struct mt_session *s, size_t reply_limit);
/* Frees the reply (s itself, and what else holds it, is the caller's). */
void mt_session_release(struct mt_session *s);
/*
 * The room a reply always has, taken before a request does anything: an
 * error reply, or a short one, then never needs memory, and a request that
 * cannot have it fails with -ENOMEM having changed nothing.
 */
#define MT_REPLY_RESERVE	4096

/*
 * A request: begin takes the lock (killable: -EINTR), empties the reply
 * and makes sure of MT_REPLY_RESERVE bytes for it (-ENOMEM, unlocked, if
 * not); end drops the lock, after the reply is written.
 */
int mt_session_begin(struct mt_session *s);
void mt_session_end(struct mt_session *s);
/* read(2) of the reply: the same for every control device. */
ssize_t mt_session_read(struct file *file, char __user *ubuf, size_t count,
			loff_t *ppos);

#endif
