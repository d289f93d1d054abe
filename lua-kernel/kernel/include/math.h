/* SPDX-License-Identifier: MIT */
/*
 * libc shim for Lua in the kernel. lua_Number is an integer (lkconf.h);
 * these only serve code paths for float values, which never exist.
 * Macros, so they do not clash with the compiler's built-in float versions.
 */
#ifndef LK_MATH_H
#define LK_MATH_H
static inline long long lk_floor(long long x)
{
	return x;
}

static inline long long lk_ldexp(long long x, int e)
{
	return e >= 0 ? x << e : x >> -e;
}

#define floor(x)	lk_floor(x)
#define ldexp(x, e)	lk_ldexp((x), (e))
#endif
