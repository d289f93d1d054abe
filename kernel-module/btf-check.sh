#!/bin/sh
# kernel-module/btf-check.sh MODULE.ko VMLINUX
#
# After a build with BTF (module.mk): the module has a .BTF section, its
# kfunc moontide_xdp_run is in it, and .BTF_ids was filled in by
# resolve_btfids (all zeros would make the verifier refuse the kfunc with
# "calling kernel function ... is not allowed", silently at build time).
set -eu

ko=$1 vmlinux=$2
fail() { echo "btf-check: $ko: $*" >&2; exit 1; }

sections=$(readelf -S -W "$ko")
echo "$sections" | grep -q ' \.BTF ' || fail "no .BTF section (kbuild skipped BTF?)"
echo "$sections" | grep -q ' \.BTF_ids ' || fail "no .BTF_ids section"
bpftool -B "$vmlinux" btf dump file "$ko" | grep -q "FUNC 'moontide_xdp_run'" ||
    fail "moontide_xdp_run is not in the module's BTF"
# the set's ids: anything but 0 after the 8-byte header (cnt, flags)
ids=$(readelf -x .BTF_ids "$ko" | sed -n 's/^  0x[0-9a-f]* //p' | cut -c1-35 | tr -d ' \n')
case "$ids" in
*[1-9a-f]*) ;;
*) fail ".BTF_ids is all zeros (resolve_btfids did not run)" ;;
esac
