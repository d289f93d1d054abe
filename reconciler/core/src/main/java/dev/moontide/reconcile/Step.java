package dev.moontide.reconcile;

import java.io.IOException;

/**
 * One step of a reconcile cycle, with one job: it reads and fills the {@link Cycle} and says
 * whether the cycle goes on. An {@link IOException} is the reconciler's own failure (its state
 * folder, the kernel), not the revision's: it ends the cycle as an error.
 */
interface Step {

    StepResult run(Cycle cycle) throws IOException;
}
