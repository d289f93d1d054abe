/* SPDX-License-Identifier: MIT */
/* libc shim for Lua in the kernel. No locales: strcoll is strcmp. */
#ifndef LK_STRING_H
#define LK_STRING_H
#include <linux/string.h>
#define strcoll(a, b) strcmp((a), (b))
char *strerror(int errnum);
#endif
