package dev.moontide.manifest;

import java.util.List;
import java.util.Objects;

/**
 * {@code spec} of a Runtime, with the schema's defaults filled in.
 *
 * @param script      entry script, relative to the repository root
 * @param files       further files (modules) it requires, relative to the repository root
 * @param context     {@code process}, {@code softirq} or {@code hardirq}
 * @param spawn       whether the script's returned function runs in a kernel thread
 * @param dependsOn   names of Runtimes that must run before this one starts
 * @param limits      memory and quota limits
 * @param health      health checks after a start
 * @param driftPolicy alert or heal
 */
public record RuntimeSpec(String script, List<String> files, String context, Boolean spawn,
        List<String> dependsOn, Limits limits, Health health, DriftPolicy driftPolicy) {

    public RuntimeSpec {
        Objects.requireNonNull(script, "script");
        files = files == null ? List.of() : List.copyOf(files);
        context = context == null ? "process" : context;
        spawn = spawn != null && spawn;
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        limits = limits == null ? Limits.DEFAULT : limits;
        health = health == null ? Health.DEFAULT : health;
        driftPolicy = driftPolicy == null ? DriftPolicy.ALERT : driftPolicy;
    }

    /** The spec of a process-context runtime with every default. */
    public static RuntimeSpec of(String script) {
        return new RuntimeSpec(script, null, null, null, null, null, null, null);
    }
}
