// SPDX-License-Identifier: MIT
/*
 * lkuser.c - what the dialect needs from its host, for userspace luak.
 */
#include <stdint.h>
#include <time.h>

unsigned int lk_makeseed(void)
{
	static int anchor; /* its address adds ASLR entropy */
	struct timespec ts;
	uint64_t h;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	h = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 32) ^
	    (uint64_t)(uintptr_t)&anchor;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (unsigned int)h;
}

/* A userspace stack is megabytes: the call-depth count is the limit. */
int lk_cstackroom(void)
{
	return 2;
}

/*
 * LUAK_QUOTA=N: the execution guard of the kernel (lua-kernel/lib/lkguard.c)
 * with a quota of N units for the whole run, so the guard's behaviour can
 * be tried in userspace: once over, every charge raises the same fault and
 * nothing in Lua catches it. Unset: no guard, no bound.
 */
#include <stdio.h>
#include <stdlib.h>

#include "lua.h"

#define LK_USER_SLICE	10000

static long long lk_user_quota, lk_user_used, lk_user_given;
static char lk_user_fault[80];

static const char *lk_user_guard(lua_State *L, lua_Integer *budget)
{
	(void)L;
	lk_user_used += lk_user_given - *budget;
	if (lk_user_used >= lk_user_quota)
		return lk_user_fault;
	lk_user_given = lk_user_quota - lk_user_used;
	if (lk_user_given > LK_USER_SLICE)
		lk_user_given = LK_USER_SLICE;
	*budget = lk_user_given;
	return NULL;
}

void lk_userguard(lua_State *L)
{
	const char *q = getenv("LUAK_QUOTA");

	if (!q || !*q)
		return;
	lk_user_quota = strtoll(q, NULL, 10);
	if (lk_user_quota <= 0)
		return;
	snprintf(lk_user_fault, sizeof(lk_user_fault),
		 "instruction quota exceeded (%lld instructions)", lk_user_quota);
	lk_user_used = 0;
	lk_user_given = 0;
	lua_setguard(L, lk_user_guard);
	lua_setbudget(L, 0);
}
