package dev.moontide.apply;

import dev.moontide.kernel.KernelDriver;
import dev.moontide.kernel.KernelException;
import dev.moontide.kernel.KernelVersion;
import dev.moontide.kernel.RunSpec;
import dev.moontide.kernel.RunState;
import dev.moontide.kernel.RuntimeInfo;
import dev.moontide.plan.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An in-memory kernel for unit tests: reads scripts from a script root as the module does and
 * reports their sha256. A script containing {@code FAIL_LOAD} fails to load (syntax); one
 * containing {@code FAIL_LATER} loads but its runtime shows {@code failed} right after.
 */
public final class FakeKernel implements KernelDriver {

    final Path scriptRoot;
    // synchronized: a test may watch it while a cycle runs in another thread
    final Map<String, RuntimeInfo> runtimes = java.util.Collections.synchronizedMap(new TreeMap<>());
    final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());

    public FakeKernel(Path scriptRoot) {
        this.scriptRoot = scriptRoot;
    }

    @Override
    public KernelVersion version() {
        return new KernelVersion("0.1.0", "Lua 5.4-kernel", 1);
    }

    @Override
    public List<RuntimeInfo> list() {
        return new ArrayList<>(runtimes.values());
    }

    @Override
    public RuntimeInfo run(RunSpec spec) throws KernelException {
        calls.add("run " + spec.name());
        if (runtimes.containsKey(spec.name())) {
            throw new KernelException(KernelException.EEXIST, KernelException.REQUEST, "runtime " + spec.name() + " exists");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(scriptRoot.resolve(spec.script()));
        } catch (IOException e) {
            throw new KernelException(KernelException.ENOENT, KernelException.IO, spec.script() + ": no such file");
        }
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        if (text.contains("FAIL_LOAD")) {
            throw new KernelException(KernelException.ENOEXEC, KernelException.SYNTAX, spec.script() + ":1: unexpected symbol");
        }
        boolean failed = text.contains("FAIL_LATER");
        RuntimeInfo info = new RuntimeInfo(spec.name(), spec.script(), Sha256.of(bytes), spec.context(), spec.spawn(),
                failed ? RunState.FAILED : RunState.RUNNING, 1, 1000, spec.memory().orElse(16 << 20),
                spec.quota().orElse(100_000_000), failed ? spec.script() + ":2: boom" : null, 0, "moontide");
        runtimes.put(spec.name(), info);
        return info;
    }

    @Override
    public void stop(String name) throws KernelException {
        calls.add("stop " + name);
        if (runtimes.remove(name) == null) {
            throw new KernelException(KernelException.ENOENT, KernelException.REQUEST, "no runtime " + name);
        }
    }

    /** The calls made so far: "run NAME", "stop NAME". */
    public List<String> calls() {
        return calls;
    }

    /** The runtime of that name, or null. */
    public RuntimeInfo runtime(String name) {
        return runtimes.get(name);
    }

    @Override
    public List<String> eval(String runtime, String chunk) {
        return List.of();
    }
}
