#!/usr/bin/env bash
# run-luak.sh - run the dialect's conformance cases under the userspace luak.
#
#   lua-kernel/tests/run-luak.sh              every cases/*.lua
#   lua-kernel/tests/run-luak.sh FILE...      only these case files
#   LUAK=/path/to/luak lua-kernel/tests/run-luak.sh
#
# Each case runs in a fresh luak; it passes when its chunk returns exactly
# "ok" and leaves no global behind. A last check runs every case one after
# another in a single Lua state, as the kernel runner does. Output is
# TAP-like; the exit status is non-zero when anything fails.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
luak=${LUAK:-$root/build/bin/luak}

if [[ ! -x $luak ]]; then
	echo "Bail out! luak not found at $luak (make -C $root luak)"
	exit 2
fi

if (($# > 0)); then
	cases=("$@")
else
	cases=("$here"/cases/*.lua)
fi
for f in "${cases[@]}"; do
	if [[ ! -f $f || $f == *']==]'* ]]; then
		echo "Bail out! not a usable case file: $f"
		exit 2
	fi
done

# A case must not hang the run; 'timeout' is used when the system has it.
limit=()
if command -v timeout >/dev/null 2>&1; then
	limit=(timeout 120)
fi

# Lua that runs the case files named in 'paths', in this one state, and
# raises (so luak exits non-zero) with a one-line reason if one fails.
driver='
local function check(path)
  local before = {}
  for k in pairs(_G) do before[k] = true end
  local chunk, err = loadfile(path, "t")
  if not chunk then error("does not load: " .. tostring(err), 0) end
  local ok, res = pcall(chunk)
  if not ok then error(tostring(res), 0) end
  if res ~= "ok" then
    error("returned " .. tostring(res) .. " instead of \"ok\"", 0)
  end
  for k in pairs(_G) do
    if not before[k] then error("left a global: " .. tostring(k), 0) end
  end
end
for _, path in ipairs(paths) do
  local ok, err = pcall(check, path)
  if not ok and #paths > 1 then err = path:match("[^/]*$") .. ": " .. err end
  if not ok then error(err, 0) end
end
'

# run_lua FILE...: run the driver; sets 'reason' to why it failed.
run_lua() {
	local list="" f out status
	for f in "$@"; do
		list+="[==[$f]==],"
	done
	out=$("${limit[@]}" "$luak" -e "local paths = {$list}$driver" \
		2>&1 >/dev/null)
	status=$?
	if ((status == 0)); then
		return 0
	fi
	out=${out#"$luak: "}
	out=${out%%$'\n'stack traceback:*}
	out=${out//$'\n'/ }
	if ((status == 124)); then
		out="timed out"
	elif [[ -z $out ]]; then
		out="luak exited with status $status"
	fi
	reason=$out
	return 1
}

now_ms() {
	if [[ -n ${EPOCHREALTIME:-} ]]; then
		local t=${EPOCHREALTIME/,/.}
		echo $((10#${t%.*} * 1000 + 10#${t#*.} / 1000))
	else
		echo $((SECONDS * 1000))
	fi
}

start=$(now_ms)
total=$((${#cases[@]} + 1))
failed=0
passed=()
n=0
echo "1..$total"
for f in "${cases[@]}"; do
	n=$((n + 1))
	name=${f##*/}
	reason=""
	if run_lua "$f"; then
		echo "ok $n - $name"
		passed+=("$f")
	else
		echo "not ok $n - $name: $reason"
		failed=$((failed + 1))
	fi
done

# The kernel runs the files one after another in one state: so do the
# cases that passed alone (a failure here is an interaction between them).
n=$((n + 1))
reason=""
if ((${#passed[@]} == 0)); then
	echo "ok $n - all cases in one Lua state # SKIP no case passed alone"
elif run_lua "${passed[@]}"; then
	echo "ok $n - all cases in one Lua state"
else
	echo "not ok $n - all cases in one Lua state: $reason"
	failed=$((failed + 1))
fi

elapsed=$(($(now_ms) - start))
echo "# $((total - failed))/$total passed, $failed failed," \
	"$((elapsed / 1000)).$(printf '%03d' $((elapsed % 1000)))s ($luak)"
((failed == 0))
