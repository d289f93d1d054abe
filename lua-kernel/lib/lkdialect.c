// SPDX-License-Identifier: MIT
/*
 * lkdialect.c - the error messages of the integer-only dialect, shared by
 * the kernel module and luak so both say exactly the same thing.
 */
#include <string.h>

#define LUA_LIB
#include "lua.h"
#include "lauxlib.h"

/*
 * Raised from inside the VM (level 0 is the Lua function running the
 * operator) or from a C metamethod such as string arithmetic (level 1).
 */
long long lk_floaterror(lua_State *L, const char *what)
{
	lua_Debug ar;
	int level;

	lua_pushliteral(L, "");
	for (level = 0; level <= 1 && lua_getstack(L, level, &ar); level++) {
		lua_getinfo(L, "Sl", &ar);
		if (ar.currentline > 0) {
			lua_pop(L, 1);
			lua_pushfstring(L, "%s:%d: ", ar.short_src,
					ar.currentline);
			break;
		}
	}
	lua_pushfstring(L, "attempt to %s: floats are not supported", what);
	lua_concat(L, 2);
	lua_error(L);
	return 0; /* not reached: lua_error does not return */
}

/* 'numeral' is what the lexer read and luaO_str2num refused. */
const char *lk_numeralerror(const char *numeral)
{
	const char *s = numeral;
	int hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');

	if (strchr(s, '.') || strpbrk(s + (hex ? 2 : 0), hex ? "pP" : "eE"))
		return "malformed number (floats are not supported)";
	if (!hex && strspn(s, "0123456789") == strlen(s))
		return "malformed number (integer does not fit in 64 bits)";
	return "malformed number";
}

/* Appends c while there is room; counts it either way, as snprintf does. */
static void lk_put(char *buff, size_t size, int *n, char c)
{
	if ((size_t)*n + 1 < size)
		buff[*n] = c;
	(*n)++;
}

/*
 * string.format's integer conversions (%d %i %u %o %x %X with the flags,
 * width and precision Lua accepts), done here rather than by the host's
 * snprintf: the kernel's differs from C's (e.g. "%.0d" of 0, "%#x" of 0),
 * and the kernel and luak must print the same thing. C99 7.19.6.1 rules.
 */
int lk_formatint(char *buff, size_t size, const char *form, long long v)
{
	int left = 0, plus = 0, space = 0, alt = 0, zero = 0;
	int width = 0, prec = -1, base = 10, upper = 0, neg = 0;
	char digits[24], sign = 0, conv;
	const char *p = form + 1; /* skip '%' */
	unsigned long long u;
	int nd = 0, nzeros, prefix, len, pad, i, n = 0;

	for (;; p++) {
		if (*p == '-') left = 1;
		else if (*p == '+') plus = 1;
		else if (*p == ' ') space = 1;
		else if (*p == '#') alt = 1;
		else if (*p == '0') zero = 1;
		else break;
	}
	while (*p >= '0' && *p <= '9')
		width = width * 10 + (*p++ - '0');
	if (*p == '.') {
		prec = 0;
		while (*++p >= '0' && *p <= '9')
			prec = prec * 10 + (*p - '0');
	}
	while (*p == 'l')
		p++;
	conv = *p;
	if (conv == 'd' || conv == 'i') {
		neg = v < 0;
		u = neg ? 0ULL - (unsigned long long)v : (unsigned long long)v;
		sign = neg ? '-' : plus ? '+' : space ? ' ' : 0;
	} else {
		u = (unsigned long long)v;
		base = conv == 'o' ? 8 : conv == 'u' ? 10 : 16;
		upper = conv == 'X';
	}
	while (u) {
		int d = (int)(u % base);

		digits[nd++] = (char)(d < 10 ? '0' + d : (upper ? 'A' : 'a') + d - 10);
		u /= base;
	}
	if (prec < 0) {
		prec = 1;
	} else {
		zero = 0; /* a precision cancels the '0' flag */
	}
	nzeros = prec > nd ? prec - nd : 0;
	if (alt && base == 8 && nzeros == 0 && (nd == 0 || digits[nd - 1] != '0'))
		nzeros = 1; /* '#' with %o: the first digit is a 0 */
	prefix = (alt && base == 16 && nd > 0) ? 2 : 0;
	len = (sign != 0) + prefix + nzeros + nd;
	pad = width > len ? width - len : 0;
	if (zero && !left) {
		nzeros += pad;
		pad = 0;
	}
	for (i = 0; !left && i < pad; i++)
		lk_put(buff, size, &n, ' ');
	if (sign)
		lk_put(buff, size, &n, sign);
	if (prefix) {
		lk_put(buff, size, &n, '0');
		lk_put(buff, size, &n, upper ? 'X' : 'x');
	}
	for (i = 0; i < nzeros; i++)
		lk_put(buff, size, &n, '0');
	while (nd > 0)
		lk_put(buff, size, &n, digits[--nd]);
	for (i = 0; left && i < pad; i++)
		lk_put(buff, size, &n, ' ');
	if (size)
		buff[(size_t)n < size ? (size_t)n : size - 1] = '\0';
	return n;
}
