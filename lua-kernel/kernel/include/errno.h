/* SPDX-License-Identifier: MIT */
/*
 * libc shim for Lua in the kernel. Lua reads errno only to word the message
 * of a failed file operation, and no file operation exists here.
 */
#ifndef LK_ERRNO_H
#define LK_ERRNO_H
#include <linux/errno.h>
#define errno (*lk_errno())
int *lk_errno(void);
#endif
