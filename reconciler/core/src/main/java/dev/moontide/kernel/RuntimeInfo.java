package dev.moontide.kernel;

import dev.moontide.kernel.protocol.RuntimeName;
import java.util.Objects;
import java.util.Optional;

/**
 * One runtime as the kernel reports it in {@code list} and {@code run}: every field of a
 * RUNTIME object of docs/protocol.md.
 *
 * @param name        {@code [A-Za-z0-9_.-]{1,64}}
 * @param script      entry script, relative to the script root
 * @param sha256      hex sha256 of the entry script's bytes as the kernel loaded them
 * @param context     where its code runs
 * @param spawn       whether the script's returned function runs in a kernel thread
 * @param state       running, finished or failed
 * @param startedNs   {@code ktime_get_ns()} (CLOCK_MONOTONIC) when it started
 * @param memory      bytes its Lua state holds now
 * @param memoryLimit bytes it may hold
 * @param quota       VM instructions per entry, 0 for none
 * @param error       the error that failed it, or null
 * @param uid         uid of the client that started it
 * @param comm        process name of the client that started it
 */
public record RuntimeInfo(String name, String script, String sha256, Context context, boolean spawn,
        RunState state, long startedNs, long memory, long memoryLimit, long quota, String error,
        long uid, String comm) {

    public RuntimeInfo {
        RuntimeName.check(name);
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(comm, "comm");
    }

    /** {@link #error()} as an Optional. */
    public Optional<String> failure() {
        return Optional.ofNullable(error);
    }

    /** How long it has run, given the current CLOCK_MONOTONIC reading in nanoseconds; never negative. */
    public long ageNs(long nowNs) {
        return Math.max(0, nowNs - startedNs);
    }
}
