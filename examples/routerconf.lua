-- routerconf.lua: the router's ports and static routes, declared in Git
-- (a module: routerdev.lua requires it; the manifest lists it in `files`).
-- Ports are the interfaces examples/router.lua forwards between; each needs
-- build/bpf/moontide_xdp.o attached (docs/bindings/xdp.md). Routes: see
-- routerdev.lua's "add" lines; these are added at start, /dev/router edits
-- the table afterwards. examples/tests/rollout.sh makes these two ports.
-- Try it: moontide run examples/routerdev.lua (with the ports present)
return {
  ports = {"mtr-a", "mtr-b"},
  routes = {
    -- "10.91.2.0/24 dev mtr-b via 02:00:0a:5b:02:02",
  },
}
