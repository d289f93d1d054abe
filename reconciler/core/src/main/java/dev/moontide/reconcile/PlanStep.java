package dev.moontide.reconcile;

import dev.moontide.apply.Inventory;
import dev.moontide.kernel.KernelDriver;
import dev.moontide.manifest.DriftPolicy;
import dev.moontide.plan.Action;
import dev.moontide.plan.ActualState;
import dev.moontide.plan.DesiredState;
import dev.moontide.plan.Plan;
import dev.moontide.plan.Planner;

/**
 * plan: the actions from the actual to the desired state. A revision already applied (or one
 * that failed and is not forced) is settled: only drift is healed, where the policy says so.
 */
record PlanStep(KernelDriver driver) implements Step {

    static final String NARROW_DRIFT = "driver %s tells only which scripts run: drift is detected by a runtime's"
            + " presence and, for script content, by the files on disk; a runtime's sha256, context, spawn, limits"
            + " and failures are not visible through it";

    @Override
    public StepResult run(Cycle c) {
        String commit = c.revision.commit();
        c.settled = commit.equals(c.inventory.revision())
                || (commit.equals(c.previous.lastFailedRevision()) && !c.force);
        c.plan = plan(c.desired, c.actual, c.inventory, c.settled && !c.force);
        return StepResult.CONTINUE;
    }

    /** The plan, only healing drift if {@code healOnly} (unless the kernel lost everything), with the driver's note. */
    Plan plan(DesiredState desired, ActualState actual, Inventory inventory, boolean healOnly) {
        Plan plan = Planner.plan(desired, actual);
        if (healOnly && !kernelReset(inventory, actual)) {
            plan = healOnly(plan, desired);
        }
        return driver.reportsDetails() ? plan : plan.withNote(NARROW_DRIFT.formatted(driver.describe()));
    }

    /**
     * Whether the kernel lost every runtime that was applied: a reboot or a module reload, not
     * drift. The last good revision is then applied whole, whatever the drift policies say.
     */
    static boolean kernelReset(Inventory inventory, ActualState actual) {
        return !inventory.runtimes().isEmpty()
                && inventory.runtimes().keySet().stream().noneMatch(n -> actual.runtime(n).isPresent());
    }

    /** Keeps the actions that heal runtimes whose policy is heal, and prunes; drops the rest. */
    static Plan healOnly(Plan plan, DesiredState desired) {
        return plan.filter(a -> {
            if (a instanceof Action.Start s) {
                return s.runtime().spec().driftPolicy() == DriftPolicy.HEAL;
            }
            if (a instanceof Action.Restart r) {
                return r.runtime().spec().driftPolicy() == DriftPolicy.HEAL;
            }
            if (a instanceof Action.InstallFile i) {
                return desired.runtimes().stream().filter(d -> d.spec().script().equals(i.path())
                        || d.spec().files().contains(i.path()))
                        .allMatch(d -> d.spec().driftPolicy() == DriftPolicy.HEAL);
            }
            return true;
        });
    }
}
