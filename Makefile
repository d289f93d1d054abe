# moontide - top-level build.
#   make            build luak, moontide.ko (for the lab kernel), the Java side
#   make test       install what is missing, build, run every test suite
#   make run        the main job (see README.md)
BUILD := $(CURDIR)/build
MVN   := mvn -B -q

.PHONY: all
all: luak module java

include lua-kernel/lua.mk
include kernel-module/module.mk

# Installs the lab kernel, QEMU, the Lua source package's prerequisites.
.PHONY: deps
deps:
	lab/setup

.PHONY: java
java:
	$(MVN) -DskipTests install

# The main job. Until the reconciler lands, it boots the lab, loads
# moontide.ko and evaluates the bundled example through /dev/moontide.
.PHONY: run
run: deps
	$(MAKE) luak module
	lab/run -- bin/lab-main

# Every test suite; each prints ok/not ok lines and fails on any failure.
.PHONY: test test-luak test-kernel test-java test-lab
test: deps
	$(MAKE) luak module
	$(MAKE) test-luak test-java test-kernel test-lab

test-luak: luak
	LUAK=$(LUAK) lua-kernel/tests/run-luak.sh

test-kernel: module module-test
	lab/run -- kernel-module/tests/lab-suite.sh

test-java:
	$(MVN) verify

test-lab:
	lab/tests/lab-test.sh

.PHONY: clean
clean:
	rm -rf $(BUILD)
	$(MVN) clean
