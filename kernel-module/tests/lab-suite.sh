#!/usr/bin/env bash
# The kernel module's test suite; runs as root inside the lab guest:
#   lab/run -- kernel-module/tests/lab-suite.sh
# lab/run fails the run if the kernel log shows any warning, BUG or oops.
set -u
# each check as it is made: a hang still shows how far its test got
export PYTHONUNBUFFERED=1
here=$(cd "$(dirname "$0")" && pwd)
# MOONTIDE_KO: the moontide.ko to test (make test-kernel-debug: the debug build)
ko=${MOONTIDE_KO:-$here/../../build/kernel/moontide.ko}
. "$here/../../lab/tap.sh"
status=0  # the test programs' (each prints its own TAP and plan)
# each step's heading, after the time the one before took (a budget's figures)
step_start=
step() {
	[ -z "$step_start" ] || echo "# ... took $(( $(date +%s) - step_start )) s"
	step_start=$(date +%s)
	echo "# $*"
}

step "moontide.ko was built for the running kernel"
magic=$(modinfo -F vermagic "$ko" | cut -d' ' -f1)
if [ "$magic" = "$(uname -r)" ]; then
	ok "vermagic $magic matches uname -r"
else
	not_ok "vermagic '$magic' does not match the running kernel $(uname -r)"
	exit 1
fi

insmod "$ko" || { not_ok "insmod moontide.ko"; exit 1; }
[ -e /dev/lunatik ] && not_ok "/dev/lunatik exists without lunatik=1"
step "control protocol"
python3 "$here/test_ctl.py" || status=1
step "dialect conformance suite, in the kernel"
python3 "$here/dialect_suite.py" || status=1
step "the C API, from another module"
"$here/test_api.sh" || status=1
step "runtimes: run, list, stop, eval, limits, contexts, paths"
python3 "$here/test_runtimes.py" || status=1
step "isolation: who opens the devices, atomic ceilings, sealed objects, stop from run to gone"
python3 "$here/isolation/test_control.py" || status=1
step "bindings: linux, device (and examples/passwd.lua)"
python3 "$here/bindings/test_device.py" || status=1
step "bindings: socket (and examples/echod.lua)"
python3 "$here/bindings/test_socket.py" || status=1
step "bindings: data, rcu, thread"
python3 "$here/bindings/test_data.py" || status=1
python3 "$here/bindings/test_rcu.py" || status=1
python3 "$here/bindings/test_thread.py" || status=1
step "bindings: syscall (the table generated from the kernel headers)"
python3 "$here/bindings/test_syscall.py" || status=1
step "bindings: probe (kprobes, kretprobes, the syscall tracepoint; and examples/systrack.lua)"
python3 "$here/bindings/test_probe.py" || status=1
step "bindings: notifier (keyboard through a uinput keyboard and tty1, netdevice; examples/keylogger.lua, keylocker.lua)"
python3 "$here/bindings/test_notifier.py" || status=1
step "bindings: netfilter and skb (real traffic through a veth pair into a network namespace)"
python3 "$here/bindings/test_netfilter.py" || status=1
step "bindings: xdp (real traffic through veth pairs between network namespaces; needs BTF: stock kernel only)"
python3 "$here/bindings/test_xdp.py" || status=1
step "examples at XDP: router.lua and xdpfw.lua (real traffic between namespaces; needs BTF: stock kernel only)"
python3 "$here/examples/test_router.py" || status=1
python3 "$here/examples/test_xdpfw.py" || status=1
step "isolation: bindings charge the runtime's limit, private names, killed readers"
python3 "$here/isolation/test_resources.py" || status=1
step "isolation: every way around the guard, in every context (docs/guard.md)"
python3 "$here/test_isolation.py" || status=1
step "unload with 50 runtimes running (one a kernel thread, one holding a device object, hostile ones left by test_isolation)"
rmmod moontide && ok "rmmod stops every runtime" || not_ok "rmmod moontide"
[ -e /dev/mt-iso-ctl ] && not_ok "a device of the control runtime survived the unload"
grep -q "^moontide " /proc/modules && not_ok "moontide is still loaded"
ps -e -o comm | grep -q "^moontide/" && not_ok "a moontide kernel thread survived the unload"
step "exports: moontide_ names only; beside a module exporting Lua's names (as Lunatik does), in either order"
"$here/test_exports.sh" || status=1

# The shell's way: one write(2) of the request (bash's printf would write
# line by line, dd gathers it), then read the answer on the same open file.
eval_in_shell() {
	local answer
	exec 3<>/dev/moontide || return 1
	printf 'eval -\nreturn 6 * 7' | dd bs=64k iflag=fullblock status=none >&3
	read -r answer <&3
	exec 3>&-
	[ "$answer" = '{"ok":true,"results":["42"]}' ]
}

step "/dev/lunatik: upstream Lunatik's protocol (lunatik=1)"
insmod "$ko" lunatik=1 || not_ok "insmod moontide.ko lunatik=1"
python3 "$here/test_lunatik.py" || status=1
python3 "$here/isolation/test_control.py" --lunatik || status=1
rmmod moontide && [ ! -e /dev/lunatik ] &&
	ok "rmmod with a runtime started through /dev/lunatik" ||
	not_ok "rmmod moontide (lunatik=1)"
step "/dev/lunatik: upstream's older reply forms (lunatik_reply=4x, 3x); refused beside another /dev/lunatik"
"$here/lunatik-forms.sh" || status=1

step "fault injection: allocations failing under every kind of request (debug kernel; skipped otherwise)"
insmod "$ko" || not_ok "insmod moontide.ko (fault injection)"
python3 "$here/faults/test_faults.py" || status=1
rmmod moontide && ok "rmmod after the fault injection campaign" ||
	not_ok "rmmod moontide after the fault injection campaign"

step "load, evaluate and unload 20 times"
start=$(date +%s%N)
cycles=0
for i in $(seq 20); do
	insmod "$ko" && eval_in_shell && rmmod moontide ||
		{ not_ok "load/eval/unload cycle $i"; break; }
	cycles=$i
done
[ "$cycles" = 20 ] &&
	ok "20 load/eval/unload cycles ($(( ($(date +%s%N) - start) / 20000000 )) ms each)"
[ ! -e /dev/moontide ] && ok "/dev/moontide is gone after unload" ||
	not_ok "/dev/moontide remains after unload"
# The debug kernel has kmemleak (lab/README.md, "Two kernels"). With every
# moontide module unloaded, any unreferenced object is a failure, not only
# those allocated by moontide's own code: what a script leaks through a
# binding (a socket, a device, a thread) was allocated by the kernel code it
# called. Two scans some seconds apart: an object is reported only once it
# has been unreferenced for 5 s and found so by a scan.
kmemleak=/sys/kernel/debug/kmemleak
if [ -e "$kmemleak" ]; then
	step "kmemleak after every module is unloaded"
	echo scan >"$kmemleak" && sleep 6 && echo scan >"$kmemleak" &&
		leaks=$(cat "$kmemleak") || leaks="cannot scan: $kmemleak"
	if [ -z "$leaks" ]; then
		ok "kmemleak finds no unreferenced object"
	else
		not_ok "kmemleak finds $(grep -c '^unreferenced object' <<<"$leaks") unreferenced object(s)"
		head -n 200 <<<"$leaks" | sed 's/^/# kmemleak: /'
	fi
fi
step "done"
tap_status || status=1
exit $status
