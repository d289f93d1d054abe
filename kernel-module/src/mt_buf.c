// SPDX-License-Identifier: GPL-2.0
/*
 * mt_buf.c - growable, size-limited byte buffers and JSON string escaping.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "mt_buf.h"

void mt_buf_init(struct mt_buf *b, size_t limit)
{
	memset(b, 0, sizeof(*b));
	b->limit = limit;
}

void mt_buf_free(struct mt_buf *b)
{
	kvfree(b->data);
	mt_buf_init(b, b->limit);
}

void mt_buf_reset(struct mt_buf *b)
{
	b->len = 0;
	b->overflow = false;
	b->nomem = false;
}

static int mt_buf_reserve(struct mt_buf *b, size_t n)
{
	size_t cap;
	char *data;

	if (b->len + n <= b->cap)
		return 0;
	if (n > b->limit - b->len) {
		b->overflow = true;
		return -E2BIG;
	}
	cap = max3(b->cap * 2, b->len + n, (size_t)256);
	cap = min(cap, b->limit);
	/* sized by the request: a failure is the client's ENOMEM, not a splat */
	data = kvmalloc(cap, GFP_KERNEL | __GFP_NOWARN);
	if (!data) {
		b->nomem = true;
		return -ENOMEM;
	}
	if (b->len)
		memcpy(data, b->data, b->len);
	kvfree(b->data);
	b->data = data;
	b->cap = cap;
	return 0;
}

int mt_buf_prealloc(struct mt_buf *b, size_t n)
{
	int err = mt_buf_reserve(b, n > b->len ? n - b->len : 0);

	b->nomem = false;
	return err;
}

int mt_buf_put(struct mt_buf *b, const char *s, size_t n)
{
	int err = mt_buf_reserve(b, n);

	if (err)
		return err;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	return 0;
}

int mt_buf_puts(struct mt_buf *b, const char *s)
{
	return mt_buf_put(b, s, strlen(s));
}

int mt_buf_printf(struct mt_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n, err;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	err = mt_buf_reserve(b, n + 1); /* vsnprintf writes a NUL */
	if (err)
		return err;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, n + 1, fmt, ap);
	va_end(ap);
	b->len += n;
	return 0;
}

/* Length of the valid UTF-8 sequence starting at s, or 0 if invalid. */
static size_t mt_utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	u32 cp;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;
	if (len > n)
		return 0;
	cp = s[0] & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* no overlong forms, no surrogates, nothing past U+10FFFF */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

/*
 * Lua strings are bytes. Valid UTF-8 passes through; a byte that is not
 * part of valid UTF-8 becomes \u00XX, so the response is always valid JSON.
 */
int mt_buf_json_string(struct mt_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run;
	int err;

	err = mt_buf_put(b, "\"", 1);
	while (!err && i < n) {
		unsigned char c = p[i];

		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			for (run = i; run < n && p[run] >= 0x20 && p[run] < 0x80 &&
			     p[run] != '"' && p[run] != '\\'; run++)
				;
			err = mt_buf_put(b, s + i, run - i);
			i = run;
		} else if (c >= 0x80 && (run = mt_utf8_len(p + i, n - i))) {
			err = mt_buf_put(b, s + i, run);
			i += run;
		} else {
			switch (c) {
			case '"': err = mt_buf_puts(b, "\\\""); break;
			case '\\': err = mt_buf_puts(b, "\\\\"); break;
			case '\n': err = mt_buf_puts(b, "\\n"); break;
			case '\t': err = mt_buf_puts(b, "\\t"); break;
			case '\r': err = mt_buf_puts(b, "\\r"); break;
			default: err = mt_buf_printf(b, "\\u%04x", c); break;
			}
			i++;
		}
	}
	return err ? err : mt_buf_put(b, "\"", 1);
}

ssize_t mt_buf_read_user(const struct mt_buf *b, size_t *pos,
			 char __user *ubuf, size_t count)
{
	size_t n = min(count, b->len - *pos);

	if (n && copy_to_user(ubuf, b->data + *pos, n))
		return -EFAULT;
	*pos += n;
	return n;
}
