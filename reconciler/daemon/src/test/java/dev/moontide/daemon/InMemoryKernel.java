package dev.moontide.daemon;

import dev.moontide.kernel.KernelDriver;
import dev.moontide.kernel.KernelException;
import dev.moontide.kernel.KernelVersion;
import dev.moontide.kernel.RunSpec;
import dev.moontide.kernel.RunState;
import dev.moontide.kernel.RuntimeInfo;
import dev.moontide.plan.Sha256;
import io.quarkus.test.Mock;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The kernel for daemon tests: runs nothing, reads scripts from the script root, reports their sha256. */
@Mock
@ApplicationScoped
public class InMemoryKernel implements KernelDriver {

    @ConfigProperty(name = "moontide.script-root")
    String scriptRoot;

    final Map<String, RuntimeInfo> runtimes = new TreeMap<>();

    @Override
    public KernelVersion version() {
        return new KernelVersion("0.1.0", "Lua 5.4-kernel", 1);
    }

    @Override
    public synchronized List<RuntimeInfo> list() {
        return new ArrayList<>(runtimes.values());
    }

    @Override
    public synchronized RuntimeInfo run(RunSpec spec) throws KernelException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(scriptRoot).resolve(spec.script()));
        } catch (IOException e) {
            throw new KernelException(KernelException.ENOENT, KernelException.IO, spec.script() + ": no such file");
        }
        RuntimeInfo info = new RuntimeInfo(spec.name(), spec.script(), Sha256.of(bytes), spec.context(), spec.spawn(),
                RunState.RUNNING, 1, 1000, spec.memory().orElse(16 << 20), spec.quota().orElse(100_000_000), null, 0,
                "moontide");
        runtimes.put(spec.name(), info);
        return info;
    }

    @Override
    public synchronized void stop(String name) throws KernelException {
        if (runtimes.remove(name) == null) {
            throw new KernelException(KernelException.ENOENT, KernelException.REQUEST, "no runtime " + name);
        }
    }

    /** Removes a runtime as a user's {@code moontide stop} would (call methods: tests hold a CDI proxy). */
    public synchronized void forget(String name) {
        runtimes.remove(name);
    }

    public synchronized int count() {
        return runtimes.size();
    }

    @Override
    public List<String> eval(String runtime, String chunk) {
        return List.of();
    }
}
