#!/bin/sh
# Every symbol a module exports starts with moontide_: no name Lua's C API
# (lua_*, luaL_*, luaopen_*) or upstream Lunatik (lunatik_*, luadata_*...)
# exports, so the module loads beside lunatik.ko (lua-kernel/include/lknames.h).
#   kernel-module/exports-check.sh MODULE.SYMVERS
# Module.symvers: CRC, symbol, module, export type, namespace (tab-separated).
set -eu
symvers=${1:?usage: exports-check.sh Module.symvers}
[ -s "$symvers" ] || { echo "exports-check: no exports in $symvers" >&2; exit 1; }
bad=$(cut -f2 "$symvers" | grep -v '^moontide_' || true)
if [ -n "$bad" ]; then
	echo "exports-check: exported without the moontide_ prefix (add them to lua-kernel/include/lknames.h):" >&2
	echo "$bad" | sed 's/^/  /' >&2
	exit 1
fi
