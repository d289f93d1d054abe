package dev.moontide.reconcile;

import dev.moontide.apply.Applier;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * apply: carries out the plan, its health checks cut short when a new revision arrives. An empty
 * plan for a revision not yet applied still records it as applied.
 */
record ApplyStep(Applier applier, AtomicBoolean newRevision) implements Step {

    /** How often the remote is asked for a newer commit while health checks wait. */
    private static final long REMOTE_ASK_NANOS = 2_000_000_000L;

    @Override
    public StepResult run(Cycle c) throws IOException {
        String commit = c.revision.commit();
        if (!c.plan.isEmpty()) {
            NewRevisionWatch watch = new NewRevisionWatch(newRevision, commit, c.source::remoteCommit,
                    System::nanoTime, REMOTE_ASK_NANOS);
            c.result = applier.apply(c.plan, c.desired, c.revision.tree(), commit, watch);
            c.inventory = c.result.inventory();
        } else if (!c.settled) {
            c.inventory = applier.apply(c.plan, c.desired, c.revision.tree(), commit, newRevision::get).inventory();
        }
        return StepResult.CONTINUE;
    }
}
