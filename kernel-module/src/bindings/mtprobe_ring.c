// SPDX-License-Identifier: GPL-2.0
/*
 * mtprobe_ring.c - per-CPU rings of probe events (mtprobe_ring.h).
 *
 * One producer at a time per CPU (busy): a producer interrupted by another
 * (an NMI over a probe handler, a tracepoint under an interrupt's kprobe)
 * makes the inner one drop its event. The consumer is this CPU's irq_work,
 * in hardirq context with interrupts off: only an NMI can come between its
 * steps, and an NMI's post sees draining and drops. So head is written only
 * by producers and tail only by the consumer, both on this CPU, and compiler
 * barriers are all the ordering needed.
 */
#include <linux/irq_work.h>
#include <linux/percpu.h>
#include <linux/string.h>

#include "mtprobe_ring.h"

#define MTPROBE_RING_SIZE	64	/* a power of two */

struct mtprobe_ring {
	struct mtprobe_event ev[MTPROBE_RING_SIZE];
	unsigned int head;	/* next to write */
	unsigned int tail;	/* next to drain */
	int busy;		/* a producer is writing */
	bool draining;		/* the irq_work is calling handlers */
	struct irq_work work;
};

static struct mtprobe_ring __percpu *mtprobe_rings;
static void (*mtprobe_ring_drain)(struct mtprobe_event *e);

bool mtprobe_ring_post(const struct mtprobe_event *e)
{
	struct mtprobe_ring *r = this_cpu_ptr(mtprobe_rings);
	unsigned int head;

	if (READ_ONCE(r->draining) || READ_ONCE(r->busy))
		return false;
	WRITE_ONCE(r->busy, 1);
	barrier(); /* head is read after busy is up: see the top of the file */
	head = r->head;
	if (head - READ_ONCE(r->tail) >= MTPROBE_RING_SIZE) {
		WRITE_ONCE(r->busy, 0);
		return false;
	}
	r->ev[head % MTPROBE_RING_SIZE] = *e;
	barrier(); /* the event is whole before the consumer can see it */
	WRITE_ONCE(r->head, head + 1);
	barrier();
	WRITE_ONCE(r->busy, 0);
	irq_work_queue(&r->work); /* NMI-safe; false if already pending */
	return true;
}

static void mtprobe_ring_run(struct irq_work *work)
{
	struct mtprobe_ring *r = container_of(work, struct mtprobe_ring, work);
	unsigned int tail = r->tail;
	struct mtprobe_event e;

	WRITE_ONCE(r->draining, true);
	barrier();
	/* bounded: while draining, nothing more is posted on this CPU */
	while (tail != READ_ONCE(r->head)) {
		e = r->ev[tail % MTPROBE_RING_SIZE];
		barrier(); /* copied before the slot is given back */
		WRITE_ONCE(r->tail, ++tail);
		mtprobe_ring_drain(&e);
	}
	barrier();
	WRITE_ONCE(r->draining, false);
}

void mtprobe_ring_sync(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		irq_work_sync(&per_cpu_ptr(mtprobe_rings, cpu)->work);
}

int mtprobe_ring_init(void (*drain)(struct mtprobe_event *e))
{
	int cpu;

	mtprobe_rings = alloc_percpu(struct mtprobe_ring);
	if (!mtprobe_rings)
		return -ENOMEM;
	mtprobe_ring_drain = drain;
	for_each_possible_cpu(cpu)
		per_cpu_ptr(mtprobe_rings, cpu)->work =
			IRQ_WORK_INIT_HARD(mtprobe_ring_run);
	return 0;
}

void mtprobe_ring_exit(void)
{
	if (!mtprobe_rings)
		return;
	mtprobe_ring_sync();
	free_percpu(mtprobe_rings);
	mtprobe_rings = NULL;
}
