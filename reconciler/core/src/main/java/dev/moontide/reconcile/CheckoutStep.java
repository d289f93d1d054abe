package dev.moontide.reconcile;

import dev.moontide.source.SourceException;

/** checkout: writes the verified commit's files to the cache, for the load step to read. */
record CheckoutStep() implements Step {

    @Override
    public StepResult run(Cycle c) {
        try {
            c.revision = c.source.checkout(c.revision, c.admission);
            return StepResult.CONTINUE;
        } catch (SourceException e) {
            Reason reason = Reason.of(e.reason());
            String message = c.revision.display() + ": " + e.getMessage();
            return e.retryable() ? StepResult.waiting(reason, message) : StepResult.stalled(reason, message);
        }
    }
}
