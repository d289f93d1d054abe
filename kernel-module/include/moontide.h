/* SPDX-License-Identifier: GPL-2.0 */
/*
 * moontide.h - the C API of moontide.ko for other kernel modules.
 * (The runtime API arrives with the runtime model; for now: versions.)
 */
#ifndef MOONTIDE_H
#define MOONTIDE_H

#define MOONTIDE_VERSION	"0.1.0"
#define MOONTIDE_LUA		"Lua 5.4-kernel"

#endif
