#!/usr/bin/env bash
# `moontide reconcile --driver lunatik` end to end, in the lab, against the
# /dev/lunatik that moontide.ko serves with lunatik=1 (upstream Lunatik's
# control protocol; upstream Lunatik itself is not available here), once in
# each reply form upstream has shipped (lunatik_reply=status, 4x, 3x), so the
# driver's detection of the form is exercised end to end:
#
#   make module && mvn -q -pl reconciler/cli -am package -DskipTests
#   lab/run --timeout 3600 -- reconciler/cli/src/test/lab/lunatik-e2e.sh [FORM...]
#
# Two runtimes, one depending on the other, are started through the runner;
# a changed script restarts only its runtime; a runtime stopped by hand is
# drift, healed; one started by hand is reported as unexpected; a broken
# script keeps the previous version; limits, which the protocol cannot
# carry, are refused with why. In the 3x form (a boolean context there) a
# softirq runtime and a script 3.x's loose .lua stripping would rename are
# refused, and ticker runs in process context. The 4x and 3x forms stop
# after the first apply and a dry run. Prints ok/not ok lines; exits
# 1 on any failure.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../../../../.." && pwd)
moontide=$top/bin/moontide
export MOONTIDE_NO_BUILD=1
work=$(mktemp -d)
repo=$work/repo
T=lunatik-e2e
forms=${*:-status 4x 3x}

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
trap 'rmmod moontide 2>/dev/null; rm -rf "$work" "$root/$T"' EXIT

# scenario FORM: the whole scenario against lunatik_reply=FORM, from a new repository
scenario() {
form=$1
echo "# lunatik_reply=$form"
insmod "$top/build/kernel/moontide.ko" lunatik=1 lunatik_reply=$form ||
    { not_ok "insmod lunatik=1 lunatik_reply=$form"; return; }
rm -rf "$repo" "$work/state" "$root/$T"
# what /dev/lunatik replies before the results in this form; ticker's context
status=$(printf 'true\t')
ctx=softirq
if [ "$form" != status ]; then status=; fi
if [ "$form" = 3x ]; then ctx=process; fi
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

if [ "$form" = 3x ]; then
    # --- 3.x: softirq, and a name the loose .lua stripping changes, refused
    cat >>"$repo/manifests/app.yaml" <<EOF
---
apiVersion: moontide.dev/v1alpha1
kind: Runtime
metadata:
  name: evaluate
spec:
  script: $T/evaluate.lua
EOF
    printf 'x = 1\n' >"$repo/$T/evaluate.lua"
    commit "evaluate"
    reconcile
    if [ $rc = 1 ] && out_has "store applied" \
            && out_has '"softirq" would start the script in process context, not softirq; refused' \
            && out_has "strips .lua with a loose pattern" && out_has "script $T/evaluate would not be the file loaded" \
            && [ "$(lunatik 'return lunatik.runner.list()')" = "$T/store" ]; then
        ok "3x: the form is detected; ticker (softirq) and evaluate (a name 3.x would mangle) are refused with why, store runs"
    else
        not_ok "3x: refusals (exit $rc)"
    fi
    sed -i '/^  context: softirq$/d' "$repo/manifests/app.yaml"
    head -n -7 "$repo/manifests/app.yaml" >"$work/app" && mv "$work/app" "$repo/manifests/app.yaml"
    rm "$repo/$T/evaluate.lua"
    commit "ticker in process context, no evaluate"
fi

# --- first cycle
reconcile
if [ "$form" = 3x ]; then applied="result: ticker applied"; else applied="result: store applied.*result: ticker applied"; fi
if [ $rc = 0 ] && out_has "^note: driver lunatik \(/dev/lunatik\) tells only which scripts run" \
        && grep -n "^result: " "$work/out" | tr '\n' ' ' | grep -Eq "$applied"; then
    ok "$form: reconcile through /dev/lunatik starts store, then ticker (dependsOn), and says what the driver cannot see"
else
    not_ok "first reconcile (exit $rc)"
fi
reply=$(lunatik 'return lunatik.runner.list()')
if [ "$reply" = "$(printf '%s%s/store, %s/ticker' "$status" $T $T)" ]; then
    ok "lunatik.runner.list() shows both scripts"
else
    not_ok "runner list: '$reply'"
fi
if [ "$(sha_in_kernel $T.ticker | cut -d' ' -f2)" = $ctx ]; then
    ok "ticker runs in $ctx context, as declared"
else
    not_ok "ticker context: $(sha_in_kernel $T.ticker)"
fi

reconcile --dry-run
if [ $rc = 0 ] && out_has "^plan: nothing to do, in sync"; then
    ok "a dry run right after is in sync (exit 0)"
else
    not_ok "dry run after apply (exit $rc)"
fi

# The older forms: detection, the first apply and a dry run in sync prove the
# driver speaks them end to end; the rest of the scenario (change, drift,
# heal, unexpected, broken script, limits) goes through the same wrapped
# exchange, unit-tested per form (LunatikFormsTest), and would add ten JVM
# starts in the emulated guest per form.
if [ "$form" != status ]; then
    rmmod moontide || not_ok "rmmod moontide (lunatik_reply=$form)"
    return
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
rmmod moontide || not_ok "rmmod moontide (lunatik_reply=$form)"
}

for f in $forms; do
    scenario "$f"
done

tap_done
