/* SPDX-License-Identifier: MIT */
/* Lua's seeds come from lk_makeseed (lkconf.h), not from the clock. */
#ifndef LK_TIME_H
#define LK_TIME_H
#endif
