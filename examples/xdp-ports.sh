#!/usr/bin/env bash
# The interfaces the XDP examples' confs name (examples/routerconf.lua:
# mtr-a, mtr-b; xdpfwconf.lua: mtfw-a), made as an operator's would be:
# veth pairs into namespaces mtr-na (10.93.1.2, via 10.93.1.1), mtr-nb
# (10.93.2.2, via 10.93.2.1) and mtfw-n (10.94.1.2 and 192.0.2.7). Runs as
# root where the examples are rolled out (rollout.sh, make run, the daemon's
# lab test): without their ports, router and xdpfw fail to start.
#   examples/xdp-ports.sh up [--programs]   --programs: attach
#       build/bpf/moontide_xdp.o to the ports (and the router's peers), so
#       that frames reach the handlers (needs moontide.ko loaded, with BTF)
#   examples/xdp-ports.sh down              removes them, and waits until the
#       programs are freed (each holds a reference on moontide.ko)
set -euo pipefail
prog=build/bpf/moontide_xdp.o

up() {
	local ns
	modprobe veth
	for ns in mtr-na mtr-nb mtfw-n; do ip netns add $ns; done
	ip link add mtr-a type veth peer name eth0 netns mtr-na
	ip link add mtr-b type veth peer name eth0 netns mtr-nb
	ip link add mtfw-a type veth peer name eth0 netns mtfw-n
	ip addr add 10.93.1.1/24 dev mtr-a && ip link set mtr-a up
	ip addr add 10.93.2.1/24 dev mtr-b && ip link set mtr-b up
	ip addr add 10.94.1.1/24 dev mtfw-a && ip link set mtfw-a up
	ip route add 192.0.2.0/24 dev mtfw-a
	ip -n mtr-na addr add 10.93.1.2/24 dev eth0 && ip -n mtr-nb addr add 10.93.2.2/24 dev eth0
	ip -n mtfw-n addr add 10.94.1.2/24 dev eth0 && ip -n mtfw-n addr add 192.0.2.7/24 dev eth0
	for ns in mtr-na mtr-nb mtfw-n; do ip -n $ns link set eth0 up; done
	ip -n mtr-na route add default via 10.93.1.1 && ip -n mtr-nb route add default via 10.93.2.1
	# a redirected frame loses the sender's offloaded checksum (docs/bindings/xdp.md)
	ip netns exec mtr-na ethtool -K eth0 tx off >/dev/null
	ip netns exec mtr-nb ethtool -K eth0 tx off >/dev/null
	[ "${1:-}" = --programs ] || return 0
	for dev in mtr-a mtr-b mtfw-a; do ip link set dev $dev xdp obj $prog sec xdp; done
	# the router's peers: veth delivers redirected frames only to a peer in NAPI mode
	for ns in mtr-na mtr-nb; do ip -n $ns link set dev eth0 xdp obj $prog sec xdp; done
}

down() {
	local ns
	for ns in mtr-na mtr-nb mtfw-n; do ip netns del $ns 2>/dev/null || true; done
	for _ in $(seq 150); do
		bpftool prog show 2>/dev/null | grep -q moontide_xdp || return 0
		sleep 0.2
	done
	echo "xdp-ports.sh: moontide_xdp programs still loaded after 30 s" >&2
	return 1
}

case "${1:-}" in
up) shift; up "$@" ;;
down) down ;;
*) echo "usage: examples/xdp-ports.sh up [--programs] | down" >&2; exit 2 ;;
esac
