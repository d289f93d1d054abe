#!/usr/bin/env bash
# The fuzzers, in the lab guest, as root (make test-fuzz; bench/fuzz runs
# them longer):
#   lab/run -- kernel-module/tests/fuzz/run.sh
# Loads moontide.ko with lunatik=1 (both control devices), runs the
# protocol, Lunatik and Lua fuzzers with the seed and counts of the
# MOONTIDE_FUZZ_* variables (README.md here), then checks that nothing is
# left running and that the module unloads. lab/run fails the run on any
# kernel warning, BUG or oops in the guest's log.
set -u
here=$(cd "$(dirname "$0")" && pwd)
ko="$here/../../../build/kernel/moontide.ko"
. "$here/../../../lab/tap.sh"
status=0
step() { echo "# $*"; }

insmod "$ko" lunatik=1 || { not_ok "insmod moontide.ko lunatik=1"; exit 1; }
for t in protocol lunatik lua; do
	step "fuzz: $t"
	start=$(date +%s)
	python3 "$here/test_fuzz_$t.py" || status=1
	echo "# fuzz: $t took $(( $(date +%s) - start )) s"
done

step "nothing is left running, and the module unloads"
left=$(python3 "$here/../mtctl" list)
case $left in
'{"ok":true,"runtimes":[]}') ok "list is empty after the fuzzers stopped everything" ;;
*) not_ok "runtimes left: ${left:0:300}" ;;
esac
rmmod moontide && ok "rmmod moontide" || not_ok "rmmod moontide"
grep -q "^moontide " /proc/modules && not_ok "moontide is still loaded"
ps -e -o comm | grep -q "^moontide/" && not_ok "a moontide kernel thread survived the unload"
tap_status || status=1
exit $status
