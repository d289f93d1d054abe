package dev.moontide.cli;

import dev.moontide.kernel.Context;
import dev.moontide.kernel.KernelDriver;
import dev.moontide.kernel.KernelException;
import dev.moontide.kernel.KernelVersion;
import dev.moontide.kernel.RunSpec;
import dev.moontide.kernel.RunState;
import dev.moontide.kernel.RuntimeInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A kernel in memory: runtimes by name, eval answers by chunk, every call recorded. */
final class FakeKernel implements KernelDriver {

    static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    final Map<String, RuntimeInfo> runtimes = new TreeMap<>();
    /** Answers of eval: a List of results, or a KernelException to throw. */
    final Map<String, Object> answers = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    final List<RunSpec> started = new ArrayList<>();
    boolean loaded = true;

    static RuntimeInfo runtime(String name, String script, RunState state, long startedNs, String error) {
        return new RuntimeInfo(name, script, SHA, Context.PROCESS, false, state, startedNs, 24576, 16L << 20,
                100_000_000L, error, 0, "moontide");
    }

    FakeKernel with(RuntimeInfo r) {
        runtimes.put(r.name(), r);
        return this;
    }

    FakeKernel answer(String chunk, Object answer) {
        answers.put(chunk, answer);
        return this;
    }

    private void device() throws KernelException {
        if (!loaded) {
            throw new KernelException(KernelException.ENOENT, KernelException.DEVICE,
                    "/dev/moontide does not exist: the moontide module is not loaded");
        }
    }

    @Override
    public KernelVersion version() throws KernelException {
        calls.add("version");
        device();
        return new KernelVersion("0.1.0", "Lua 5.4-kernel", 1);
    }

    @Override
    public List<RuntimeInfo> list() throws KernelException {
        calls.add("list");
        device();
        return List.copyOf(runtimes.values());
    }

    @Override
    public RuntimeInfo run(RunSpec spec) throws KernelException {
        calls.add("run " + spec.name());
        device();
        if (runtimes.containsKey(spec.name())) {
            throw new KernelException(KernelException.EEXIST, "request", "runtime " + spec.name() + " exists");
        }
        started.add(spec);
        RuntimeInfo r = new RuntimeInfo(spec.name(), spec.script(), SHA, spec.context(), spec.spawn(),
                RunState.RUNNING, 0, 20480, spec.memory().orElse(16L << 20), spec.quota().orElse(100_000_000L),
                null, 0, "moontide");
        runtimes.put(r.name(), r);
        return r;
    }

    @Override
    public void stop(String name) throws KernelException {
        calls.add("stop " + name);
        device();
        if (runtimes.remove(name) == null) {
            throw new KernelException(KernelException.ENOENT, "request", "no runtime named " + name);
        }
    }

    @Override
    public List<String> eval(String runtime, String chunk) throws KernelException {
        calls.add("eval " + runtime + " " + chunk);
        device();
        Object a = answers.get(chunk);
        if (a == null) {
            throw new KernelException(KernelException.ENOEXEC, "syntax", "eval:1: unexpected symbol near 'x'");
        }
        if (a instanceof KernelException e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        List<String> results = (List<String>) a;
        return results;
    }
}
