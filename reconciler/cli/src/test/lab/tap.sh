# Sourced by the lab's shell tests: TAP-style ok/not ok lines. A failure shows
# the last command's output, kept in $work/out and $work/err.
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok $((passed + failed)) - $1"; }
not_ok() {
    failed=$((failed + 1)); echo "not ok $((passed + failed)) - $1"
    [ -s "$work/out" ] && sed 's/^/#   out: /' "$work/out"
    [ -s "$work/err" ] && sed 's/^/#   err: /' "$work/err"
    return 0
}
out_has() { grep -Eq -- "$1" "$work/out"; }
