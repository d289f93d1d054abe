/* SPDX-License-Identifier: MIT */
/*
 * libc shim for Lua in the kernel. The kernel's limits are C expressions
 * with casts (~0U, (long long)...), which #if evaluates as intmax_t or
 * cannot evaluate; Lua tests them in #if, so give it plain literals.
 */
#ifndef LK_LIMITS_H
#define LK_LIMITS_H
#include <linux/limits.h>
#undef UINT_MAX
#define UINT_MAX	4294967295U
#undef INT_MAX
#define INT_MAX		2147483647
#undef INT_MIN
#define INT_MIN		(-INT_MAX - 1)
#undef LLONG_MAX
#define LLONG_MAX	9223372036854775807LL
#undef LLONG_MIN
#define LLONG_MIN	(-LLONG_MAX - 1LL)
#undef ULLONG_MAX
#define ULLONG_MAX	18446744073709551615ULL
#ifndef CHAR_BIT
#define CHAR_BIT	8
#endif
#ifndef UCHAR_MAX
#define UCHAR_MAX	255
#endif
#ifndef SCHAR_MAX
#define SCHAR_MAX	127
#endif
#endif
