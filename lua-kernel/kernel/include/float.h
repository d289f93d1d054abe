/* SPDX-License-Identifier: MIT */
/* libc shim for Lua in the kernel: no float type exists (see lkconf.h). */
#ifndef LK_FLOAT_H
#define LK_FLOAT_H
#endif
