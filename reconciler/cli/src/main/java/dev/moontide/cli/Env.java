package dev.moontide.cli;

import dev.moontide.apply.ScriptRoot;
import dev.moontide.kernel.ControlDevice;
import dev.moontide.kernel.DeviceDriver;
import dev.moontide.kernel.KernelDriver;
import dev.moontide.kernel.modules.LinuxModuleSyscalls;
import dev.moontide.kernel.modules.ModuleException;
import dev.moontide.kernel.modules.ModuleLocator;
import dev.moontide.kernel.modules.ModuleManager;
import dev.moontide.kernel.modules.SysModules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What the commands act on: the kernel driver, the modules, the script root, the clock, the
 * terminal. {@link #system()} is the real machine; tests build their own.
 *
 * @param driver      the kernel driver over the control device
 * @param device      the control device's path
 * @param sys         loaded modules
 * @param modules     loads and unloads modules (made on demand: it loads native code)
 * @param cwd         where relative script paths start
 * @param monotonicNs CLOCK_MONOTONIC now, in nanoseconds (what the kernel's {@code started_ns} counts)
 * @param stdin       standard input, for {@code eval -} and a REPL that is not on a terminal
 * @param interactive whether standard input and output are a terminal (the REPL edits lines then)
 * @param history     the REPL's history file
 */
public record Env(KernelDriver driver, Path device, SysModules sys, Supplier<ModuleManager> modules, Path cwd,
        LongSupplier monotonicNs, InputStream stdin, boolean interactive, Path history) {

    /** The default script root of moontide.ko (module parameter {@code script_root}). */

    /** The machine this runs on. */
    public static Env system() {
        ControlDevice device = ControlDevice.fromEnvironment();
        SysModules sys = SysModules.system();
        Path home = Path.of(System.getProperty("user.home", "/root"));
        String historyEnv = System.getenv("MOONTIDE_HISTORY");
        Path history = historyEnv != null && !historyEnv.isEmpty() ? Path.of(historyEnv)
                : home.resolve(".moontide_history");
        return new Env(new DeviceDriver(device), device.path(), sys, () -> modules(device.path(), sys),
                Path.of("").toAbsolutePath(), System::nanoTime, System.in, System.console() != null, history);
    }

    private static ModuleManager modules(Path device, SysModules sys) {
        String release = kernelRelease();
        Optional<Path> moduleDir = Optional.ofNullable(System.getenv("MOONTIDE_MODULE_DIR"))
                .filter(s -> !s.isEmpty()).map(Path::of);
        // bin/moontide passes the repository it runs from, whose build/kernel holds `make module`'s output.
        Optional<Path> repository = Optional.ofNullable(System.getProperty("moontide.home"))
                .filter(s -> !s.isEmpty()).map(Path::of);
        return new ModuleManager(ModuleLocator.standard(moduleDir, repository, release), sys,
                new LinuxModuleSyscalls(), Env::modprobe, release, device, 5000);
    }

    /** {@code uname -r}. */
    static String kernelRelease() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return System.getProperty("os.version");
        }
    }

    /** Loads one of the kernel's own modules that ours depend on. */
    private static void modprobe(String name) throws ModuleException {
        try {
            Process p = new ProcessBuilder("modprobe", "-q", name).inheritIO().start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new ModuleException(2, "moontide's modules need the kernel module " + name
                        + ", and `modprobe " + name + "` failed");
            }
        } catch (IOException e) {
            throw new ModuleException("moontide's modules need the kernel module " + name
                    + ", and modprobe could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModuleException(4, "interrupted while loading " + name);
        }
    }

    /**
     * The kernel's script root: the loaded module's {@code script_root} parameter, else the
     * default.
     */
    public Path scriptRoot() {
        return sys.parameter(SysModules.CORE, "script_root").filter(s -> !s.isEmpty()).map(Path::of)
                .orElse(ScriptRoot.DEFAULT);
    }
}
