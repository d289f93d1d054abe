package dev.moontide.kernel.modules;

import dev.moontide.kernel.KernelDriver;
import dev.moontide.kernel.KernelException;
import dev.moontide.kernel.RuntimeInfo;
import dev.moontide.kernel.modules.ModuleSyscalls.SyscallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Loads and unloads moontide's modules: load in dependency order; unload stops every runtime
 * first and refuses while anything else still uses a module.
 */
public final class ModuleManager {

    /** How a module fared in {@link #load}. */
    public enum Outcome { LOADED, ALREADY_LOADED }

    public record Loaded(ModuleFile module, Outcome outcome) {
    }

    /**
     * What {@link #unload} did.
     *
     * @param stopped  runtimes it stopped
     * @param unloaded modules it unloaded, in order; empty when none was loaded
     */
    public record Unloaded(List<String> stopped, List<String> unloaded) {
    }

    /** Loads a module the kernel's own tree provides ({@code modprobe NAME}). */
    @FunctionalInterface
    public interface Modprobe {
        void load(String name) throws ModuleException;
    }

    private static final int EPERM = 1;
    private static final int ENOENT = 2;
    private static final int ENOEXEC = 8;
    private static final int EAGAIN = 11;
    private static final int EBUSY = 16;
    private static final int EEXIST = 17;
    private static final int EKEYREJECTED = 129;

    private final ModuleLocator locator;
    private final SysModules sys;
    private final ModuleSyscalls calls;
    private final Modprobe modprobe;
    private final String release;
    private final Path device;
    private final long deviceWaitMs;

    public ModuleManager(ModuleLocator locator, SysModules sys, ModuleSyscalls calls, Modprobe modprobe,
            String release, Path device, long deviceWaitMs) {
        this.locator = Objects.requireNonNull(locator, "locator");
        this.sys = Objects.requireNonNull(sys, "sys");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.modprobe = Objects.requireNonNull(modprobe, "modprobe");
        this.release = Objects.requireNonNull(release, "release");
        this.device = Objects.requireNonNull(device, "device");
        this.deviceWaitMs = deviceWaitMs;
    }

    public ModuleLocator locator() {
        return locator;
    }

    /**
     * Loads every module the locator finds that is not loaded yet, dependencies first, then
     * waits for the control device to appear.
     *
     * @param params module parameters for the core module ({@code script_root=/srv/lua ...})
     */
    public List<Loaded> load(String params) throws ModuleException {
        List<ModuleFile> files = locator.find();
        for (ModuleFile f : files) {
            checkBuiltFor(f);
        }
        for (String dep : ModuleLocator.foreignDependencies(files)) {
            if (!sys.isLoaded(dep)) {
                modprobe.load(dep);
            }
        }
        List<Loaded> out = new ArrayList<>();
        for (ModuleFile f : files) {
            out.add(new Loaded(f, loadOne(f, f.name().equals(SysModules.CORE) ? params : "")));
        }
        waitForDevice();
        return out;
    }

    private void checkBuiltFor(ModuleFile f) throws ModuleException {
        Optional<String> builtFor = f.info().flatMap(ModInfo::kernelRelease);
        if (builtFor.isPresent() && !builtFor.get().equals(release) && !sys.isLoaded(f.name())) {
            throw new ModuleException(ENOEXEC, f.path() + " is built for kernel " + builtFor.get()
                    + ", this kernel is " + release + ": rebuild it (make module KDIR=/lib/modules/"
                    + release + "/build)");
        }
    }

    private Outcome loadOne(ModuleFile f, String params) throws ModuleException {
        if (sys.isLoaded(f.name())) {
            return Outcome.ALREADY_LOADED;
        }
        try {
            calls.finitModule(f.path(), params, f.compressed() ? ModuleSyscalls.MODULE_INIT_COMPRESSED_FILE : 0);
            return Outcome.LOADED;
        } catch (SyscallException e) {
            if (e.errno() == EEXIST) {
                return Outcome.ALREADY_LOADED;
            }
            throw new ModuleException(e.errno(), "cannot load " + f.path() + ": " + e.getMessage()
                    + loadHint(e.errno()));
        }
    }

    private static String loadHint(int errno) {
        return switch (errno) {
            case EPERM -> " (loading modules needs root with CAP_SYS_MODULE, and modules not disabled"
                    + " by kernel.modules_disabled or lockdown)";
            case ENOEXEC -> " (built for another kernel? see dmesg)";
            case ENOENT -> " (unknown symbol: a module it needs is not loaded; see dmesg)";
            case EKEYREJECTED -> " (the kernel enforces module signatures; sign it or boot without enforcement)";
            case EBUSY -> " (the kernel is loading or unloading it right now; try again)";
            default -> " (see dmesg)";
        };
    }

    private void waitForDevice() throws ModuleException {
        long deadline = System.nanoTime() + deviceWaitMs * 1_000_000L;
        while (!Files.exists(device)) {
            if (System.nanoTime() > deadline) {
                throw new ModuleException(ENOENT, SysModules.CORE + " is loaded but " + device
                        + " did not appear within " + deviceWaitMs + " ms (is devtmpfs mounted?)");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModuleException(4, "interrupted while waiting for " + device);
            }
        }
    }

    /**
     * Stops every runtime through {@code driver}, checks that nothing else uses our modules,
     * then unloads them, users before the modules they use.
     *
     * @param driver the kernel driver, used only while the control device exists
     */
    public Unloaded unload(KernelDriver driver) throws ModuleException {
        List<LoadedModule> loaded = loaded();
        if (loaded.isEmpty()) {
            return new Unloaded(List.of(), List.of());
        }
        // Another module using ours is refused before anything is stopped. Other references can
        // only be judged once the runtimes are gone: the objects they hold pin the module too.
        checkUnused(loaded, false);
        List<String> stopped = stopRuntimes(driver);
        loaded = loaded();
        checkUnused(loaded, true);
        List<String> unloaded = new ArrayList<>();
        for (LoadedModule m : removalOrder(loaded)) {
            try {
                calls.deleteModule(m.name(), ModuleSyscalls.O_NONBLOCK);
                unloaded.add(m.name());
            } catch (SyscallException e) {
                if (e.errno() == ENOENT) {
                    continue;
                }
                if (e.errno() == EAGAIN || e.errno() == EBUSY) {
                    throw new ModuleException(e.errno(), inUse(m));
                }
                throw new ModuleException(e.errno(), "cannot unload " + m.name() + ": " + e.getMessage()
                        + (e.errno() == EPERM ? " (unloading modules needs root with CAP_SYS_MODULE)" : ""));
            }
        }
        return new Unloaded(stopped, unloaded);
    }

    /** Refuses while a module outside our set (and, if {@code references}, anything else) holds one of ours. */
    private static void checkUnused(List<LoadedModule> loaded, boolean references) throws ModuleException {
        Set<String> ours = new HashSet<>();
        loaded.forEach(m -> ours.add(m.name()));
        for (LoadedModule m : loaded) {
            List<String> foreign = m.holders().stream().filter(h -> !ours.contains(h)).toList();
            if (!foreign.isEmpty()) {
                throw new ModuleException(EBUSY, m.name() + " is used by module " + String.join(", ", foreign)
                        + ": unload " + (foreign.size() == 1 ? "it" : "them") + " first (rmmod "
                        + String.join(" ", foreign) + ")");
            }
            if (references && m.otherReferences() > 0) {
                throw new ModuleException(EBUSY, inUse(m));
            }
        }
    }

    private static String inUse(LoadedModule m) {
        return m.name() + " is still in use (" + m.otherReferences() + " reference"
                + (m.otherReferences() == 1 ? "" : "s") + " besides moontide modules): a process holds "
                + "/dev/moontide (a moontide daemon or REPL?) or a runtime's device open, or another module uses "
                + "its C API";
    }

    /** Our loaded modules, read fresh. */
    public List<LoadedModule> loaded() throws ModuleException {
        try {
            return sys.moontide();
        } catch (IOException e) {
            throw new ModuleException("cannot read the loaded modules: " + e.getMessage(), e);
        }
    }

    private List<String> stopRuntimes(KernelDriver driver) throws ModuleException {
        if (!Files.exists(device)) {
            return List.of();
        }
        List<String> stopped = new ArrayList<>();
        try {
            for (RuntimeInfo r : driver.list()) {
                driver.stop(r.name());
                stopped.add(r.name());
            }
        } catch (KernelException e) {
            if (e.unsupported()) {
                return stopped;
            }
            if (e.deviceMissing()) {
                return stopped;
            }
            throw new ModuleException(e.errno(), "cannot stop the runtimes before unloading: " + e.getMessage());
        }
        return stopped;
    }

    /** Modules nothing of ours holds first; a module goes once all its holders have gone. */
    static List<LoadedModule> removalOrder(List<LoadedModule> loaded) {
        List<LoadedModule> left = new ArrayList<>(loaded);
        List<LoadedModule> order = new ArrayList<>();
        while (!left.isEmpty()) {
            Set<String> leftNames = new HashSet<>();
            left.forEach(m -> leftNames.add(m.name()));
            LoadedModule next = left.stream()
                    .filter(m -> m.holders().stream().noneMatch(leftNames::contains))
                    .findFirst().orElse(left.get(0));
            left.remove(next);
            order.add(next);
        }
        return order;
    }
}
