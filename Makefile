# moontide - top-level build.
#   make            build luak, moontide.ko (for the lab kernel), the Java side
#   make test       install what is missing, build, run every test suite
#   make run        the main job (see README.md)
BUILD := $(CURDIR)/build

# A target whose recipe failed (e.g. the SSE check) must not look built.
.DELETE_ON_ERROR:
MVN   := mvn -B -q

.PHONY: all
all: luak module java

include lua-kernel/lua.mk
include kernel-module/module.mk

# Installs the lab kernel, QEMU, the Lua source package's prerequisites.
.PHONY: deps
deps:
	lab/setup

# The lab's debug kernel (KASAN, lockdep, kmemleak, ...; lab/README.md): built
# once into /var/cache/moontide/kernel, a fast no-op when it is there.
.PHONY: debug-kernel
debug-kernel: deps
	lab/debug-kernel/build

.PHONY: java cli
java:
	$(MVN) -DskipTests install

# The moontide command (bin/moontide runs it from reconciler/cli/target).
cli:
	$(MVN) -pl reconciler/cli -am -DskipTests package

# The Debian packages (packaging/deb, README "Install"): moontide-dkms,
# moontide, moontide-examples in build/deb.
.PHONY: deb
deb: luak lua-source java
	packaging/deb/build-debs.sh $(BUILD)/deb
	lintian --fail-on error,warning $(BUILD)/deb/*.deb

# The main job: in the lab (this host cannot load modules), load moontide.ko
# and reconcile the bundled manifests from a Git repository.
.PHONY: run
run: deps
	$(MAKE) luak module cli
	lab/run -- bin/lab-main

# Every test suite; each prints ok/not ok lines and fails on any failure,
# and its time after it ("# make test-... took N s"). The last, test-debug,
# builds the debug kernel once (about 30 min of two cores, then cached:
# lab/README.md) and runs the kernel suites again under it.
SUITES := test-luak test-java test-kernel test-fuzz test-cli test-reconcile \
	test-examples test-lab test-deb test-debug
.PHONY: test test-luak test-kernel test-fuzz test-java test-lab test-examples test-cli test-reconcile test-deb
test: deps
	$(MAKE) luak module
	@for t in $(SUITES); do \
		s=$$(date +%s); $(MAKE) $$t || exit 1; \
		echo "# make $$t took $$(( $$(date +%s) - s )) s"; \
	done

test-luak: luak
	LUAK=$(LUAK) lua-kernel/tests/run-luak.sh
	LUAK=$(LUAK) lua-kernel/tests/run-guard.sh

test-kernel: module module-test
	lab/run --timeout 1800 -- kernel-module/tests/lab-suite.sh

# The fuzzers with their fixed seed and counts (kernel-module/tests/fuzz/
# README.md); bench/fuzz runs them longer, with other seeds.
test-fuzz: module
	MOONTIDE_FUZZ_SEED=20261127 MOONTIDE_FUZZ_REQUESTS=100000 \
	MOONTIDE_FUZZ_LUNATIK=10000 MOONTIDE_FUZZ_CHUNKS=10000 \
		lab/run --timeout 1800 -- kernel-module/tests/fuzz/run.sh

# The kernel suite under the debug kernel (KASAN, lockdep, kmemleak, fault
# injection: lab/README.md, "Two kernels"): the module's whole suite with its
# fault campaign (FAULTS_COUNT requests) and kmemleak check. The CLI and the
# examples' rollout under it (test-cli-debug, test-examples-debug: 9 more
# minutes; their kernel side is the same protocol and bindings) are left out
# of `make test` for its time budget: make test-debug-all runs all three.
FAULTS_COUNT ?= 1000
.PHONY: test-debug test-debug-all test-kernel-debug
test-debug: debug-kernel
	$(MAKE) test-kernel-debug
test-debug-all: debug-kernel
	$(MAKE) test-kernel-debug test-cli-debug test-examples-debug
test-kernel-debug: module-debug module-test-debug
	MOONTIDE_KO=$(MODULE_DEBUG_KO) MOONTIDE_API_TEST_KO=$(API_TEST_DEBUG_KO) \
	MOONTIDE_LUANAMES_KO=$(LUANAMES_DEBUG_KO) \
	MOONTIDE_KDIR=$(DEBUG_KDIR) lab/run --kernel debug --timeout 3600 --env FAULTS_COUNT=$(FAULTS_COUNT) -- \
		kernel-module/tests/lab-suite.sh

# mvn -q hides JUnit's skips (LuakPreflightTest and ModInfoTest assume
# `make luak module` ran): each is listed as ok - CLASS.TEST # SKIP reason
# (surefire's report has the reason as a message or as the exception's text).
test-java: luak module
	$(MVN) verify
	@awk '/<testcase / { match($$0, / name="[^"]*"/); t = substr($$0, RSTART + 7, RLENGTH - 8); \
		match($$0, /classname="[^"]*"/); c = substr($$0, RSTART + 11, RLENGTH - 12) } \
		/<skipped/ { m = ""; \
			if (match($$0, /message="[^"]*"/)) m = substr($$0, RSTART + 9, RLENGTH - 10); \
			else if (match($$0, /CDATA\[.*/)) { m = substr($$0, RSTART + 6); \
				sub(/^[A-Za-z0-9_.$$]+: /, "", m); sub(/\]\]>.*/, "", m) } \
			print "ok - " c "." t " # SKIP " m }' reconciler/*/target/surefire-reports/TEST-*.xml

test-lab:
	lab/tests/lab-test.sh

# The Debian packages on a system with systemd as PID 1 (README "Install"):
# install with DKMS, the service, reload, restart, upgrade, purge. The
# upgrade's packages are the same code under the next version.
# DKMS compiles in the emulated guest through a cache the same build fills
# natively first (packaging/deb/tests/prewarm.sh: under TCG the compile alone
# took over 25 minutes). DEB_UPGRADE_DKMS=1 also upgrades moontide-dkms.
DEB_NEXT := $(BUILD)/deb-next
DKMS_CCACHE ?= /var/cache/moontide/dkms-ccache
DEB_UPGRADE_DKMS ?=
test-deb: deb
	v=$$(ls $(BUILD)/deb/moontide_*_amd64.deb | sed 's/.*moontide_\(.*\)_amd64.deb/\1/') && \
		DEB_VERSION=$$v+next packaging/deb/build-debs.sh $(DEB_NEXT) >/dev/null
	packaging/deb/tests/prewarm.sh $(DKMS_CCACHE) $(BUILD)/deb $(if $(DEB_UPGRADE_DKMS),$(DEB_NEXT))
	lab/run --init systemd --timeout 3000 --env MOONTIDE_DKMS_CCACHE=$(DKMS_CCACHE) \
		--env DEB_UPGRADE_DKMS=$(DEB_UPGRADE_DKMS) \
		-- packaging/deb/tests/deb-e2e.sh $(BUILD)/deb $(DEB_NEXT)

# The moontide command against the real module: load, run, list, REPL, stop, unload.
test-cli: module cli
	lab/jvm-retry lab/run --timeout 1800 -- reconciler/cli/src/test/lab/cli-e2e.sh

# The same two under the debug kernel, against the debug build of the module.
.PHONY: test-cli-debug test-examples-debug
test-cli-debug: module-debug cli
	MOONTIDE_MODULE_DIR=$(KBUILD_DEBUG) lab/jvm-retry lab/run --kernel debug --timeout 2400 -- \
		reconciler/cli/src/test/lab/cli-e2e.sh
test-examples-debug: module-debug cli
	MOONTIDE_KO=$(MODULE_DEBUG_KO) lab/jvm-retry lab/run --kernel debug --timeout 2400 -- \
		examples/tests/rollout.sh

# The reconciler (one cycle at a time) and the daemon, against the real module;
# and reconcile through /dev/lunatik (the module's Lunatik protocol), in each
# of upstream's three reply forms (lunatik_reply=status, 4x, 3x).
test-reconcile: module cli
	lab/jvm-retry reconciler/daemon/src/test/lab/reconcile-e2e.sh
	lab/jvm-retry reconciler/daemon/src/test/lab/daemon-e2e.sh
	lab/jvm-retry lab/run --timeout 3600 -- reconciler/cli/src/test/lab/lunatik-e2e.sh

# The examples rolled out by `moontide reconcile` from a Git repo, in the lab.
test-examples: module cli
	lab/jvm-retry lab/run --timeout 1800 -- examples/tests/rollout.sh

.PHONY: clean
clean:
	rm -rf $(BUILD)
	$(MVN) clean
