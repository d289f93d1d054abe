package dev.moontide.kernel.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moontide.kernel.Context;
import dev.moontide.kernel.KernelDriver;
import dev.moontide.kernel.KernelException;
import dev.moontide.kernel.KernelVersion;
import dev.moontide.kernel.RunSpec;
import dev.moontide.kernel.RunState;
import dev.moontide.kernel.RuntimeInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load and unload logic over a fake {@code /sys/module} tree and recorded system calls; the
 * real system calls run in the lab (reconciler/cli/src/test/lab/cli-e2e.sh).
 */
class ModuleManagerTest {

    static final String RELEASE = "6.1.0-28-amd64";
    static final String VERMAGIC = "vermagic=" + RELEASE + " SMP preempt mod_unload modversions ";

    @TempDir
    Path dir;
    Path build;
    Path sys;
    Path device;
    final List<String> calls = new ArrayList<>();
    final List<String> modprobed = new ArrayList<>();

    /** Records calls and makes the fake sysfs follow them, as the kernel would. */
    final ModuleSyscalls fake = new ModuleSyscalls() {
        @Override
        public void finitModule(Path ko, String params, int flags) throws SyscallException {
            calls.add("finit " + ko.getFileName() + " [" + params + "] " + flags);
            String name = ko.getFileName().toString().replace(".ko", "");
            try {
                loaded(name, 0);
                if (name.equals("moontide")) {
                    Files.createFile(device);
                }
            } catch (IOException e) {
                throw new SyscallException(5, e.toString());
            }
        }

        @Override
        public void deleteModule(String name, int flags) throws SyscallException {
            calls.add("delete " + name + " " + flags);
        }
    };

    @BeforeEach
    void tree() throws IOException {
        build = Files.createDirectories(dir.resolve("build/kernel"));
        sys = Files.createDirectories(dir.resolve("sys/module"));
        device = dir.resolve("moontide");
    }

    ModuleManager manager() {
        return new ModuleManager(new ModuleLocator(List.of(dir.resolve("nowhere"), build)), new SysModules(sys),
                fake, modprobed::add, RELEASE, device, 200);
    }

    void loaded(String name, int refcnt, String... holders) throws IOException {
        Path m = Files.createDirectories(sys.resolve(name));
        Files.writeString(m.resolve("refcnt"), refcnt + "\n");
        Files.writeString(m.resolve("version"), "0.1.0\n");
        Files.createDirectories(m.resolve("holders"));
        for (String h : holders) {
            Files.createDirectories(m.resolve("holders").resolve(h));
        }
    }

    @Test
    void loadsTheCoreFirstThenBindingsInDependencyOrderPassingParametersToTheCore() throws Exception {
        FakeKo.write(build.resolve("moontide_zz.ko"), "name=moontide_zz", "depends=moontide", VERMAGIC);
        FakeKo.write(build.resolve("moontide_aa.ko"), "name=moontide_aa", "depends=moontide,moontide_zz,nf_tables",
                VERMAGIC);
        FakeKo.write(build.resolve("moontide.ko"), "name=moontide", "depends=", VERMAGIC);
        Files.writeString(build.resolve("other.ko"), "not ours");

        List<ModuleManager.Loaded> out = manager().load("script_root=/srv/lua");
        assertEquals(List.of("moontide", "moontide_zz", "moontide_aa"),
                out.stream().map(l -> l.module().name()).toList());
        assertEquals(List.of("finit moontide.ko [script_root=/srv/lua] 0", "finit moontide_zz.ko [] 0",
                "finit moontide_aa.ko [] 0"), calls);
        assertEquals(List.of("nf_tables"), modprobed);
    }

    @Test
    void anAlreadyLoadedModuleIsNotLoadedAgain() throws Exception {
        FakeKo.write(build.resolve("moontide.ko"), "name=moontide", VERMAGIC);
        loaded("moontide", 0);
        Files.createFile(device);
        assertEquals(ModuleManager.Outcome.ALREADY_LOADED, manager().load("").get(0).outcome());
        assertEquals(List.of(), calls);
    }

    @Test
    void refusesAModuleBuiltForAnotherKernelBeforeCallingIt() throws Exception {
        Path ko = FakeKo.write(build.resolve("moontide.ko"), "name=moontide", "vermagic=6.18.0 SMP ");
        ModuleException e = assertThrows(ModuleException.class, () -> manager().load(""));
        assertEquals(ko.toAbsolutePath() + " is built for kernel 6.18.0, this kernel is " + RELEASE
                + ": rebuild it (make module KDIR=/lib/modules/" + RELEASE + "/build)", e.getMessage());
        assertEquals(List.of(), calls);
    }

    @Test
    void saysWhereItLookedWhenThereIsNoModule() {
        ModuleException e = assertThrows(ModuleException.class, () -> manager().load(""));
        assertEquals("no moontide.ko found; looked in " + dir.resolve("nowhere") + ", " + build
                + " (build it with `make module`, or install it with `make install`)", e.getMessage());
    }

    @Test
    void refusesADependencyCycle() throws Exception {
        FakeKo.write(build.resolve("moontide.ko"), "name=moontide", VERMAGIC);
        FakeKo.write(build.resolve("moontide_a.ko"), "name=moontide_a", "depends=moontide_b", VERMAGIC);
        FakeKo.write(build.resolve("moontide_b.ko"), "name=moontide_b", "depends=moontide_a", VERMAGIC);
        assertEquals("modules depend on each other in a cycle: moontide_a -> moontide_b -> moontide_a",
                assertThrows(ModuleException.class, () -> manager().load("")).getMessage());
    }

    @Test
    void unloadStopsEveryRuntimeThenUnloadsUsersBeforeWhatTheyUse() throws Exception {
        loaded("moontide", 1, "moontide_net");
        loaded("moontide_net", 0);
        Files.createFile(device);
        Runtimes kernel = new Runtimes("a", "b");
        ModuleManager.Unloaded out = manager().unload(kernel);
        assertEquals(List.of("a", "b"), out.stopped());
        assertEquals(List.of("moontide_net", "moontide"), out.unloaded());
        assertEquals(List.of("delete moontide_net 2048", "delete moontide 2048"), calls);
    }

    @Test
    void unloadWithNothingLoadedDoesNothing() throws Exception {
        ModuleManager.Unloaded out = manager().unload(new Runtimes());
        assertEquals(List.of(), out.unloaded());
        assertEquals(List.of(), calls);
    }

    @Test
    void unloadRefusesWhenAnotherModuleUsesOursBeforeStoppingAnything() throws Exception {
        loaded("moontide", 1, "my_driver");
        Files.createFile(device);
        Runtimes kernel = new Runtimes("a");
        ModuleException e = assertThrows(ModuleException.class, () -> manager().unload(kernel));
        assertEquals("moontide is used by module my_driver: unload it first (rmmod my_driver)", e.getMessage());
        assertEquals(List.of(), calls);
        assertEquals(List.of("a"), kernel.names);
    }

    @Test
    void unloadRefusesWhenSomethingHoldsAReference() throws Exception {
        loaded("moontide", 1);
        ModuleException e = assertThrows(ModuleException.class, () -> manager().unload(new Runtimes()));
        assertTrue(e.getMessage().startsWith("moontide is still in use (1 reference besides moontide modules):"),
                e.getMessage());
        assertEquals(List.of(), calls);
    }

    @Test
    void unloadGoesOnWhenTheModuleHasNoListYet() throws Exception {
        loaded("moontide", 0);
        Files.createFile(device);
        Runtimes old = new Runtimes();
        old.unsupported = true;
        assertEquals(List.of("moontide"), manager().unload(old).unloaded());
    }

    @Test
    void readsLoadedModulesFromSysfs() throws Exception {
        loaded("moontide", 2, "moontide_net");
        loaded("moontide_net", 0);
        loaded("nf_tables", 3);
        SysModules s = new SysModules(sys);
        assertEquals(List.of(new LoadedModule("moontide", Optional.of("0.1.0"), 2, List.of("moontide_net"), "live"),
                new LoadedModule("moontide_net", Optional.of("0.1.0"), 0, List.of(), "live")), s.moontide());
        assertEquals(1, s.moontide().get(0).otherReferences());
    }

    /** A kernel with some runtimes, all stoppable. */
    static final class Runtimes implements KernelDriver {
        final List<String> names;
        boolean unsupported;

        Runtimes(String... names) {
            this.names = new ArrayList<>(List.of(names));
        }

        @Override
        public List<RuntimeInfo> list() throws KernelException {
            if (unsupported) {
                throw new KernelException(38, "request", "unknown command");
            }
            return names.stream().map(n -> new RuntimeInfo(n, n + ".lua", "00", Context.PROCESS, false,
                    RunState.RUNNING, 0, 0, 0, 0, null, 0, "test")).toList();
        }

        @Override
        public void stop(String name) {
            names.remove(name);
        }

        @Override
        public KernelVersion version() {
            throw new UnsupportedOperationException();
        }

        @Override
        public RuntimeInfo run(RunSpec spec) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> eval(String runtime, String chunk) {
            throw new UnsupportedOperationException();
        }
    }
}
