package dev.moontide.daemon;

import dev.moontide.reconcile.Condition;
import dev.moontide.reconcile.Status;
import dev.moontide.source.Redaction;

/**
 * A status as the API and health checks show it: its message redacted once more at the door,
 * for a status.json written before redaction existed, or by a step that quoted a URL itself.
 */
final class RedactedStatus {

    private RedactedStatus() {
    }

    static Status of(Status s) {
        Condition c = s.condition();
        return new Status(new Condition(c.type(), c.reason(), Redaction.text(c.message())), s.lastAttemptedRevision(),
                s.lastAppliedRevision(), s.lastFailedRevision(), s.runtimes(), s.time());
    }
}
