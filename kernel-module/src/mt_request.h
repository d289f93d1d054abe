/* SPDX-License-Identifier: GPL-2.0 */
/* mt_request.h - parsing and validating protocol v1 request lines. */
#ifndef MT_REQUEST_H
#define MT_REQUEST_H

#include "moontide.h"
#include "mt_runtime.h"

#define MT_MEMORY_DEFAULT	(16UL << 20)
#define MT_MEMORY_MAX		(1UL << 30)
#define MT_QUOTA_PROCESS	100000000ULL	/* 10^8 */
#define MT_QUOTA_ATOMIC		1000000ULL	/* 10^6: BH or IRQs are off */
/* softirq and hardirq: at most these (moontide.h, so the C API's users see them) */
#define MT_ATOMIC_QUOTA_MAX	MOONTIDE_ATOMIC_QUOTA_MAX
#define MT_ATOMIC_MEMORY_MAX	MOONTIDE_ATOMIC_MEMORY_MAX

enum mt_command {
	MT_REQ_VERSION,
	MT_REQ_LIST,
	MT_REQ_RUN,
	MT_REQ_STOP,
	MT_REQ_EVAL,
};

struct mt_run_request {
	const char *name;
	const char *script;
	struct mt_runtime_opts opts;
};

struct mt_request {
	enum mt_command command;
	const char *name;	/* stop, eval */
	const char *body;	/* eval: the chunk */
	size_t body_len;
	struct mt_run_request run;
};

/*
 * Parses req (NUL-terminated, len bytes; modified in place). Returns NULL,
 * or why the request is malformed (a static string or why_buf).
 */
const char *mt_request_parse(char *req, size_t len, struct mt_request *r,
			     char *why_buf, size_t why_len);
bool mt_name_valid(const char *name);
/* The default memory limit and quota of a context. */
size_t mt_memory_default(enum mt_context ctx);
u64 mt_quota_default(enum mt_context ctx);
/*
 * Checks options against the maxima and the atomic contexts' ceilings:
 * NULL, or why they are refused (a static string or why_buf), naming the
 * ceiling. Every way of creating a runtime (request, C API, /dev/lunatik)
 * goes through it.
 */
const char *mt_opts_check(const struct mt_runtime_opts *o, char *why_buf,
			  size_t why_len);

#endif
