#!/bin/sh
# kernel-module/btf-kdir.sh KDIR SHADOW VMLINUZ
#
# Makes SHADOW a kernel tree kbuild can give a module its BTF from (used by
# module.mk for the lab kernel's moontide.ko): symlinks to everything of the
# headers tree KDIR, plus what Debian's headers lack:
#   SHADOW/vmlinux          extracted from VMLINUZ (the kernel that loads the
#                           module: split BTF is numbered from its types),
#                           every time, never cached
#   SHADOW/resolve_btfids   the tool from lab/btf/build (cached)
# kbuild reads vmlinux relative to the tree it runs in and writes nothing
# there; module.mk passes RESOLVE_BTFIDS=SHADOW/resolve_btfids. The headers
# in /usr/src stay untouched.
set -eu

kdir=$1 shadow=$2 vmlinuz=$3
tools=$(lab/btf/build)
[ -r "$vmlinuz" ] || { echo "btf-kdir: cannot read $vmlinuz" >&2; exit 1; }

mkdir -p "$shadow"
for f in "$kdir"/* "$kdir"/.config "$kdir"/.kernelvariables; do
    [ -e "$f" ] || continue
    ln -sfn "$(readlink -f "$f")" "$shadow/${f##*/}"
done
ln -sfn "$tools/resolve_btfids" "$shadow/resolve_btfids"
sh "$tools/extract-vmlinux" "$vmlinuz" >"$shadow/vmlinux.tmp"
readelf -S -W "$shadow/vmlinux.tmp" | grep -q ' \.BTF ' ||
    { echo "btf-kdir: $vmlinuz has no .BTF (CONFIG_DEBUG_INFO_BTF off?)" >&2; exit 1; }
mv -f "$shadow/vmlinux.tmp" "$shadow/vmlinux"
