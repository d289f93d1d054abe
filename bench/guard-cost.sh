#!/usr/bin/env bash
# The guard's own cost, counted rather than timed: instructions executed
# (valgrind's callgrind, repeatable run to run) by luak with the guard on
# (LUAK_QUOTA) against luak built from the same source without the guard's
# patches (bench/build-noguard.sh), on each workload of bench/.
#   bench/guard-cost.sh
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
command -v valgrind >/dev/null || apt-get install -y -q valgrind >/dev/null
make -s luak
bench/build-noguard.sh build/bench
refs() { # instructions executed by: "$@"
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 |
		sed -n 's/.*refs: *\([0-9,]*\).*/\1/p' | tr -d ,
}
echo "# instructions executed (callgrind), guard on / guard's patches out"
printf '%-10s %15s %15s %8s\n' workload no-guard guard ratio
for w in fib table string workload; do
	a=$(refs build/bench/luak-noguard -e "dofile('bench/$w.lua')")
	b=$(LUAK_QUOTA=100000000 refs build/bin/luak -e "dofile('bench/$w.lua')")
	printf '%-10s %15s %15s %8.3f\n' "$w" "$a" "$b" "$(echo "$b / $a" | bc -l)"
done
