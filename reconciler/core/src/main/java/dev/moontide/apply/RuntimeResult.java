package dev.moontide.apply;

import java.util.Objects;

/**
 * What apply did to one runtime; one bad runtime does not hide what succeeded.
 *
 * @param name    the runtime
 * @param outcome what happened
 * @param message details: the error, what it was rolled back to
 */
public record RuntimeResult(String name, Outcome outcome, String message) {

    public enum Outcome {
        /** Started or restarted as Git declares, and healthy. */
        APPLIED,
        /** Pruned (stopped because Git no longer declares it). */
        PRUNED,
        /** The new version failed; the previous one runs again. */
        ROLLED_BACK,
        /** It failed and nothing could be put back (a new runtime, or no previous files). */
        FAILED,
        /** Not attempted: a runtime it depends on failed, or a new revision cancelled the apply. */
        SKIPPED
    }

    public RuntimeResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
    }

    public boolean ok() {
        return outcome == Outcome.APPLIED || outcome == Outcome.PRUNED;
    }
}
