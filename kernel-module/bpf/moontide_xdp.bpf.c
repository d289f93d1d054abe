// SPDX-License-Identifier: GPL-2.0
/*
 * moontide_xdp.bpf.c - the XDP program that hands frames to Lua: it calls
 * moontide.ko's kfunc moontide_xdp_run (kernel-module/src/bindings/lb_xdp.c),
 * which runs the handler xdp.attach() gave the frame's ingress device, and
 * turns its verdict into the program's action:
 *   low 8 bits   the XDP action (XDP_ABORTED, DROP, PASS, TX, REDIRECT)
 *   above them   for XDP_REDIRECT, the target's ifindex: bpf_redirect()
 * Anything else becomes XDP_ABORTED (the kfunc returns nothing else).
 * Built by `make module` into build/bpf/moontide_xdp.o; attached with
 *   ip link set dev IFACE xdp obj build/bpf/moontide_xdp.o sec xdp
 * (moontide.ko loaded, with its BTF: the kfunc is resolved at load).
 * GPL: only GPL-compatible programs may call kfuncs.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define MTXDP_ACTION_BITS	8
#define MTXDP_ACTION_MASK	((1 << MTXDP_ACTION_BITS) - 1)

extern __u64 moontide_xdp_run(struct xdp_md *ctx) __ksym;

SEC("xdp")
int moontide_xdp(struct xdp_md *ctx)
{
	__u64 verdict = moontide_xdp_run(ctx);
	__u32 action = verdict & MTXDP_ACTION_MASK;

	if (action == XDP_REDIRECT)
		return bpf_redirect((__u32)(verdict >> MTXDP_ACTION_BITS), 0);
	if (action > XDP_TX)
		return XDP_ABORTED;
	return action;
}

char LICENSE[] SEC("license") = "GPL";
