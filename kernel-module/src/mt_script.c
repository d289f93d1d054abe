// SPDX-License-Identifier: GPL-2.0
/*
 * mt_script.c - scripts come from one directory tree, the script root, and
 * nothing a request names may read a file outside it.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "mt_script.h"

int mt_script_root(struct path *root)
{
	return kern_path(mt_script_root_param, LOOKUP_FOLLOW | LOOKUP_DIRECTORY,
			 root);
}

/* Lexical checks first: the request must not even name an escape. */
static const char *mt_script_bad_name(const char *rel)
{
	const char *p = rel;
	size_t len = strlen(rel);

	if (len == 0)
		return "empty script path";
	if (len > MT_PATH_MAX)
		return "script path longer than 255 bytes";
	if (rel[0] == '/')
		return "absolute script path: paths are relative to the script root";
	while (*p) {
		size_t seg = strcspn(p, "/");

		if (seg == 2 && p[0] == '.' && p[1] == '.')
			return "'..' in script path: it would leave the script root";
		p += seg;
		if (*p == '/')
			p++;
	}
	for (p = rel; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return "control character in script path";
	}
	return NULL;
}

static struct file *mt_script_open(const struct path *root, const char *rel,
				   const char **why)
{
	struct file *f, *link;

	f = file_open_root(root, rel, O_RDONLY | O_LARGEFILE, 0);
	if (IS_ERR(f) && PTR_ERR(f) == -ENOENT) {
		/* a symlink that only resolves outside the root looks absent */
		link = file_open_root(root, rel, O_PATH | O_NOFOLLOW, 0);
		if (!IS_ERR(link)) {
			if (S_ISLNK(file_inode(link)->i_mode)) {
				*why = "symlink does not resolve inside the script root";
				fput(link);
				return ERR_PTR(-EPERM);
			}
			fput(link);
		}
		*why = "no such file under the script root";
	} else if (IS_ERR(f)) {
		*why = "cannot open the script";
	} else if (!path_is_under(&f->f_path, root)) {
		*why = "script resolves outside the script root";
		fput(f);
		f = ERR_PTR(-EPERM);
	} else if (!S_ISREG(file_inode(f)->i_mode)) {
		*why = "not a regular file";
		fput(f);
		f = ERR_PTR(-EINVAL);
	}
	return f;
}

int mt_script_read(const struct path *root, const char *rel,
		   struct mt_script *s, const char **why)
{
	struct file *f;
	loff_t size, pos = 0;
	ssize_t n;
	int err = 0;

	s->data = NULL;
	s->len = 0;
	*why = mt_script_bad_name(rel);
	if (*why)
		return -EPERM;
	f = mt_script_open(root, rel, why);
	if (IS_ERR(f))
		return PTR_ERR(f);
	size = i_size_read(file_inode(f));
	if (size > MT_SCRIPT_MAX) {
		*why = "script larger than 4 MiB";
		err = -EFBIG;
		goto out_put;
	}
	/* up to 4 MiB, sized by the script: its failure is the request's */
	s->data = kvmalloc(size + 1, GFP_KERNEL | __GFP_NOWARN);
	if (!s->data) {
		*why = "out of memory";
		err = -ENOMEM;
		goto out_put;
	}
	while (pos < size) {
		n = kernel_read(f, s->data + pos, size - pos, &pos);
		if (n <= 0) {
			*why = n ? "cannot read the script" :
				   "script changed size while being read";
			err = n ? n : -EIO;
			goto out_free;
		}
	}
	s->data[size] = '\0';
	s->len = size;
	goto out_put;

out_free:
	kvfree(s->data);
	s->data = NULL;
out_put:
	fput(f);
	return err;
}

void mt_script_free(struct mt_script *s)
{
	kvfree(s->data);
	s->data = NULL;
	s->len = 0;
}
