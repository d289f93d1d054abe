#!/usr/bin/env bash
# packaging/deb/build-debs.sh OUTDIR - builds moontide's three Debian packages
# (make deb): moontide-dkms, moontide, moontide-examples, as binary packages
# assembled here and packed by dpkg-deb (no source package: the module's
# source is what moontide-dkms carries). Needs the built tree: build/bin/luak,
# build/lua/download (Debian's lua5.4 source), reconciler/cli/target and
# reconciler/daemon/target/quarkus-app.
#   DEB_VERSION   the packages' version (default: the Maven version, without -SNAPSHOT)
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/packaging/deb
out=${1:?usage: build-debs.sh OUTDIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out"/*.deb
die() { echo "build-debs: $*" >&2; exit 1; }

version=${DEB_VERSION:-$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$top/pom.xml" | head -n 1)}
version=${version%-SNAPSHOT}
[[ $version =~ ^[0-9][A-Za-z0-9.+~-]*$ ]] || die "bad version '$version'"
maintainer="moontide developers <moontide@lists.invalid>"
homepage="https://github.com/moontide/moontide"
date=$(date -u -d "@${SOURCE_DATE_EPOCH:-$(git -C "$top" log -1 --format=%ct 2>/dev/null || date +%s)}" '+%a, %d %b %Y %H:%M:%S +0000')
cli=$top/reconciler/cli/target
daemon=$top/reconciler/daemon/target/quarkus-app
dl=$top/build/lua/download
for f in "$top/build/bin/luak" "$cli/classes" "$cli/lib" "$daemon/quarkus-run.jar" "$dl"/lua5.4_*.dsc; do
	[ -e "$f" ] || die "$f is missing: run make luak java first"
done

stage=$out/stage
rm -rf "$stage"

# doc PKG DIR: the copyright file and a changelog (native packages: changelog.gz).
doc() {
	local d=$2/usr/share/doc/$1
	install -d "$d"
	sed -e "s|@HOMEPAGE@|$homepage|" "$here/copyright" > "$d/copyright"
	printf '%s (%s) unstable; urgency=medium\n\n  * Built from moontide %s (make deb).\n\n -- %s  %s\n' \
		"$1" "$version" "$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo checkout)" \
		"$maintainer" "$date" | gzip -9n > "$d/changelog.gz"
}

# control PKG DIR [SHLIBS]: DEBIAN/control from PKG/control.in, maintainer scripts, md5sums.
control() {
	local pkg=$1 d=$2 size s
	install -d "$d/DEBIAN"
	for s in postinst prerm postrm; do
		[ ! -f "$here/$pkg/$s" ] || sed "s|@VERSION@|$version|g" "$here/$pkg/$s" > "$d/DEBIAN/$s"
		[ ! -f "$d/DEBIAN/$s" ] || chmod 0755 "$d/DEBIAN/$s"
	done
	size=$(du -sk --exclude=DEBIAN "$d" | cut -f1)
	sed -e "s|@VERSION@|$version|g" -e "s|@MAINTAINER@|$maintainer|" -e "s|@HOMEPAGE@|$homepage|" \
		-e "s|@BASEVERSION@|${version%%+*}|" -e "s|@SIZE@|$size|" -e "s|@SHLIBS@|${3:-}|" "$here/$pkg/control.in" > "$d/DEBIAN/control"
	(cd "$d" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z |
		xargs -0 -r md5sum > DEBIAN/md5sums)
	[ -s "$d/DEBIAN/md5sums" ] || rm -f "$d/DEBIAN/md5sums"
}

pack() {
	find "$2" -type d -exec chmod 0755 {} +
	dpkg-deb --root-owner-group -Zgzip --build "$2" "$out/${1}_${version}_$3.deb" >/dev/null
	echo "$out/${1}_${version}_$3.deb"
}

# --- moontide-dkms: the module's Kbuild tree and Lua's source package ------
d=$stage/moontide-dkms
src=$d/usr/src/moontide-$version
"$top/kernel-module/tree.sh" "$src"
install -d "$src/gen" "$src/lua-source/download" "$src/lua-source/patches"
install -m 0755 "$top/kernel-module/gen/syscalls.sh" "$src/gen/"
install -m 0755 "$top/kernel-module/dkms/dkms-build.sh" "$src/"
sed "s|@VERSION@|$version|" "$top/kernel-module/dkms/dkms.conf.in" > "$src/dkms.conf"
install -m 0755 "$top/lua-kernel/fetch-lua" "$src/lua-source/"
install -m 0644 "$top/lua-kernel/lua5.4.sources" "$src/lua-source/"
install -m 0644 "$top/lua-kernel/patches/"* "$src/lua-source/patches/"
while read -r f _; do
	install -m 0644 "$dl/$f" "$src/lua-source/download/"
done < <(grep -v '^#' "$top/lua-kernel/lua5.4.sources")
find "$src" -type f ! -name '*.sh' ! -name fetch-lua -exec chmod 0644 {} +
doc moontide-dkms "$d"
control moontide-dkms "$d"
pack moontide-dkms "$d" all

# --- moontide: the command, luak, the daemon and its service ---------------
d=$stage/moontide
lib=$d/usr/lib/moontide
install -d "$d/usr/bin" "$lib/daemon" "$d/lib/systemd/system" "$d/usr/share/man/man1" \
	"$d/usr/share/bash-completion/completions"
install -m 0755 "$top/bin/moontide" "$d/usr/bin/moontide"
(cd "$cli/classes" && jar --create --file "$lib/moontide-cli.jar" .)
install -m 0644 "$cli/lib/"*.jar "$lib/"
cp -r "$daemon/." "$lib/daemon/"
find "$lib" -type f -exec chmod 0644 {} +
install -m 0755 "$top/build/bin/luak" "$lib/luak"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$lib/luak"
install -m 0755 "$here/moontide/moontide-daemon" "$lib/moontide-daemon"
install -m 0644 "$here/moontide/moontide.service" "$d/lib/systemd/system/"
java -cp "$cli/classes:$cli/lib/*" dev.moontide.cli.packaging.ManPage "$version" \
	"$(date -u -d "$date" +%Y-%m-%d)" | gzip -9n > "$d/usr/share/man/man1/moontide.1.gz"
# sourced by bash-completion, so no #! line
java -cp "$cli/classes:$cli/lib/*" dev.moontide.cli.packaging.CompletionScript | sed '1{/^#!/d}' \
	> "$d/usr/share/bash-completion/completions/moontide"
doc moontide "$d"
gzip -9nc "$top/README.md" > "$d/usr/share/doc/moontide/README.md.gz"
install -m 0644 "$here/moontide/daemon.properties" "$d/usr/share/doc/moontide/daemon.properties.example"
install -d "$d/usr/share/lintian/overrides"
install -m 0644 "$here/moontide/lintian-overrides" "$d/usr/share/lintian/overrides/moontide"
# dpkg-shlibdeps wants a source tree's debian/control: a minimal one
shl=$(mktemp -d) && mkdir "$shl/debian"
printf 'Source: moontide\n\nPackage: moontide\nArchitecture: amd64\n' > "$shl/debian/control"
shlibs=$(cd "$shl" && dpkg-shlibdeps -O -e"$lib/luak" | sed -n 's/^shlibs:Depends=//p')
rm -rf "$shl"
control moontide "$d" "${shlibs:-libc6}"
pack moontide "$d" amd64

# --- moontide-examples: scripts and manifests, as a repository's layout ----
d=$stage/moontide-examples
ex=$d/usr/share/moontide/examples
install -d "$ex"
(cd "$top" && git ls-files -z examples manifests 2>/dev/null || find examples manifests -type f -print0) |
	(cd "$top" && xargs -0 cp --parents -t "$ex")
rm -rf "$ex/examples/tests"
find "$ex" -type f -exec chmod 0644 {} +
find "$ex" -type f -name '*.sh' -exec chmod 0755 {} +
doc moontide-examples "$d"
control moontide-examples "$d"
pack moontide-examples "$d" all
rm -rf "$stage"
