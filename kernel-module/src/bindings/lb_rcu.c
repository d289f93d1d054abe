// SPDX-License-Identifier: GPL-2.0
/*
 * lb_rcu.c - require("rcu"): hash tables by name, private to a runtime or
 * shared between runtimes ("shared:" names), read without locks (RCU) from
 * any context while others write.
 *
 *   local rcu = require("rcu")
 *   local t = rcu.table("sessions")   -- creates it, or opens it
 *   local s = rcu.table("shared:s")   -- the same table in every runtime
 *   t.alice = "x"; t[42] = 7          -- values: string, integer, boolean
 *   print(t.alice, #t)                -- x  2
 *   for k, v in pairs(t) do ... end   -- over a snapshot
 *   t.alice = nil                     -- deletes
 *
 * Entries are immutable kernel memory, charged to the memory limit of the
 * runtime that wrote them (through its account, which outlives it: an
 * entry may outlive its writer in a shared table) until they are freed;
 * each Lua object holding a table charges the table itself (header and
 * buckets) to its runtime. A write builds a new entry, swaps it in under the
 * table's spinlock (interrupts off: writers may be in any context) and
 * frees the old one after a grace period. A reader copies what it needs under
 * rcu_read_lock into memory it allocated beforehand (Lua allocation may
 * raise, and must not happen inside the read section), retrying with a
 * bigger buffer if the entry outgrew it. A table is refcounted by the Lua
 * objects holding it; the last put unlinks its name and frees it after a
 * grace period.
 */
#define pr_fmt(fmt) "moontide: " fmt

#include <linux/jhash.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "lauxlib.h"

#include "moontide.h"
#include "mt_bindings.h"
#include "../mt_lua.h"
#include "../mt_runtime.h"

#define MTRCU_NAME_MAX		64
#define MTRCU_KEY_MAX		1024		/* bytes */
#define MTRCU_VALUE_MAX		(64 * 1024)	/* bytes */
#define MTRCU_ENTRIES_DEFAULT	65536		/* per table */
#define MTRCU_ENTRIES_MAX	(1 << 20)
#define MTRCU_BUCKETS_MAX	4096
#define MTRCU_TABLES_MAX	256
#define MTRCU_BYTES_MAX		(64L << 20)	/* entries of all tables */
#define MTRCU_SCRATCH		4096		/* first snapshot buffer */

/* What a snapshot copies of an entry; its key then its value follow. */
struct mtrcu_kv {
	u8 ktype, vtype;	/* LUA_TSTRING, LUA_TNUMBER (, LUA_TBOOLEAN) */
	u32 klen, vlen;		/* bytes; an integer is 8, a boolean 1 */
};

struct mtrcu_entry {
	struct hlist_node node;
	struct rcu_head rcu;
	struct mt_account *account;	/* of its writer: charged its size */
	u32 hash;
	struct mtrcu_kv kv;
	u8 bytes[];		/* key, then value; immutable once linked */
};

struct mtrcu_table {
	struct kref kref;
	struct list_head node;		/* in mtrcu_tables */
	struct rcu_head rcu;
	char name[MTRCU_NAME_MAX + 1];
	char scope[MT_NAME_MAX + 1];	/* runtime's name; "" if shared: */
	spinlock_t lock;		/* writers; readers take none */
	unsigned int count;		/* entries, under lock */
	unsigned int max;		/* entries allowed */
	u32 seed;
	u32 mask;			/* buckets - 1 */
	struct hlist_head *buckets;
};

static LIST_HEAD(mtrcu_tables);
static DEFINE_SPINLOCK(mtrcu_tables_lock);	/* the list and mtrcu_ntables */
static unsigned int mtrcu_ntables;
static atomic_long_t mtrcu_bytes = ATOMIC_LONG_INIT(0);	/* entries' bytes */
static atomic_long_t mtrcu_entries = ATOMIC_LONG_INIT(0);

/* A Lua object: one reference on the table, charged to its runtime. */
struct mtrcu_obj {
	struct mtrcu_table *t;
	struct mt_runtime *rt;
	size_t charged;		/* charged to rt; 0 once released */
};

static const struct moontide_class mtrcu_class;

/* A key or a value as it is stored. */
struct mtrcu_item {
	int type;
	const void *p;
	u32 len;
	lua_Integer i;		/* the storage of an integer */
	u8 b;			/* ... and of a boolean */
};

static size_t mtrcu_entry_size(const struct mtrcu_kv *kv)
{
	return sizeof(struct mtrcu_entry) + kv->klen + kv->vlen;
}

/* Frees e and gives its bytes back to its writer; any context. */
static void mtrcu_entry_kfree(struct mtrcu_entry *e)
{
	mt_account_uncharge_put(e->account, mtrcu_entry_size(&e->kv));
	kfree(e);
}

/* A replaced or deleted entry, once readers are done with it. */
static void mtrcu_entry_free_rcu(struct rcu_head *head)
{
	mtrcu_entry_kfree(container_of(head, struct mtrcu_entry, rcu));
}

/* An entry still linked when its table goes. */
static void mtrcu_entry_free(struct mtrcu_entry *e)
{
	atomic_long_sub(mtrcu_entry_size(&e->kv), &mtrcu_bytes);
	atomic_long_dec(&mtrcu_entries);
	mtrcu_entry_kfree(e);
}

/* After a grace period, in softirq: nobody can reach the table any more. */
static void mtrcu_table_free_rcu(struct rcu_head *head)
{
	struct mtrcu_table *t = container_of(head, struct mtrcu_table, rcu);
	struct mtrcu_entry *e;
	struct hlist_node *tmp;
	u32 i;

	for (i = 0; i <= t->mask; i++)
		hlist_for_each_entry_safe(e, tmp, &t->buckets[i], node)
			mtrcu_entry_free(e);
	kvfree(t->buckets); /* kmalloc'd, or vfree deferred from softirq */
	kfree(t);
}

/* The last put, from any context: unlink the name, free after readers. */
static void mtrcu_table_release(struct kref *kref)
{
	struct mtrcu_table *t = container_of(kref, struct mtrcu_table, kref);
	unsigned long flags;

	spin_lock_irqsave(&mtrcu_tables_lock, flags);
	list_del(&t->node);
	mtrcu_ntables--;
	spin_unlock_irqrestore(&mtrcu_tables_lock, flags);
	call_rcu(&t->rcu, mtrcu_table_free_rcu);
}

static struct mtrcu_table *mtrcu_check(lua_State *L, int idx)
{
	struct mtrcu_obj *o = moontide_object_check(L, idx, &mtrcu_class);

	return o->t;
}

static u32 mtrcu_hash(const struct mtrcu_table *t, const struct mtrcu_item *k)
{
	return jhash(k->p, k->len, t->seed ^ k->type);
}

/* The key at idx; raises unless it is a string or an integer. */
static void mtrcu_checkkey(lua_State *L, int idx, struct mtrcu_item *k)
{
	size_t len;

	k->type = lua_type(L, idx);
	if (k->type == LUA_TNUMBER) {
		k->i = lua_tointeger(L, idx);
		k->p = &k->i;
		k->len = sizeof(k->i);
	} else if (k->type == LUA_TSTRING) {
		k->p = lua_tolstring(L, idx, &len);
		if (len > MTRCU_KEY_MAX)
			luaL_error(L, "rcu: key of %I bytes is over the limit "
				   "of %d", (lua_Integer)len, MTRCU_KEY_MAX);
		k->len = len;
	} else {
		luaL_error(L, "rcu: a key must be a string or an integer, "
			   "not %s", luaL_typename(L, idx));
	}
}

/* The value at idx; raises unless string, integer or boolean. */
static void mtrcu_checkvalue(lua_State *L, int idx, struct mtrcu_item *v)
{
	size_t len;

	v->type = lua_type(L, idx);
	if (v->type == LUA_TNUMBER) {
		v->i = lua_tointeger(L, idx);
		v->p = &v->i;
		v->len = sizeof(v->i);
	} else if (v->type == LUA_TBOOLEAN) {
		v->b = lua_toboolean(L, idx);
		v->p = &v->b;
		v->len = 1;
	} else if (v->type == LUA_TSTRING) {
		v->p = lua_tolstring(L, idx, &len);
		if (len > MTRCU_VALUE_MAX)
			luaL_error(L, "rcu: value of %I bytes is over the "
				   "limit of %d", (lua_Integer)len,
				   MTRCU_VALUE_MAX);
		v->len = len;
	} else {
		luaL_error(L, "rcu: a value must be a string, an integer, a "
			   "boolean or nil, not %s", luaL_typename(L, idx));
	}
}

/* The entry of key k (hash h) in t; under rcu_read_lock or t->lock. */
static struct mtrcu_entry *mtrcu_find(struct mtrcu_table *t,
				      const struct mtrcu_item *k, u32 h)
{
	struct mtrcu_entry *e;

	hlist_for_each_entry_rcu(e, &t->buckets[h & t->mask], node,
				 lockdep_is_held(&t->lock))
		if (e->hash == h && e->kv.ktype == k->type &&
		    e->kv.klen == k->len && !memcmp(e->bytes, k->p, k->len))
			return e;
	return NULL;
}

/* Pushes a value stored as kv (integer or boolean bytes at p). */
static void mtrcu_pushscalar(lua_State *L, int type, const void *p)
{
	lua_Integer i;

	if (type == LUA_TBOOLEAN) {
		lua_pushboolean(L, *(const u8 *)p);
	} else {
		memcpy(&i, p, sizeof(i));
		lua_pushinteger(L, i);
	}
}

/* t[k]: the value, or nil */
static int mtrcu_index(lua_State *L)
{
	struct mtrcu_table *t = mtrcu_check(L, 1);
	struct mtrcu_item k;
	struct mtrcu_entry *e;
	size_t cap = 0, need;
	char *buf = NULL;
	luaL_Buffer b;
	u8 scalar[8];
	int vtype;
	u32 h;

	mtrcu_checkkey(L, 2, &k);
	h = mtrcu_hash(t, &k);
	for (;;) {
		rcu_read_lock();
		e = mtrcu_find(t, &k, h);
		if (!e) {
			rcu_read_unlock();
			lua_pushnil(L);
			return 1;
		}
		vtype = e->kv.vtype;
		need = e->kv.vlen;
		if (vtype != LUA_TSTRING) {
			memcpy(scalar, e->bytes + e->kv.klen, need);
			rcu_read_unlock();
			mtrcu_pushscalar(L, vtype, scalar);
			return 1;
		}
		if (buf && need <= cap) {
			memcpy(buf, e->bytes + e->kv.klen, need);
			rcu_read_unlock();
			luaL_pushresultsize(&b, need);
			return 1;
		}
		rcu_read_unlock();
		/* room for it, outside the read section; then look again */
		if (buf)
			buf = luaL_prepbuffsize(&b, need);
		else
			buf = luaL_buffinitsize(L, &b, need);
		cap = need;
	}
}

/* t[k] = v, or deletes with v nil */
static int mtrcu_newindex(lua_State *L)
{
	struct mtrcu_table *t = mtrcu_check(L, 1);
	struct mt_runtime *rt = mt_lua_runtime(L);
	struct mtrcu_entry *e = NULL, *old;
	struct mtrcu_item k, v;
	const char *why = NULL;
	unsigned long flags;
	size_t size = 0;
	bool full = false;
	u32 h;

	mtrcu_checkkey(L, 2, &k);
	if (!lua_isnil(L, 3)) {
		mtrcu_checkvalue(L, 3, &v);
		size = sizeof(*e) + k.len + v.len;
		mt_bind_charge(L, size); /* may raise: nothing held yet */
		e = kmalloc(size, rt->gfp | __GFP_NOWARN);
		if (!e) {
			mt_runtime_uncharge(rt, size);
			return luaL_error(L, "rcu: out of memory");
		}
		e->account = mt_account_get(rt);
		e->kv.ktype = k.type;
		e->kv.klen = k.len;
		e->kv.vtype = v.type;
		e->kv.vlen = v.len;
		memcpy(e->bytes, k.p, k.len);
		memcpy(e->bytes + k.len, v.p, v.len);
	}
	h = mtrcu_hash(t, &k);

	spin_lock_irqsave(&t->lock, flags);
	old = mtrcu_find(t, &k, h);
	if (e && !old && t->count >= t->max) {
		why = "the table is full";
		full = true;
	} else if (e && atomic_long_add_return(size, &mtrcu_bytes) -
		   (old ? mtrcu_entry_size(&old->kv) : 0) > MTRCU_BYTES_MAX) {
		atomic_long_sub(size, &mtrcu_bytes);
		why = "all tables together would exceed 64 MiB";
	} else if (e) {
		e->hash = h;
		atomic_long_inc(&mtrcu_entries);
		if (old) {
			hlist_replace_rcu(&old->node, &e->node);
		} else {
			hlist_add_head_rcu(&e->node, &t->buckets[h & t->mask]);
			t->count++;
		}
	} else if (old) {
		hlist_del_rcu(&old->node);
		t->count--;
	}
	spin_unlock_irqrestore(&t->lock, flags);

	if (old && !why) {
		atomic_long_sub(mtrcu_entry_size(&old->kv), &mtrcu_bytes);
		atomic_long_dec(&mtrcu_entries);
		/* readers may still be copying it */
		call_rcu(&old->rcu, mtrcu_entry_free_rcu);
	}
	if (why) {
		mtrcu_entry_kfree(e); /* never linked */
		if (full)
			return luaL_error(L, "rcu: cannot set a key in '%s': "
					  "the table is full (%d entries)",
					  t->name, t->max);
		return luaL_error(L, "rcu: cannot set a key in '%s': %s",
				  t->name, why);
	}
	return 0;
}

/* #t: the number of entries */
static int mtrcu_len(lua_State *L)
{
	struct mtrcu_table *t = mtrcu_check(L, 1);

	lua_pushinteger(L, READ_ONCE(t->count));
	return 1;
}

/* Bytes an entry takes in a snapshot's scratch buffer. */
static size_t mtrcu_copy_size(const struct mtrcu_kv *kv)
{
	return ALIGN(sizeof(*kv) + kv->klen + kv->vlen, 8);
}

/*
 * Copies bucket i of t into the scratch userdata at index sidx (growing
 * it), then sets its entries into the Lua table at tidx.
 */
static void mtrcu_snapshot_bucket(lua_State *L, struct mtrcu_table *t, u32 i,
				  int sidx, int tidx)
{
	size_t cap = lua_rawlen(L, sidx), need, at;
	u8 *scratch = lua_touserdata(L, sidx);
	struct mtrcu_entry *e;

	for (;;) {
		need = 0;
		rcu_read_lock();
		hlist_for_each_entry_rcu(e, &t->buckets[i], node) {
			size_t n = mtrcu_copy_size(&e->kv);

			if (need + n <= cap) {
				memcpy(scratch + need, &e->kv, sizeof(e->kv));
				memcpy(scratch + need + sizeof(e->kv), e->bytes,
				       e->kv.klen + e->kv.vlen);
			}
			need += n;
		}
		rcu_read_unlock();
		if (need <= cap)
			break;
		scratch = lua_newuserdatauv(L, need * 2, 0); /* may raise */
		cap = need * 2;
		lua_replace(L, sidx); /* the old one is garbage now */
	}
	for (at = 0; at < need; ) {
		struct mtrcu_kv kv;
		const u8 *p = scratch + at + sizeof(kv);

		memcpy(&kv, scratch + at, sizeof(kv));
		if (kv.ktype == LUA_TSTRING)
			lua_pushlstring(L, (const char *)p, kv.klen);
		else
			mtrcu_pushscalar(L, kv.ktype, p);
		if (kv.vtype == LUA_TSTRING)
			lua_pushlstring(L, (const char *)p + kv.klen, kv.vlen);
		else
			mtrcu_pushscalar(L, kv.vtype, p + kv.klen);
		lua_rawset(L, tidx);
		at += mtrcu_copy_size(&kv);
	}
}

/*
 * rcu.snapshot(t): a Lua table of the entries. Each bucket is copied at
 * one instant; entries written meanwhile may show their old or new value.
 */
static int mtrcu_snapshot(lua_State *L)
{
	struct mtrcu_table *t = mtrcu_check(L, 1);
	int top;
	u32 i;

	lua_settop(L, 1);
	/* the guard: every bucket and entry is visited (a shared table may
	 * have been filled by another runtime) */
	lua_charge(L, t->mask + 1 + READ_ONCE(t->count));
	lua_createtable(L, 0, READ_ONCE(t->count));	/* 2: the result */
	lua_newuserdatauv(L, MTRCU_SCRATCH, 0);		/* 3: scratch */
	top = lua_gettop(L);
	for (i = 0; i <= t->mask; i++)
		mtrcu_snapshot_bucket(L, t, i, top, top - 1);
	lua_settop(L, 2);
	return 1;
}

/* next, over a snapshot (the global next may have been replaced) */
static int mtrcu_next(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 2);
	if (lua_next(L, 1))
		return 2;
	lua_pushnil(L);
	return 1;
}

/* pairs(t): next over a snapshot */
static int mtrcu_pairs(lua_State *L)
{
	mtrcu_snapshot(L);
	lua_pushcfunction(L, mtrcu_next);
	lua_insert(L, -2);
	lua_pushnil(L);
	return 3;
}

/* Runs once, while the runtime's Lua state exists (close, gc, stop). */
static void mtrcu_release(void *data)
{
	struct mtrcu_obj *o = data;

	if (o->t)
		kref_put(&o->t->kref, mtrcu_table_release);
	o->t = NULL;
	if (o->charged)
		mt_runtime_uncharge(o->rt, o->charged);
	o->charged = 0;
}

/* The bytes of a table of 2^n buckets, without its entries. */
static size_t mtrcu_table_bytes(u32 buckets)
{
	return sizeof(struct mtrcu_table) + buckets * sizeof(struct hlist_head);
}

/* Charges a table to the object's runtime; raises over the limit. */
static void mtrcu_charge_obj(lua_State *L, struct mtrcu_obj *o, u32 buckets)
{
	size_t bytes = mtrcu_table_bytes(buckets);

	mt_bind_charge(L, bytes);
	o->rt = mt_lua_runtime(L);
	o->charged = bytes;
}

/* The table is indexed by its keys: its metatable has no methods. */
static const struct moontide_method mtrcu_meta[] = {
	{ "__index", mtrcu_index },
	{ "__newindex", mtrcu_newindex },
	{ "__len", mtrcu_len },
	{ "__pairs", mtrcu_pairs },
	{ NULL, NULL }
};

static const struct moontide_class mtrcu_class = {
	.name = "rcu",
	.release = mtrcu_release,
	.size = sizeof(struct mtrcu_obj),
	.metamethods = mtrcu_meta,
};

/* Buckets of a table for max entries. */
static u32 mtrcu_buckets(lua_Integer max)
{
	return clamp_t(u32, roundup_pow_of_two(max), 16, MTRCU_BUCKETS_MAX);
}

static struct mtrcu_table *mtrcu_alloc(const char *scope, const char *name,
				       lua_Integer max, gfp_t gfp)
{
	struct mtrcu_table *t = kzalloc(sizeof(*t), gfp | __GFP_NOWARN);
	u32 n = mtrcu_buckets(max);

	if (!t)
		return NULL;
	t->buckets = kvcalloc(n, sizeof(*t->buckets), gfp | __GFP_NOWARN);
	if (!t->buckets) {
		kfree(t);
		return NULL;
	}
	kref_init(&t->kref);
	spin_lock_init(&t->lock);
	strscpy(t->name, name, sizeof(t->name));
	strscpy(t->scope, scope, sizeof(t->scope));
	t->max = max;
	t->mask = n - 1;
	t->seed = get_random_u32();
	return t;
}

/*
 * A referenced table by scope and name, or NULL; the caller holds
 * mtrcu_tables_lock.
 */
static struct mtrcu_table *mtrcu_lookup(const char *scope, const char *name)
{
	struct mtrcu_table *t;

	list_for_each_entry(t, &mtrcu_tables, node)
		if (!strcmp(t->name, name) && !strcmp(t->scope, scope) &&
		    kref_get_unless_zero(&t->kref))
			return t;
	return NULL;
}

/*
 * rcu.table(name [, maxentries]): the table of that name, created if no
 * runtime holds one; maxentries (default 65536) applies on creation. The
 * name is this runtime's own, unless it starts with "shared:" (then every
 * runtime that asks for that name gets the same table).
 */
static int mtrcu_table(lua_State *L)
{
	size_t len;
	const char *name = luaL_checklstring(L, 1, &len);
	lua_Integer max = luaL_optinteger(L, 2, MTRCU_ENTRIES_DEFAULT);
	struct mtrcu_table *t, *fresh;
	const char *scope, *why = NULL;
	struct mtrcu_obj *o;
	unsigned long flags;

	luaL_argcheck(L, len > 0 && len <= MTRCU_NAME_MAX &&
		      strlen(name) == len, 1,
		      "name must be 1 to 64 bytes, without NUL");
	luaL_argcheck(L, max > 0 && max <= MTRCU_ENTRIES_MAX, 2,
		      "maxentries out of range [1, 1048576]");
	scope = mt_bind_scope(L, name);
	o = moontide_object_new(L, &mtrcu_class); /* may raise: first */
	spin_lock_irqsave(&mtrcu_tables_lock, flags);
	t = mtrcu_lookup(scope, name);
	spin_unlock_irqrestore(&mtrcu_tables_lock, flags);
	if (t) {
		o->t = t; /* the release puts it, if charging raises */
		mtrcu_charge_obj(L, o, t->mask + 1);
		goto out;
	}

	mtrcu_charge_obj(L, o, mtrcu_buckets(max)); /* the release uncharges */
	/* allocated unlocked; another runtime may create it meanwhile */
	fresh = mtrcu_alloc(scope, name, max, mt_lua_runtime(L)->gfp);
	if (!fresh)
		return luaL_error(L, "rcu.table: out of memory");
	spin_lock_irqsave(&mtrcu_tables_lock, flags);
	t = mtrcu_lookup(scope, name);
	if (!t && mtrcu_ntables >= MTRCU_TABLES_MAX) {
		why = "256 tables already";
	} else if (!t) {
		t = fresh;
		fresh = NULL;
		list_add(&t->node, &mtrcu_tables);
		mtrcu_ntables++;
	}
	spin_unlock_irqrestore(&mtrcu_tables_lock, flags);
	if (fresh) {
		kvfree(fresh->buckets);
		kfree(fresh);
	}
	if (why)
		return luaL_error(L, "rcu.table: '%s': %s", name, why);
	o->t = t;
out:
	return 1;
}

/* rcu.close(t): lets go of the table now */
static int mtrcu_close(lua_State *L)
{
	moontide_object_close(L, 1, &mtrcu_class);
	return 0;
}

/* rcu.name(t), rcu.max(t) */
static int mtrcu_name(lua_State *L)
{
	lua_pushstring(L, mtrcu_check(L, 1)->name);
	return 1;
}

static int mtrcu_max(lua_State *L)
{
	lua_pushinteger(L, mtrcu_check(L, 1)->max);
	return 1;
}

/* rcu.usage(): tables, entries and their bytes, module-wide */
static int mtrcu_usage(lua_State *L)
{
	unsigned long flags;
	unsigned int n;

	spin_lock_irqsave(&mtrcu_tables_lock, flags);
	n = mtrcu_ntables;
	spin_unlock_irqrestore(&mtrcu_tables_lock, flags);
	lua_pushinteger(L, n);
	lua_pushinteger(L, atomic_long_read(&mtrcu_entries));
	lua_pushinteger(L, atomic_long_read(&mtrcu_bytes));
	return 3;
}

static const luaL_Reg mtrcu_funcs[] = {
	{ "table", mtrcu_table },
	{ "snapshot", mtrcu_snapshot },
	{ "count", mtrcu_len },
	{ "close", mtrcu_close },
	{ "name", mtrcu_name },
	{ "max", mtrcu_max },
	{ "usage", mtrcu_usage },
	{ NULL, NULL }
};

static int luaopen_rcu(lua_State *L)
{
	luaL_newlib(L, mtrcu_funcs);
	return 1;
}

/* Module unload, after every runtime stopped: waits for the tables' frees. */
static void mtrcu_exit(void)
{
	rcu_barrier();
}

const struct mt_binding mtrcu_binding = {
	.name = "rcu",
	.open = luaopen_rcu,
	.exit = mtrcu_exit,
};
