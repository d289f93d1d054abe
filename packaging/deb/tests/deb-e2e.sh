#!/bin/bash
# packaging/deb/tests/deb-e2e.sh DEBDIR NEWDEBDIR - the Debian packages on a
# real system, run in the lab with systemd as PID 1 (lab/run --init systemd,
# from make test-deb): apt installs the packages built by make deb (DEBDIR),
# DKMS builds moontide.ko for the lab kernel, moontide.service starts and
# reconciles the Git repository /etc/moontide/daemon.properties names,
# restart, reload and an upgrade to NEWDEBDIR's packages keep the runtimes,
# apt purge leaves no module loaded and none of the packages' files behind.
# Prints TAP-style ok / not ok lines; exits 1 on any failure.
set -uo pipefail
debs=${1:?usage: deb-e2e.sh DEBDIR NEWDEBDIR}
newdebs=${2:?usage: deb-e2e.sh DEBDIR NEWDEBDIR}
failed=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); failed=1; echo "not ok $n - $*"; }
check() { # DESCRIPTION CMD...: its status is CMD's
	local d=$1; shift
	if "$@"; then ok "$d"; else notok "$d"; return 1; fi
}
# until_ok SECONDS CMD...: retries CMD every 2 s until it succeeds or SECONDS pass
until_ok() {
	local end=$(( $(date +%s) + $1 )); shift
	while [ "$(date +%s)" -lt "$end" ]; do "$@" >/dev/null 2>&1 && return 0; sleep 2; done
	"$@"
}
diag() { sed 's/^/# /'; }

# The guest has no network, and its emulated CPU takes minutes to parse
# Debian's whole package lists: apt resolves against the installed packages
# only (what the packages depend on is installed on the lab's host).
mkdir -p /tmp/apt-lists/partial
apt=(apt-get -y -q -o Dir::State::Lists=/tmp/apt-lists -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=)
kver=$(uname -r)
version() { ls "$1"/moontide_*_amd64.deb | sed 's/.*moontide_\(.*\)_amd64.deb/\1/'; }
v1=$(version "$debs")
v2=$(version "$newdebs")

check "systemd is PID 1" test "$(cat /proc/1/comm)" = systemd

# --- the repository the daemon follows: two of the bundled examples -------
repo=/srv/moontide-repo
mkdir -p "$repo"
git -C "$repo" init -q -b main
mkdir -p "$repo/manifests" "$repo/examples"

# --- install ---------------------------------------------------------------
install -d -m 0755 /etc/moontide
cat > /etc/moontide/daemon.properties <<PROPS
moontide.repo=$repo
moontide.interval=3s
moontide.api.token-file=/etc/moontide/api-token
PROPS
t0=$(date +%s)
"${apt[@]}" install "$debs"/moontide-dkms_"$v1"_all.deb "$debs"/moontide_"$v1"_amd64.deb \
	"$debs"/moontide-examples_"$v1"_all.deb > /tmp/apt-install.log 2>&1
st=$?
check "apt install of the three packages ($v1) exits 0 ($(( $(date +%s) - t0 )) s, DKMS build included)" test $st = 0
[ $st = 0 ] || diag < /tmp/apt-install.log
check "DKMS built and installed moontide.ko for $kver" \
	sh -c "dkms status -m moontide -v $v1 -k $kver | grep -q installed"
check "modinfo finds the DKMS module under updates/dkms" \
	sh -c "modinfo -n moontide | grep -q /updates/dkms/moontide.ko"

# the repository: examples from the moontide-examples package
ex=/usr/share/moontide/examples
cp "$ex/examples/hello.lua" "$ex/examples/kvstore.lua" "$repo/examples/"
cp "$ex/manifests/config.yaml" "$ex/manifests/hello.yaml" "$ex/manifests/kvstore.yaml" "$repo/manifests/"
git -C "$repo" add -A && git -C "$repo" -c user.name=t -c user.email=t@t commit -qm examples
rev=$(git -C "$repo" rev-parse HEAD)
# postinst started the service before the repository had a commit: it retries each interval
systemctl restart moontide

# The kernel's runtimes straight from /dev/moontide (the test's mtctl: a JVM
# start per poll is seconds in the emulated guest), as name, script digest
# and start time: two snapshots are equal only if no runtime was restarted.
mtctl=$(cd "$(dirname "$0")/../../.." && pwd)/kernel-module/tests/mtctl
snapshot() {
	"$mtctl" list | python3 -c 'import json, sys
for r in sorted(json.load(sys.stdin)["runtimes"], key=lambda r: r["name"]):
    print(r["name"], r["sha256"], r["started_ns"] if "started_ns" in r else r.get("startedNs", r.get("started")))'
}
running() { snapshot | grep -q "^$1 "; }
journal_tail() {
	{ systemctl status moontide --no-pager; journalctl -u moontide --no-pager -n 40; ls -la /dev/moontide; curl -s http://127.0.0.1:8087/api/status; } 2>&1 | cut -c1-400 | diag
}
check "moontide.service is active" until_ok 120 systemctl is-active --quiet moontide || journal_tail
check "the service loaded moontide.ko (ExecStartPre)" test -d /sys/module/moontide
both() { running hello && running kvstore; }
check "the daemon started hello and kvstore from the repository" until_ok 300 both || journal_tail
check "the installed command lists them (moontide list)" sh -c 'moontide list | grep -qw kvstore'
check "/api/status says Ready at the repository's commit" \
	until_ok 120 sh -c "curl -sf http://127.0.0.1:8087/api/status | grep -q '\"Ready\"' && curl -sf http://127.0.0.1:8087/api/status | grep -q ${rev:0:12}"
check "its logs are in the journal" until_ok 60 sh -c 'journalctl -u moontide --no-pager | grep -q "cycle: Ready"'
pid=$(systemctl show -p MainPID --value moontide)
capbnd=$(awk '/^CapBnd/ {print $2}' /proc/"$pid"/status)
check "the daemon's capability bounding set is CAP_SYS_ADMIN alone (CapBnd $capbnd)" test "$capbnd" = 0000000000200000
check "the daemon runs with no_new_privs" grep -q '^NoNewPrivs:[[:space:]]*1' /proc/"$pid"/status
check "the daemon cannot write outside its paths (ProtectSystem=strict)" \
	sh -c "nsenter -t $pid -m sh -c 'touch /usr/lib/moontide/x' 2>/dev/null; test ! -e /usr/lib/moontide/x"

# --- reload, restart: the runtimes stay ------------------------------------
before=$(snapshot)
systemctl reload moontide
check "systemctl reload reconciles at once (SIGHUP)" \
	until_ok 60 sh -c 'journalctl -u moontide --no-pager | grep -q "SIGHUP: reconciling now"'
check "the daemon is the same process after reload" test "$(systemctl show -p MainPID --value moontide)" = "$pid"
systemctl restart moontide
check "moontide.service is active after restart" until_ok 120 systemctl is-active --quiet moontide
# a new daemon's own log lines (the launcher execs java: MainPID is the JVM)
reconciled() { until_ok 180 sh -c "journalctl _PID=$(systemctl show -p MainPID --value moontide) --no-pager | grep -q 'cycle: Ready'"; }
check "after restart the new daemon reconciled" reconciled
after=$(snapshot)
check "restart kept the runtimes as they were (not restarted)" test "$before" = "$after"
[ "$before" = "$after" ] || { echo "$before"; echo ---; echo "$after"; } | diag

# --- upgrade ---------------------------------------------------------------
t0=$(date +%s)
# moontide and moontide-examples: a newer moontide-dkms is a second DKMS
# build of the same kind as the first (minutes in the emulated guest):
# DEB_UPGRADE_DKMS=1 upgrades it too.
upgrade=("$newdebs"/moontide_"$v2"_amd64.deb "$newdebs"/moontide-examples_"$v2"_all.deb)
[ "${DEB_UPGRADE_DKMS:-}" != 1 ] || upgrade+=("$newdebs"/moontide-dkms_"$v2"_all.deb)
"${apt[@]}" install "${upgrade[@]}" > /tmp/apt-upgrade.log 2>&1
st=$?
check "apt upgrade to $v2 exits 0 ($(( $(date +%s) - t0 )) s)" test $st = 0
[ $st = 0 ] || diag < /tmp/apt-upgrade.log
check "moontide $v2 is installed" sh -c "dpkg-query -W -f='\${Version}' moontide | grep -qx '$v2'"
if [ "${DEB_UPGRADE_DKMS:-}" = 1 ]; then
	check "DKMS built $v2 for $kver and dropped $v1" \
		sh -c "dkms status -m moontide | grep -q '$v2.*installed' && ! dkms status -m moontide | grep -q '$v1'"
fi
check "the running module was not unloaded by the upgrade" running hello
check "moontide.service is active after the upgrade" until_ok 120 systemctl is-active --quiet moontide
check "the upgraded daemon re-reconciled: hello and kvstore as before" \
	reconciled
check "the upgrade kept the runtimes as they were (not restarted)" test "$(snapshot)" = "$after"

# --- purge -----------------------------------------------------------------
files=$(dpkg -L moontide moontide-dkms moontide-examples | sort -u | while read -r f; do [ -d "$f" ] || echo "$f"; done)
nfiles=$(echo "$files" | wc -l)
"${apt[@]}" purge moontide moontide-dkms moontide-examples > /tmp/apt-purge.log 2>&1
st=$?
check "apt purge exits 0" test $st = 0
[ $st = 0 ] || diag < /tmp/apt-purge.log
check "no moontide module is loaded after purge" test ! -d /sys/module/moontide
left=$(echo "$files" | while read -r f; do [ ! -e "$f" ] || echo "$f"; done)
check "none of the packages' $nfiles files is left" test -z "$left"
[ -z "$left" ] || echo "$left" | diag
for p in /etc/moontide /var/lib/moontide /var/lib/dkms/moontide /usr/src/moontide-"$v1" /usr/src/moontide-"$v2" \
	/lib/modules/"$kver"/updates/dkms/moontide.ko /lib/modules/lua/examples \
	/etc/systemd/system/multi-user.target.wants/moontide.service; do
	check "$p is gone" test ! -e "$p"
done
check "moontide.service is unknown to systemd" sh -c '! systemctl cat moontide >/dev/null 2>&1'
exit $failed
