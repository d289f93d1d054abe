package dev.moontide.reconcile;

import dev.moontide.apply.Observer;
import java.io.IOException;

/** observe: what the kernel runs and what the script root holds, before the apply. */
record ObserveStep(Observer observer) implements Step {

    @Override
    public StepResult run(Cycle c) throws IOException {
        c.actual = observer.observe(c.inventory, c.desired);
        return StepResult.CONTINUE;
    }
}
