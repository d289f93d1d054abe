#!/bin/sh
# dkms-build.sh KERNEL_SOURCE_DIR - DKMS's build of moontide.ko (dkms.conf's
# MAKE), run in a copy of /usr/src/moontide-VERSION. Lua comes the way a
# source package carries it: Debian's lua5.4 source package (lua-source/
# download, digests pinned in lua-source/lua5.4.sources) unpacked with
# Debian's patches, then moontide's dialect patches (lua-source/patches).
#   dkms-build.sh --clean   removes what a build made
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
if [ "${1:-}" = --clean ]; then
	rm -rf lua/*.[ch] lua-source/tree lua-source/src src/bindings/mt_syscalls.h
	exit 0
fi
kdir=${1:?usage: dkms-build.sh KERNEL_SOURCE_DIR | --clean}
lua-source/fetch-lua lua-source
cp -p lua-source/src/*.c lua-source/src/*.h lua/
gen/syscalls.sh "$kdir/arch/x86/include/generated/uapi/asm/unistd_64.h" \
	src/bindings/mt_syscalls.h
# MOONTIDE_DKMS_CCACHE=DIR compiles through ccache with that cache: the
# lab's package test fills it with this very build, natively, before its
# emulated guest runs DKMS (packaging/deb/tests/prewarm.sh).
if [ -n "${MOONTIDE_DKMS_CCACHE:-}" ] && command -v ccache >/dev/null; then
	export CCACHE_DIR="$MOONTIDE_DKMS_CCACHE"
	# Debian's kernel headers compile through ccache when asked (.kernelvariables)
	exec make -C "$kdir" M="$here" -j"$(nproc)" DEBIAN_KERNEL_USE_CCACHE=1 modules
fi
exec make -C "$kdir" M="$here" -j"$(nproc)" modules
