/* SPDX-License-Identifier: MIT */
/*
 * lkconf.h - configuration of moontide's integer-only Lua dialect.
 *
 * luaconf.h includes this file last (patch 0001) when LUA_KERNEL_DIALECT
 * is defined; the kernel module and the userspace luak both build with it,
 * so both run the same language:
 *   - numbers have one subtype, the 64-bit integer; lua_Number is that same
 *     integer type, so no float type ever reaches the compiler (the x86-64
 *     kernel is built with SSE and x87 disabled);
 *   - '/' and '^' raise an error, float literals do not compile;
 *   - C stack use is bounded by bytes left as well as by call depth.
 */
#ifndef lkconf_h
#define lkconf_h

struct lua_State;

/* Raise "attempt to <what>: floats are not supported"; never returns. */
long long lk_floaterror(struct lua_State *L, const char *what);
/* Message for a numeral that is not a 64-bit integer. */
const char *lk_numeralerror(const char *numeral);
/* Seed for string hashing and table.sort's pivot. */
unsigned int lk_makeseed(void);
/* string.format's integer conversions, the same in the kernel and luak. */
int lk_formatint(char *buff, __SIZE_TYPE__ size, const char *form, long long v);
/* C stack room: 2 plenty, 1 low (raise an error), 0 exhausted. */
int lk_cstackroom(void);
unsigned long lk_offstack_enter(void);
void lk_offstack_exit(unsigned long outer);

/* {== one number type =================================================*/
#undef LUA_NUMBER
#define LUA_NUMBER		long long
#undef LUAI_UACNUMBER
#define LUAI_UACNUMBER		long long
#undef LUA_NUMBER_FRMLEN
#define LUA_NUMBER_FRMLEN	"ll"
#undef LUA_NUMBER_FMT
#define LUA_NUMBER_FMT		"%lld"
#undef lua_number2str
#define lua_number2str(s,sz,n)	l_sprintf((s), sz, "%lld", (long long)(n))
#undef lua_numbertointeger
#define lua_numbertointeger(n,p)	((*(p) = (LUA_INTEGER)(n)), 1)
#undef l_floor
#define l_floor(x)		(x)
/* Only reached by code for float values, which cannot exist. */
#undef l_mathop
#define l_mathop(op)		(lua_Number)op
#undef l_floatatt
#define l_floatatt(n)		(LK_INT_##n)
#define LK_INT_MANT_DIG		64
#define LK_INT_MAX_10_EXP	19
#define LK_INT_DIG		18

/* No string converts to a float: these report "nothing recognised". */
#undef lua_str2number
#define lua_str2number(s,p)	(*(p) = (char *)(s), (lua_Number)0)
#define lua_strx2number(s,p)	lua_str2number(s,p)
#undef lua_number2strx
#define lua_number2strx(L,b,sz,f,n)	\
	((void)(b), (void)(sz), (void)(f), (void)(n), \
	 luaL_error(L, "floats are not supported"))

#define luai_numdiv(L,a,b)	\
	((void)(a), (void)(b), \
	 lk_floaterror(L, "perform float division ('/')"))
#define luai_numpow(L,a,b)	\
	((void)(a), (void)(b), lk_floaterror(L, "perform exponentiation ('^')"))
#define luai_numidiv(L,a,b)	\
	((void)(a), (void)(b), lk_floaterror(L, "perform float floor division"))
#define luai_nummod(L,a,b,m)	\
	{ (void)(a); (void)(b); (m) = lk_floaterror(L, "perform float modulo"); }
#define luai_numadd(L,a,b)	((a) + (b))
#define luai_numsub(L,a,b)	((a) - (b))
#define luai_nummul(L,a,b)	((a) * (b))
#define luai_numunm(L,a)	(-(a))
#define luai_numeq(a,b)		((a) == (b))
#define luai_numlt(a,b)		((a) < (b))
#define luai_numle(a,b)		((a) <= (b))
#define luai_numgt(a,b)		((a) > (b))
#define luai_numge(a,b)		((a) >= (b))
#define luai_numisnan(a)	((void)(a), 0)
#define l_hashfloat(n)		((int)((n) & 0x7fffffff))

#undef LUAI_MAXALIGN
#define LUAI_MAXALIGN	lua_Number n; void *s; lua_Integer i; long l
#undef lua_getlocaledecpoint
#define lua_getlocaledecpoint()	'.'
/* }==================================================================== */

/* {== sizes that matter on a 16 KiB kernel stack =======================*/
/* luaL_Buffer lives on the C stack of string.format, gsub, concat... */
#undef LUAL_BUFFERSIZE
#define LUAL_BUFFERSIZE		256
/* Lua stack slots per coroutine (16 bytes each). */
#undef LUAI_MAXSTACK
#define LUAI_MAXSTACK		200000
#define luai_cstackroom()	lk_cstackroom()
/* }==================================================================== */

#define luai_makeseed(L)	((void)(L), lk_makeseed())
#define l_randomizePivot()	lk_makeseed()

#if !defined(__KERNEL__)
/* luak: LUAK_QUOTA=N bounds the work of the whole run as the kernel does */
void lk_userguard(struct lua_State *L);
#define luai_userstateopen(L)	lk_userguard(L)
#endif

#if defined(__KERNEL__)
/* moontide.ko exports Lua's C API as moontide_<name>, beside Lunatik's */
#include "lknames.h"

/* lua_sethook's flag: an int is written atomically on every kernel arch */
#define l_signalT		int

/* The kernel has no setjmp/longjmp: lkjmp_*.S provides them. */
#define LUAI_THROW(L,c)		lk_longjmp((c)->b, 1)
#define LUAI_TRY(L,c,a)		if (lk_setjmp((c)->b) == 0) { a }
#define luai_jmpbuf		lk_jmp_buf

/* No stdout: the kernel module replaces 'print'; these go to the log. */
#define lua_writestring(s,l)	printk(KERN_INFO "lua: %.*s\n", (int)(l), (s))
#define lua_writeline()		((void)0)
#define lua_writestringerror(s,p)	printk(KERN_WARNING "lua: " s, (p))
#endif

#endif
