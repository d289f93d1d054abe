/* SPDX-License-Identifier: MIT */
/*
 * lkprelude.h - force-included (-include) before every Lua source file of
 * the kernel build. It pulls in the kernel headers the libc shims need, then
 * removes the kernel's 'current' macro: Lua's lexer has a field of that name.
 * Kernel names Lua also uses for its own things are renamed for Lua's files.
 */
#ifndef LKPRELUDE_H
#define LKPRELUDE_H
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/stddef.h>
#include <linux/stdarg.h>
#include <linux/slab.h>
#include <linux/printk.h>
#undef current
/* lauxlib.c has a static function named like the kernel's panic() */
#define panic lk_lauxlib_panic
#endif
