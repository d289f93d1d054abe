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
