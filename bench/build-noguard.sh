#!/usr/bin/env bash
# build-noguard.sh OUTDIR - luak from the same Lua source with the guard's
# patches (0006, 0007) taken back out: the baseline the guard's cost is
# measured against (bench/kernel-vs-luak.sh). Not a product: benchmarks only.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: build-noguard.sh OUTDIR}
mkdir -p "$out"
src="$out/lua-noguard"
rm -rf "$src"
cp -r "$top/build/lua/src" "$src"
for p in 0007-guard-library-work.patch 0006-guard-budget.patch; do
	patch -d "$src" -p1 -R --quiet --no-backup-if-mismatch <"$top/lua-kernel/patches/$p"
done
# luak's LUAK_QUOTA hook calls the guard's API: here it does nothing
cat >"$out/noguard-stubs.c" <<'C'
#include "lua.h"
typedef const char *(*lk_guardfn)(lua_State *L, lua_Integer *budget);
void lua_setguard(lua_State *L, lk_guardfn f) { (void)L; (void)f; }
void lua_setbudget(lua_State *L, lua_Integer b) { (void)L; (void)b; }
C
core="lapi lcode lctype ldebug ldo ldump lfunc lgc llex lmem lobject lopcodes
      lparser lstate lstring ltable ltm lundump lvm lzio lauxlib lbaselib
      lcorolib loadlib lstrlib ltablib lutf8lib lua"
${CC:-cc} -std=gnu99 -O2 -DLUA_KERNEL_DIALECT -DLUA_USE_POSIX -DLUA_PROGNAME='"luak"' \
	-I"$top/lua-kernel/include" -I"$src" -o "$out/luak-noguard" \
	$(for f in $core; do echo "$src/$f.c"; done) \
	"$top"/lua-kernel/lib/lkdialect.c "$top"/lua-kernel/lib/lkinit.c \
	"$top"/lua-kernel/lib/lkmathlib.c "$top/lua-kernel/user/lkuser.c" \
	"$out/noguard-stubs.c" -lm 2>/dev/null
