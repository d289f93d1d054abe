# moontide - top-level build.
#   make            build luak, moontide.ko (for the lab kernel) and the Java side
#   make test       install what is missing, build, run every test suite
#   make run        the main job (see README.md)
BUILD := $(CURDIR)/build

.PHONY: all
all: luak module

include lua-kernel/lua.mk
include kernel-module/module.mk

.PHONY: clean
clean:
	rm -rf $(BUILD)
