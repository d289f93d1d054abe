package dev.moontide.reconcile;

import dev.moontide.apply.Observer;
import dev.moontide.drift.DriftDetector;
import java.io.IOException;

/**
 * drift: observes again after the apply, and alerts on what still differs from Git (also through
 * the destinations the revision's Config picks).
 */
record DriftStep(Observer observer, Alerts alerts) implements Step {

    @Override
    public StepResult run(Cycle c) throws IOException {
        alerts.configure(c.set.configSpec().alerts().destinations());
        c.after = observer.observe(c.inventory, c.desired);
        c.drift = DriftDetector.detect(c.inventory, c.desired, c.after);
        alerts.alert(c.drift);
        return StepResult.CONTINUE;
    }
}
