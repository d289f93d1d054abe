// SPDX-License-Identifier: GPL-2.0
/*
 * lb_skb.c - the packet a hook's handler is called with (netfilter): a view
 * of the socket buffer, no copy.
 *
 *   function(skb)
 *       skb:len()                -- bytes, from the network header on
 *       skb:protocol()           -- the ethertype: 0x0800 IPv4, 0x86dd IPv6
 *       skb:indev(), skb:outdev() -- interface names (nil where none)
 *       skb:ifindex()            -- the skb's device's index (or nil)
 *       skb:mark(), skb:setmark(v)
 *       skb:getu8(9)             -- IPv4: the protocol field
 *       skb:getu32be(12)         -- IPv4: the source address
 *       skb:getstring(off, len)  -- bytes, as a string
 *       skb:setu8(off, v), skb:setstring(off, s) -- the packet is made
 *                                -- writable first (unshared)
 *   end
 *
 * Offsets count from the first byte the hook sees: the IP header at the
 * netfilter hooks. Reads and writes are checked against the packet's
 * length; the integer accessors are the data binding's (mt_bytes.h). A
 * write does not fix checksums: the script does, or writes what is not
 * covered (a mark).
 *
 * A view is valid only during its hook's call: the hook sets it under the
 * runtime's lock before calling the handler and clears it after, still
 * under the lock, whether the handler returned or raised. A view kept past
 * the call (in a global, by a coroutine) raises "used outside its hook's
 * call" on any use, never touches a freed packet.
 */
#define pr_fmt(fmt) "moontide: " fmt

#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "lauxlib.h"

#include "moontide.h"
#include "lb_skb.h"
#include "mt_bytes.h"

static const struct moontide_class mtskb_class;

static struct mtskb_view *mtskb_check(lua_State *L)
{
	struct mtskb_view *v = moontide_object_check(L, 1, &mtskb_class);

	if (!v->skb)
		luaL_error(L, "skb: used outside its hook's call (a packet "
			   "view is valid only while the handler runs)");
	return v;
}

/* The skb, with off..off+len inside it; raises. */
static struct sk_buff *mtskb_range(lua_State *L, lua_Integer off,
				   lua_Integer len)
{
	struct sk_buff *skb = mtskb_check(L)->skb;

	mt_bytes_range(L, "skb", "length", off, len, skb->len);
	return skb;
}

/* Makes off..off+len linear and unshared; raises when it cannot. */
static u8 *mtskb_writable(lua_State *L, struct sk_buff *skb, size_t off,
			  size_t len)
{
	if (skb_ensure_writable(skb, off + len))
		luaL_error(L, "skb: cannot make %I bytes writable: out of memory",
			   (lua_Integer)(off + len));
	return skb->data + off;
}

static int mtskb_getint(lua_State *L, int width, int flags)
{
	lua_Integer off = luaL_checkinteger(L, 2);
	struct sk_buff *skb = mtskb_range(L, off, width);
	u8 buf[8];
	const u8 *p = skb_header_pointer(skb, off, width, buf);

	lua_pushinteger(L, (lua_Integer)mt_bytes_load(p, width, flags));
	return 1;
}

static int mtskb_setint(lua_State *L, int width, int flags)
{
	lua_Integer off = luaL_checkinteger(L, 2);
	struct sk_buff *skb = mtskb_range(L, off, width);
	u64 v = mt_bytes_checkvalue(L, 3, width, flags);

	mt_bytes_store(mtskb_writable(L, skb, off, width), width, flags, v);
	return 0;
}

MT_BYTES_INTS(mtskb, mtskb_getint, mtskb_setint)

/* skb:getstring([off [, len]]): len bytes at off (default: to the end) */
static int mtskb_getstring(lua_State *L)
{
	struct sk_buff *skb = mtskb_check(L)->skb;
	lua_Integer off = luaL_optinteger(L, 2, 0);
	lua_Integer len = luaL_optinteger(L, 3, off >= 0 && off <= skb->len ?
					  skb->len - off : 0);
	luaL_Buffer b;
	char *p;

	mtskb_range(L, off, len);
	lua_charge(L, len >> 6); /* the guard: work by size */
	p = luaL_buffinitsize(L, &b, len);
	if (skb_copy_bits(skb, off, p, len))
		return luaL_error(L, "skb: cannot read %I bytes at %I", len, off);
	luaL_pushresultsize(&b, len);
	return 1;
}

/* skb:setstring(off, s): the bytes of s at off */
static int mtskb_setstring(lua_State *L)
{
	lua_Integer off = luaL_checkinteger(L, 2);
	size_t len;
	const char *s = luaL_checklstring(L, 3, &len);
	struct sk_buff *skb = mtskb_range(L, off, len);

	lua_charge(L, len >> 6);
	memcpy(mtskb_writable(L, skb, off, len), s, len);
	return 0;
}

static int mtskb_len(lua_State *L)
{
	lua_pushinteger(L, mtskb_check(L)->skb->len);
	return 1;
}

static int mtskb_protocol(lua_State *L)
{
	lua_pushinteger(L, ntohs(mtskb_check(L)->skb->protocol));
	return 1;
}

static int mtskb_mark(lua_State *L)
{
	lua_pushinteger(L, mtskb_check(L)->skb->mark);
	return 1;
}

static int mtskb_setmark(lua_State *L)
{
	struct mtskb_view *v = mtskb_check(L);
	u64 mark = mt_bytes_checkvalue(L, 2, 4, 0);

	v->skb->mark = (u32)mark;
	return 0;
}

static int mtskb_pushdev(lua_State *L, const struct net_device *dev)
{
	if (dev)
		lua_pushstring(L, dev->name);
	else
		lua_pushnil(L);
	return 1;
}

static int mtskb_indev(lua_State *L)
{
	return mtskb_pushdev(L, mtskb_check(L)->in);
}

static int mtskb_outdev(lua_State *L)
{
	return mtskb_pushdev(L, mtskb_check(L)->out);
}

static int mtskb_ifindex(lua_State *L)
{
	const struct net_device *dev = mtskb_check(L)->skb->dev;

	if (dev)
		lua_pushinteger(L, dev->ifindex);
	else
		lua_pushnil(L);
	return 1;
}

static const struct moontide_method mtskb_methods[] = {
	MT_BYTES_METHODS(mtskb),
	{ "getstring", mtskb_getstring },
	{ "setstring", mtskb_setstring },
	{ "len", mtskb_len },
	{ "protocol", mtskb_protocol },
	{ "mark", mtskb_mark },
	{ "setmark", mtskb_setmark },
	{ "indev", mtskb_indev },
	{ "outdev", mtskb_outdev },
	{ "ifindex", mtskb_ifindex },
	{ NULL, NULL }
};

static const struct moontide_class mtskb_class = {
	.name = "skb",
	.methods = mtskb_methods,
	.size = sizeof(struct mtskb_view),
};

struct mtskb_view *mtskb_view_new(lua_State *L)
{
	return moontide_object_new(L, &mtskb_class);
}
