#!/bin/sh
# Runs inside the lab guest (see daemon-e2e.sh): moontide-daemon against the real module,
# reconciling this repository's own manifests/ (hello, and passwd after it: /dev/passwd).
set -u
. lab/tap.sh
api=http://127.0.0.1:8087

insmod build/kernel/moontide.ko || { not_ok "insmod"; exit 1; }
# the interfaces the XDP examples (router, xdpfw) are declared on
examples/xdp-ports.sh up || not_ok "examples/xdp-ports.sh up"
state=$(mktemp -d)
# a small repository of this checkout's manifests and examples: the JVM in the
# emulated guest then packs a few objects, not the whole project's history
repo="$state/repo"
mkdir -p "$repo" && cp -r manifests examples "$repo"/
git -C "$repo" init -q -b main && git -C "$repo" add . &&
	git -C "$repo" -c user.email=e2e@moontide -c user.name=e2e commit -qm "examples" ||
	{ not_ok "cannot make the test repository"; exit 1; }
# C1 only, as bin/moontide runs: under QEMU's emulation HotSpot has crashed (SIGILL,
# SIGSEGV) in C1 code that tiered compilation was replacing; see lab/README.md
# POST /api/sync needs the API's bearer token, from a file only its owner reads
token_file="$state/api-token"
(umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$token_file")
auth="Authorization: Bearer $(cat "$token_file")"
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dmoontide.repo="$repo" -Dmoontide.branch=main -Dmoontide.state-dir="$state" -Dmoontide.interval=1h \
	-Dmoontide.api.token-file="$token_file" \
	-Dquarkus.log.console.json.enabled=false -jar reconciler/daemon/target/quarkus-app/quarkus-run.jar \
	> "$state/daemon.log" 2>&1 &
daemon=$!
up=no
for _ in $(seq 1 120); do
	if curl -sf "$api/q/health/live" > /dev/null; then up=yes; break; fi
	sleep 1
done
[ "$up" = yes ] && ok "daemon is live" || { not_ok "daemon did not start"; cat "$state/daemon.log"; }
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$api/api/sync")
[ "$code" = 401 ] && ok "a sync without the token is refused (401)" || not_ok "a sync without the token: HTTP $code"

# the scheduler's first cycle runs at start; wait for it to finish applying
# (under software emulation on a busy host it has taken a minute)
for _ in $(seq 1 300); do
	curl -s "$api/api/status" | grep -q '"type":"Ready"' && break
	kill -0 "$daemon" 2>/dev/null || { tail -30 "$state/daemon.log"; break; } # it died
	sleep 1
done
status_json=$(curl -s "$api/api/status")
echo "# $status_json"
echo "$status_json" | grep -q '"type":"Ready"' && ok "status Ready" ||
	{ not_ok "status not Ready"; tail -20 "$state/daemon.log"; }
if ! kill -0 "$daemon" 2>/dev/null; then
	not_ok "the daemon died; not going on"
	rmmod moontide; exit 1
fi
curl -sf "$api/q/health/ready" > /dev/null && ok "/q/health/ready is up" || not_ok "/q/health/ready"
[ -c /dev/passwd ] && ok "passwd runtime serves /dev/passwd" || not_ok "/dev/passwd missing"
pw=$(head -c 16 /dev/passwd 2>/dev/null | wc -c)
[ "$pw" = 16 ] && ok "read 16 bytes from /dev/passwd" || not_ok "read /dev/passwd: $pw bytes"
list=$(kernel-module/tests/mtctl list 2>&1)
echo "$list" | grep -q '"name":"hello"' && echo "$list" | grep -q '"name":"passwd"' \
	&& ok "the kernel lists hello and passwd" || not_ok "kernel list: $list"

sync=$(curl -s -X POST -H "$auth" "$api/api/sync")
echo "$sync" | grep -q '"actions":\[\]' && ok "a second sync has nothing to do" || not_ok "second sync: $sync"
# the drift checks below hold only if the stops did stop: each is checked
kernel-module/tests/mtctl stop hello > /dev/null 2>&1 && ok "hello stopped behind the daemon's back" || not_ok "mtctl stop hello"
curl -s -X POST -H "$auth" "$api/api/sync" > /dev/null
kernel-module/tests/mtctl list | grep -q '"name":"hello"' && ok "hello (driftPolicy heal) was restarted" \
	|| not_ok "hello not healed"
kernel-module/tests/mtctl stop passwd > /dev/null 2>&1 && ok "passwd stopped behind the daemon's back" || not_ok "mtctl stop passwd"
curl -s -X POST -H "$auth" "$api/api/sync" > /dev/null
curl -s "$api/api/drift" | grep -q '"cause":"MISSING"' && ok "/api/drift reports passwd MISSING (driftPolicy alert)" \
	|| not_ok "no drift reported"
curl -s "$api/q/metrics" | grep -qF 'moontide_drift_alerts_total{cause="MISSING"' && ok "metric moontide_drift_alerts_total" \
	|| not_ok "metric missing"
curl -s "$api/api/history" | grep -q '"result":"Applied"' && ok "/api/history has the applied revision" \
	|| not_ok "history"

# a new commit while health checks wait cancels the wait: "slow" waits for a
# TCP port nothing opens (600 s); the next commit drops the port
commit() { git -C "$repo" add -A && git -C "$repo" -c user.email=e2e@moontide -c user.name=e2e commit -qm "$1"; }
printf 'apiVersion: moontide.dev/v1alpha1\nkind: Runtime\nmetadata:\n  name: slow\nspec:\n  script: examples/hello.lua\n  health: {tcpPort: 9, timeoutSeconds: 600}\n' \
	> "$repo/manifests/slow.yaml"
commit "slow: waits on port 9"
first=$(git -C "$repo" rev-parse HEAD)
t0=$(date +%s)
timeout 400 curl -s -X POST -H "$auth" "$api/api/sync" > "$state/sync.json" &
syncing=$!
for _ in $(seq 1 120); do
	kernel-module/tests/mtctl list | grep -q '"name":"slow"' && break
	sleep 1
done
sed -i '/tcpPort/d' "$repo/manifests/slow.yaml"
commit "slow: no port"
second=$(git -C "$repo" rev-parse HEAD)
wait "$syncing"
took=$(( $(date +%s) - t0 ))
history=$(curl -s "$api/api/history")
echo "$history" | tr '{' '\n' | grep -q "\"revision\":\"$first\".*\"result\":\"Cancelled\"" &&
	curl -s "$api/api/status" | grep -q "\"lastAppliedRevision\":\"$second\"" &&
	ok "a commit during a 600 s health wait cancelled it; the new revision applied ($took s)" ||
	{ not_ok "cancel the health wait ($took s): $history"; cat "$state/sync.json"; }

kill "$daemon"; wait "$daemon" 2>/dev/null

# The operator requires signed commits (the daemon's own settings, not the
# repository's): a signed revision applies; an unsigned commit on top of it is
# refused and the signed script keeps running in the kernel.
export GNUPGHOME="$state/gnupg"
mkdir -m 700 "$GNUPGHOME"
gpg --batch -q --passphrase '' --quick-gen-key "moontide e2e <e2e@moontide>" rsa2048 sign never 2>/dev/null
fpr=$(gpg --list-keys --with-colons 2>/dev/null | awk -F: '/^fpr/ { print $10; exit }')
gpg --export --armor "$fpr" > "$state/trusted.asc"
v1='local S <const> = 1
return S'
mkdir -p "$repo/e2e"
printf '%s\n' "$v1" > "$repo/e2e/signed.lua"
printf 'apiVersion: moontide.dev/v1alpha1\nkind: Runtime\nmetadata:\n  name: signed\nspec:\n  script: e2e/signed.lua\n' \
	> "$repo/manifests/signed.yaml"
git -C "$repo" add -A && git -C "$repo" -c user.email=e2e@moontide -c user.name=e2e \
	-c user.signingkey="$fpr" commit -S -qm "signed" ||
	not_ok "a signed commit (gpg key $fpr)"
signed_rev=$(git -C "$repo" rev-parse HEAD)
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dmoontide.repo="$repo" -Dmoontide.branch=main -Dmoontide.state-dir="$state" -Dmoontide.interval=1h \
	-Dmoontide.api.token-file="$token_file" -Dmoontide.signature.require=true \
	-Dmoontide.signature.keyring="$state/trusted.asc" -Dmoontide.signature.trusted-keys="$fpr" \
	-Dquarkus.log.console.json.enabled=false -jar reconciler/daemon/target/quarkus-app/quarkus-run.jar \
	> "$state/daemon-signed.log" 2>&1 &
daemon=$!
# the status file of the run before says Ready: wait for this revision
for _ in $(seq 1 300); do
	curl -s "$api/api/status" | grep -q "\"lastAppliedRevision\":\"$signed_rev\"" && break
	kill -0 "$daemon" 2>/dev/null || { tail -30 "$state/daemon-signed.log"; break; }
	sleep 1
done
want=$(printf '%s\n' "$v1" | sha256sum | cut -d' ' -f1)
kernel-module/tests/mtctl list | grep -q "\"name\":\"signed\"[^}]*\"sha256\":\"$want\"" &&
	ok "signatures required: the signed revision applies (signed runs)" ||
	{ not_ok "the signed revision: $(curl -s "$api/api/status")"; tail -20 "$state/daemon-signed.log"; }
printf 'local S <const> = 2\nreturn S\n' > "$repo/e2e/signed.lua"
commit "unsigned: signed v2"
curl -s -X POST -H "$auth" "$api/api/sync" > /dev/null
status_json=$(curl -s "$api/api/status")
echo "$status_json" | grep -q '"reason":"Unsigned"' &&
	ok "an unsigned commit is refused (Unsigned)" || not_ok "unsigned commit: $status_json"
kernel-module/tests/mtctl list | grep -q "\"name\":\"signed\"[^}]*\"sha256\":\"$want\"" &&
	ok "... and the signed script keeps running" || not_ok "signed's script changed: $(kernel-module/tests/mtctl list)"
kill "$daemon"; wait "$daemon" 2>/dev/null
kernel-module/tests/mtctl stop signed > /dev/null 2>&1
for r in slow passwd hello; do kernel-module/tests/mtctl stop "$r" > /dev/null 2>&1; done
examples/xdp-ports.sh down || not_ok "examples/xdp-ports.sh down"
rmmod moontide || not_ok "rmmod"
rm -rf "$state" /lib/modules/lua/examples
tap_done
