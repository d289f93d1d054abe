#!/bin/bash
# shellcheck disable=SC2016  # conditions are single-quoted for eval in all()
# Self-test of the lab, run on the host: boots the guest a few times through
# lab/run and checks what a caller relies on. Prints TAP (lab/tap.sh): "ok - ..."
# / "not ok - ..." lines, "# N passed, N failed" and the plan; exits non-zero on
# any failure.
set -u

LAB=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN=$LAB/run
. "$LAB/tap.sh"
tmp=$(mktemp -d /tmp/lab-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
marker=lab-selftest-$$-$RANDOM
start=$(date +%s)

# all COMMAND-STRING...: true when every shell condition holds (for check).
all() {
    local c
    for c in "$@"; do eval "$c" || return 1; done
}
# Shows a failed run's output, indented, to make "not ok" lines debuggable.
show() { tap_show "$@"; }

# Runs lab/run with the given arguments; stdout/stderr/status land in
# $tmp/NAME.{out,err,rc} and its wall time in $tmp/NAME.time.
lab() {
    local name=$1 t0 t1
    shift
    t0=$(date +%s.%N)
    "$RUN" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
    echo $? >"$tmp/$name.rc"
    t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc >"$tmp/$name.time"
}
rc() { cat "$tmp/$1.rc"; }

"$LAB/kver" >/dev/null || { echo "Bail out! no lab kernel; run lab/setup"; exit 1; }

# --- exit status, and the timings of a minimal boot ---------------------------
lab exit3 --dmesg "$tmp/exit3.dmesg" -- sh -c 'exit 3'
check "exit status propagates (sh -c 'exit 3' gives 3)" [ "$(rc exit3)" = 3 ] || show "$tmp/exit3.err"
lab true --dmesg "$tmp/true.dmesg" -- true
check "lab/run -- true exits 0" [ "$(rc true)" = 0 ] || show "$tmp/true.err"
kinit=$(sed -n 's/^\[ *\([0-9.]*\)\] Run \/init.*/\1/p' "$tmp/true.dmesg")
kjob=$(sed -n 's/^\[ *\([0-9.]*\)\] lab: job start.*/\1/p' "$tmp/true.dmesg")
echo "# timing: kernel start to /init ${kinit:-?} s, to command start ${kjob:-?} s (guest clock);" \
    "lab/run -- true $(cat "$tmp/true.time") s wall"

# --- argv and exact stdout ----------------------------------------------------
args=('a b' "it's" 'say "hi"' '$HOME' '' 'back\slash' '*' $'two\nlines' '--')
lab argv -- printf '<%s>\n' "${args[@]}"
printf '<%s>\n' "${args[@]}" >"$tmp/argv.exp"
check "argv with spaces, quotes, globs, newlines survives; stdout is exact (no \\r)" \
    cmp -s "$tmp/argv.exp" "$tmp/argv.out" || { show "$tmp/argv.out" "$tmp/argv.err"; }

# --- environment, isolation, tools: one boot, key=value lines -----------------
mkdir -p "$tmp/work dir" "$tmp/shared, dir"
# The guest script writes under /tmp, /etc, the cwd and /lib/modules/lua,
# each only after checking that the host does not already have the file.
guest_script='
echo "cwd=$(pwd)"
echo "kver=$(uname -r)"
echo "var=$LAB_SELFTEST_VAR"
echo "home=$HOME"
for f in /tmp/$1 /etc/$1 ./$1 /lib/modules/lua/$1; do
    echo data >"$f" && [ "$(cat "$f")" = data ] && echo "wrote=$f"
done
echo "python=$(python3 -c "print(6 * 7)")"
echo "java=$(java -version 2>&1 | head -n 1)"
echo "git=$(git -C "$2" rev-parse --show-toplevel)"
echo kept >"$3/kept"
'
(cd "$tmp/work dir" && LAB_SELFTEST_VAR='v a l' lab env --share "$tmp/shared, dir" -- \
    bash -c "$guest_script" - "$marker" "$LAB" "$tmp/shared, dir")
val() { sed -n "s/^$1=//p" "$tmp/env.out"; }
if [ "$(rc env)" != 0 ]; then
    not_ok "guest script ran"
    show "$tmp/env.out" "$tmp/env.err"
fi
check "cwd is preserved (a dir with a space, under /tmp)" [ "$(val cwd)" = "$tmp/work dir" ]
check "uname -r in the guest equals lab/kver" [ "$(val kver)" = "$("$LAB/kver")" ]
check "LAB_* variables pass through, HOME=/root" \
    all '[ "$(val var)" = "v a l" ]' '[ "$(val home)" = /root ]'
check "guest can write /tmp, /etc, the cwd and /lib/modules/lua" \
    [ "$(val wrote | wc -l)" = 4 ]
check "guest writes do not reach the host" \
    all '[ ! -e "/tmp/$marker" ]' '[ ! -e "/etc/$marker" ]' '[ ! -e "$tmp/work dir/$marker" ]' \
        '[ ! -e "/lib/modules/lua/$marker" ]'
check "--share DIR: writes there reach the host" [ "$(cat "$tmp/shared, dir/kept" 2>/dev/null)" = kept ]
check "python3 works in the guest" [ "$(val python)" = 42 ]
check "java -version works in the guest" grep -q '^java=.*version' "$tmp/env.out"
check "git works in the guest" [ "$(val git)" = "$(git -C "$LAB" rev-parse --show-toplevel)" ]

# --- stdin ----------------------------------------------------------------------
printf 'line one\nline two\n' | lab stdin --interactive -- cat
check "--interactive hands a piped stdin to the command" \
    [ "$(cat "$tmp/stdin.out")" = $'line one\nline two' ]

# A reader that stops early must not leave the guest running until --timeout.
t0=$(date +%s)
"$RUN" --timeout 120 -- yes 2>"$tmp/sigpipe.err" | head -c 4 >"$tmp/sigpipe.out"
# shellcheck disable=SC2034  # read by all()
sigpipe_rc=${PIPESTATUS[0]}
check "closing lab/run's stdout stops the VM (exit 141, no wait for --timeout)" \
    all '[ "$sigpipe_rc" = 141 ]' '[ $(($(date +%s) - t0)) -lt 100 ]' \
    '[ "$(cat "$tmp/sigpipe.out")" = "$(printf "y\ny\n")" ]' || show "$tmp/sigpipe.err"

# --- kernel log check ---------------------------------------------------------
lab warn -- sh -c "echo 'WARNING: CPU: 0 PID: 1 at lab-selftest' >/dev/kmsg"
check "an injected WARNING fails the run with exit 125" [ "$(rc warn)" = 125 ]
check "the offending line is printed as 'lab: kernel log:'" \
    grep -q '^lab: kernel log: .*WARNING: CPU: 0 PID: 1 at lab-selftest' "$tmp/warn.err" ||
    show "$tmp/warn.err"

lab module --dmesg "$tmp/module.dmesg" -- sh -c \
    'modprobe dummy && grep -q "^dummy " /proc/modules && rmmod dummy && ! grep -q "^dummy " /proc/modules'
check "modprobe/rmmod of an in-tree module works, kernel log clean" [ "$(rc module)" = 0 ] ||
    show "$tmp/module.out" "$tmp/module.err"

lab leak -- sh -c "echo 'kmemleak: 1 new suspected memory leaks (see /sys/kernel/debug/kmemleak)' >/dev/kmsg"
check "a kmemleak report fails the run with exit 125" [ "$(rc leak)" = 125 ] || show "$tmp/leak.err"
lab scanarea -- sh -c "echo 'kmemleak: Cannot allocate a scan area, scanning the full object' >/dev/kmsg"
check "kmemleak's note that its own allocation failed (fault injection's doing) passes" \
    [ "$(rc scanarea)" = 0 ] || show "$tmp/scanarea.err"

# --- --init systemd (README: "systemd as PID 1") --------------------------------
# One boot checks the system and the job's surroundings (exit 0: the kernel
# log must be clean too); a second one a failing job, with a kernel warning
# that a service prints while the machine shuts down.
sd_script='
echo "pid1=$(cat /proc/1/comm)"
echo "state=$(systemctl is-system-running --wait)"
echo "failed=$(systemctl list-units --state=failed --no-legend --plain | awk "{print \$1}" | tr "\n" " ")"
echo "cwd=$(pwd)"
echo "var=$LAB_SELFTEST_VAR"
echo "home=$HOME"
printf "[Service]\nType=oneshot\nExecStart=/bin/echo %s from a unit\n" "$1" >/etc/systemd/system/lab-selftest.service
systemctl daemon-reload && systemctl start lab-selftest.service &&
    echo "journal=$(journalctl -u lab-selftest.service -o cat --no-pager | grep -c "^$1 from a unit$")"
for f in /tmp/$1 /etc/$1 ./$1 /usr/local/$1 /var/lib/$1; do
    echo data >"$f" && [ "$(cat "$f")" = data ] && echo "wrote=$f"
done
'
mkdir -p "$tmp/sd dir"
(cd "$tmp/sd dir" && LAB_SELFTEST_VAR='v a l' lab sd --init systemd --dmesg "$tmp/sd.dmesg" -- \
    bash -c "$sd_script" - "$marker")
sval() { sed -n "s/^$1=//p" "$tmp/sd.out"; }
check "--init systemd: the job ran and exited 0, kernel log clean" [ "$(rc sd)" = 0 ] ||
    show "$tmp/sd.out" "$tmp/sd.err"
check "--init systemd: PID 1 is systemd" [ "$(sval pid1)" = systemd ]
check "--init systemd: systemctl is-system-running says running or degraded" \
    all '[ "$(sval state)" = running ] || [ "$(sval state)" = degraded ]'
echo "# systemd: is-system-running: $(sval state); failed units: $(sval failed | grep . || echo none)"
check "--init systemd: a service unit starts and its output is in the journal" [ "$(sval journal)" = 1 ]
check "--init systemd: cwd, LAB_* variables and HOME as under the busybox init" \
    all '[ "$(sval cwd)" = "$tmp/sd dir" ]' '[ "$(sval var)" = "v a l" ]' '[ "$(sval home)" = /root ]'
check "--init systemd: the root is writable (/tmp, /etc, the cwd, /usr/local, /var/lib)" \
    [ "$(sval wrote | wc -l)" = 5 ]
check "--init systemd: guest writes do not reach the host" \
    all '[ ! -e "/tmp/$marker" ]' '[ ! -e "/etc/$marker" ]' '[ ! -e "$tmp/sd dir/$marker" ]' \
        '[ ! -e "/usr/local/$marker" ]' '[ ! -e "/var/lib/$marker" ]' \
        '[ ! -e /etc/systemd/system/lab-selftest.service ]'
kinit=$(sed -n 's/^\[ *\([0-9.]*\)\] Run \/init.*/\1/p' "$tmp/sd.dmesg")
ksd=$(sed -n 's/^\[ *\([0-9.]*\)\] lab: switch_root to systemd.*/\1/p' "$tmp/sd.dmesg")
kjob=$(sed -n 's/^\[ *\([0-9.]*\)\] lab: job start.*/\1/p' "$tmp/sd.dmesg")
echo "# systemd timing: kernel start to /init ${kinit:-?} s, to systemd ${ksd:-?} s," \
    "to command start ${kjob:-?} s (guest clock); run $(cat "$tmp/sd.time") s wall"

sd_fail='
printf "<%s>\n" "$@"
printf "[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/true\nExecStop=/bin/sh -c \"echo WARNING: CPU: 0 PID: 1 at lab-selftest-shutdown >/dev/kmsg\"\n" \
    >/run/systemd/system/lab-selftest-stop.service
systemctl daemon-reload && systemctl start lab-selftest-stop.service
exit 3
'
lab sdfail --init systemd -- bash -c "$sd_fail" - "${args[@]}"
printf '<%s>\n' "${args[@]}" >"$tmp/sdfail.exp"
check "--init systemd: a failing job's status (3) and its exact stdout come back" \
    all '[ "$(rc sdfail)" = 3 ]' 'cmp -s "$tmp/sdfail.exp" "$tmp/sdfail.out"' ||
    show "$tmp/sdfail.out" "$tmp/sdfail.err"
check "--init systemd: the kernel log check covers the shutdown (a unit's ExecStop warning)" \
    grep -q '^lab: kernel log: .*WARNING: CPU: 0 PID: 1 at lab-selftest-shutdown' "$tmp/sdfail.err" ||
    show "$tmp/sdfail.err"

# --- the debug kernel (README: "Two kernels"), when it is built ---------------
if "$LAB/debug-kernel/build" --print-dir >/dev/null 2>&1; then
    lab debug --kernel debug --dmesg "$tmp/debug.dmesg" -- sh -c \
        'uname -r; modprobe veth && echo scan >/sys/kernel/debug/kmemleak && cat /sys/kernel/debug/kmemleak'
    check "--kernel debug boots the debug kernel; modprobe of a built-in, kernel log and kmemleak clean" \
        all '[ "$(rc debug)" = 0 ]' '[ "$(cat "$tmp/debug.out")" = "$("$LAB/kver" --debug)" ]' ||
        show "$tmp/debug.out" "$tmp/debug.err"
    kinit=$(sed -n 's/^\[ *\([0-9.]*\)\] Run \/init.*/\1/p' "$tmp/debug.dmesg")
    kjob=$(sed -n 's/^\[ *\([0-9.]*\)\] lab: job start.*/\1/p' "$tmp/debug.dmesg")
    echo "# debug kernel timing: kernel start to /init ${kinit:-?} s, to command start ${kjob:-?} s;" \
        "run $(cat "$tmp/debug.time") s wall"
else
    skip "--kernel debug" "the debug kernel is not built (make debug-kernel)"
fi

# --- failures of the guest itself ---------------------------------------------
lab crash -- sh -c 'echo c >/proc/sysrq-trigger'
check "a guest kernel panic fails the run (123) with the console tail" \
    all '[ "$(rc crash)" = 123 ]' 'grep -q "sysrq triggered crash" "$tmp/crash.err"' ||
    show "$tmp/crash.err"

lab timeout --timeout 3 -- sleep 60
check "--timeout kills the VM and exits 124" \
    all '[ "$(rc timeout)" = 124 ]' 'grep -q "^lab: timeout" "$tmp/timeout.err"' ||
    show "$tmp/timeout.err"

echo "# total $(($(date +%s) - start)) s"
tap_done
