package dev.moontide.reconcile;

import java.util.Objects;

/**
 * What a step of a cycle tells the cycle, as Flux's sub-reconcilers do: go on, or stop. A stop
 * carries its retry policy in its type: {@link Stalled} is terminal (retrying fails the same way
 * until the repository or configuration is fixed), {@link Waiting} is transient (the next cycle
 * may succeed without a change). Either way the last good revision stays applied.
 */
sealed interface StepResult permits StepResult.Continue, StepResult.Stalled, StepResult.Waiting {

    StepResult CONTINUE = new Continue();

    static StepResult stalled(Reason reason, String message) {
        return new Stalled(reason, message);
    }

    static StepResult waiting(Reason reason, String message) {
        return new Waiting(reason, message);
    }

    /** The step did its job; the next one runs. */
    record Continue() implements StepResult {
    }

    /** Cannot progress until someone changes the repository or the configuration. */
    record Stalled(Reason reason, String message) implements StepResult {
        public Stalled {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Failed for a reason that may pass: try again next cycle. */
    record Waiting(Reason reason, String message) implements StepResult {
        public Waiting {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
