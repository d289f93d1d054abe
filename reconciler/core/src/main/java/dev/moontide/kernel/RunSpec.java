package dev.moontide.kernel;

import dev.moontide.kernel.protocol.RuntimeName;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What {@code run} asks of the kernel: a runtime {@code name} running {@code script}.
 *
 * @param name    the runtime's name (see {@link RuntimeName})
 * @param script  path of the entry script relative to the kernel's script root; one word of the
 *                command line, so no spaces or control characters
 * @param context where its code runs
 * @param spawn   whether the script returns a function to run in a kernel thread of its own
 * @param memory  memory limit in bytes; empty for the kernel's default (16 MiB)
 * @param quota   VM instructions per entry, 0 for none; empty for the kernel's default
 */
public record RunSpec(String name, String script, Context context, boolean spawn, OptionalLong memory,
        OptionalLong quota) {

    public RunSpec {
        RuntimeName.check(name);
        if (name.equals(RuntimeName.CONTROL)) {
            throw new IllegalArgumentException("\"-\" names the control runtime; choose another name");
        }
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(quota, "quota");
        if (script.isEmpty()) {
            throw new IllegalArgumentException("script path is empty");
        }
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException("script path \"" + script.replaceAll("\\p{Cntrl}", "?")
                        + "\" has a space or control character at index " + i
                        + "; the kernel takes it as one word");
            }
        }
        if (memory.isPresent() && memory.getAsLong() <= 0) {
            throw new IllegalArgumentException("memory limit must be positive, was " + memory.getAsLong());
        }
        if (quota.isPresent() && quota.getAsLong() < 0) {
            throw new IllegalArgumentException("quota must be 0 (none) or positive, was " + quota.getAsLong());
        }
    }

    /** A runtime in process context with the kernel's default limits. */
    public static RunSpec of(String name, String script) {
        return new RunSpec(name, script, Context.PROCESS, false, OptionalLong.empty(), OptionalLong.empty());
    }

    public RunSpec withContext(Context c) {
        return new RunSpec(name, script, c, spawn, memory, quota);
    }

    public RunSpec withSpawn(boolean s) {
        return new RunSpec(name, script, context, s, memory, quota);
    }

    public RunSpec withMemory(long bytes) {
        return new RunSpec(name, script, context, spawn, OptionalLong.of(bytes), quota);
    }

    public RunSpec withQuota(long instructions) {
        return new RunSpec(name, script, context, spawn, memory, OptionalLong.of(instructions));
    }
}
