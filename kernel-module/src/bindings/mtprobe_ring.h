/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mtprobe_ring.h - probe events handed from the probed path to the Lua
 * handler through a per-CPU ring and an irq_work.
 *
 * Why not call Lua in the probed path itself: a probe can hit code that
 * holds any kernel lock (the page allocator's zone lock, the console's,
 * the scheduler's, moontide's own). Lua allocates and may print; run there,
 * it would take those locks again on the same CPU and deadlock. And an int3
 * probe runs as an NMI, where nothing may allocate. So the probed path only
 * copies the event (no lock, no allocation: safe in NMI) into this CPU's
 * ring and raises an irq_work. The irq_work runs in hardirq context when
 * this CPU next has interrupts on; a lock taken in hardirq context is
 * always held with interrupts off (the kernel's rule that lockdep checks),
 * so at that point this CPU holds none that the handler could want.
 *
 * Events that the handlers' own work raises while the ring drains (a probe
 * on kmalloc hit by Lua's allocator) are dropped, never queued: queued,
 * each drain would feed the next, for ever, in hardirq context. Dropped
 * events, and those finding the ring full or a producer already writing on
 * this CPU (an NMI over a probe), count as skipped.
 */
#ifndef MTPROBE_RING_H
#define MTPROBE_RING_H

#include <linux/sched.h>
#include <linux/types.h>

struct mtprobe;

struct mtprobe_event {
	struct mtprobe *p;
	long nr;		/* the task's syscall number, or -1 */
	long ret;		/* a kretprobe's return value */
	pid_t pid;
	bool has_ret;
	char comm[TASK_COMM_LEN];
};

/* Per-CPU rings, each draining into drain(event). 0 or -ENOMEM. */
int mtprobe_ring_init(void (*drain)(struct mtprobe_event *e));
void mtprobe_ring_exit(void);
/*
 * From the probed path (any context, preemption off): copies e into this
 * CPU's ring. False when it was dropped (see above).
 */
bool mtprobe_ring_post(const struct mtprobe_event *e);
/*
 * Process context, after p's hook is unregistered (no more posts): returns
 * once no ring holds an event of it (every CPU's irq_work has run).
 */
void mtprobe_ring_sync(void);

#endif
