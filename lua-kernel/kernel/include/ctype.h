/* SPDX-License-Identifier: MIT */
/*
 * libc shim for Lua in the kernel: character classes of the C locale.
 * The kernel's own ctype treats bytes 0xc0-0xff as Latin-1 letters
 * (toupper(0xff) is 0xdf); string.upper, patterns (%a, %l...) must see
 * ASCII only, as luak does.
 */
#ifndef LK_CTYPE_H
#define LK_CTYPE_H
#include <linux/ctype.h>

#undef isalnum
#undef isalpha
#undef iscntrl
#undef isdigit
#undef isgraph
#undef islower
#undef isprint
#undef ispunct
#undef isspace
#undef isupper
#undef isxdigit
#undef tolower
#undef toupper

static inline int lk_isupper(int c) { return c >= 'A' && c <= 'Z'; }
static inline int lk_islower(int c) { return c >= 'a' && c <= 'z'; }
static inline int lk_isdigit(int c) { return c >= '0' && c <= '9'; }
static inline int lk_isalpha(int c) { return lk_isupper(c) || lk_islower(c); }
static inline int lk_isalnum(int c) { return lk_isalpha(c) || lk_isdigit(c); }
static inline int lk_iscntrl(int c) { return (c >= 0 && c < 0x20) || c == 0x7f; }
static inline int lk_isgraph(int c) { return c > 0x20 && c < 0x7f; }
static inline int lk_isprint(int c) { return c >= 0x20 && c < 0x7f; }
static inline int lk_ispunct(int c) { return lk_isgraph(c) && !lk_isalnum(c); }
static inline int lk_isspace(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static inline int lk_isxdigit(int c)
{
	return lk_isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
static inline int lk_tolower(int c) { return lk_isupper(c) ? c + 32 : c; }
static inline int lk_toupper(int c) { return lk_islower(c) ? c - 32 : c; }

#define isalnum(c)	lk_isalnum(c)
#define isalpha(c)	lk_isalpha(c)
#define iscntrl(c)	lk_iscntrl(c)
#define isdigit(c)	lk_isdigit(c)
#define isgraph(c)	lk_isgraph(c)
#define islower(c)	lk_islower(c)
#define isprint(c)	lk_isprint(c)
#define ispunct(c)	lk_ispunct(c)
#define isspace(c)	lk_isspace(c)
#define isupper(c)	lk_isupper(c)
#define isxdigit(c)	lk_isxdigit(c)
#define tolower(c)	lk_tolower(c)
#define toupper(c)	lk_toupper(c)
#endif
