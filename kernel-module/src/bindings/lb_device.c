// SPDX-License-Identifier: GPL-2.0
/*
 * lb_device.c - require("device"): character devices served by Lua.
 *
 *   local dev = device.new{name = "passwd", mode = 0444,
 *                          read = function(count, offset) return "..." end}
 *
 * Callbacks run in the runtime (its lock, its quota) in the context of the
 * process doing open/read/write/close. The node /dev/NAME goes when the
 * device is closed (dev:close()) or its runtime stops. Devices are plain
 * cdevs of a "moontide" class: misc devices would call open() under a
 * global mutex that device.new, running under a runtime's lock, needs too.
 * A device charges a fixed estimate of its kernel memory, MTDEVICE_CHARGE,
 * to its runtime's memory limit while its object lives.
 */
#define pr_fmt(fmt) "moontide: " fmt

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/kref.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "lauxlib.h"

#include "moontide.h"
#include "mt_bindings.h"
#include "../compat/mt_compat.h"
#include "../mt_lua.h"
#include "../mt_runtime.h"

#define MTDEVICE_MINORS		256
#define MTDEVICE_NAME_MAX	31
#define MTDEVICE_IO_MAX		(64 * 1024)	/* bytes per read or write call */
/*
 * An estimate of a device's kernel memory: struct mtdevice, its cdev, its
 * struct device with its sysfs directory and attributes, the devtmpfs node.
 */
#define MTDEVICE_CHARGE		(8 * 1024)

struct mtdevice {
	struct kref kref;
	char name[MTDEVICE_NAME_MAX + 1];
	umode_t mode;
	int minor;
	struct cdev *cdev;
	struct device *node;
	struct mt_runtime *rt;		/* referenced */
	int objref;			/* registry ref anchoring the object */
	bool dead;			/* closed: no more callbacks */
	struct work_struct teardown;
};

static dev_t mtdevice_base;
static struct class *mtdevice_class;
static DEFINE_IDR(mtdevice_idr);	/* minor -> struct mtdevice */
static DEFINE_SPINLOCK(mtdevice_idr_lock);
static DEFINE_MUTEX(mtdevice_names);	/* name checks and node creation */

static const struct moontide_class mtdevice_class_desc;

static void mtdevice_free(struct kref *kref)
{
	struct mtdevice *dev = container_of(kref, struct mtdevice, kref);

	mt_runtime_put(dev->rt);
	kfree(dev);
}

static struct mtdevice *mtdevice_get(int minor)
{
	struct mtdevice *dev;

	spin_lock(&mtdevice_idr_lock);
	dev = idr_find(&mtdevice_idr, minor);
	if (dev)
		kref_get(&dev->kref);
	spin_unlock(&mtdevice_idr_lock);
	return dev;
}

/* {== calling Lua from file operations ================================ */
struct mtdevice_call {
	struct mtdevice *dev;
	const char *callback;	/* "read", "write", "open", "release" */
	char *buf;		/* read: filled; write: the data */
	size_t len;		/* read: room in buf, then bytes; write: bytes */
	loff_t offset;
	bool missing;		/* no such callback */
};

static int mtdevice_protected(lua_State *L)
{
	struct mtdevice_call *c = lua_touserdata(L, 1);
	size_t n;
	const char *s;

	lua_rawgeti(L, LUA_REGISTRYINDEX, c->dev->objref);
	lua_getiuservalue(L, -1, 1);
	if (lua_getfield(L, -1, c->callback) != LUA_TFUNCTION) {
		c->missing = true;
		return 0;
	}
	if (c->callback[0] == 'r' && c->callback[2] == 'a') { /* read */
		lua_pushinteger(L, c->len);
		lua_pushinteger(L, c->offset);
		lua_call(L, 2, 1);
		s = lua_tolstring(L, -1, &n);
		if (!s && !lua_isnil(L, -1))
			return luaL_error(L, "device %s: read must return a string "
					  "or nil, not %s", c->dev->name,
					  luaL_typename(L, -1));
		c->len = s ? min(n, c->len) : 0;
		if (s)
			memcpy(c->buf, s, c->len);
	} else if (c->callback[0] == 'w') {
		lua_pushlstring(L, c->buf, c->len);
		lua_pushinteger(L, c->offset);
		lua_call(L, 2, 1);
		if (!lua_isnil(L, -1)) { /* nil: all of it was taken */
			lua_Integer taken = luaL_checkinteger(L, -1);

			if (taken < 0 || taken > c->len)
				return luaL_error(L, "device %s: write returned %I, "
						  "outside [0, %I]", c->dev->name,
						  taken, (lua_Integer)c->len);
			c->len = taken;
		}
	} else {
		lua_call(L, 0, 0);
	}
	return 0;
}

/*
 * Runs callback c->callback; 0, or a negative errno for the caller. A
 * fatal signal to the caller (a reader killed mid-read) ends only this
 * call, with -EINTR; any other error in a callback fails the runtime.
 */
static int mtdevice_call(struct mtdevice_call *c)
{
	struct mt_runtime *rt = c->dev->rt;
	char *msg = NULL;
	int status = MT_ERR_RUNTIME;

	if (mt_runtime_lock_killable(rt))
		return -EINTR;
	if (rt->L && !READ_ONCE(c->dev->dead))
		status = mt_lua_call(rt, mtdevice_protected, c, &msg);
	else
		c->missing = true;
	mt_runtime_unlock(rt);
	if (status == MT_OK)
		return 0;
	if (status == MT_ERR_INTERRUPTED) {
		kfree(msg);
		return -EINTR;
	}
	if (msg) {
		char *why = kasprintf(GFP_KERNEL, "device %s: %s: %s",
				      c->dev->name, c->callback, msg);

		mt_runtime_fail(rt, why ? why : msg);
		kfree(why);
		kfree(msg);
		return -EIO;
	}
	return -ENODEV;
}
/* }==================================================================== */

static int mtdevice_open(struct inode *inode, struct file *file)
{
	struct mtdevice *dev = mtdevice_get(iminor(inode) - MINOR(mtdevice_base));
	struct mtdevice_call c = { .callback = "open" };
	int err;

	if (!dev)
		return -ENODEV;
	c.dev = dev;
	err = mtdevice_call(&c);
	if (err && !c.missing) {
		kref_put(&dev->kref, mtdevice_free);
		return err;
	}
	file->private_data = dev;
	return nonseekable_open(inode, file);
}

static int mtdevice_release(struct inode *inode, struct file *file)
{
	struct mtdevice *dev = file->private_data;
	struct mtdevice_call c = { .dev = dev, .callback = "release" };

	mtdevice_call(&c); /* nothing to report it to */
	kref_put(&dev->kref, mtdevice_free);
	return 0;
}

static ssize_t mtdevice_read(struct file *file, char __user *ubuf, size_t count,
			     loff_t *ppos)
{
	struct mtdevice_call c = { .dev = file->private_data, .callback = "read" };
	int err;

	c.len = min_t(size_t, count, MTDEVICE_IO_MAX);
	c.offset = *ppos;
	c.buf = kvmalloc(max_t(size_t, c.len, 1), GFP_KERNEL);
	if (!c.buf)
		return -ENOMEM;
	err = mtdevice_call(&c);
	if (!err && c.missing)
		err = -EINVAL; /* not readable */
	if (!err && copy_to_user(ubuf, c.buf, c.len))
		err = -EFAULT;
	kvfree(c.buf);
	if (err)
		return err;
	*ppos += c.len;
	return c.len;
}

static ssize_t mtdevice_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	struct mtdevice_call c = { .dev = file->private_data, .callback = "write" };
	int err;

	c.len = min_t(size_t, count, MTDEVICE_IO_MAX);
	c.offset = *ppos;
	c.buf = memdup_user(ubuf, c.len);
	if (IS_ERR(c.buf))
		return PTR_ERR(c.buf);
	err = mtdevice_call(&c);
	if (!err && c.missing)
		err = -EINVAL; /* not writable */
	kfree(c.buf);
	if (err)
		return err;
	*ppos += c.len;
	return c.len;
}

static const struct file_operations mtdevice_fops = {
	.owner = THIS_MODULE,
	.open = mtdevice_open,
	.release = mtdevice_release,
	.read = mtdevice_read,
	.write = mtdevice_write,
	.llseek = no_llseek,
};

/* Node removal sleeps and takes global locks: never under a runtime lock. */
static void mtdevice_teardown(struct work_struct *work)
{
	struct mtdevice *dev = container_of(work, struct mtdevice, teardown);

	mutex_lock(&mtdevice_names);
	device_destroy(mtdevice_class, mtdevice_base + dev->minor);
	mutex_unlock(&mtdevice_names);
	cdev_del(dev->cdev);
	spin_lock(&mtdevice_idr_lock);
	idr_remove(&mtdevice_idr, dev->minor);
	spin_unlock(&mtdevice_idr_lock);
	kref_put(&dev->kref, mtdevice_free);
}

/* The object's release: from close, garbage collection or lua_close. */
static void mtdevice_release_object(void *data)
{
	struct mtdevice *dev = *(struct mtdevice **)data;

	if (!dev) /* device.new failed after creating the object */
		return;
	mt_runtime_uncharge(dev->rt, MTDEVICE_CHARGE);
	WRITE_ONCE(dev->dead, true);
	queue_work(mt_bind_wq, &dev->teardown);
}

/* dev:close(): also drops the registry anchor (it needs the Lua state) */
static int mtdevice_close(lua_State *L)
{
	struct mtdevice *dev = *(struct mtdevice **)moontide_object_check(L, 1,
							&mtdevice_class_desc);

	luaL_unref(L, LUA_REGISTRYINDEX, dev->objref);
	moontide_object_close(L, 1, &mtdevice_class_desc);
	return 0;
}

static int mtdevice_name(lua_State *L)
{
	struct mtdevice *dev = *(struct mtdevice **)moontide_object_check(L, 1,
							&mtdevice_class_desc);

	lua_pushfstring(L, "/dev/%s", dev->name);
	return 1;
}

static const struct moontide_method mtdevice_methods[] = {
	{ "close", mtdevice_close },
	{ "path", mtdevice_name },
	{ NULL, NULL }
};

static const struct moontide_class mtdevice_class_desc = {
	.name = "device",
	.methods = mtdevice_methods,
	.release = mtdevice_release_object,
	.size = sizeof(struct mtdevice *),
};

static bool mtdevice_name_ok(const char *name)
{
	size_t len = strlen(name);

	return len > 0 && len <= MTDEVICE_NAME_MAX && name[0] != '.' &&
	       strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-.") == len;
}

/* /dev/NAME already there (ours or anyone's)? */
static bool mtdevice_exists(const char *name)
{
	struct path p;
	char *path = kasprintf(GFP_KERNEL, "/dev/%s", name);
	bool exists;

	if (!path)
		return true;
	exists = kern_path(path, 0, &p) == 0;
	if (exists)
		path_put(&p);
	kfree(path);
	return exists;
}

/* Creates the cdev and the node; the caller holds mtdevice_names. */
static int mtdevice_add(struct mtdevice *dev)
{
	int err;

	idr_preload(GFP_KERNEL);
	spin_lock(&mtdevice_idr_lock);
	dev->minor = idr_alloc(&mtdevice_idr, NULL, 0, MTDEVICE_MINORS,
			       GFP_NOWAIT);
	spin_unlock(&mtdevice_idr_lock);
	idr_preload_end();
	if (dev->minor < 0)
		return dev->minor == -ENOSPC ? -EMFILE : dev->minor;
	dev->cdev = cdev_alloc();
	err = -ENOMEM;
	if (!dev->cdev)
		goto out_idr;
	dev->cdev->owner = THIS_MODULE;
	dev->cdev->ops = &mtdevice_fops;
	err = cdev_add(dev->cdev, mtdevice_base + dev->minor, 1);
	if (err)
		goto out_cdev;
	dev->node = device_create(mtdevice_class, NULL,
				  mtdevice_base + dev->minor, dev, "%s",
				  dev->name);
	if (IS_ERR(dev->node)) {
		err = PTR_ERR(dev->node);
		goto out_cdev;
	}
	/* visible to open() only now that it is complete */
	spin_lock(&mtdevice_idr_lock);
	idr_replace(&mtdevice_idr, dev, dev->minor);
	spin_unlock(&mtdevice_idr_lock);
	return 0;

out_cdev:
	cdev_del(dev->cdev);
out_idr:
	spin_lock(&mtdevice_idr_lock);
	idr_remove(&mtdevice_idr, dev->minor);
	spin_unlock(&mtdevice_idr_lock);
	return err;
}

static const char *const mtdevice_callbacks[] = {
	"read", "write", "open", "release"
};

/* device.new{name=, mode=, read=, write=, open=, release=} */
static int mtdevice_new(lua_State *L)
{
	struct mtdevice *dev, **slot;
	const char *name;
	lua_Integer mode;
	int i, err;

	mt_bind_need_process(L, "device.new");
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_getfield(L, 1, "name");
	name = lua_tostring(L, -1);
	luaL_argcheck(L, name && mtdevice_name_ok(name), 1,
		      "name must be 1 to 31 of a-z 0-9 _ - . (not starting with .)");
	lua_getfield(L, 1, "mode");
	mode = luaL_optinteger(L, -1, 0600);
	luaL_argcheck(L, mode >= 0 && mode <= 0777, 1, "mode must be within 0 and 0777");
	lua_pop(L, 1);

	slot = moontide_object_new(L, &mtdevice_class_desc); /* index 3 */
	lua_createtable(L, 0, ARRAY_SIZE(mtdevice_callbacks));
	for (i = 0; i < ARRAY_SIZE(mtdevice_callbacks); i++) {
		int t = lua_getfield(L, 1, mtdevice_callbacks[i]);

		if (t != LUA_TNIL && t != LUA_TFUNCTION)
			return luaL_error(L, "device.new: %s must be a function, "
					  "not %s", mtdevice_callbacks[i],
					  lua_typename(L, t));
		lua_setfield(L, -2, mtdevice_callbacks[i]);
	}
	lua_setiuservalue(L, 3, 1);
	mt_bind_charge(L, MTDEVICE_CHARGE); /* may raise: before the anchor */
	lua_pushvalue(L, 3);
	i = luaL_ref(L, LUA_REGISTRYINDEX); /* a device lives until closed */

	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev) {
		luaL_unref(L, LUA_REGISTRYINDEX, i);
		mt_runtime_uncharge(mt_lua_runtime(L), MTDEVICE_CHARGE);
		return luaL_error(L, "device.new: out of memory");
	}
	kref_init(&dev->kref);
	strscpy(dev->name, name, sizeof(dev->name));
	dev->mode = mode;
	dev->objref = i;
	dev->rt = mt_lua_runtime(L);
	mt_runtime_get(dev->rt);
	INIT_WORK(&dev->teardown, mtdevice_teardown);

	mutex_lock(&mtdevice_names);
	err = mtdevice_exists(name) ? -EEXIST : mtdevice_add(dev);
	mutex_unlock(&mtdevice_names);
	if (err) {
		luaL_unref(L, LUA_REGISTRYINDEX, dev->objref);
		mt_runtime_uncharge(dev->rt, MTDEVICE_CHARGE);
		kref_put(&dev->kref, mtdevice_free);
		/* *slot stays NULL: the object's release does nothing */
		return luaL_error(L, "device.new: cannot create /dev/%s: %s",
				  name, err == -EEXIST ? "it exists" :
				  err == -EMFILE ? "256 devices already" :
				  "error creating it");
	}
	*slot = dev;
	lua_settop(L, 3);
	return 1;
}

/* The node's mode is the one device.new was given. */
static char *mtdevice_devnode(MT_DEVNODE_CONST struct device *node,
			      umode_t *mode)
{
	struct mtdevice *dev = dev_get_drvdata(node);

	if (mode && dev)
		*mode = dev->mode;
	return NULL;
}

static const luaL_Reg mtdevice_funcs[] = {
	{ "new", mtdevice_new },
	{ NULL, NULL }
};

static int luaopen_device(lua_State *L)
{
	luaL_newlib(L, mtdevice_funcs);
	return 1;
}

static int mtdevice_init(void)
{
	int err;

	err = alloc_chrdev_region(&mtdevice_base, 0, MTDEVICE_MINORS,
				  "moontide-device");
	if (err)
		return err;
	mtdevice_class = mt_class_create("moontide");
	if (IS_ERR(mtdevice_class)) {
		unregister_chrdev_region(mtdevice_base, MTDEVICE_MINORS);
		return PTR_ERR(mtdevice_class);
	}
	mtdevice_class->devnode = mtdevice_devnode;
	return 0;
}

/* After every runtime stopped and the teardown work ran. */
static void mtdevice_exit(void)
{
	class_destroy(mtdevice_class);
	unregister_chrdev_region(mtdevice_base, MTDEVICE_MINORS);
	idr_destroy(&mtdevice_idr);
}

const struct mt_binding mtdevice_binding = {
	.name = "device",
	.open = luaopen_device,
	.init = mtdevice_init,
	.exit = mtdevice_exit,
};
