/* SPDX-License-Identifier: MIT */
/*
 * lkjmp_x86_64.S - setjmp/longjmp for Lua's error handling in the kernel.
 *
 * lk_jmp_buf: rbx rbp r12 r13 r14 r15 rsp rip (System V callee-saved set).
 * Built without objtool validation (Kbuild): a longjmp is, by design, a
 * jump to a stack frame objtool cannot know about.
 */
#include <linux/linkage.h>
#include <asm/nospec-branch.h>

	.text
SYM_FUNC_START(lk_setjmp)
	movq	%rbx, 0(%rdi)
	movq	%rbp, 8(%rdi)
	movq	%r12, 16(%rdi)
	movq	%r13, 24(%rdi)
	movq	%r14, 32(%rdi)
	movq	%r15, 40(%rdi)
	leaq	8(%rsp), %rdx		/* the caller's rsp after we return */
	movq	%rdx, 48(%rdi)
	movq	(%rsp), %rdx		/* our return address */
	movq	%rdx, 56(%rdi)
	xorl	%eax, %eax
	RET
SYM_FUNC_END(lk_setjmp)

SYM_FUNC_START(lk_longjmp)
#ifdef CONFIG_KASAN_STACK
	/*
	 * The frames this jump discards never ran their epilogues, which
	 * clear the KASAN redzones their prologues set: left poisoned, the
	 * stack below the setjmp point makes later, innocent code (the
	 * unwinder, seen in the debug lab) report stack-out-of-bounds.
	 * Clear the shadow from here up to the setjmp frame's rsp.
	 */
	pushq	%rdi
	pushq	%rsi
	subq	$8, %rsp		/* rsp 16-aligned at the call */
	movq	48(%rdi), %rsi		/* stack_bottom: the setjmp frame */
	movq	%rsp, %rdi		/* stack_top: the deepest byte in use */
	call	__asan_allocas_unpoison
	addq	$8, %rsp
	popq	%rsi
	popq	%rdi
#endif
	movl	%esi, %eax
	testl	%eax, %eax		/* setjmp must not appear to return 0 */
	jnz	1f
	incl	%eax
1:	movq	0(%rdi), %rbx
	movq	8(%rdi), %rbp
	movq	16(%rdi), %r12
	movq	24(%rdi), %r13
	movq	32(%rdi), %r14
	movq	40(%rdi), %r15
	movq	48(%rdi), %rsp
	movq	56(%rdi), %rdx
	JMP_NOSPEC rdx
SYM_FUNC_END(lk_longjmp)
