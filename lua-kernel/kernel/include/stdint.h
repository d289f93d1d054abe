/* SPDX-License-Identifier: MIT */
/* No INTPTR_MAX: luaconf.h then uses ptrdiff_t for continuation contexts. */
#ifndef LK_STDINT_H
#define LK_STDINT_H
#include <linux/types.h>
#endif
