package dev.moontide.daemon;

import dev.moontide.manifest.ConfigSpec;
import java.time.Duration;
import java.util.Optional;

/**
 * When the next scheduled cycle is due. The interval is the operator's {@code moontide.interval}
 * when set (an override, e.g. for tests or an incident), else the repository's Config
 * {@code spec.interval} as last loaded, else the schema's default for it.
 *
 * <p>Not thread-safe: the scheduler's one tick thread owns it.
 */
final class CycleSchedule {

    private final Optional<Duration> override;
    private long dueNanos;
    private boolean started;

    CycleSchedule(Optional<Duration> override) {
        this.override = override;
    }

    /** The interval in force, given what the repository declared last. */
    Duration interval(Optional<Duration> declared) {
        return override.or(() -> declared).orElseGet(ConfigSpec.DEFAULT::intervalDuration);
    }

    /** Whether a cycle is due at {@code nowNanos} (the first one is due at once). */
    boolean due(long nowNanos) {
        return !started || nowNanos - dueNanos >= 0;
    }

    /** A cycle ended at {@code nowNanos}: the next is one interval later. */
    void ran(long nowNanos, Optional<Duration> declared) {
        started = true;
        dueNanos = nowNanos + interval(declared).toNanos();
    }
}
