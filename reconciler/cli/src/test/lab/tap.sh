# Sourced by the lab's shell tests of the moontide command (after $top and
# $work are set): lab/tap.sh's TAP lines; a failure also shows the last
# command's output, kept in $work/out and $work/err. Sets $root, the module's
# default script root (the only spelling of it in these harnesses).
. "$top/lab/tap.sh"
root=/lib/modules/lua
not_ok() {
    tap_not_ok "$1"
    [ -s "$work/out" ] && sed 's/^/#   out: /' "$work/out"
    [ -s "$work/err" ] && sed 's/^/#   err: /' "$work/err"
    return 0
}
out_has() { grep -Eq -- "$1" "$work/out"; }
