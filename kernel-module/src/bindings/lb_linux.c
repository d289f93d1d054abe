// SPDX-License-Identifier: GPL-2.0
/*
 * lb_linux.c - require("linux"): time, randomness, sleeping, errno names,
 * file mode bits.
 */
#define pr_fmt(fmt) "moontide: " fmt

#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/random.h>
#include <linux/sched/signal.h>
#include <linux/stat.h>
#include <linux/timekeeping.h>
#include <linux/utsname.h>

#include "lauxlib.h"

#include "mt_bindings.h"

/* linux.time(): monotonic clock, nanoseconds */
static int mtlinux_time(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)ktime_get_ns());
	return 1;
}

/* linux.realtime(): wall clock, nanoseconds since the epoch */
static int mtlinux_realtime(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)ktime_get_real_ns());
	return 1;
}

/* linux.random([m [, n]]): like math.random, from the kernel's CSPRNG */
static int mtlinux_random(lua_State *L)
{
	lua_Integer low = 1, up;
	u64 range, r;

	if (lua_isnone(L, 1)) {
		lua_pushinteger(L, (lua_Integer)get_random_u64());
		return 1;
	}
	up = luaL_checkinteger(L, lua_isnone(L, 2) ? 1 : 2);
	if (!lua_isnone(L, 2))
		low = luaL_checkinteger(L, 1);
	luaL_argcheck(L, low <= up, 1, "interval is empty");
	range = (u64)up - (u64)low;
	if (range == U64_MAX) {
		r = get_random_u64();
	} else {
		u64 limit = U64_MAX - (U64_MAX % (range + 1)); /* no modulo bias */

		do {
			r = get_random_u64();
		} while (r >= limit);
		r %= range + 1;
	}
	lua_pushinteger(L, (lua_Integer)((u64)low + r));
	return 1;
}

/*
 * linux.schedule([ms]): yield the CPU, or sleep ms milliseconds
 * (interrupted early when the runtime is stopped). Process context only.
 */
static int mtlinux_schedule(lua_State *L)
{
	lua_Integer ms = luaL_optinteger(L, 1, 0);

	mt_bind_need_process(L, "linux.schedule");
	luaL_argcheck(L, ms >= 0 && ms <= 3600 * 1000, 1,
		      "milliseconds out of range [0, 3600000]");
	if (ms == 0)
		cond_resched();
	else
		msleep_interruptible(ms);
	lua_pushboolean(L, !signal_pending(current));
	return 1;
}

/* linux.version(): the running kernel's release */
static int mtlinux_version(lua_State *L)
{
	lua_pushstring(L, utsname()->release);
	return 1;
}

static const struct {
	const char *name;
	int value;
} mtlinux_constants[] = {
#define E(x) { #x, x }
	E(EPERM), E(ENOENT), E(EINTR), E(EIO), E(ENXIO), E(EBADF),
	E(EAGAIN), E(ENOMEM), E(EACCES), E(EFAULT), E(EBUSY), E(EEXIST),
	E(ENODEV), E(EINVAL), E(ENOSPC), E(EPIPE), E(ERANGE), E(ENOSYS),
	E(ETIME), E(ECONNREFUSED), E(ECONNRESET), E(ETIMEDOUT),
	E(EADDRINUSE), E(ENOTCONN), E(ECANCELED),
#undef E
};

static const struct {
	const char *name;
	int value;
} mtlinux_modes[] = {
#define M(x) { #x, S_##x }
	M(IRWXU), M(IRUSR), M(IWUSR), M(IXUSR), M(IRWXG), M(IRGRP),
	M(IWGRP), M(IXGRP), M(IRWXO), M(IROTH), M(IWOTH), M(IXOTH),
#undef M
};

static const luaL_Reg mtlinux_funcs[] = {
	{ "time", mtlinux_time },
	{ "realtime", mtlinux_realtime },
	{ "random", mtlinux_random },
	{ "schedule", mtlinux_schedule },
	{ "version", mtlinux_version },
	{ NULL, NULL }
};

static int luaopen_linux(lua_State *L)
{
	int i;

	luaL_newlib(L, mtlinux_funcs);
	lua_createtable(L, 0, ARRAY_SIZE(mtlinux_constants));
	for (i = 0; i < ARRAY_SIZE(mtlinux_constants); i++) {
		lua_pushinteger(L, mtlinux_constants[i].value);
		lua_setfield(L, -2, mtlinux_constants[i].name);
	}
	lua_setfield(L, -2, "errno");
	lua_createtable(L, 0, ARRAY_SIZE(mtlinux_modes));
	for (i = 0; i < ARRAY_SIZE(mtlinux_modes); i++) {
		lua_pushinteger(L, mtlinux_modes[i].value);
		lua_setfield(L, -2, mtlinux_modes[i].name);
	}
	lua_setfield(L, -2, "stat");
	return 1;
}

const struct mt_binding mtlinux_binding = {
	.name = "linux",
	.open = luaopen_linux,
};
