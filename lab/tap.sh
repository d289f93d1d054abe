# lab/tap.sh: the shell test harnesses' one TAP helper (POSIX sh); source it.
#   ok NAME             ok - NAME
#   not_ok NAME         not ok - NAME (counted as a failure)
#   skip NAME REASON    ok - NAME # SKIP REASON
#   check NAME CMD...   ok or not ok as CMD succeeds; returns CMD's status
#   tap_show FILE...    the files' lines as TAP comments (what a failure printed)
#   tap_done            prints "# N passed, N failed" and the plan (1..N, every
#                       line above); returns 0 when nothing failed. Last.
#   tap_status          0 when nothing failed: the end of a harness that also
#                       runs programs printing their own TAP and plan
#                       (lab-suite.sh, rollout.sh), whose lines it cannot count.
# ok and not_ok call tap_ok and tap_not_ok: a harness may redefine them (to
# show more on a failure) and still count.
tap_count=0
tap_failed=0
tap_ok() { tap_count=$((tap_count + 1)); echo "ok - $*"; }
tap_not_ok() {
	tap_count=$((tap_count + 1))
	tap_failed=$((tap_failed + 1))
	echo "not ok - $*"
}
ok() { tap_ok "$@"; }
not_ok() { tap_not_ok "$@"; }
skip() { tap_count=$((tap_count + 1)); echo "ok - $1 # SKIP $2"; }
check() {
	tap_name=$1
	shift
	if "$@"; then ok "$tap_name"; else not_ok "$tap_name"; return 1; fi
}
tap_show() {
	for tap_file; do
		[ -s "$tap_file" ] && sed 's/^/#   /' "$tap_file"
	done
	return 0
}
tap_status() { [ "$tap_failed" = 0 ]; }
tap_done() {
	echo "# $((tap_count - tap_failed)) passed, $tap_failed failed"
	echo "1..$tap_count"
	tap_status
}
