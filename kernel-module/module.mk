# kernel-module/module.mk - builds moontide.ko for the lab kernel (or KDIR),
# and for the lab's debug kernel (module-debug: lab/debug-kernel, DEBUG_KDIR).
# Included by the root Makefile after lua-kernel/lua.mk.

LAB_KVER  ?= $(shell lab/kver 2>/dev/null)
KDIR      ?= /lib/modules/$(LAB_KVER)/build
KBUILD    := $(BUILD)/kernel
MODULE_KO := $(KBUILD)/moontide.ko
# require("syscall")'s table comes from the headers the module is built against
UNISTD_H  := $(KDIR)/arch/x86/include/generated/uapi/asm/unistd_64.h

# The debug kernel's built tree (asked for only when a debug target runs,
# after lab/debug-kernel/build made it). Its modules are rebuilt when the
# inputs of that kernel change.
DEBUG_KDIR      ?= $(shell lab/debug-kernel/build --print-dir 2>/dev/null)/tree
KBUILD_DEBUG    := $(BUILD)/kernel-debug
MODULE_DEBUG_KO := $(KBUILD_DEBUG)/moontide.ko
DEBUG_KERNEL_INPUTS := $(wildcard lab/debug-kernel/*)

# The lab kernel's module gets BTF (what lets a BPF program call its kfunc,
# moontide_xdp_run: docs/bindings/xdp.md): kbuild makes it when the tree has
# a vmlinux and RESOLVE_BTFIDS exists, which Debian's headers lack. The
# module is built in a shadow tree (kernel-module/btf-kdir.sh: symlinks to
# KDIR, vmlinux from /boot/vmlinuz-$(LAB_KVER), resolve_btfids from
# lab/btf/build). Only for the default KDIR, whose vmlinuz is known;
# MODULE_BTF=0 builds without (then XDP programs cannot call the module).
# The debug kernel has no BTF at all: its module builds as before.
MODULE_BTF ?= $(if $(filter /lib/modules/$(LAB_KVER)/build,$(KDIR)),1,0)
BTF_KDIR   := $(BUILD)/kernel-kdir
ifeq ($(MODULE_BTF),1)
$(MODULE_KO): MOD_KDIR = $(BTF_KDIR)
$(MODULE_KO): MOD_PREPARE = kernel-module/btf-kdir.sh $(KDIR) $(BTF_KDIR) /boot/vmlinuz-$(LAB_KVER) && rm -f $@
$(MODULE_KO): MOD_FLAGS = RESOLVE_BTFIDS=$(abspath $(BTF_KDIR))/resolve_btfids
$(MODULE_KO): MOD_CHECK = kernel-module/btf-check.sh $@ $(BTF_KDIR)/vmlinux
else
$(MODULE_KO): MOD_KDIR = $(KDIR)
endif
$(MODULE_DEBUG_KO): MOD_KDIR = $(DEBUG_KDIR)
$(MODULE_DEBUG_KO): $(DEBUG_KERNEL_INPUTS) | debug-kernel

MODULE_INPUTS := kernel-module/Kbuild $(wildcard kernel-module/src/*.[ch]) \
	$(wildcard kernel-module/src/bindings/*) $(wildcard kernel-module/src/compat/*) \
	$(wildcard kernel-module/include/*) $(wildcard lua-kernel/lib/*) \
	$(wildcard lua-kernel/kernel/*.c lua-kernel/kernel/*.S) \
	$(wildcard lua-kernel/kernel/include/*) $(wildcard lua-kernel/include/*) \
	kernel-module/gen/syscalls.sh kernel-module/tree.sh $(wildcard $(UNISTD_H)) \
	kernel-module/btf-kdir.sh kernel-module/btf-check.sh \
	kernel-module/exports-check.sh

# Kbuild writes objects next to sources: copy them into the build tree,
# keeping timestamps so unchanged files are not recompiled. $* is the build
# directory, MOD_KDIR the kernel tree.
$(MODULE_KO) $(MODULE_DEBUG_KO): %/moontide.ko: $(LUA_STAMP) $(MODULE_INPUTS)
	@$(or $(MOD_PREPARE),true)
	@test -d "$(MOD_KDIR)" || { echo "no kernel tree at $(MOD_KDIR): run lab/setup (debug: make debug-kernel)" >&2; exit 1; }
	@kernel-module/tree.sh $*
	@cp -p $(LUA_SRC)/*.c $(LUA_SRC)/*.h $*/lua/
	@kernel-module/gen/syscalls.sh $(MOD_KDIR)/arch/x86/include/generated/uapi/asm/unistd_64.h $*/src/bindings/mt_syscalls.h
	$(MAKE) -C $(MOD_KDIR) M=$* $(MOD_FLAGS) modules
	@$(or $(MOD_CHECK),true)
	@kernel-module/exports-check.sh $*/Module.symvers || { rm -f $@; exit 1; }
	@# no float type may reach the kernel: count SSE and x87 instructions.
	@# make runs this with /bin/sh (no pipefail): objdump writes a file whose
	@# status is checked, and grep -c prints 0 (status 1) when nothing matches
	@objdump -d --no-show-raw-insn $@ > $*/moontide.dis || \
		{ echo "moontide.ko: objdump failed: the SSE/x87 check cannot run" >&2; exit 1; }
	@n=$$(grep -cP '^\s+[0-9a-f]+:\s+(f(ld|st|i?add|i?mul|i?div|i?sub)\S*(\s|$$)|\S+\s.*%[xy]mm[0-9])' \
		$*/moontide.dis); \
		[ "$$n" = 0 ] || { echo "moontide.ko: $${n:-?} SSE/x87 instructions (or grep failed)" >&2; exit 1; }

# The XDP program that calls the module's kfunc (docs/bindings/xdp.md).
# -target bpf drops Debian's multiarch include directory (asm/types.h).
XDP_BPF_O := $(BUILD)/bpf/moontide_xdp.o
$(XDP_BPF_O): kernel-module/bpf/moontide_xdp.bpf.c
	@command -v clang >/dev/null || { echo "clang missing: run lab/setup" >&2; exit 1; }
	@mkdir -p $(dir $@)
	clang -O2 -g -Wall -Werror -target bpf -I/usr/include/$(shell gcc -print-multiarch) \
		-c $< -o $@

.PHONY: module module-debug bpf
module: $(MODULE_KO) $(XDP_BPF_O)
bpf: $(XDP_BPF_O)
module-debug: $(MODULE_DEBUG_KO)

# A module outside moontide.ko that uses its C API: kernel-module/tests/api.
# MOD_TREE: the build directory of the moontide.ko it links against.
API_TEST_DIR := $(BUILD)/kernel-api-test
API_TEST_KO  := $(API_TEST_DIR)/moontide_api_test.ko
API_TEST_DEBUG_KO := $(BUILD)/kernel-api-test-debug/moontide_api_test.ko

$(API_TEST_KO): $(MODULE_KO)
$(API_TEST_KO): MOD_KDIR = $(KDIR)
$(API_TEST_KO): MOD_TREE = $(KBUILD)
$(API_TEST_DEBUG_KO): $(MODULE_DEBUG_KO)
$(API_TEST_DEBUG_KO): MOD_KDIR = $(DEBUG_KDIR)
$(API_TEST_DEBUG_KO): MOD_TREE = $(KBUILD_DEBUG)

$(API_TEST_KO) $(API_TEST_DEBUG_KO): %/moontide_api_test.ko: $(wildcard kernel-module/tests/api/*)
	@mkdir -p $*
	@cp -p kernel-module/tests/api/* $*/
	$(MAKE) -C $(MOD_KDIR) M=$* MOONTIDE_TREE=$(MOD_TREE) \
		KBUILD_EXTRA_SYMBOLS=$(MOD_TREE)/Module.symvers modules

# A module exporting Lua's C API names, as upstream Lunatik does:
# kernel-module/tests/luanames, loaded beside moontide.ko by test_exports.sh.
# Its list of names is lknames.h's (the names moontide.ko renames).
LUANAMES_KO       := $(BUILD)/kernel-luanames/mt_luanames.ko
LUANAMES_DEBUG_KO := $(BUILD)/kernel-luanames-debug/mt_luanames.ko
$(LUANAMES_KO): MOD_KDIR = $(KDIR)
$(LUANAMES_DEBUG_KO): MOD_KDIR = $(DEBUG_KDIR)
$(LUANAMES_DEBUG_KO): $(DEBUG_KERNEL_INPUTS) | debug-kernel

$(LUANAMES_KO) $(LUANAMES_DEBUG_KO): %/mt_luanames.ko: $(wildcard kernel-module/tests/luanames/*) \
		lua-kernel/include/lknames.h
	@test -d "$(MOD_KDIR)" || { echo "no kernel tree at $(MOD_KDIR): run lab/setup (debug: make debug-kernel)" >&2; exit 1; }
	@mkdir -p $*
	@cp -p kernel-module/tests/luanames/* $*/
	@sed -n 's/^#define \(lua[A-Za-z_]*\)\t.*/MT_LUANAME(\1);/p' \
		lua-kernel/include/lknames.h > $*/mt_luanames.inc
	@test -s $*/mt_luanames.inc || { echo "no names in lknames.h" >&2; exit 1; }
	$(MAKE) -C $(MOD_KDIR) M=$* modules

.PHONY: module-test module-test-debug
module-test: $(API_TEST_KO) $(LUANAMES_KO)
module-test-debug: $(API_TEST_DEBUG_KO) $(LUANAMES_DEBUG_KO)
