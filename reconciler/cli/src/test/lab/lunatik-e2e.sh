#!/usr/bin/env bash
# `moontide reconcile --driver lunatik` end to end, in the lab, against the
# /dev/lunatik that moontide.ko serves with lunatik=1 (upstream Lunatik's
# control protocol; upstream Lunatik itself is not available here):
#
#   make module && mvn -q -pl reconciler/cli -am package -DskipTests
#   lab/run --timeout 1800 -- reconciler/cli/src/test/lab/lunatik-e2e.sh
#
# Two runtimes, one depending on the other, are started through the runner;
# a changed script restarts only its runtime; a runtime stopped by hand is
# drift, healed; one started by hand is reported as unexpected; a broken
# script keeps the previous version; limits, which the protocol cannot
# carry, are refused with why. Prints ok/not ok lines; exits 1 on any failure.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../../../../.." && pwd)
moontide=$top/bin/moontide
export MOONTIDE_NO_BUILD=1
work=$(mktemp -d)
repo=$work/repo
T=lunatik-e2e

. "$here/tap.sh"
# reconcile ARGS...: one cycle through /dev/lunatik; output in $work/out, status in $rc.
reconcile() {
    "$moontide" reconcile --driver lunatik --repo "$repo" --state-dir "$work/state" "$@" \
        >"$work/out" 2>"$work/err"
    rc=$?
}
# lunatik CHUNK: writes one chunk to /dev/lunatik, prints the reply.
lunatik() {
    exec 3<>/dev/lunatik || return 1
    printf '%s' "$1" | dd bs=64k iflag=fullblock status=none >&3
    cat <&3
    exec 3>&-
}
# sha_in_kernel NAME: "SHA256 CONTEXT" as /dev/moontide lists it (no JVM: it is slow in the guest)
sha_in_kernel() {
    "$top/kernel-module/tests/mtctl" list | python3 -c 'import json,sys
r=[r for r in json.load(sys.stdin)["runtimes"] if r["name"]==sys.argv[1]]
print(r[0]["sha256"] + " " + r[0]["context"] if r else "absent")' "$1"
}
commit() {
    git -C "$repo" add -A && git -C "$repo" -c user.name=e2e -c user.email=e2e@moontide.dev \
        commit -qm "$1"
}

if [ "$(id -u)" != 0 ] || [ ! -d /sys/module ]; then
    echo "lunatik-e2e: run me in the lab: lab/run -- $0" >&2
    exit 2
fi
insmod "$top/build/kernel/moontide.ko" lunatik=1 || { echo "Bail out! insmod lunatik=1"; exit 1; }
trap 'rmmod moontide 2>/dev/null; rm -rf "$work" "$root/$T"' EXIT

mkdir -p "$repo/manifests" "$repo/$T"
git init -q -b main "$repo"
cat >"$repo/manifests/app.yaml" <<EOF
apiVersion: moontide.dev/v1alpha1
kind: Runtime
metadata:
  name: store
spec:
  script: $T/store.lua
  driftPolicy: heal
---
apiVersion: moontide.dev/v1alpha1
kind: Runtime
metadata:
  name: ticker
spec:
  script: $T/ticker.lua
  context: softirq
  dependsOn: [store]
EOF
printf -- '-- keeps a table\nstore = {}\n' >"$repo/$T/store.lua"
printf -- '-- counts, in softirq context\nticks = 0\n' >"$repo/$T/ticker.lua"
commit "store and ticker"

# --- first cycle
reconcile
if [ $rc = 0 ] && out_has "^note: driver lunatik \(/dev/lunatik\) tells only which scripts run" \
        && grep -n "^result: " "$work/out" | tr '\n' ' ' | grep -Eq "result: store applied.*result: ticker applied"; then
    ok "reconcile through /dev/lunatik starts store, then ticker (dependsOn), and says what the driver cannot see"
else
    not_ok "first reconcile (exit $rc)"
fi
reply=$(lunatik 'return lunatik.runner.list()')
if [ "$reply" = "$(printf 'true\t%s/store, %s/ticker' $T $T)" ]; then
    ok "lunatik.runner.list() shows both scripts"
else
    not_ok "runner list: '$reply'"
fi
if [ "$(sha_in_kernel $T.ticker | cut -d' ' -f2)" = softirq ]; then
    ok "ticker runs in softirq context, as declared"
else
    not_ok "ticker context: $(sha_in_kernel $T.ticker)"
fi

reconcile --dry-run
if [ $rc = 0 ] && out_has "^plan: nothing to do, in sync"; then
    ok "a dry run right after is in sync (exit 0)"
else
    not_ok "dry run after apply (exit $rc)"
fi

# --- one changed script
store_before=$(sha_in_kernel $T.store)
printf -- '-- counts, in softirq context\nticks = 100\n' >"$repo/$T/ticker.lua"
commit "ticker v2"
reconcile
want=$(sha256sum "$repo/$T/ticker.lua" | cut -d' ' -f1)
if [ $rc = 0 ] && out_has "restart +ticker" && ! out_has "(restart|start) +store" \
        && [ "$(sha_in_kernel $T.ticker | cut -d' ' -f1)" = "$want" ] \
        && [ "$(sha_in_kernel $T.store)" = "$store_before" ]; then
    ok "a changed script restarts only its runtime; the kernel runs the new bytes"
else
    not_ok "changed ticker (exit $rc)"
fi

# --- stopped by hand: drift, healed (driftPolicy heal)
lunatik "return lunatik.runner.stop('$T/store')" >/dev/null
"$moontide" diff --driver lunatik --repo "$repo" --state-dir "$work/state" >"$work/out" 2>"$work/err"
rc=$?
if [ $rc = 3 ] && out_has "MISSING +corrective +store"; then
    ok "diff reports the runtime stopped by hand as missing (exit 3)"
else
    not_ok "diff after a stop by hand (exit $rc)"
fi
reconcile
if [ $rc = 0 ] && out_has "start +store" && lunatik 'return lunatik.runner.list()' | grep -q "$T/store"; then
    ok "reconcile heals it"
else
    not_ok "heal (exit $rc)"
fi

# --- started by hand: unexpected
mkdir -p "$root/$T"
printf 'extra = true\n' >"$root/$T/extra.lua"
lunatik "lunatik.runner.run('$T/extra')" >/dev/null
reconcile
if [ $rc = 0 ] && out_has "UNEXPECTED +corrective +$T.extra" && out_has "prune is disabled"; then
    ok "a runtime started by hand is reported as unexpected and left running"
else
    not_ok "unexpected runtime (exit $rc)"
fi
lunatik "lunatik.runner.stop('$T/extra')" >/dev/null

# --- a broken script keeps the previous version
before=$(sha_in_kernel $T.ticker)
printf 'ticks = 1.5\n' >"$repo/$T/ticker.lua"
commit "float"
reconcile
if [ $rc = 1 ] && out_has "ManifestInvalid" && out_has "ticker.lua" \
        && [ "$(sha_in_kernel $T.ticker)" = "$before" ]; then
    ok "a float literal fails pre-flight; the previous ticker keeps running"
else
    not_ok "broken script (exit $rc)"
fi

# --- limits cannot be set through this protocol
git -C "$repo" revert --no-edit HEAD >/dev/null
printf '  limits: {memory: 1048576}\n' >>"$repo/manifests/app.yaml"
printf -- '-- counts\nticks = 3\n' >"$repo/$T/ticker.lua"
commit "limits"
reconcile
if [ $rc = 1 ] && out_has "limits.memory and limits.quota cannot be set through /dev/lunatik" \
        && [ "$(sha_in_kernel $T.ticker)" = "$before" ]; then
    ok "a memory limit is refused with why, and the previous ticker is back"
else
    not_ok "limits through lunatik (exit $rc)"
fi

tap_done
