// SPDX-License-Identifier: GPL-2.0
/*
 * mt_session.c - the per-open-file request and reply of the control devices.
 */
#include <linux/capability.h>

#include "mt_session.h"

int mt_session_open(struct inode *inode, struct file *file,
		    struct mt_session *s, size_t reply_limit)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	mutex_init(&s->lock);
	mt_buf_init(&s->reply, reply_limit);
	file->private_data = s;
	return stream_open(inode, file);
}

void mt_session_release(struct mt_session *s)
{
	mt_buf_free(&s->reply);
}

int mt_session_begin(struct mt_session *s)
{
	if (mutex_lock_killable(&s->lock))
		return -EINTR;
	mt_buf_reset(&s->reply); /* no old reply is read again */
	s->read_pos = 0;
	if (mt_buf_prealloc(&s->reply, MT_REPLY_RESERVE)) {
		mutex_unlock(&s->lock);
		return -ENOMEM;
	}
	return 0;
}

void mt_session_end(struct mt_session *s)
{
	mutex_unlock(&s->lock);
}

ssize_t mt_session_read(struct file *file, char __user *ubuf, size_t count,
			loff_t *ppos)
{
	struct mt_session *s = file->private_data;
	ssize_t n;

	if (mutex_lock_killable(&s->lock))
		return -EINTR;
	n = mt_buf_read_user(&s->reply, &s->read_pos, ubuf, count);
	mutex_unlock(&s->lock);
	return n;
}
