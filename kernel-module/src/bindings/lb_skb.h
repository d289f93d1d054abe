/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lb_skb.h - a Lua view of the packet a hook is called for (lb_skb.c): no
 * copy, valid only during that call.
 */
#ifndef LB_SKB_H
#define LB_SKB_H

#include "lua.h"

struct sk_buff;
struct net_device;

/* The view's data: set by the hook around each call, under the lock. */
struct mtskb_view {
	struct sk_buff *skb;		/* NULL outside a call */
	const struct net_device *in;	/* the hook's devices, or NULL */
	const struct net_device *out;
};

/*
 * Pushes a new view (empty) for a hook to anchor; raises on no memory. The
 * data lives as long as the Lua object.
 */
struct mtskb_view *mtskb_view_new(lua_State *L);

#endif
