// SPDX-License-Identifier: GPL-2.0
/*
 * lb_data.c - require("data"): fixed-size byte buffers in kernel memory,
 * named for the runtime, or shared between runtimes under a "shared:" name.
 *
 *   local data = require("data")
 *   local d = data.new(64)          -- 64 zero bytes
 *   d:setu32(0, 0xdeadbeef)         -- little-endian; ...be for big-endian
 *   d:setstring(4, "hi")
 *   data.share("shared:stats", d)   -- others: data.open("shared:stats")
 *
 * A buffer (struct mtdata) is refcounted: every Lua object holding it owns
 * one reference, and charges the buffer (its bytes and its header) to its
 * runtime's memory limit until it is released; the buffers of all runtimes
 * are also capped module-wide. A name is private to the runtime that shares
 * it (its scope is the runtime's name) unless it starts with "shared:".
 * Each access takes the buffer's
 * spinlock with interrupts off, so runtimes of every context may share it;
 * nothing that allocates Lua memory (and so may raise) runs under it.
 * A shared name lives as long as the buffer: the name list holds no
 * reference, and the last put unlinks the buffer under the list's lock.
 */
#define pr_fmt(fmt) "moontide: " fmt

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#include "lauxlib.h"

#include "moontide.h"
#include "mt_bindings.h"
#include "mt_bytes.h"
#include "../mt_lua.h"
#include "../mt_runtime.h"

#define MTDATA_SIZE_MAX		(1 << 20)	/* bytes per buffer */
#define MTDATA_TOTAL_MAX	(64 << 20)	/* bytes of all buffers */
#define MTDATA_NAME_MAX		64

struct mtdata {
	struct kref kref;
	spinlock_t lock;		/* the bytes */
	size_t size;
	u8 *bytes;			/* kmalloc'd or vmalloc'd */
	struct list_head node;		/* in mtdata_shared once shared */
	char name[MTDATA_NAME_MAX + 1];	/* "" until shared */
	char scope[MT_NAME_MAX + 1];	/* runtime's name; "" if shared: */
	struct work_struct free_work;	/* vfree, which may sleep */
};

static LIST_HEAD(mtdata_shared);
static DEFINE_SPINLOCK(mtdata_shared_lock);	/* the list, names, counts */
static size_t mtdata_total;			/* bytes of live buffers */
static unsigned int mtdata_count;		/* live buffers */

/* A Lua object: one reference on the buffer, charged to its runtime. */
struct mtdata_obj {
	struct mtdata *d;
	struct mt_runtime *rt;
	size_t charged;		/* charged to rt; 0 once released */
};

static const struct moontide_class mtdata_class;

static void mtdata_free_work(struct work_struct *work)
{
	struct mtdata *d = container_of(work, struct mtdata, free_work);

	vfree(d->bytes);
	kfree(d);
}

/* The last put: from any context, a hardirq runtime's collector included. */
static void mtdata_free(struct kref *kref)
{
	struct mtdata *d = container_of(kref, struct mtdata, kref);
	unsigned long flags;

	spin_lock_irqsave(&mtdata_shared_lock, flags);
	if (d->name[0])
		list_del(&d->node);
	mtdata_total -= d->size;
	mtdata_count--;
	spin_unlock_irqrestore(&mtdata_shared_lock, flags);
	if (is_vmalloc_addr(d->bytes)) {
		queue_work(mt_bind_wq, &d->free_work);
		return;
	}
	kfree(d->bytes);
	kfree(d);
}

static void mtdata_put(struct mtdata *d)
{
	kref_put(&d->kref, mtdata_free);
}

/* Reserves size bytes of the module-wide cap; false when over it. */
static bool mtdata_charge(size_t size)
{
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&mtdata_shared_lock, flags);
	ok = mtdata_total + size <= MTDATA_TOTAL_MAX;
	if (ok) {
		mtdata_total += size;
		mtdata_count++;
	}
	spin_unlock_irqrestore(&mtdata_shared_lock, flags);
	return ok;
}

static void mtdata_uncharge(size_t size)
{
	unsigned long flags;

	spin_lock_irqsave(&mtdata_shared_lock, flags);
	mtdata_total -= size;
	mtdata_count--;
	spin_unlock_irqrestore(&mtdata_shared_lock, flags);
}

/* A new zeroed buffer; NULL with *why set on failure. */
static struct mtdata *mtdata_alloc(size_t size, gfp_t gfp, const char **why)
{
	struct mtdata *d;

	if (!mtdata_charge(size)) {
		*why = "all buffers together would exceed 64 MiB";
		return NULL;
	}
	*why = "out of memory";
	d = kzalloc(sizeof(*d), gfp | __GFP_NOWARN);
	if (!d)
		goto out_uncharge;
	/* in atomic contexts kvzalloc is kzalloc: it never sleeps */
	d->bytes = kvzalloc(max_t(size_t, size, 1), gfp | __GFP_NOWARN);
	if (!d->bytes)
		goto out_free;
	kref_init(&d->kref);
	spin_lock_init(&d->lock);
	INIT_LIST_HEAD(&d->node);
	INIT_WORK(&d->free_work, mtdata_free_work);
	d->size = size;
	return d;

out_free:
	kfree(d);
out_uncharge:
	mtdata_uncharge(size);
	return NULL;
}

/* The buffer of the object at idx; raises if it is not an open data. */
static struct mtdata *mtdata_check(lua_State *L, int idx)
{
	struct mtdata_obj *o = moontide_object_check(L, idx, &mtdata_class);

	return o->d;
}

static int mtdata_len(lua_State *L)
{
	lua_pushinteger(L, mtdata_check(L, 1)->size);
	return 1;
}

/* #d, in the class's metatable of this state (set on every new object). */
static void mtdata_setlen(lua_State *L)
{
	lua_getmetatable(L, -1);
	lua_pushcfunction(L, mtdata_len);
	lua_setfield(L, -2, "__len");
	lua_pop(L, 1);
}

/* Checks that [off, off + len) lies inside d; returns off. */
static size_t mtdata_range(lua_State *L, struct mtdata *d, lua_Integer off,
			   lua_Integer len)
{
	mt_bytes_range(L, "data", "size", off, len, d->size);
	return off;
}

/* {== integers (mt_bytes.h) ========================================== */
static int mtdata_getint(lua_State *L, int width, int flags)
{
	struct mtdata *d = mtdata_check(L, 1);
	size_t off = mtdata_range(L, d, luaL_checkinteger(L, 2), width);
	unsigned long irqflags;
	u64 v;

	spin_lock_irqsave(&d->lock, irqflags);
	v = mt_bytes_load(d->bytes + off, width, flags);
	spin_unlock_irqrestore(&d->lock, irqflags);
	lua_pushinteger(L, (lua_Integer)v);
	return 1;
}

static int mtdata_setint(lua_State *L, int width, int flags)
{
	struct mtdata *d = mtdata_check(L, 1);
	size_t off = mtdata_range(L, d, luaL_checkinteger(L, 2), width);
	u64 v = mt_bytes_checkvalue(L, 3, width, flags);
	unsigned long irqflags;

	spin_lock_irqsave(&d->lock, irqflags);
	mt_bytes_store(d->bytes + off, width, flags, v);
	spin_unlock_irqrestore(&d->lock, irqflags);
	return 0;
}

MT_BYTES_INTS(mtdata, mtdata_getint, mtdata_setint)
/* }==================================================================== */

/* d:getstring([off [, len]]): len bytes at off (default: to the end) */
static int mtdata_getstring(lua_State *L)
{
	struct mtdata *d = mtdata_check(L, 1);
	lua_Integer off = luaL_optinteger(L, 2, 0);
	lua_Integer len = luaL_optinteger(L, 3, off >= 0 && off <= d->size ?
					  d->size - off : 0);
	unsigned long irqflags;
	luaL_Buffer b;
	char *p;

	mtdata_range(L, d, off, len);
	lua_charge(L, len >> 6); /* the guard: work by size, before the lock */
	p = luaL_buffinitsize(L, &b, len); /* may raise: before the lock */
	spin_lock_irqsave(&d->lock, irqflags);
	memcpy(p, d->bytes + off, len);
	spin_unlock_irqrestore(&d->lock, irqflags);
	luaL_pushresultsize(&b, len);
	return 1;
}

/* d:setstring(off, s): the bytes of s at off */
static int mtdata_setstring(lua_State *L)
{
	struct mtdata *d = mtdata_check(L, 1);
	lua_Integer off = luaL_checkinteger(L, 2);
	size_t len;
	const char *s = luaL_checklstring(L, 3, &len);
	unsigned long irqflags;

	mtdata_range(L, d, off, len);
	lua_charge(L, len >> 6); /* the guard: work by size, before the lock */
	spin_lock_irqsave(&d->lock, irqflags);
	memcpy(d->bytes + off, s, len);
	spin_unlock_irqrestore(&d->lock, irqflags);
	return 0;
}

/* d:fill(byte [, off [, len]]) */
static int mtdata_fill(lua_State *L)
{
	struct mtdata *d = mtdata_check(L, 1);
	lua_Integer byte = luaL_checkinteger(L, 2);
	lua_Integer off = luaL_optinteger(L, 3, 0);
	lua_Integer len = luaL_optinteger(L, 4, off >= 0 && off <= d->size ?
					  d->size - off : 0);
	unsigned long irqflags;

	luaL_argcheck(L, byte >= 0 && byte <= 255, 2,
		      "byte out of range [0, 255]");
	mtdata_range(L, d, off, len);
	lua_charge(L, len >> 6); /* the guard: work by size, before the lock */
	spin_lock_irqsave(&d->lock, irqflags);
	memset(d->bytes + off, byte, len);
	spin_unlock_irqrestore(&d->lock, irqflags);
	return 0;
}

/* d:name(): the name it is shared under, or nil */
static int mtdata_name(lua_State *L)
{
	struct mtdata *d = mtdata_check(L, 1);
	char name[MTDATA_NAME_MAX + 1];
	unsigned long flags;

	spin_lock_irqsave(&mtdata_shared_lock, flags);
	strscpy(name, d->name, sizeof(name));
	spin_unlock_irqrestore(&mtdata_shared_lock, flags);
	if (name[0])
		lua_pushstring(L, name);
	else
		lua_pushnil(L);
	return 1;
}

/* Runs once, while the runtime's Lua state exists (close, gc, stop). */
static void mtdata_release(void *data)
{
	struct mtdata_obj *o = data;

	if (o->d)
		mtdata_put(o->d);
	o->d = NULL;
	if (o->charged)
		mt_runtime_uncharge(o->rt, o->charged);
	o->charged = 0;
}

/* Charges the object's buffer to its runtime; raises over the limit. */
static void mtdata_charge_obj(lua_State *L, struct mtdata_obj *o,
			      size_t size)
{
	size_t bytes = sizeof(struct mtdata) + size;

	mt_bind_charge(L, bytes);
	o->rt = mt_lua_runtime(L);
	o->charged = bytes;
}

static const struct moontide_method mtdata_methods[] = {
	MT_BYTES_METHODS(mtdata),
	{ "getstring", mtdata_getstring },
	{ "setstring", mtdata_setstring },
	{ "fill", mtdata_fill },
	{ "size", mtdata_len },
	{ "name", mtdata_name },
	{ NULL, NULL }
};

static const struct moontide_class mtdata_class = {
	.name = "data",
	.methods = mtdata_methods,
	.release = mtdata_release,
	.size = sizeof(struct mtdata_obj),
};

/* data.new(size): size zero bytes, 0 < size <= 1 MiB */
static int mtdata_new(lua_State *L)
{
	lua_Integer size = luaL_checkinteger(L, 1);
	struct mtdata_obj *o;
	const char *why;

	luaL_argcheck(L, size > 0 && size <= MTDATA_SIZE_MAX, 1,
		      "size out of range [1, 1048576]");
	o = moontide_object_new(L, &mtdata_class); /* first: it may raise */
	mtdata_charge_obj(L, o, size); /* the release uncharges */
	o->d = mtdata_alloc(size, mt_lua_runtime(L)->gfp, &why);
	if (!o->d)
		return luaL_error(L, "data.new: %s", why);
	mtdata_setlen(L);
	return 1;
}

static const char *mtdata_checkname(lua_State *L, int arg)
{
	size_t len;
	const char *name = luaL_checklstring(L, arg, &len);

	luaL_argcheck(L, len > 0 && len <= MTDATA_NAME_MAX &&
		      strlen(name) == len, arg,
		      "name must be 1 to 64 bytes, without NUL");
	return name;
}

/*
 * A referenced buffer shared under name in scope, or NULL; the caller holds
 * the list lock.
 */
static struct mtdata *mtdata_find(const char *scope, const char *name)
{
	struct mtdata *d;

	list_for_each_entry(d, &mtdata_shared, node)
		if (!strcmp(d->name, name) && !strcmp(d->scope, scope) &&
		    kref_get_unless_zero(&d->kref))
			return d;
	return NULL;
}

/*
 * data.share(name, d): publishes d under name while it lives, for this
 * runtime only, or for every runtime if name starts with "shared:"
 */
static int mtdata_share(lua_State *L)
{
	const char *name = mtdata_checkname(L, 1);
	struct mtdata *d = mtdata_check(L, 2);
	const char *scope = mt_bind_scope(L, name);
	struct mtdata *other;
	unsigned long flags;
	const char *why = NULL;

	spin_lock_irqsave(&mtdata_shared_lock, flags);
	other = mtdata_find(scope, name);
	if (other == d)
		; /* already shared under this name */
	else if (other)
		why = "another buffer is shared under that name";
	else if (d->name[0])
		why = "the buffer is shared under another name";
	else {
		strscpy(d->name, name, sizeof(d->name));
		strscpy(d->scope, scope, sizeof(d->scope));
		list_add(&d->node, &mtdata_shared);
	}
	spin_unlock_irqrestore(&mtdata_shared_lock, flags);
	if (other)
		mtdata_put(other); /* not the last: d's object holds one */
	if (why)
		return luaL_error(L, "data.share: '%s': %s", name, why);
	lua_settop(L, 2);
	return 1;
}

/*
 * data.open(name): the buffer this runtime shared under name (any runtime's,
 * for a "shared:" name), or nil and a message. It is charged to this runtime
 * too while it holds it.
 */
static int mtdata_open(lua_State *L)
{
	const char *name = mtdata_checkname(L, 1);
	const char *scope = mt_bind_scope(L, name);
	struct mtdata_obj *o;
	unsigned long flags;
	struct mtdata *d;

	/* the object first: creating it may raise, and d would leak */
	o = moontide_object_new(L, &mtdata_class);
	spin_lock_irqsave(&mtdata_shared_lock, flags);
	d = mtdata_find(scope, name);
	spin_unlock_irqrestore(&mtdata_shared_lock, flags);
	if (!d) {
		lua_pushnil(L);
		lua_pushfstring(L, "no data shared as '%s'", name);
		return 2;
	}
	o->d = d; /* the release puts it, if charging raises */
	mtdata_charge_obj(L, o, d->size);
	mtdata_setlen(L);
	return 1;
}

/* data.usage(): live buffers and their bytes, module-wide */
static int mtdata_usage(lua_State *L)
{
	unsigned long flags;
	unsigned int count;
	size_t total;

	spin_lock_irqsave(&mtdata_shared_lock, flags);
	count = mtdata_count;
	total = mtdata_total;
	spin_unlock_irqrestore(&mtdata_shared_lock, flags);
	lua_pushinteger(L, count);
	lua_pushinteger(L, total);
	return 2;
}

static const luaL_Reg mtdata_funcs[] = {
	{ "new", mtdata_new },
	{ "share", mtdata_share },
	{ "open", mtdata_open },
	{ "usage", mtdata_usage },
	{ NULL, NULL }
};

static int luaopen_data(lua_State *L)
{
	luaL_newlib(L, mtdata_funcs);
	lua_pushinteger(L, MTDATA_SIZE_MAX);
	lua_setfield(L, -2, "MAXSIZE");
	return 1;
}

const struct mt_binding mtdata_binding = {
	.name = "data",
	.open = luaopen_data,
};
