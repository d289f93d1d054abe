#!/bin/bash
# packaging/deb/tests/prewarm.sh CCACHE_DIR DEBDIR... - before the lab's
# package test, run each moontide-dkms package's own DKMS build natively,
# through ccache, at the very path DKMS builds in (/var/lib/dkms/moontide/
# VERSION/build, a private tmpfs here: the host's DKMS state is untouched).
# The emulated guest then runs DKMS for real (apt, dkms, make, modpost, the
# link, the install), its compiler calls served from this cache: compiling
# the module under TCG takes over 25 minutes (measured), natively about one.
set -euo pipefail
cache=${1:?usage: prewarm.sh CCACHE_DIR DEBDIR...}
shift
kver=$(lab/kver)
mkdir -p "$cache"
for dir in "$@"; do
	deb=$(ls "$dir"/moontide-dkms_*_all.deb)
	v=$(dpkg-deb -f "$deb" Version)
	unshare -m bash -euc '
		mount -t tmpfs tmpfs /var/lib/dkms
		b=/var/lib/dkms/moontide/$2/build
		x=$(mktemp -d)
		dpkg-deb -x "$1" "$x"
		mkdir -p "$b"
		cp -a "$x/usr/src/moontide-$2/." "$b/"
		rm -rf "$x"
		cd "$b"
		MOONTIDE_DKMS_CCACHE=$3 ./dkms-build.sh /lib/modules/$4/build > "$3/prewarm-$2.log" 2>&1 ||
			{ tail -20 "$3/prewarm-$2.log" >&2; exit 1; }
	' prewarm "$deb" "$v" "$cache" "$kver"
	echo "prewarm: moontide-dkms $v built natively into $cache ($(CCACHE_DIR=$cache ccache -s | grep -iE '^ *(hits|misses)' | tr -s ' ' | paste -sd' '))"
done
