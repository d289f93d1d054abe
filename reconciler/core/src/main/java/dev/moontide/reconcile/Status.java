package dev.moontide.reconcile;

import java.time.Instant;
import java.util.List;

/**
 * What the last cycle found and did, as the daemon's {@code GET /api/status} shows it.
 *
 * @param condition             Ready, Reconciling or Stalled, with reason and message
 * @param lastAttemptedRevision the commit the last cycle tried
 * @param lastAppliedRevision   the commit last applied whole
 * @param lastFailedRevision    a commit whose apply failed (not retried until a new commit or a forced sync)
 * @param runtimes              per runtime
 * @param time                  when the cycle ended
 */
public record Status(Condition condition, String lastAttemptedRevision, String lastAppliedRevision,
        String lastFailedRevision, List<RuntimeStatus> runtimes, Instant time) {

    public Status {
        runtimes = runtimes == null ? List.of() : List.copyOf(runtimes);
    }

    public static final Status NEVER = new Status(new Condition(Condition.RECONCILING, Reason.NOT_YET_RECONCILED,
            "no cycle has run yet"), null, null, null, List.of(), Instant.EPOCH);
}
