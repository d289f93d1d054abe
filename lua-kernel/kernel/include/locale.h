/* SPDX-License-Identifier: MIT */
/* libc shim for Lua in the kernel: the radix is always '.' (lkconf.h). */
#ifndef LK_LOCALE_H
#define LK_LOCALE_H
#endif
