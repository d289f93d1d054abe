package dev.moontide.cli;

import dev.moontide.kernel.FakeKernel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.moontide.kernel.modules.ModuleLocator;
import dev.moontide.kernel.modules.ModuleManager;
import dev.moontide.kernel.modules.ModuleSyscalls;
import dev.moontide.kernel.modules.SysModules;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs the moontide command line over a {@link FakeKernel} and temporary directories, capturing its output. */
final class Cli {

    static final long NOW_NS = 3_723_000_000_000L; // 1h02m03s after boot

    FakeKernel kernel = new FakeKernel();
    final Path dir;
    final Path root;
    final Path sys;
    final Path build;
    final Path device;
    final List<String> syscalls = new ArrayList<>();
    String stdin = "";
    String out;
    String err;

    Cli(Path dir) throws IOException {
        this.dir = dir;
        this.root = Files.createDirectories(dir.resolve("lua"));
        this.sys = Files.createDirectories(dir.resolve("sys/module"));
        this.build = Files.createDirectories(dir.resolve("build/kernel"));
        this.device = dir.resolve("moontide");
    }

    /** A kernel that reads each script from the script root, as the module does (for reconcile's checksums). */
    Cli readingScripts() {
        kernel = new FakeKernel(root);
        return this;
    }

    /** Marks moontide as loaded in the fake sysfs, with its script root parameter. */
    Cli loaded() throws IOException {
        Path m = Files.createDirectories(sys.resolve("moontide/parameters"));
        Files.writeString(m.resolve("script_root"), root + "\n");
        Files.writeString(sys.resolve("moontide/refcnt"), "0\n");
        Files.writeString(sys.resolve("moontide/version"), "0.1.0\n");
        Files.writeString(sys.resolve("moontide/initstate"), "live\n");
        Files.createDirectories(sys.resolve("moontide/holders"));
        if (!Files.exists(device)) {
            Files.createFile(device);
        }
        return this;
    }

    Env env() {
        SysModules s = new SysModules(sys);
        ModuleSyscalls calls = new ModuleSyscalls() {
            @Override
            public void finitModule(Path ko, String params, int flags) {
                syscalls.add("finit " + ko.getFileName() + " [" + params + "]");
                try {
                    loaded();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void deleteModule(String name, int flags) {
                syscalls.add("delete " + name);
            }
        };
        return new Env(kernel, device, s, () -> new ModuleManager(new ModuleLocator(List.of(build)), s, calls,
                name -> { }, "6.1.0-test", device, 100), dir,
                () -> NOW_NS, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), false,
                dir.resolve("history"));
    }

    /** Runs {@code moontide ARGS...}; returns the exit status. */
    int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cl = Moontide.commandLine(env(), args);
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        int code = cl.execute(args);
        out = o.toString();
        err = e.toString();
        return code;
    }
}
