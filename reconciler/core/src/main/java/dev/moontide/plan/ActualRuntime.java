package dev.moontide.plan;

import java.util.Objects;

/**
 * A runtime as the kernel reports it, reduced to what the planner compares.
 *
 * @param name        its name
 * @param script      entry script, relative to the script root
 * @param sha256      sha256 of the script as loaded; null when the driver cannot tell (Lunatik)
 * @param context     {@code process}, {@code softirq} or {@code hardirq}; null when the driver tells
 *                    only that the runtime exists (Lunatik): context and spawn are then not compared
 * @param spawn       whether it was spawned
 * @param state       {@code running}, {@code finished} or {@code failed}
 * @param error       why it failed, or null
 * @param memoryLimit its memory limit in bytes; null when unknown
 * @param quota       its instruction quota; null when unknown
 */
public record ActualRuntime(String name, String script, String sha256, String context, boolean spawn,
        String state, String error, Long memoryLimit, Long quota) {

    public static final String RUNNING = "running";
    public static final String FINISHED = "finished";
    public static final String FAILED = "failed";

    public ActualRuntime {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(state, "state");
    }

    /** The runtime a successful start of {@code d} leaves, as far as the planner compares. */
    public static ActualRuntime startedFrom(DesiredRuntime d) {
        return new ActualRuntime(d.name(), d.spec().script(), d.scriptSha256(), d.spec().context(), d.spec().spawn(),
                RUNNING, null, d.spec().limits().memory(), d.spec().limits().quota());
    }
}
