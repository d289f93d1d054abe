// SPDX-License-Identifier: GPL-2.0
/*
 * lb_socket.c - require("socket"): kernel sockets (TCP and UDP over IPv4 and
 * IPv6, AF_PACKET raw frames, AF_UNIX) in the initial network namespace.
 *
 *   local s = socket.new(socket.af.INET, socket.sock.STREAM)
 *   s:setoption("reuseport", true)
 *   s:bind("127.0.0.1", 7)  s:listen()
 *   local c = s:accept()    local data = c:receive(4096)  c:send(data)
 *
 * Every call may sleep: process context only. Blocking calls wait in
 * slices of MTSOCK_SLICE, so that stopping the runtime, a signal (the
 * client of an eval, kthread_stop of a spawned runtime) or the socket's
 * timeout ends them promptly. Errors are Lua errors "socket.<call>: <ENAME>".
 * The socket is released exactly once, by the object's release. Each open
 * socket charges a fixed estimate of its kernel memory, MTSOCK_CHARGE, to
 * its runtime's memory limit; all runtimes together may open MTSOCK_MAX.
 */
#define pr_fmt(fmt) "moontide: " fmt

#include <linux/atomic.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/inet.h>
#include <linux/jiffies.h>
#include <linux/net.h>
#include <linux/netdevice.h>
#include <linux/sched/signal.h>
#include <linux/socket.h>
#include <linux/tcp.h>
#include <linux/un.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "lauxlib.h"

#include "moontide.h"
#include "mt_bindings.h"
#include "../mt_lua.h"
#include "../mt_runtime.h"

#define MTSOCK_IO_MAX		(64 * 1024)	/* bytes per receive */
#define MTSOCK_SLICE		(HZ / 5)	/* longest single wait */
#define MTSOCK_TIMEOUT_MAX	(24 * 3600 * 1000)	/* ms */
#define MTSOCK_RECV_FLAGS	(MSG_DONTWAIT | MSG_PEEK)
#define MTSOCK_SEND_FLAGS	(MSG_DONTWAIT | MSG_MORE)
#define MTSOCK_MAX		4096	/* open sockets, all runtimes */
/*
 * What a socket is charged to its runtime: an estimate, not a measure. Its
 * structures take 2 to 4 KiB (struct socket and its inode, a tcp_sock or
 * udp_sock); the rest stands for the buffers it may fill (sk_rcvbuf and
 * sk_sndbuf are bounded, not charged, by the kernel).
 */
#define MTSOCK_CHARGE		(16 * 1024)

struct mtsock {
	struct socket *sock;	/* NULL until created or accepted */
	int family;
	int type;
	__be16 protocol;	/* AF_PACKET: the EtherType it was opened for */
	unsigned int timeout_ms;	/* 0: blocking calls wait until done */
	bool counted;		/* holds one of the MTSOCK_MAX places */
	struct mt_runtime *rt;	/* charged MTSOCK_CHARGE while counted */
};

static const struct moontide_class mtsock_class;

/* The module-wide backstop behind the runtimes' own limits. */
static atomic_t mtsock_open = ATOMIC_INIT(0);

/*
 * Charges s to the runtime and takes a place for it; raises "not enough
 * memory" over the runtime's limit, "<what>: EMFILE (... already open)"
 * when all runtimes together have MTSOCK_MAX open.
 */
static void mtsock_count(lua_State *L, struct mtsock *s, const char *what)
{
	struct mt_runtime *rt = mt_lua_runtime(L);

	mt_bind_charge(L, MTSOCK_CHARGE);
	if (atomic_inc_return(&mtsock_open) > MTSOCK_MAX) {
		atomic_dec(&mtsock_open);
		mt_runtime_uncharge(rt, MTSOCK_CHARGE);
		luaL_error(L, "%s: EMFILE (%d sockets already open)", what,
			   MTSOCK_MAX);
	}
	s->rt = rt;
	s->counted = true;
}

/* {== errors ========================================================== */
static const struct {
	int err;
	const char *name;
} mtsock_errnos[] = {
#define E(x) { x, #x }
	E(EPERM), E(ENOENT), E(EINTR), E(EIO), E(ENXIO), E(EBADF),
	E(EAGAIN), E(ENOMEM), E(EACCES), E(EFAULT), E(EBUSY), E(EEXIST),
	E(ENODEV), E(ENOTDIR), E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE),
	E(ENOSPC), E(EROFS), E(EPIPE), E(ENAMETOOLONG), E(ELOOP),
	E(ENOTSOCK), E(EDESTADDRREQ), E(EMSGSIZE), E(EPROTOTYPE),
	E(ENOPROTOOPT), E(EPROTONOSUPPORT), E(ESOCKTNOSUPPORT),
	E(EOPNOTSUPP), E(EPFNOSUPPORT), E(EAFNOSUPPORT), E(EADDRINUSE),
	E(EADDRNOTAVAIL), E(ENETDOWN), E(ENETUNREACH), E(ENETRESET),
	E(ECONNABORTED), E(ECONNRESET), E(ENOBUFS), E(EISCONN),
	E(ENOTCONN), E(ESHUTDOWN), E(ETIMEDOUT), E(ECONNREFUSED),
	E(EHOSTDOWN), E(EHOSTUNREACH), E(EALREADY), E(EINPROGRESS),
#undef E
};

/* Raises "socket.<what>: <ENAME>" for a negative errno. */
static int mtsock_fail(lua_State *L, const char *what, int err)
{
	int i;

	if (err == -ERESTARTSYS || err == -ERESTARTNOINTR ||
	    err == -ERESTARTNOHAND || err == -ERESTART_RESTARTBLOCK)
		err = -EINTR; /* a signal: never restarted here */
	for (i = 0; i < ARRAY_SIZE(mtsock_errnos); i++)
		if (mtsock_errnos[i].err == -err)
			return luaL_error(L, "%s: %s", what,
					  mtsock_errnos[i].name);
	return luaL_error(L, "%s: errno %d", what, -err);
}
/* }==================================================================== */

/* The open socket at index 1, in a context that may sleep. */
static struct mtsock *mtsock_check(lua_State *L, const char *what)
{
	struct mtsock *s = moontide_object_check(L, 1, &mtsock_class);

	mt_bind_need_process(L, what);
	return s;
}

/* {== waiting ========================================================= */
struct mtsock_wait {
	lua_State *L;
	struct mtsock *s;
	unsigned long deadline;	/* jiffies; unused without a timeout */
};

static void mtsock_wait_init(struct mtsock_wait *w, lua_State *L,
			     struct mtsock *s)
{
	w->L = L;
	w->s = s;
	w->deadline = jiffies + msecs_to_jiffies(s->timeout_ms);
}

/*
 * Before each attempt: raises if the runtime is stopping, sets the socket's
 * wait to one slice (or what is left of the timeout). False when the
 * timeout has passed or a signal is pending: stop waiting.
 */
static bool mtsock_wait_more(struct mtsock_wait *w)
{
	struct mt_runtime *rt = mt_lua_runtime(w->L);
	struct sock *sk = w->s->sock->sk;
	long slice = MTSOCK_SLICE;

	if (READ_ONCE(rt->stopping))
		luaL_error(w->L, "runtime stopped");
	if (signal_pending(current))
		return false;
	if (w->s->timeout_ms) {
		long left = (long)(w->deadline - jiffies);

		if (left <= 0)
			return false;
		slice = min(slice, left);
	}
	WRITE_ONCE(sk->sk_rcvtimeo, slice);
	WRITE_ONCE(sk->sk_sndtimeo, slice);
	return true;
}

/* A wait that did not complete: out of time, interrupted, in progress. */
static bool mtsock_unfinished(int err)
{
	return err == -EAGAIN || err == -EINTR || err == -ERESTARTSYS ||
	       err == -EINPROGRESS || err == -EALREADY;
}

/* After the last attempt: an unfinished wait while stopping is a stop. */
static int mtsock_wait_end(struct mtsock_wait *w, int err)
{
	if (!mtsock_unfinished(err))
		return err;
	if (READ_ONCE(mt_lua_runtime(w->L)->stopping))
		luaL_error(w->L, "runtime stopped");
	if (err == -EAGAIN && signal_pending(current))
		return -EINTR;
	return err;
}
/* }==================================================================== */

/* {== addresses ======================================================= */
static int mtsock_port(lua_State *L, int idx, bool optional)
{
	lua_Integer port = optional ? luaL_optinteger(L, idx, 0) :
				      luaL_checkinteger(L, idx);

	luaL_argcheck(L, port >= 0 && port <= 65535, idx,
		      "port out of range [0, 65535]");
	return port;
}

static int mtsock_ipv4(lua_State *L, int idx, const char *what,
		       struct sockaddr_in *sin)
{
	size_t len;
	const char *str, *end;

	if (lua_isnoneornil(L, idx)) {
		sin->sin_addr.s_addr = htonl(INADDR_ANY);
	} else if (lua_type(L, idx) == LUA_TNUMBER) {
		lua_Integer a = luaL_checkinteger(L, idx);

		luaL_argcheck(L, a >= 0 && a <= 0xffffffffLL, idx,
			      "IPv4 address out of range [0, 0xffffffff]");
		sin->sin_addr.s_addr = htonl((u32)a);
	} else {
		str = luaL_checklstring(L, idx, &len);
		if (len > 15 || in4_pton(str, len, (u8 *)&sin->sin_addr, -1,
					 &end) != 1 || end != str + len)
			return luaL_error(L, "%s: invalid IPv4 address '%s'",
					  what, str);
	}
	sin->sin_family = AF_INET;
	return sizeof(*sin);
}

static int mtsock_ipv6(lua_State *L, int idx, const char *what,
		       struct sockaddr_in6 *sin6)
{
	size_t len;
	const char *str, *end;

	sin6->sin6_family = AF_INET6;
	if (lua_isnoneornil(L, idx))
		return sizeof(*sin6); /* in6addr_any */
	str = luaL_checklstring(L, idx, &len);
	if (len > 45 || in6_pton(str, len, sin6->sin6_addr.s6_addr, -1,
				 &end) != 1 || end != str + len)
		return luaL_error(L, "%s: invalid IPv6 address '%s'", what,
				  str);
	return sizeof(*sin6);
}

/* A filesystem path, or an abstract name starting with "\0". */
static int mtsock_unixpath(lua_State *L, int idx, struct sockaddr_un *sun)
{
	size_t len;
	const char *path = luaL_checklstring(L, idx, &len);

	luaL_argcheck(L, len > 0 && len < sizeof(sun->sun_path), idx,
		      "path must be 1 to 107 bytes");
	luaL_argcheck(L, path[0] == '\0' || strlen(path) == len, idx,
		      "path contains a NUL byte");
	sun->sun_family = AF_UNIX;
	memcpy(sun->sun_path, path, len);
	return offsetof(struct sockaddr_un, sun_path) + len +
	       (path[0] != '\0'); /* the NUL of a filesystem path */
}

/* An interface by name or index; nil or 0: every interface. */
static int mtsock_ifindex(lua_State *L, int idx, const char *what)
{
	struct net_device *dev;
	const char *name;
	int ifindex;

	if (lua_isnoneornil(L, idx))
		return 0;
	if (lua_type(L, idx) == LUA_TNUMBER) {
		lua_Integer i = luaL_checkinteger(L, idx);

		luaL_argcheck(L, i >= 0 && i <= INT_MAX, idx,
			      "interface index out of range");
		return i;
	}
	name = luaL_checkstring(L, idx);
	dev = strnlen(name, IFNAMSIZ) < IFNAMSIZ ?
	      dev_get_by_name(&init_net, name) : NULL;
	if (!dev)
		return luaL_error(L, "%s: no interface '%s'", what, name);
	ifindex = dev->ifindex;
	dev_put(dev);
	return ifindex;
}

static int mtsock_packetaddr(lua_State *L, struct mtsock *s, int idx,
			     const char *what, struct sockaddr_ll *sll)
{
	sll->sll_family = AF_PACKET;
	sll->sll_protocol = s->protocol;
	sll->sll_ifindex = mtsock_ifindex(L, idx, what);
	return sizeof(*sll);
}

/*
 * The address at Lua index idx (and idx + 1 for a port) into ss, by the
 * socket's family; returns its length. Raises on a bad address.
 */
static int mtsock_toaddr(lua_State *L, struct mtsock *s, int idx,
			 const char *what, bool port_optional,
			 struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	switch (s->family) {
	case AF_INET: {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;
		int len = mtsock_ipv4(L, idx, what, sin);

		sin->sin_port = htons(mtsock_port(L, idx + 1, port_optional));
		return len;
	}
	case AF_INET6: {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
		int len = mtsock_ipv6(L, idx, what, sin6);

		sin6->sin6_port = htons(mtsock_port(L, idx + 1, port_optional));
		return len;
	}
	case AF_UNIX:
		return mtsock_unixpath(L, idx, (struct sockaddr_un *)ss);
	default:
		return mtsock_packetaddr(L, s, idx, what,
					 (struct sockaddr_ll *)ss);
	}
}

/*
 * Pushes an address: INET/INET6 address string and port; UNIX the path
 * (nil if unnamed); PACKET interface index and EtherType. Returns 2.
 */
static int mtsock_pushaddr(lua_State *L, struct sockaddr_storage *ss, int len)
{
	char text[INET6_ADDRSTRLEN + 1];

	switch (len >= (int)sizeof(sa_family_t) ? ss->ss_family : AF_UNSPEC) {
	case AF_INET: {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		snprintf(text, sizeof(text), "%pI4", &sin->sin_addr);
		lua_pushstring(L, text);
		lua_pushinteger(L, ntohs(sin->sin_port));
		return 2;
	}
	case AF_INET6: {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		snprintf(text, sizeof(text), "%pI6c", &sin6->sin6_addr);
		lua_pushstring(L, text);
		lua_pushinteger(L, ntohs(sin6->sin6_port));
		return 2;
	}
	case AF_UNIX: {
		struct sockaddr_un *sun = (struct sockaddr_un *)ss;
		int n = len - (int)offsetof(struct sockaddr_un, sun_path);

		n = clamp(n, 0, (int)sizeof(sun->sun_path));
		if (n > 0 && sun->sun_path[0] != '\0')
			n = strnlen(sun->sun_path, n);
		if (n > 0)
			lua_pushlstring(L, sun->sun_path, n);
		else
			lua_pushnil(L);
		lua_pushnil(L);
		return 2;
	}
	case AF_PACKET: {
		struct sockaddr_ll *sll = (struct sockaddr_ll *)ss;

		lua_pushinteger(L, sll->sll_ifindex);
		lua_pushinteger(L, ntohs(sll->sll_protocol));
		return 2;
	}
	default:
		lua_pushnil(L);
		lua_pushnil(L);
		return 2;
	}
}
/* }==================================================================== */

/* s:bind([addr[, port]]) -- PACKET: bind([ifname or ifindex]) */
static int mtsock_bind(lua_State *L)
{
	struct mtsock *s = mtsock_check(L, "socket.bind");
	struct sockaddr_storage ss;
	int len, err;

	len = mtsock_toaddr(L, s, 2, "socket.bind", true, &ss);
	err = kernel_bind(s->sock, (struct sockaddr *)&ss, len);
	if (err)
		return mtsock_fail(L, "socket.bind", err);
	return 0;
}

/* s:listen([backlog]) */
static int mtsock_listen(lua_State *L)
{
	struct mtsock *s = mtsock_check(L, "socket.listen");
	lua_Integer backlog = luaL_optinteger(L, 2, SOMAXCONN);
	int err;

	luaL_argcheck(L, backlog >= 0 && backlog <= 65535, 2,
		      "backlog out of range [0, 65535]");
	err = kernel_listen(s->sock, backlog);
	if (err)
		return mtsock_fail(L, "socket.listen", err);
	return 0;
}

/* s:accept() -> a connected socket; nil when the timeout passed */
static int mtsock_accept(lua_State *L)
{
	struct mtsock *s = mtsock_check(L, "socket.accept");
	struct socket *newsock = NULL;
	struct mtsock_wait w;
	struct mtsock *c;
	int err = -EAGAIN;

	c = moontide_object_new(L, &mtsock_class); /* before the resource */
	mtsock_count(L, c, "socket.accept");
	mtsock_wait_init(&w, L, s);
	while (err == -EAGAIN && mtsock_wait_more(&w))
		err = kernel_accept(s->sock, &newsock, 0);
	if (!err) { /* owned by c before anything may raise */
		c->sock = newsock;
		c->family = s->family;
		c->type = s->type;
		c->protocol = s->protocol;
		c->timeout_ms = s->timeout_ms;
		return 1;
	}
	err = mtsock_wait_end(&w, err);
	if (err == -EAGAIN)
		return 0; /* the object is collected; it owns nothing */
	return mtsock_fail(L, "socket.accept", err);
}

/* s:connect(addr[, port]) -- UNIX: connect(path) */
static int mtsock_connect(lua_State *L)
{
	struct mtsock *s = mtsock_check(L, "socket.connect");
	struct sockaddr_storage ss;
	struct mtsock_wait w;
	bool started = false;
	int len, err = -EAGAIN;

	len = mtsock_toaddr(L, s, 2, "socket.connect", false, &ss);
	mtsock_wait_init(&w, L, s);
	while (mtsock_wait_more(&w)) {
		err = kernel_connect(s->sock, (struct sockaddr *)&ss, len, 0);
		if (err == -EISCONN && started)
			err = 0; /* it completed between two waits */
		if (err != -EINPROGRESS && err != -EALREADY && err != -EAGAIN)
			break;
		started = true;
	}
	err = mtsock_wait_end(&w, err);
	if (err == -EINPROGRESS || err == -EALREADY || err == -EAGAIN)
		err = -ETIMEDOUT;
	if (err)
		return mtsock_fail(L, "socket.connect", err);
	return 0;
}

/*
 * s:send(data[, addr, port[, flags]]) -> bytes sent. A stream socket sends
 * all of it unless the timeout passes or a signal comes first.
 */
static int mtsock_send(lua_State *L)
{
	struct mtsock *s = mtsock_check(L, "socket.send");
	size_t len, sent = 0;
	const char *data = luaL_checklstring(L, 2, &len);
	lua_Integer flags = luaL_optinteger(L, 5, 0);
	struct sockaddr_storage ss;
	struct mtsock_wait w;
	int addrlen = 0, n = -EAGAIN;

	luaL_argcheck(L, !(flags & ~(lua_Integer)MTSOCK_SEND_FLAGS), 5,
		      "unknown flags");
	lua_charge(L, len >> 6); /* the guard: the copy, by size */
	if (!lua_isnoneornil(L, 3))
		addrlen = mtsock_toaddr(L, s, 3, "socket.send", false, &ss);
	mtsock_wait_init(&w, L, s);
	while (mtsock_wait_more(&w)) {
		struct kvec iov = { (void *)(data + sent), len - sent };
		struct msghdr msg = {
			.msg_name = addrlen ? &ss : NULL,
			.msg_namelen = addrlen,
			.msg_flags = flags | MSG_NOSIGNAL,
		};

		n = kernel_sendmsg(s->sock, &msg, &iov, 1, iov.iov_len);
		if (n > 0)
			sent += n;
		if (n == 0 || (n > 0 && (sent == len ||
					 s->type != SOCK_STREAM)))
			break; /* done (a datagram goes whole or not at all) */
		if ((n < 0 && n != -EAGAIN) || (flags & MSG_DONTWAIT))
			break;
	}
	n = mtsock_wait_end(&w, n);
	if (sent == 0 && n < 0)
		return mtsock_fail(L, "socket.send", n);
	lua_pushinteger(L, sent);
	return 1;
}

/*
 * s:receive(max[, flags]) -> data, and for datagram sockets the sender
 * (see mtsock_pushaddr). "" on a stream: the peer closed. nil: nothing
 * came within the timeout (or at once, with socket.msg.DONTWAIT).
 */
static int mtsock_receive(lua_State *L)
{
	struct mtsock *s = mtsock_check(L, "socket.receive");
	lua_Integer max = luaL_checkinteger(L, 2);
	lua_Integer flags = luaL_optinteger(L, 3, 0);
	struct sockaddr_storage from;
	struct mtsock_wait w;
	struct msghdr msg;
	luaL_Buffer b;
	struct kvec iov;
	int n = -EAGAIN;

	luaL_argcheck(L, max > 0 && max <= MTSOCK_IO_MAX, 2,
		      "size out of range [1, 65536]");
	luaL_argcheck(L, !(flags & ~(lua_Integer)MTSOCK_RECV_FLAGS), 3,
		      "unknown flags");
	iov.iov_base = luaL_buffinitsize(L, &b, max);
	iov.iov_len = max;
	mtsock_wait_init(&w, L, s);
	while (mtsock_wait_more(&w)) {
		memset(&msg, 0, sizeof(msg));
		memset(&from, 0, sizeof(from));
		msg.msg_name = &from;
		msg.msg_namelen = sizeof(from);
		n = kernel_recvmsg(s->sock, &msg, &iov, 1, max, flags);
		if (n != -EAGAIN || (flags & MSG_DONTWAIT))
			break;
	}
	n = mtsock_wait_end(&w, n);
	if (n == -EAGAIN) {
		lua_pushnil(L);
		return 1;
	}
	if (n < 0)
		return mtsock_fail(L, "socket.receive", n);
	luaL_pushresultsize(&b, n);
	if (s->type == SOCK_STREAM)
		return 1;
	return 1 + mtsock_pushaddr(L, &from, msg.msg_namelen);
}

static int mtsock_name(lua_State *L, const char *what, bool peer)
{
	struct mtsock *s = mtsock_check(L, what);
	struct sockaddr_storage ss;
	int len;

	memset(&ss, 0, sizeof(ss));
	len = peer ? kernel_getpeername(s->sock, (struct sockaddr *)&ss) :
		     kernel_getsockname(s->sock, (struct sockaddr *)&ss);
	if (len < 0)
		return mtsock_fail(L, what, len);
	return mtsock_pushaddr(L, &ss, len);
}

/* s:getsockname() -> address (see mtsock_pushaddr) */
static int mtsock_getsockname(lua_State *L)
{
	return mtsock_name(L, "socket.getsockname", false);
}

/* s:getpeername() -> address */
static int mtsock_getpeername(lua_State *L)
{
	return mtsock_name(L, "socket.getpeername", true);
}

/* s:shutdown(["read" | "write" | "both"]) */
static int mtsock_shutdown(lua_State *L)
{
	static const char *const hows[] = { "read", "write", "both", NULL };
	static const enum sock_shutdown_cmd cmds[] = {
		SHUT_RD, SHUT_WR, SHUT_RDWR
	};
	struct mtsock *s = mtsock_check(L, "socket.shutdown");
	int how = luaL_checkoption(L, 2, "both", hows);
	int err = kernel_sock_shutdown(s->sock, cmds[how]);

	if (err)
		return mtsock_fail(L, "socket.shutdown", err);
	return 0;
}

/* s:settimeout(ms): how long blocking calls may wait; 0: until done */
static int mtsock_settimeout(lua_State *L)
{
	struct mtsock *s = moontide_object_check(L, 1, &mtsock_class);
	lua_Integer ms = luaL_checkinteger(L, 2);

	luaL_argcheck(L, ms >= 0 && ms <= MTSOCK_TIMEOUT_MAX, 2,
		      "milliseconds out of range [0, 86400000]");
	s->timeout_ms = ms;
	return 0;
}

static const struct {
	const char *name;
	int level;	/* 0: SOL_SOCKET */
	int opt;
	bool boolean;
} mtsock_options[] = {
	{ "reuseaddr", 0, SO_REUSEADDR, true },
	{ "reuseport", 0, SO_REUSEPORT, true },
	{ "broadcast", 0, SO_BROADCAST, true },
	{ "keepalive", 0, SO_KEEPALIVE, true },
	{ "rcvbuf", 0, SO_RCVBUF, false },
	{ "sndbuf", 0, SO_SNDBUF, false },
	{ "nodelay", IPPROTO_TCP, TCP_NODELAY, true },
};

/* s:setoption(name, value): see mtsock_options */
static int mtsock_setoption(lua_State *L)
{
	struct mtsock *s = mtsock_check(L, "socket.setoption");
	const char *name = luaL_checkstring(L, 2);
	int i, v, err;

	for (i = 0; i < ARRAY_SIZE(mtsock_options); i++)
		if (!strcmp(name, mtsock_options[i].name))
			break;
	if (i == ARRAY_SIZE(mtsock_options))
		return luaL_error(L, "socket.setoption: unknown option '%s'",
				  name);
	if (mtsock_options[i].boolean) {
		luaL_checktype(L, 3, LUA_TBOOLEAN);
		v = lua_toboolean(L, 3);
	} else {
		lua_Integer n = luaL_checkinteger(L, 3);

		luaL_argcheck(L, n >= 0 && n <= INT_MAX, 3, "out of range");
		v = n;
	}
	if (!mtsock_options[i].level) {
		err = sock_setsockopt(s->sock, SOL_SOCKET,
				      mtsock_options[i].opt,
				      KERNEL_SOCKPTR(&v), sizeof(v));
	} else if (s->type == SOCK_STREAM &&
		   (s->family == AF_INET || s->family == AF_INET6)) {
		err = s->sock->ops->setsockopt(s->sock, mtsock_options[i].level,
					       mtsock_options[i].opt,
					       KERNEL_SOCKPTR(&v), sizeof(v));
	} else {
		err = -ENOPROTOOPT; /* a TCP option on another socket */
	}
	if (err)
		return mtsock_fail(L, "socket.setoption", err);
	return 0;
}

/* Runs once: on close, collection, or when the runtime stops. */
static void mtsock_release(void *data)
{
	struct mtsock *s = data;

	if (s->sock)
		sock_release(s->sock);
	s->sock = NULL;
	if (s->counted) {
		atomic_dec(&mtsock_open);
		mt_runtime_uncharge(s->rt, MTSOCK_CHARGE);
	}
	s->counted = false;
}

static const struct moontide_method mtsock_methods[] = {
	{ "bind", mtsock_bind },
	{ "listen", mtsock_listen },
	{ "accept", mtsock_accept },
	{ "connect", mtsock_connect },
	{ "send", mtsock_send },
	{ "receive", mtsock_receive },
	{ "getsockname", mtsock_getsockname },
	{ "getpeername", mtsock_getpeername },
	{ "shutdown", mtsock_shutdown },
	{ "settimeout", mtsock_settimeout },
	{ "setoption", mtsock_setoption },
	{ NULL, NULL }
};

static const struct moontide_class mtsock_class = {
	.name = "socket",
	.methods = mtsock_methods,
	.release = mtsock_release,
	.size = sizeof(struct mtsock),
};

/* Which (family, type, protocol) we open; protocol 0 picks the default. */
static int mtsock_kind(lua_State *L, int family, int type, lua_Integer proto)
{
	switch (family) {
	case AF_INET:
	case AF_INET6:
		if (type == SOCK_STREAM && (proto == 0 || proto == IPPROTO_TCP))
			return IPPROTO_TCP;
		if (type == SOCK_DGRAM && (proto == 0 || proto == IPPROTO_UDP))
			return IPPROTO_UDP;
		break;
	case AF_UNIX:
		if ((type == SOCK_STREAM || type == SOCK_DGRAM) && proto == 0)
			return 0;
		break;
	case AF_PACKET:
		if ((type == SOCK_RAW || type == SOCK_DGRAM) &&
		    proto >= 0 && proto <= 0xffff)
			return htons(proto);
		break;
	default:
		return luaL_error(L, "socket.new: unsupported family %d "
				  "(socket.af: INET, INET6, PACKET, UNIX)",
				  family);
	}
	return luaL_error(L, "socket.new: unsupported type %d or protocol %I "
			  "for family %d", type, proto, family);
}

/* socket.new(family, type[, protocol]) */
static int mtsock_new(lua_State *L)
{
	lua_Integer family = luaL_checkinteger(L, 1);
	lua_Integer type = luaL_checkinteger(L, 2);
	lua_Integer proto;
	struct mtsock *s;
	int kproto, err;

	mt_bind_need_process(L, "socket.new");
	luaL_argcheck(L, family > 0 && family < AF_MAX, 1, "unknown family");
	luaL_argcheck(L, type > 0 && type <= SOCK_PACKET, 2, "unknown type");
	proto = luaL_optinteger(L, 3, family == AF_PACKET ? ETH_P_ALL : 0);
	kproto = mtsock_kind(L, family, type, proto);
	s = moontide_object_new(L, &mtsock_class);
	mtsock_count(L, s, "socket.new");
	err = sock_create_kern(&init_net, family, type, kproto, &s->sock);
	if (err) {
		s->sock = NULL;
		return mtsock_fail(L, "socket.new", err);
	}
	s->family = family;
	s->type = type;
	s->protocol = family == AF_PACKET ? kproto : 0;
	return 1;
}

/* socket.usage() -> sockets open in all runtimes, and the most there may be */
static int mtsock_usage(lua_State *L)
{
	lua_pushinteger(L, atomic_read(&mtsock_open));
	lua_pushinteger(L, MTSOCK_MAX);
	return 2;
}

static const luaL_Reg mtsock_funcs[] = {
	{ "new", mtsock_new },
	{ "usage", mtsock_usage },
	{ NULL, NULL }
};

struct mtsock_const {
	const char *name;
	int value;
};

static const struct mtsock_const mtsock_af[] = {
	{ "INET", AF_INET }, { "INET6", AF_INET6 },
	{ "PACKET", AF_PACKET }, { "UNIX", AF_UNIX }, { NULL, 0 }
};

static const struct mtsock_const mtsock_types[] = {
	{ "STREAM", SOCK_STREAM }, { "DGRAM", SOCK_DGRAM },
	{ "RAW", SOCK_RAW }, { NULL, 0 }
};

static const struct mtsock_const mtsock_msg[] = {
	{ "DONTWAIT", MSG_DONTWAIT }, { "PEEK", MSG_PEEK },
	{ "MORE", MSG_MORE }, { NULL, 0 }
};

static const struct mtsock_const mtsock_eth[] = {
	{ "ALL", ETH_P_ALL }, { "IP", ETH_P_IP }, { "ARP", ETH_P_ARP },
	{ "IPV6", ETH_P_IPV6 }, { NULL, 0 }
};

static void mtsock_consts(lua_State *L, const char *field,
			  const struct mtsock_const *c)
{
	lua_newtable(L);
	for (; c->name; c++) {
		lua_pushinteger(L, c->value);
		lua_setfield(L, -2, c->name);
	}
	lua_setfield(L, -2, field);
}

static int luaopen_socket(lua_State *L)
{
	luaL_newlib(L, mtsock_funcs);
	mtsock_consts(L, "af", mtsock_af);
	mtsock_consts(L, "sock", mtsock_types);
	mtsock_consts(L, "msg", mtsock_msg);
	mtsock_consts(L, "eth", mtsock_eth);
	return 1;
}

const struct mt_binding mtsock_binding = {
	.name = "socket",
	.open = luaopen_socket,
};
