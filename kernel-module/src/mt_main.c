// SPDX-License-Identifier: GPL-2.0
/*
 * mt_main.c - moontide.ko: Lua runtimes in the kernel, driven through the
 * control device /dev/moontide.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>

#include "moontide.h"
#include "bindings/mt_bindings.h"
#include "compat/mt_lunatik.h"
#include "mt_ctl.h"
#include "mt_registry.h"
#include "mt_runtime.h"
#include "mt_script.h"

#define MT_SCRIPT_ROOT_DEFAULT "/lib/modules/lua"

char *mt_script_root_param = MT_SCRIPT_ROOT_DEFAULT;
module_param_named(script_root, mt_script_root_param, charp, 0444);
MODULE_PARM_DESC(script_root,
		 "directory scripts and modules are read from (default " MT_SCRIPT_ROOT_DEFAULT ")");

static unsigned long control_memory = 32UL << 20;
module_param(control_memory, ulong, 0444);
MODULE_PARM_DESC(control_memory,
		 "memory limit in bytes of the control runtime '-' (default 32 MiB)");

static unsigned long long control_quota = 100000000ULL;
module_param(control_quota, ullong, 0444);
MODULE_PARM_DESC(control_quota,
		 "VM instructions per eval in the control runtime, 0 = no limit (default 1e8)");

static bool lunatik;
module_param(lunatik, bool, 0444);
MODULE_PARM_DESC(lunatik,
		 "also create /dev/lunatik, speaking upstream Lunatik's control protocol (default off)");

static struct mt_runtime *mt_control_rt;

static int __init moontide_init(void)
{
	struct mt_runtime_opts opts = {
		.context = MT_CTX_PROCESS,
		.memory_limit = control_memory,
		.quota = control_quota,
	};
	int err;

	err = mt_bindings_init();
	if (err)
		return err;
	mt_control_rt = mt_runtime_new("-", &opts);
	err = -ENOMEM;
	if (!mt_control_rt)
		goto out_bindings;
	/* the devices last: once one is open, clients may start runtimes */
	if (lunatik) {
		err = mt_lunatik_register();
		if (err)
			goto out_put;
	}
	err = mt_ctl_register(mt_control_rt);
	if (err)
		goto out_lunatik;
	pr_info("%s (%s, protocol %d) loaded, script root %s\n",
		MOONTIDE_VERSION, MOONTIDE_LUA, MT_PROTOCOL, mt_script_root_param);
	return 0;

out_lunatik:
	mt_lunatik_unregister();
	mt_registry_stop_all(); /* what /dev/lunatik started meanwhile */
out_put:
	mt_runtime_stop(mt_control_rt);
	mt_runtime_put(mt_control_rt);
out_bindings:
	mt_bindings_exit();
	return err;
}

static void __exit moontide_exit(void)
{
	/* no open file remains: each holds a reference on this module */
	mt_lunatik_unregister();
	mt_ctl_unregister();
	mt_registry_stop_all();
	/* its objects (a device made by eval -) hold it: stop, then put */
	mt_runtime_stop(mt_control_rt);
	mt_runtime_put(mt_control_rt);
	mt_bindings_exit();
	pr_info("unloaded\n");
}

module_init(moontide_init);
module_exit(moontide_exit);

MODULE_DESCRIPTION("moontide: Lua runtimes in the kernel, kept as Git says");
MODULE_LICENSE("GPL");
MODULE_VERSION(MOONTIDE_VERSION);
