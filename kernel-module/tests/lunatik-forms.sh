#!/usr/bin/env bash
# /dev/lunatik in upstream's older reply forms (lunatik_reply=4x, 3x), an
# invalid form refused, and lunatik=1 refused while a /dev/lunatik exists
# (upstream Lunatik's). Runs as root in the lab guest, with moontide.ko not
# loaded; lab-suite.sh runs it after the status form's test_lunatik.py:
#   lab/run -- kernel-module/tests/lunatik-forms.sh
set -u
export PYTHONUNBUFFERED=1
here=$(cd "$(dirname "$0")" && pwd)
ko=${MOONTIDE_KO:-$here/../../build/kernel/moontide.ko}
. "$here/../../lab/tap.sh"
status=0

for form in 4x 3x; do
	echo "# lunatik_reply=$form"
	if insmod "$ko" lunatik=1 lunatik_reply=$form; then
		python3 "$here/test_lunatik_forms.py" $form || status=1
		rmmod moontide || not_ok "rmmod moontide (lunatik_reply=$form)"
	else
		not_ok "insmod moontide.ko lunatik=1 lunatik_reply=$form"
	fi
done

if insmod "$ko" lunatik=1 lunatik_reply=5x 2>/dev/null; then
	not_ok "lunatik_reply=5x is refused"
	rmmod moontide
else
	ok "lunatik_reply=5x is refused"
fi

# a /dev/lunatik that is not ours, as upstream's would be (another class's
# device: mem's null here)
mknod /dev/lunatik c 1 3
err=$(insmod "$ko" lunatik=1 2>&1)
if [ $? -ne 0 ] && [ ! -e /dev/moontide ] && [ -z "$(ls /sys/class/misc | grep -x lunatik)" ] &&
	case $err in *"Device or resource busy"*) true ;; *) false ;; esac &&
	dmesg | grep -q "moontide: /dev/lunatik exists (upstream Lunatik loaded?)"; then
	ok "lunatik=1 with a /dev/lunatik already there: init fails (EBUSY), says why, leaves nothing"
else
	not_ok "lunatik=1 beside an existing /dev/lunatik: '$err'"
	rmmod moontide 2>/dev/null
fi
rm -f /dev/lunatik
if insmod "$ko" lunatik=1 && [ -c /dev/lunatik ] && rmmod moontide; then
	ok "once it is gone, lunatik=1 loads"
else
	not_ok "lunatik=1 after /dev/lunatik was removed"
fi

tap_status && exit $status
