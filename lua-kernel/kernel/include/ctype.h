/* SPDX-License-Identifier: MIT */
/* libc shim for Lua in the kernel: the kernel's ASCII classification. */
#ifndef LK_CTYPE_H
#define LK_CTYPE_H
#include <linux/ctype.h>
#endif
