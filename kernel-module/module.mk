# kernel-module/module.mk - builds moontide.ko for the lab kernel (or KDIR).
# Included by the root Makefile after lua-kernel/lua.mk.

LAB_KVER  ?= $(shell lab/kver 2>/dev/null)
KDIR      ?= /lib/modules/$(LAB_KVER)/build
KBUILD    := $(BUILD)/kernel
MODULE_KO := $(KBUILD)/moontide.ko
# require("syscall")'s table comes from the headers the module is built against
UNISTD_H  := $(KDIR)/arch/x86/include/generated/uapi/asm/unistd_64.h

MODULE_INPUTS := kernel-module/Kbuild $(wildcard kernel-module/src/*.[ch]) \
	$(wildcard kernel-module/src/bindings/*) $(wildcard kernel-module/src/compat/*) \
	$(wildcard kernel-module/include/*) $(wildcard lua-kernel/lib/*) \
	$(wildcard lua-kernel/kernel/*.c lua-kernel/kernel/*.S) \
	$(wildcard lua-kernel/kernel/include/*) $(wildcard lua-kernel/include/*) \
	kernel-module/gen/syscalls.sh $(wildcard $(UNISTD_H))

# Kbuild writes objects next to sources: copy them into the build tree,
# keeping timestamps so unchanged files are not recompiled.
$(MODULE_KO): $(LUA_STAMP) $(MODULE_INPUTS)
	@test -d "$(KDIR)" || { echo "no kernel headers at $(KDIR): run lab/setup" >&2; exit 1; }
	@mkdir -p $(KBUILD)/src/bindings $(KBUILD)/src/compat $(KBUILD)/include $(KBUILD)/lua $(KBUILD)/lk/include $(KBUILD)/lkconf
	@cp -p kernel-module/Kbuild $(KBUILD)/Kbuild
	@cp -p kernel-module/src/*.[ch] $(KBUILD)/src/
	@cp -p kernel-module/src/bindings/* $(KBUILD)/src/bindings/
	@cp -p kernel-module/src/compat/* $(KBUILD)/src/compat/
	@cp -p kernel-module/include/* $(KBUILD)/include/
	@cp -p $(LUA_SRC)/*.c $(LUA_SRC)/*.h $(KBUILD)/lua/
	@cp -p lua-kernel/lib/*.c lua-kernel/kernel/*.c lua-kernel/kernel/*.S $(KBUILD)/lk/
	@cp -p lua-kernel/kernel/include/*.h $(KBUILD)/lk/include/
	@cp -p lua-kernel/include/*.h $(KBUILD)/lkconf/
	@kernel-module/gen/syscalls.sh $(UNISTD_H) $(KBUILD)/src/bindings/mt_syscalls.h
	$(MAKE) -C $(KDIR) M=$(KBUILD) modules
	@# no float type may reach the kernel: count SSE and x87 instructions.
	@# make runs this with /bin/sh (no pipefail): objdump writes a file whose
	@# status is checked, and grep -c prints 0 (status 1) when nothing matches
	@objdump -d --no-show-raw-insn $@ > $(KBUILD)/moontide.dis || \
		{ echo "moontide.ko: objdump failed: the SSE/x87 check cannot run" >&2; exit 1; }
	@n=$$(grep -cP '^\s+[0-9a-f]+:\s+(f(ld|st|i?add|i?mul|i?div|i?sub)\S*(\s|$$)|\S+\s.*%[xy]mm[0-9])' \
		$(KBUILD)/moontide.dis); \
		[ "$$n" = 0 ] || { echo "moontide.ko: $${n:-?} SSE/x87 instructions (or grep failed)" >&2; exit 1; }

.PHONY: module
module: $(MODULE_KO)

# A module outside moontide.ko that uses its C API: kernel-module/tests/api.
API_TEST_DIR := $(BUILD)/kernel-api-test
API_TEST_KO  := $(API_TEST_DIR)/moontide_api_test.ko

$(API_TEST_KO): $(MODULE_KO) $(wildcard kernel-module/tests/api/*)
	@mkdir -p $(API_TEST_DIR)
	@cp -p kernel-module/tests/api/* $(API_TEST_DIR)/
	$(MAKE) -C $(KDIR) M=$(API_TEST_DIR) MOONTIDE_TREE=$(KBUILD) \
		KBUILD_EXTRA_SYMBOLS=$(KBUILD)/Module.symvers modules

.PHONY: module-test
module-test: $(API_TEST_KO)
