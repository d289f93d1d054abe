// SPDX-License-Identifier: MIT
/*
 * lklibc.c - the few libc functions Lua's sources reference, for the kernel,
 * and what the dialect needs from its host (seed, stack room).
 */
#include <linux/kernel.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/percpu.h>

#include "stdio.h"
#include "stdlib.h"
#include "string.h"

/* {== file access: none in the kernel =================================*/
static int lk_errno_value = ENOENT;

int *lk_errno(void)
{
	return &lk_errno_value;
}

char *strerror(int errnum)
{
	return "file access is not available in the kernel";
}

FILE *fopen(const char *path, const char *mode)
{
	return NULL;
}

FILE *freopen(const char *path, const char *mode, FILE *f)
{
	return NULL;
}

int fclose(FILE *f)
{
	return 0;
}

int getc(FILE *f)
{
	return EOF;
}

size_t fread(void *buf, size_t size, size_t n, FILE *f)
{
	return 0;
}

int feof(FILE *f)
{
	return 1;
}

int ferror(FILE *f)
{
	return 1;
}

char *getenv(const char *name)
{
	return NULL;
}
/* }==================================================================== */

/* Only luaL_newstate's allocator uses these; moontide has its own. */
void *realloc(void *p, size_t n)
{
	return krealloc(p, n, GFP_KERNEL | __GFP_NOWARN);
}

void free(void *p)
{
	kfree(p);
}

/*
 * Lua aborts only on an error raised outside any protected call. Every
 * entry of moontide into Lua is a lua_pcall, so this cannot be reached.
 */
void abort(void)
{
	panic("moontide: Lua error outside a protected call");
}

unsigned int lk_makeseed(void)
{
	return get_random_u32();
}

/*
 * Bytes of the 16 KiB task stack Lua may not use: below LOW a C call
 * raises "C stack overflow", below EXHAUSTED the error handler is skipped.
 * Lua's deepest step between two checks (a string.gsub callback) uses
 * about 1.5 KiB; what is left stays for exceptions and the unwinding.
 */
#define LK_CSTACK_LOW		(6 * 1024)
#define LK_CSTACK_EXHAUSTED	(3 * 1024)

/*
 * Off the task stack (a hook's handler on the 16 KiB IRQ stack, whose
 * bounds a module cannot read), Lua gets a budget below the stack pointer
 * at its entry instead: the interrupted code may already use ~8 KiB of it
 * (the network stack, deep), so Lua raises past OFF_LOW and is exhausted
 * past OFF_EXHAUSTED. lk_offstack_enter records the entry per CPU; off the
 * task stack nothing preempts, and a nested entry (a hardirq hook during a
 * softirq one) saves and restores the outer value.
 */
#define LK_OFFSTACK_LOW		(3 * 1024)
#define LK_OFFSTACK_EXHAUSTED	(5 * 1024)

static DEFINE_PER_CPU(unsigned long, lk_offstack_entry);

static bool lk_on_task_stack(unsigned long sp)
{
	unsigned long base = (unsigned long)task_stack_page(current);

	return sp >= base && sp < base + THREAD_SIZE;
}

unsigned long lk_offstack_enter(void)
{
	unsigned long sp = (unsigned long)__builtin_frame_address(0);
	unsigned long outer;

	if (lk_on_task_stack(sp))
		return 0;
	outer = raw_cpu_read(lk_offstack_entry);
	raw_cpu_write(lk_offstack_entry, sp);
	return outer;
}

void lk_offstack_exit(unsigned long outer)
{
	unsigned long sp = (unsigned long)__builtin_frame_address(0);

	if (!lk_on_task_stack(sp))
		raw_cpu_write(lk_offstack_entry, outer);
}

int lk_cstackroom(void)
{
	unsigned long sp = (unsigned long)__builtin_frame_address(0);
	unsigned long base = (unsigned long)task_stack_page(current);
	unsigned long left, entry, used;

	if (!lk_on_task_stack(sp)) {
		entry = raw_cpu_read(lk_offstack_entry);
		if (!entry || sp > entry)
			return 1; /* no entry recorded: allow no C recursion */
		used = entry - sp;
		if (used > LK_OFFSTACK_EXHAUSTED)
			return 0;
		return used > LK_OFFSTACK_LOW ? 1 : 2;
	}
	left = sp - base;
	if (left < LK_CSTACK_EXHAUSTED)
		return 0;
	return left < LK_CSTACK_LOW ? 1 : 2;
}
