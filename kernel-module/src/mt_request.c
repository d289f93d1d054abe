// SPDX-License-Identifier: GPL-2.0
/*
 * mt_request.c - the command line of a request: words separated by single
 * spaces; everything after the first newline is the body (eval's chunk).
 */
#include <linux/kernel.h>
#include <linux/string.h>

#include "mt_request.h"

#define MT_WORDS_MAX	8

bool mt_name_valid(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > MT_NAME_MAX)
		return false;
	return strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		      "0123456789_.-") == len;
}

size_t mt_memory_default(enum mt_context ctx)
{
	return ctx == MT_CTX_PROCESS ? MT_MEMORY_DEFAULT : MT_ATOMIC_MEMORY_MAX;
}

u64 mt_quota_default(enum mt_context ctx)
{
	return ctx == MT_CTX_PROCESS ? MT_QUOTA_PROCESS : MT_QUOTA_ATOMIC;
}

const char *mt_opts_check(const struct mt_runtime_opts *o, char *why,
			  size_t n)
{
	const char *ctx = mt_context_name(o->context);

	if (o->memory_limit == 0 || o->memory_limit > MT_MEMORY_MAX) {
		snprintf(why, n, "memory=%zu: expected bytes, 1 to %lu",
			 o->memory_limit, MT_MEMORY_MAX);
		return why;
	}
	if (o->spawn && o->context != MT_CTX_PROCESS)
		return "spawn needs context=process: a kernel thread may sleep";
	if (o->context == MT_CTX_PROCESS)
		return NULL;
	if (o->quota == 0) {
		snprintf(why, n, "quota=0 (no limit) is refused in context=%s: "
			 "its ceiling is quota=%llu instructions", ctx,
			 MT_ATOMIC_QUOTA_MAX);
		return why;
	}
	if (o->quota > MT_ATOMIC_QUOTA_MAX) {
		snprintf(why, n, "quota=%llu is over the ceiling of context=%s: "
			 "at most %llu instructions", o->quota, ctx,
			 MT_ATOMIC_QUOTA_MAX);
		return why;
	}
	if (o->memory_limit > MT_ATOMIC_MEMORY_MAX) {
		snprintf(why, n, "memory=%zu is over the ceiling of context=%s: "
			 "at most %lu bytes (4 MiB)", o->memory_limit, ctx,
			 MT_ATOMIC_MEMORY_MAX);
		return why;
	}
	return NULL;
}

static const char *mt_parse_option(char *word, struct mt_runtime_opts *o,
				   bool *quota_set, char *why, size_t n)
{
	char *value = strchr(word, '=');
	unsigned long long v;

	if (strcmp(word, "spawn") == 0) {
		o->spawn = true;
		return NULL;
	}
	if (value)
		*value++ = '\0';
	if (value && strcmp(word, "context") == 0) {
		if (mt_context_parse(value, &o->context) == 0)
			return NULL;
		snprintf(why, n, "unknown context '%s' (expected process, "
			 "softirq or hardirq)", value);
		return why;
	}
	if (value && strcmp(word, "memory") == 0) {
		if (kstrtoull(value, 10, &v) || v == 0 || v > MT_MEMORY_MAX) {
			snprintf(why, n, "memory=%s: expected bytes, 1 to %lu",
				 value, MT_MEMORY_MAX);
			return why;
		}
		o->memory_limit = v;
		return NULL;
	}
	if (value && strcmp(word, "quota") == 0) {
		if (kstrtoull(value, 10, &v)) {
			snprintf(why, n, "quota=%s: expected a number of "
				 "instructions (0: no limit)", value);
			return why;
		}
		o->quota = v;
		*quota_set = true;
		return NULL;
	}
	snprintf(why, n, "unknown option '%s' (expected context=C, spawn, "
		 "memory=BYTES, quota=N)", word);
	return why;
}

static const char *mt_parse_run(char **w, int nw, struct mt_run_request *run,
				char *why, size_t n)
{
	struct mt_runtime_opts *o = &run->opts;
	bool quota_set = false;
	const char *err;
	int i;

	if (nw < 3)
		return "usage: run NAME SCRIPT [context=C] [spawn] [memory=BYTES] [quota=N]";
	run->name = w[1];
	run->script = w[2];
	o->context = MT_CTX_PROCESS;
	o->spawn = false;
	o->memory_limit = 0;	/* the context's default, once it is known */
	for (i = 3; i < nw; i++) {
		err = mt_parse_option(w[i], o, &quota_set, why, n);
		if (err)
			return err;
	}
	if (!o->memory_limit)
		o->memory_limit = mt_memory_default(o->context);
	if (!quota_set)
		o->quota = mt_quota_default(o->context);
	return mt_opts_check(o, why, n);
}

const char *mt_request_parse(char *req, size_t len, struct mt_request *r,
			     char *why, size_t n)
{
	char *nl = strchr(req, '\n');
	char *line = req, *w[MT_WORDS_MAX];
	int nw = 0;

	memset(r, 0, sizeof(*r));
	if (nl) {
		*nl = '\0';
		r->body = nl + 1;
		r->body_len = req + len - r->body;
	}
	while (line && nw < MT_WORDS_MAX) {
		w[nw] = strsep(&line, " ");
		if (!*w[nw])
			return "malformed request: words are separated by single spaces";
		nw++;
	}
	if (line)
		return "malformed request: too many words";

	if (strcmp(w[0], "version") == 0 || strcmp(w[0], "list") == 0) {
		if (nw != 1) {
			snprintf(why, n, "usage: %s", w[0]);
			return why;
		}
		r->command = w[0][0] == 'v' ? MT_REQ_VERSION : MT_REQ_LIST;
	} else if (strcmp(w[0], "stop") == 0 || strcmp(w[0], "eval") == 0) {
		if (nw != 2) {
			snprintf(why, n, "usage: %s", w[0][0] == 's' ? "stop NAME" :
				 "eval NAME, a newline, then a Lua chunk");
			return why;
		}
		r->command = w[0][0] == 's' ? MT_REQ_STOP : MT_REQ_EVAL;
		r->name = w[1];
		if (r->command == MT_REQ_EVAL && strcmp(w[1], "-") == 0)
			return NULL;
	} else if (strcmp(w[0], "run") == 0) {
		const char *err = mt_parse_run(w, nw, &r->run, why, n);

		if (err)
			return err;
		r->command = MT_REQ_RUN;
		r->name = r->run.name;
	} else {
		snprintf(why, n, "unknown command '%.32s' (protocol 1: version, "
			 "list, run, stop, eval)", w[0]);
		return why;
	}
	if (r->name && !mt_name_valid(r->name)) {
		snprintf(why, n, "invalid runtime name '%.64s': 1 to 64 of "
			 "A-Z a-z 0-9 _ . -", r->name);
		return why;
	}
	if (r->command != MT_REQ_EVAL && r->body)
		return "malformed request: only eval takes a body after the newline";
	return NULL;
}
