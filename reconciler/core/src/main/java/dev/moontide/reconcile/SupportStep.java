package dev.moontide.reconcile;

import dev.moontide.kernel.KernelDriver;
import dev.moontide.plan.DesiredRuntime;
import dev.moontide.plan.DesiredState;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** support: the driver can carry out the desired state; if not, the cycle stalls and the last good revision stays. */
record SupportStep(KernelDriver driver) implements Step {

    @Override
    public StepResult run(Cycle c) {
        Optional<String> unsupported = driverCannotRun(c.desired);
        if (unsupported.isPresent()) {
            return StepResult.stalled(Reason.DRIVER_UNSUPPORTED, c.revision.display() + ": " + unsupported.get());
        }
        return StepResult.CONTINUE;
    }

    /**
     * What the driver cannot carry out in {@code desired}, or empty. A driver that keys runtimes by
     * script (Lunatik) runs a script once: two runtimes of one script could never both run.
     */
    private Optional<String> driverCannotRun(DesiredState desired) {
        if (driver.reportsDetails()) {
            return Optional.empty();
        }
        Map<String, String> byScript = new TreeMap<>();
        for (DesiredRuntime d : desired.runtimes()) {
            String other = byScript.putIfAbsent(d.spec().script(), d.name());
            if (other != null) {
                return Optional.of("runtimes " + other + " and " + d.name() + " both run " + d.spec().script()
                        + ", and through " + driver.describe() + " a script runs once");
            }
        }
        return Optional.empty();
    }
}
