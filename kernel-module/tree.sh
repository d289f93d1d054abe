#!/bin/sh
# kernel-module/tree.sh DEST - copy moontide.ko's sources into a Kbuild tree
# at DEST (the layout kernel-module/Kbuild describes), all but Lua's own
# sources (DEST/lua, from lua-kernel/fetch-lua). Used by module.mk for the
# lab's builds and by the Debian package's DKMS tree (packaging/deb).
# Timestamps are kept, so that kbuild recompiles only what changed.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
d=${1:?usage: tree.sh DEST}
mkdir -p "$d/src/bindings" "$d/src/compat" "$d/include" "$d/lua" \
	"$d/lk/include" "$d/lkconf"
cd "$top"
cp -p kernel-module/Kbuild "$d/Kbuild"
cp -p kernel-module/src/*.[ch] "$d/src/"
cp -p kernel-module/src/bindings/* "$d/src/bindings/"
cp -p kernel-module/src/compat/* "$d/src/compat/"
cp -p kernel-module/include/* "$d/include/"
cp -p lua-kernel/lib/*.c lua-kernel/kernel/*.c lua-kernel/kernel/*.S "$d/lk/"
cp -p lua-kernel/kernel/include/*.h "$d/lk/include/"
cp -p lua-kernel/include/*.h "$d/lkconf/"
