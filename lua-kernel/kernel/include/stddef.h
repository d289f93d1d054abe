/* SPDX-License-Identifier: MIT */
#ifndef LK_STDDEF_H
#define LK_STDDEF_H
#include <linux/stddef.h>
#include <linux/types.h>
#endif
