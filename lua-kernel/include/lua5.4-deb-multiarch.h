/* SPDX-License-Identifier: MIT */
/*
 * Debian's patch 0002 makes luaconf.h include this header, which Debian's
 * build generates, for the C module path. The dialect loads no C modules,
 * so the value only has to exist.
 */
#ifndef LUA54_DEB_MULTIARCH_H
#define LUA54_DEB_MULTIARCH_H
#define DEB_HOST_MULTIARCH "none"
#endif
