/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mt_script.h - reading Lua scripts from the script root, confined to it.
 */
#ifndef MT_SCRIPT_H
#define MT_SCRIPT_H

#include <linux/path.h>
#include <linux/types.h>

#define MT_PATH_MAX	255
#define MT_SCRIPT_MAX	(4 * 1024 * 1024)	/* bytes of one script file */

struct mt_script {
	char *data;		/* kvmalloc'd, NUL-terminated */
	size_t len;
};

/* The script root (module parameter script_root), resolved for the caller. */
int mt_script_root(struct path *root);
/*
 * Reads root/rel. rel must be relative, without '..' components; what it
 * resolves to must stay under root (file_open_root: '..' and absolute
 * symlinks are confined to root). On failure *why says what was wrong.
 */
int mt_script_read(const struct path *root, const char *rel,
		   struct mt_script *s, const char **why);
void mt_script_free(struct mt_script *s);

extern char *mt_script_root_param;

#endif
