#!/usr/bin/env bash
# run-guard.sh - the execution guard under luak (LUAK_QUOTA): every script in
# guard/escape-* and guard/work-* tries a way around the quota and must end
# with "instruction quota exceeded", never printing ESCAPED; guard/ok-*
# scripts must finish (print DONE). The same escapes run in the kernel in
# kernel-module/tests/test_isolation.py.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
luak=${LUAK:-$here/../../build/bin/luak}
quota=1000000
n=0 failed=0
for f in "$here"/guard/*.lua; do
	name=$(basename "$f" .lua)
	n=$((n + 1))
	out=$(LUAK_QUOTA=$quota timeout 60 "$luak" "$f" 2>&1)
	rc=$?
	case $name in
	ok-*)
		if [ $rc -eq 0 ] && grep -q DONE <<<"$out"; then
			echo "ok $n - $name finishes under the quota"
		else
			echo "not ok $n - $name: rc=$rc: ${out:0:300}"; failed=$((failed + 1))
		fi ;;
	*)
		if [ $rc -ne 0 ] && [ $rc -ne 124 ] && grep -q "instruction quota exceeded" <<<"$out" &&
			! grep -q ESCAPED <<<"$out"; then
			echo "ok $n - $name ends with the quota fault"
		else
			echo "not ok $n - $name: rc=$rc: ${out:0:300}"; failed=$((failed + 1))
		fi ;;
	esac
done
echo "# $((n - failed))/$n passed"
[ $failed -eq 0 ]
