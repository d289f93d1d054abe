/* SPDX-License-Identifier: MIT */
/*
 * The kernel has no setjmp/longjmp; Lua raises errors with them
 * (LUAI_THROW/LUAI_TRY in lkconf.h). lkjmp_<arch>.S implements these.
 */
#ifndef LK_SETJMP_H
#define LK_SETJMP_H
/* callee-saved registers, stack pointer and return address */
typedef unsigned long lk_jmp_buf[8];
int lk_setjmp(lk_jmp_buf env) __attribute__((returns_twice));
void lk_longjmp(lk_jmp_buf env, int val) __attribute__((noreturn));
#endif
