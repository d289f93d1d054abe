/* SPDX-License-Identifier: MIT */
/* libc shim for Lua in the kernel. */
#ifndef LK_STDLIB_H
#define LK_STDLIB_H
#include <linux/kernel.h>
#include <linux/slab.h>

void abort(void) __attribute__((noreturn));
char *getenv(const char *name);
void *realloc(void *p, size_t n);
void free(void *p);
#endif
