/* SPDX-License-Identifier: MIT */
/*
 * libc shim for Lua in the kernel. Lua's file loading (luaL_loadfilex,
 * package searchers) compiles against these; there is no file to open,
 * so fopen fails and the callers report "cannot open".
 */
#ifndef LK_STDIO_H
#define LK_STDIO_H
#include <linux/kernel.h>

typedef struct lk_file FILE;
#define stdin	((FILE *)NULL)
#define stdout	((FILE *)NULL)
#define stderr	((FILE *)NULL)
#define EOF	(-1)
#define BUFSIZ	256

FILE *fopen(const char *path, const char *mode);
FILE *freopen(const char *path, const char *mode, FILE *f);
int fclose(FILE *f);
int getc(FILE *f);
size_t fread(void *buf, size_t size, size_t n, FILE *f);
int feof(FILE *f);
int ferror(FILE *f);
#endif
