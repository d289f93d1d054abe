package dev.moontide.reconcile;

import dev.moontide.apply.ApplyResult;
import dev.moontide.apply.RuntimeResult;
import dev.moontide.apply.StateStore;
import dev.moontide.drift.Drift;
import dev.moontide.source.Revision;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * record: the status the cycle ends in and, after an apply, a history entry; a revision applied
 * whole becomes the last good one.
 */
record RecordStep(StateStore store, HistoryLog history, Clock clock) implements Step {

    @Override
    public StepResult run(Cycle c) throws IOException {
        ApplyResult result = c.result;
        boolean ok = result == null || result.ok();
        String failed = ok ? (c.settled ? c.previous.lastFailedRevision() : null)
                : result.cancelled() ? c.previous.lastFailedRevision() : c.revision.commit();
        if (ok && c.revision.commit().equals(c.inventory.revision())) {
            c.source.markGood(c.revision);
            failed = null;
        }
        c.status = new Status(condition(result, failed, c.revision, c.drift), c.revision.commit(),
                c.inventory.revision(), failed, RuntimeStatuses.of(c.desired, c.after, result, c.drift),
                clock.instant());
        store.write("status.json", c.status);
        if (result != null) {
            history.add(c.revision, ok ? "Applied" : result.cancelled() ? "Cancelled" : "Failed", summary(result));
        }
        return StepResult.CONTINUE;
    }

    private static Condition condition(ApplyResult result, String failed, Revision revision, List<Drift> drift) {
        if (result != null && result.cancelled()) {
            return new Condition(Condition.RECONCILING, Reason.CANCELLED,
                    "a new revision arrived during health checks");
        }
        if (result != null && !result.ok()) {
            return new Condition(Condition.STALLED, Reason.APPLY_FAILED, revision.display() + ": " + summary(result));
        }
        if (failed != null) {
            return new Condition(Condition.STALLED, Reason.APPLY_FAILED, "revision " + failed.substring(0, 12)
                    + " failed before and is not retried until a new commit or a forced sync");
        }
        long corrective = drift.stream().filter(d -> d.kind() == Drift.Kind.CORRECTIVE).count();
        if (corrective > 0) {
            return new Condition(Condition.READY, Reason.DRIFT_DETECTED, "applied " + revision.display() + "; "
                    + corrective + " drift(s) not healed (driftPolicy alert)");
        }
        return new Condition(Condition.READY, Reason.RECONCILIATION_SUCCEEDED, "applied " + revision.display());
    }

    private static String summary(ApplyResult r) {
        List<String> parts = new ArrayList<>();
        for (RuntimeResult rr : r.runtimes()) {
            if (!rr.ok()) {
                parts.add(rr.name() + " " + rr.outcome().name().toLowerCase(Locale.ROOT) + ": " + rr.message());
            }
        }
        parts.addAll(r.errors());
        long applied = r.runtimes().stream().filter(RuntimeResult::ok).count();
        return parts.isEmpty() ? applied + " runtime(s) applied" : String.join("; ", parts);
    }
}
