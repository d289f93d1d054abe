package dev.moontide.kernel;

import dev.moontide.plan.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kernel in memory, for every Java test (core, cli, daemon): runtimes by name, eval answers
 * by chunk, and the calls that act on the kernel (run, stop, eval) recorded in order.
 *
 * <p>Made with a script root, it reads each script from there as the module does and reports
 * its sha256; a script containing {@code FAIL_LOAD} fails to load (syntax), one containing
 * {@code FAIL_LATER} loads but its runtime shows {@code failed} right after. Made without one,
 * it reads no file and reports {@link #SHA} for every script. Thread-safe: a test may watch it
 * while a cycle runs in another thread.
 */
public class FakeKernel implements KernelDriver {

    /** The sha256 reported without a script root (that of "test"). */
    public static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private final Path scriptRoot;
    public final Map<String, RuntimeInfo> runtimes = Collections.synchronizedMap(new TreeMap<>());
    /** Answers of eval: a List of results, or a KernelException to throw. */
    public final Map<String, Object> answers = Collections.synchronizedMap(new LinkedHashMap<>());
    /** "run NAME", "stop NAME", "eval RUNTIME CHUNK", in order. */
    public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    public final List<RunSpec> started = Collections.synchronizedList(new ArrayList<>());
    /** False: every call fails as if the module were not loaded. */
    public volatile boolean loaded = true;

    /** A kernel that reads no script and reports {@link #SHA}. */
    public FakeKernel() {
        this(null);
    }

    /** A kernel that reads scripts from {@code scriptRoot}. */
    public FakeKernel(Path scriptRoot) {
        this.scriptRoot = scriptRoot;
    }

    /** A running (or failed) runtime of {@code script}, as {@code list} reports it. */
    public static RuntimeInfo runtime(String name, String script, RunState state, long startedNs, String error) {
        return new RuntimeInfo(name, script, SHA, Context.PROCESS, false, state, startedNs, 24576, 16L << 20,
                100_000_000L, error, 0, "moontide");
    }

    public FakeKernel with(RuntimeInfo r) {
        runtimes.put(r.name(), r);
        return this;
    }

    public FakeKernel answer(String chunk, Object answer) {
        answers.put(chunk, answer);
        return this;
    }

    /** The calls made so far: "run NAME", "stop NAME", "eval RUNTIME CHUNK". */
    public List<String> calls() {
        return calls;
    }

    /** The runtime of that name, or null. */
    public RuntimeInfo runtime(String name) {
        return runtimes.get(name);
    }

    /** Removes a runtime as a user's {@code moontide stop} would, unrecorded. */
    public void forget(String name) {
        runtimes.remove(name);
    }

    public int count() {
        return runtimes.size();
    }

    private void device() throws KernelException {
        if (!loaded) {
            throw new KernelException(KernelException.ENOENT, KernelException.DEVICE,
                    "/dev/moontide does not exist: the moontide module is not loaded");
        }
    }

    @Override
    public KernelVersion version() throws KernelException {
        device();
        return new KernelVersion("0.1.0", "Lua 5.4-kernel", 1);
    }

    @Override
    public List<RuntimeInfo> list() throws KernelException {
        device();
        synchronized (runtimes) {
            return List.copyOf(runtimes.values());
        }
    }

    @Override
    public synchronized RuntimeInfo run(RunSpec spec) throws KernelException {
        calls.add("run " + spec.name());
        device();
        if (runtimes.containsKey(spec.name())) {
            throw new KernelException(KernelException.EEXIST, KernelException.REQUEST,
                    "runtime " + spec.name() + " exists");
        }
        started.add(spec);
        String sha = SHA;
        boolean failed = false;
        if (scriptRoot != null) {
            byte[] bytes = read(spec.script());
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (text.contains("FAIL_LOAD")) {
                throw new KernelException(KernelException.ENOEXEC, KernelException.SYNTAX,
                        spec.script() + ":1: unexpected symbol");
            }
            failed = text.contains("FAIL_LATER");
            sha = Sha256.of(bytes);
        }
        RuntimeInfo info = new RuntimeInfo(spec.name(), spec.script(), sha, spec.context(), spec.spawn(),
                failed ? RunState.FAILED : RunState.RUNNING, 0, 20480, spec.memory().orElse(16L << 20),
                spec.quota().orElse(100_000_000L), failed ? spec.script() + ":2: boom" : null, 0, "moontide");
        runtimes.put(spec.name(), info);
        return info;
    }

    private byte[] read(String script) throws KernelException {
        try {
            return Files.readAllBytes(scriptRoot.resolve(script));
        } catch (IOException e) {
            throw new KernelException(KernelException.ENOENT, KernelException.IO, script + ": no such file");
        }
    }

    @Override
    public void stop(String name) throws KernelException {
        calls.add("stop " + name);
        device();
        if (runtimes.remove(name) == null) {
            throw new KernelException(KernelException.ENOENT, KernelException.REQUEST, "no runtime named " + name);
        }
    }

    @Override
    public List<String> eval(String runtime, String chunk) throws KernelException {
        calls.add("eval " + runtime + " " + chunk);
        device();
        Object a = answers.get(chunk);
        if (a == null) {
            throw new KernelException(KernelException.ENOEXEC, KernelException.SYNTAX,
                    "eval:1: unexpected symbol near 'x'");
        }
        if (a instanceof KernelException e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        List<String> results = (List<String>) a;
        return results;
    }
}
