package dev.moontide.reconcile;

import dev.moontide.apply.ApplyResult;
import dev.moontide.drift.Drift;
import dev.moontide.manifest.ManifestError;
import dev.moontide.plan.Plan;
import dev.moontide.source.Revision;
import java.util.List;

/**
 * What one cycle found and did.
 *
 * @param dryRun   whether it only planned
 * @param revision the revision planned from, or null if none could be had
 * @param plan     the plan, or null if none was made
 * @param applied  the apply's result, or null (dry run, nothing to do, or no plan)
 * @param drift    drift after the cycle (for a dry run: before)
 * @param errors   manifest errors, if the revision was invalid
 * @param status   the status the cycle ends in (recorded unless dry run)
 */
public record CycleReport(boolean dryRun, Revision revision, Plan plan, ApplyResult applied, List<Drift> drift,
        List<ManifestError> errors, Status status) {

    public CycleReport {
        drift = List.copyOf(drift);
        errors = List.copyOf(errors);
    }

    /** How the cycle ended: failed, a dry run with changes, or in sync. */
    public CycleOutcome outcome() {
        if (!errors.isEmpty() || plan == null || Condition.STALLED.equals(status.condition().type())) {
            return CycleOutcome.FAILED;
        }
        if (dryRun) {
            return plan.isEmpty() ? CycleOutcome.SYNCED : CycleOutcome.CHANGES_PLANNED;
        }
        return applied == null || applied.ok() ? CycleOutcome.SYNCED : CycleOutcome.FAILED;
    }
}
