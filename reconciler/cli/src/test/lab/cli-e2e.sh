#!/usr/bin/env bash
# The moontide command against the real moontide.ko, in the lab:
#
#   make module && mvn -q -pl reconciler/cli -am package -DskipTests
#   lab/run --timeout 1800 -- reconciler/cli/src/test/lab/cli-e2e.sh
#
# load -> run a script from the script root -> list (table and JSON, the sha256
# equal to sha256sum's) -> a REPL session through a pseudo-terminal (an
# expression, a two-line function definition, a call) -> a REPL attached to
# the runtime -> stop -> unload. lab/run checks the kernel log afterwards.
# Prints TAP (lab/tap.sh): ok/not ok lines, "# N passed, N failed", the plan;
# exits 1 on any failure.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../../../../.." && pwd)
moontide=$top/bin/moontide
# Run what the host built: a build inside the emulated guest would take minutes.
export MOONTIDE_NO_BUILD=1
export MOONTIDE_HISTORY=/tmp/moontide-e2e-history
script=e2e_counter.lua
work=$(mktemp -d)

. "$here/tap.sh"
# mt NAME ARGS...: runs the command, output in $work/out and $work/err, status in $rc.
mt() { "$moontide" "$@" >"$work/out" 2>"$work/err"; rc=$?; }

if [ "$(id -u)" != 0 ] || [ ! -d /sys/module ]; then
    echo "cli-e2e: run me in the lab: lab/run -- $0" >&2
    exit 2
fi

# --- load
mt load
if [ $rc = 0 ] && out_has '^loaded moontide ' && [ -c /dev/moontide ]; then
    ok "load: moontide.ko loaded, /dev/moontide is there"
else
    not_ok "load (exit $rc)"
    echo "Bail out! the module did not load"
    tap_done
    exit 1
fi

mt status
if [ $rc = 0 ] && out_has '^modules: +moontide [0-9.]+ \(live' && out_has 'protocol 1$' \
        && out_has "^scripts: +$root\$"; then
    ok "status: module version, control protocol 1, script root"
else
    not_ok "status (exit $rc)"
fi

# --- run a script from the script root
mkdir -p "$root"
cat >"$root/$script" <<'LUA'
-- e2e_counter.lua: keeps a counter that a REPL attached to the runtime can read and bump.
count = 41

function bump()
	count = count + 1
	return count
end

print("e2e_counter: started with count " .. count)
LUA
mt run "$script" --memory 8M
if [ $rc = 0 ] && out_has '^started e2e_counter: e2e_counter.lua \(process, sha256 [0-9a-f]{12}, memory .* of 8M\)$'; then
    ok "run: e2e_counter started from $root with an 8M limit"
else
    not_ok "run (exit $rc)"
fi
if dmesg | grep -q 'e2e_counter: started with count 41'; then
    ok "the script's print reached the kernel log"
else
    not_ok "the script's print reached the kernel log"
fi

# --- list
mt list
if [ $rc = 0 ] && head -1 "$work/out" | grep -Eq '^NAME +SCRIPT +CONTEXT +STATE +MEMORY +AGE +SHA256$' \
        && out_has '^e2e_counter +e2e_counter\.lua +process +running +[0-9.]+[BKM]/8M +[0-9][0-9dhms]* +[0-9a-f]{12}$'; then
    ok "list: the table shows e2e_counter running"
else
    not_ok "list (exit $rc)"
fi

mt list --output json
want=$(sha256sum "$root/$script" | cut -d' ' -f1)
got=$(python3 -c 'import json,sys; r=[r for r in json.load(open(sys.argv[1]))["runtimes"] if r["name"]=="e2e_counter"]; print(r[0]["sha256"] if r else "")' "$work/out" 2>/dev/null)
if [ $rc = 0 ] && [ -n "$got" ] && [ "$got" = "$want" ]; then
    ok "list --output json: sha256 equals sha256sum of the script ($want)"
else
    not_ok "list --output json: sha256 '$got', sha256sum '$want'"
fi

# --- the REPL through a pseudo-terminal: control runtime
cat >"$work/repl.json" <<'JSON'
[
  {"expect": "Ctrl-D quits", "timeout": 240},
  {"expect": "> "},
  {"send": "return 6 * 7\r"},
  {"expect": "\n42\n"},
  {"expect": "> "},
  {"send": "function f(x)\r"},
  {"expect": ">> "},
  {"send": "return x * 2 end\r"},
  {"expect": "> "},
  {"send": "return f(21)\r"},
  {"expect": "\n42\n"},
  {"send": "1 + 1, 'two'\r"},
  {"expect": "\n2\ttwo\n"},
  {"send": "error('boom')\r"},
  {"expect": "boom"},
  {"expect": "> "},
  {"send": "\u0004"}
]
JSON
if python3 "$here/pty_session.py" "$work/repl.json" -- "$moontide" >"$work/out" 2>"$work/err"; then
    ok "repl: return 6 * 7 prints 42; a two-line function definition, then f(21) prints 42"
else
    not_ok "repl session in the control runtime"
fi
if [ -s "$MOONTIDE_HISTORY" ] && grep -q 'return f(21)' "$MOONTIDE_HISTORY"; then
    ok "repl: the history file keeps the lines"
else
    not_ok "repl: history file $MOONTIDE_HISTORY"
fi

# --- the REPL attached to the running script's state
cat >"$work/attach.json" <<'JSON'
[
  {"expect": "runtime e2e_counter; Ctrl-D quits", "timeout": 240},
  {"expect": "e2e_counter> "},
  {"send": "count\r"},
  {"expect": "\n41\n"},
  {"send": "bump()\r"},
  {"expect": "\n42\n"},
  {"expect": "e2e_counter> "},
  {"send": "\u0004"}
]
JSON
if python3 "$here/pty_session.py" "$work/attach.json" -- "$moontide" repl --runtime e2e_counter \
        >"$work/out" 2>"$work/err"; then
    ok "repl --runtime e2e_counter: reads and changes the script's own globals"
else
    not_ok "repl --runtime e2e_counter"
fi

# --- errors: one line on stderr, non-zero exit
mt stop no_such_runtime
if [ $rc = 1 ] && [ "$(wc -l <"$work/err")" = 1 ] && grep -q '^moontide: ' "$work/err"; then
    ok "stop of an unknown runtime: exit 1, one line on stderr ($(cat "$work/err"))"
else
    not_ok "stop of an unknown runtime (exit $rc)"
fi

# --- stop, unload
mt stop e2e_counter
if [ $rc = 0 ] && out_has '^stopped e2e_counter$'; then
    ok "stop: e2e_counter stopped"
else
    not_ok "stop (exit $rc)"
fi

exec 3<>/dev/moontide   # a client that still has the control device open
mt unload
if [ $rc = 1 ] && grep -q '^moontide: moontide is still in use (1 reference' "$work/err" && [ -c /dev/moontide ]; then
    ok "unload refuses while a process holds /dev/moontide open ($(cut -c1-60 "$work/err")...)"
else
    not_ok "unload while /dev/moontide is open (exit $rc)"
fi
exec 3>&-

mt unload
if [ $rc = 0 ] && out_has '^unloaded moontide$' && [ ! -e /dev/moontide ] && [ ! -d /sys/module/moontide ]; then
    ok "unload: moontide unloaded, /dev/moontide gone"
else
    not_ok "unload (exit $rc)"
fi

rm -f "$root/$script"
rm -rf "$work"
tap_done
