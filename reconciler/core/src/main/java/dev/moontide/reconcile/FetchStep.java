package dev.moontide.reconcile;

import dev.moontide.source.GitSource;
import dev.moontide.source.SourceException;
import java.io.IOException;

/**
 * fetch: the commit the ref points at, from the remote (a dry run into a temporary cache); none
 * of its files is written yet, so it is verified before anything of it reaches the disk.
 */
record FetchStep(ReconcileSettings settings) implements Step {

    @Override
    public StepResult run(Cycle c) throws IOException {
        c.source = new GitSource(settings.repo(), settings.ref(), c.dryRun ? c.tmpCache : settings.gitCache());
        try {
            c.revision = c.source.fetchCommit();
            return StepResult.CONTINUE;
        } catch (SourceException e) {
            String message = e.getMessage() + c.lastGood().map(g -> "; keeping " + g.display()).orElse("");
            Reason reason = Reason.of(e.reason());
            return e.retryable() ? StepResult.waiting(reason, message) : StepResult.stalled(reason, message);
        }
    }
}
