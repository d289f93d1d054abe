/* SPDX-License-Identifier: MIT */
#ifndef LK_STDARG_H
#define LK_STDARG_H
#include <linux/stdarg.h>
#endif
