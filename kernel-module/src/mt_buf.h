/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mt_buf.h - a growable byte buffer with a hard size limit, used to build
 * the JSON responses of the control device.
 */
#ifndef MT_BUF_H
#define MT_BUF_H

#include <linux/compiler.h>
#include <linux/types.h>

struct mt_buf {
	char *data;
	size_t len;
	size_t cap;
	size_t limit;		/* growing past this fails */
	bool overflow;		/* a write did not fit: the content is cut */
	bool nomem;		/* a write found no memory: the content is cut */
};

void mt_buf_init(struct mt_buf *b, size_t limit);
void mt_buf_free(struct mt_buf *b);
void mt_buf_reset(struct mt_buf *b);
/* Makes room for n bytes in all (kept across resets): 0 or -ENOMEM. */
int mt_buf_prealloc(struct mt_buf *b, size_t n);
int mt_buf_put(struct mt_buf *b, const char *s, size_t n);
int mt_buf_puts(struct mt_buf *b, const char *s);
int mt_buf_printf(struct mt_buf *b, const char *fmt, ...) __printf(2, 3);
/* Appends s as a JSON string literal, quotes included. */
int mt_buf_json_string(struct mt_buf *b, const char *s, size_t n);
/*
 * read(2) of a reply: copies what follows *pos (at most count bytes) to
 * ubuf and advances *pos; 0 at the end, -EFAULT on a bad buffer.
 */
ssize_t mt_buf_read_user(const struct mt_buf *b, size_t *pos,
			 char __user *ubuf, size_t count);

#endif
