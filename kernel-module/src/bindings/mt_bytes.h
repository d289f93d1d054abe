/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mt_bytes.h - the integer accessors every byte view shares (a data buffer,
 * a packet): get/set of 8, 16, 32 and 64-bit integers, signed or not,
 * little or big endian, under the same method names everywhere:
 *   getu8 geti8 getu16 geti16 getu32 geti32 geti64, ...be for big-endian
 *   (network order), and the set... of each.
 * A view defines getint(L, width, flags) and setint(L, width, flags) and
 * expands MT_BYTES_INTS(prefix, getint, setint) for the methods and
 * MT_BYTES_METHODS(prefix) in its method table.
 */
#ifndef MT_BYTES_H
#define MT_BYTES_H

#include <linux/types.h>

#include "lauxlib.h"

#define MT_BYTES_SIGNED	1
#define MT_BYTES_BIG	2

static inline u64 mt_bytes_load(const u8 *p, int width, int flags)
{
	u64 v = 0;
	int i;

	for (i = 0; i < width; i++) {
		int at = flags & MT_BYTES_BIG ? i : width - 1 - i;

		v = (v << 8) | p[at];
	}
	if ((flags & MT_BYTES_SIGNED) && width < 8) /* sign-extend */
		v = (u64)((s64)(v << (64 - 8 * width)) >> (64 - 8 * width));
	return v;
}

static inline void mt_bytes_store(u8 *p, int width, int flags, u64 v)
{
	int i;

	for (i = 0; i < width; i++) {
		int at = flags & MT_BYTES_BIG ? width - 1 - i : i;

		p[at] = v & 0xff;
		v >>= 8;
	}
}

/*
 * Checks that len bytes at off lie inside a view of size bytes; raises
 * "<what>: N bytes at offset O are out of bounds (<sizeword> S)".
 */
static inline void mt_bytes_range(lua_State *L, const char *what,
				  const char *sizeword, lua_Integer off,
				  lua_Integer len, size_t size)
{
	if (off < 0 || len < 0 || off > size || len > size - off)
		luaL_error(L, "%s: %I bytes at offset %I are out of bounds "
			   "(%s %I)", what, len, off, sizeword,
			   (lua_Integer)size);
}

/* The value at argument arg, checked against width's range; raises. */
static inline u64 mt_bytes_checkvalue(lua_State *L, int arg, int width,
				      int flags)
{
	lua_Integer v = luaL_checkinteger(L, arg);

	if (width < 8) { /* 8 bytes: every integer fits */
		int bits = 8 * width;
		lua_Integer lo = 0, hi = (1LL << bits) - 1;

		if (flags & MT_BYTES_SIGNED) {
			lo = -(1LL << (bits - 1));
			hi = (1LL << (bits - 1)) - 1;
		}
		if (v < lo || v > hi)
			luaL_argerror(L, arg, lua_pushfstring(L,
				"value %I out of range [%I, %I]", v, lo, hi));
	}
	return (u64)v;
}

#define MT_BYTES_INT(prefix, get, set, name, width, flags)	\
static int prefix##_get##name(lua_State *L)			\
{								\
	return get(L, width, flags);				\
}								\
static int prefix##_set##name(lua_State *L)			\
{								\
	return set(L, width, flags);				\
}

#define MT_BYTES_INTS(prefix, get, set)						\
	MT_BYTES_INT(prefix, get, set, i8, 1, MT_BYTES_SIGNED)			\
	MT_BYTES_INT(prefix, get, set, u8, 1, 0)				\
	MT_BYTES_INT(prefix, get, set, i16, 2, MT_BYTES_SIGNED)			\
	MT_BYTES_INT(prefix, get, set, u16, 2, 0)				\
	MT_BYTES_INT(prefix, get, set, i32, 4, MT_BYTES_SIGNED)			\
	MT_BYTES_INT(prefix, get, set, u32, 4, 0)				\
	MT_BYTES_INT(prefix, get, set, i64, 8, MT_BYTES_SIGNED)			\
	MT_BYTES_INT(prefix, get, set, i16be, 2, MT_BYTES_SIGNED | MT_BYTES_BIG) \
	MT_BYTES_INT(prefix, get, set, u16be, 2, MT_BYTES_BIG)			\
	MT_BYTES_INT(prefix, get, set, i32be, 4, MT_BYTES_SIGNED | MT_BYTES_BIG) \
	MT_BYTES_INT(prefix, get, set, u32be, 4, MT_BYTES_BIG)			\
	MT_BYTES_INT(prefix, get, set, i64be, 8, MT_BYTES_SIGNED | MT_BYTES_BIG)

#define MT_BYTES_METHOD(prefix, name)					\
	{ "get" #name, prefix##_get##name }, { "set" #name, prefix##_set##name }

#define MT_BYTES_METHODS(prefix)					\
	MT_BYTES_METHOD(prefix, i8), MT_BYTES_METHOD(prefix, u8),	\
	MT_BYTES_METHOD(prefix, i16), MT_BYTES_METHOD(prefix, u16),	\
	MT_BYTES_METHOD(prefix, i32), MT_BYTES_METHOD(prefix, u32),	\
	MT_BYTES_METHOD(prefix, i64),					\
	MT_BYTES_METHOD(prefix, i16be), MT_BYTES_METHOD(prefix, u16be),	\
	MT_BYTES_METHOD(prefix, i32be), MT_BYTES_METHOD(prefix, u32be),	\
	MT_BYTES_METHOD(prefix, i64be)

#endif
