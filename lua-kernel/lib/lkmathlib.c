// SPDX-License-Identifier: MIT
/*
 * lkmathlib.c - the 'math' library of the integer-only dialect.
 *
 * Replaces Lua's lmathlib.c: every function works on 64-bit integers.
 * Names that only make sense for floats (sqrt, sin, pi, huge...) raise an
 * error saying so, rather than quietly being nil.
 */
#include <string.h>

#define LUA_LIB
#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"

static int lkmath_abs(lua_State *L)
{
	lua_Integer n = luaL_checkinteger(L, 1);

	if (n < 0) /* wraps at mininteger, as Lua does */
		n = (lua_Integer)(0u - (lua_Unsigned)n);
	lua_pushinteger(L, n);
	return 1;
}

/* floor and ceil of an integer are the integer itself */
static int lkmath_identity(lua_State *L)
{
	lua_pushinteger(L, luaL_checkinteger(L, 1));
	return 1;
}

static int lkmath_fmod(lua_State *L)
{
	lua_Integer a = luaL_checkinteger(L, 1);
	lua_Integer b = luaL_checkinteger(L, 2);

	luaL_argcheck(L, b != 0, 2, "zero");
	/* b == -1 would trap on mininteger % -1 */
	lua_pushinteger(L, b == -1 ? 0 : a % b);
	return 1;
}

static int lkmath_extreme(lua_State *L, int want_max)
{
	int n = lua_gettop(L);
	int best = 1;
	int i;

	luaL_checkinteger(L, 1);
	for (i = 2; i <= n; i++) {
		lua_Integer v = luaL_checkinteger(L, i);
		lua_Integer b = lua_tointeger(L, best);

		if (want_max ? v > b : v < b)
			best = i;
	}
	lua_pushvalue(L, best);
	return 1;
}

static int lkmath_max(lua_State *L) { return lkmath_extreme(L, 1); }
static int lkmath_min(lua_State *L) { return lkmath_extreme(L, 0); }

static int lkmath_tointeger(lua_State *L)
{
	int valid;
	lua_Integer n = lua_tointegerx(L, 1, &valid);

	if (valid) {
		lua_pushinteger(L, n);
	} else {
		luaL_checkany(L, 1);
		luaL_pushfail(L);
	}
	return 1;
}

static int lkmath_type(lua_State *L)
{
	if (lua_type(L, 1) == LUA_TNUMBER) {
		lua_pushliteral(L, "integer");
	} else {
		luaL_checkany(L, 1);
		luaL_pushfail(L);
	}
	return 1;
}

static int lkmath_ult(lua_State *L)
{
	lua_Integer a = luaL_checkinteger(L, 1);
	lua_Integer b = luaL_checkinteger(L, 2);

	lua_pushboolean(L, (lua_Unsigned)a < (lua_Unsigned)b);
	return 1;
}

/* {== pseudo-random numbers: xoshiro256** (Blackman and Vigna) =========*/
struct lkmath_rng {
	unsigned long long s[4];
};

static unsigned long long lkmath_rotl(unsigned long long x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static unsigned long long lkmath_next(struct lkmath_rng *g)
{
	unsigned long long *s = g->s;
	unsigned long long out = lkmath_rotl(s[1] * 5, 7) * 9;
	unsigned long long t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = lkmath_rotl(s[3], 45);
	return out;
}

static void lkmath_seed(struct lkmath_rng *g, lua_Integer a, lua_Integer b)
{
	int i;

	g->s[0] = (unsigned long long)a;
	g->s[1] = 0xff; /* never an all-zero state */
	g->s[2] = (unsigned long long)b;
	g->s[3] = 0;
	for (i = 0; i < 16; i++) /* mix the seed into every word */
		lkmath_next(g);
}

/* A uniform value in [0, range], by rejection: no modulo bias. */
static unsigned long long lkmath_project(struct lkmath_rng *g,
					 unsigned long long range)
{
	unsigned long long mask = range;
	unsigned long long r;

	if ((range & (range + 1)) == 0) /* range + 1 is a power of 2 */
		return lkmath_next(g) & range;
	mask |= mask >> 1;
	mask |= mask >> 2;
	mask |= mask >> 4;
	mask |= mask >> 8;
	mask |= mask >> 16;
	mask |= mask >> 32;
	do {
		r = lkmath_next(g) & mask;
	} while (r > range);
	return r;
}

static int lkmath_random(lua_State *L)
{
	struct lkmath_rng *g = lua_touserdata(L, lua_upvalueindex(1));
	lua_Integer low, up;

	switch (lua_gettop(L)) {
	case 0:
		return luaL_error(L, "math.random() would return a float: "
				  "floats are not supported (use math.random(m, n))");
	case 1:
		low = 1;
		up = luaL_checkinteger(L, 1);
		if (up == 0) { /* math.random(0): all 64 bits */
			lua_pushinteger(L, (lua_Integer)lkmath_next(g));
			return 1;
		}
		break;
	case 2:
		low = luaL_checkinteger(L, 1);
		up = luaL_checkinteger(L, 2);
		break;
	default:
		return luaL_error(L, "wrong number of arguments");
	}
	luaL_argcheck(L, low <= up, 1, "interval is empty");
	lua_pushinteger(L, (lua_Integer)((lua_Unsigned)low +
		lkmath_project(g, (lua_Unsigned)up - (lua_Unsigned)low)));
	return 1;
}

static int lkmath_randomseed(lua_State *L)
{
	struct lkmath_rng *g = lua_touserdata(L, lua_upvalueindex(1));
	lua_Integer a, b;

	if (lua_isnone(L, 1)) {
		a = (lua_Integer)lk_makeseed();
		b = (lua_Integer)lk_makeseed();
	} else {
		a = luaL_checkinteger(L, 1);
		b = luaL_optinteger(L, 2, 0);
	}
	lkmath_seed(g, a, b);
	lua_pushinteger(L, a);
	lua_pushinteger(L, b);
	return 2;
}
/* }==================================================================== */

static const char *const lkmath_float_only[] = {
	"pi", "huge", "sqrt", "exp", "log", "sin", "cos", "tan", "asin",
	"acos", "atan", "modf", "frexp", "ldexp", "pow", "cosh", "sinh",
	"tanh", "log10", "deg", "rad", NULL
};

/* __index of 'math': a float-only name is an error, anything else nil */
static int lkmath_index(lua_State *L)
{
	const char *key = lua_tostring(L, 2);
	int i;

	for (i = 0; key && lkmath_float_only[i]; i++) {
		if (strcmp(key, lkmath_float_only[i]) == 0)
			return luaL_error(L, "math.%s: floats are not supported",
					  key);
	}
	return 0;
}

static const luaL_Reg lkmath_funcs[] = {
	{ "abs", lkmath_abs },
	{ "ceil", lkmath_identity },
	{ "floor", lkmath_identity },
	{ "fmod", lkmath_fmod },
	{ "max", lkmath_max },
	{ "min", lkmath_min },
	{ "tointeger", lkmath_tointeger },
	{ "type", lkmath_type },
	{ "ult", lkmath_ult },
	{ "random", NULL },
	{ "randomseed", NULL },
	{ "maxinteger", NULL },
	{ "mininteger", NULL },
	{ NULL, NULL }
};

static const luaL_Reg lkmath_rngfuncs[] = {
	{ "random", lkmath_random },
	{ "randomseed", lkmath_randomseed },
	{ NULL, NULL }
};

LUAMOD_API int luaopen_math(lua_State *L)
{
	struct lkmath_rng *g;

	luaL_newlib(L, lkmath_funcs);
	lua_pushinteger(L, LUA_MAXINTEGER);
	lua_setfield(L, -2, "maxinteger");
	lua_pushinteger(L, LUA_MININTEGER);
	lua_setfield(L, -2, "mininteger");

	g = lua_newuserdatauv(L, sizeof(*g), 0);
	lkmath_seed(g, (lua_Integer)lk_makeseed(), (lua_Integer)lk_makeseed());
	luaL_setfuncs(L, lkmath_rngfuncs, 1);

	lua_createtable(L, 0, 1);
	lua_pushcfunction(L, lkmath_index);
	lua_setfield(L, -2, "__index");
	lua_setmetatable(L, -2);
	return 1;
}
