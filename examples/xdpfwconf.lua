-- xdpfwconf.lua: the XDP firewall's ports and the source prefixes it
-- blocks from the start, declared in Git (a module: xdpfwdev.lua requires
-- it; the manifest lists it in `files`). Each port needs
-- build/bpf/moontide_xdp.o attached (docs/bindings/xdp.md);
-- examples/tests/rollout.sh makes this one. /dev/xdpfw edits the list.
-- Try it: moontide run examples/xdpfwdev.lua (with the port present)
return {
  ports = {"mtfw-a"},
  block = {"192.0.2.0/24"}, -- TEST-NET-1: never a real source
}
