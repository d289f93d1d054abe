package dev.moontide.reconcile;

import dev.moontide.kernel.KernelDriver;
import dev.moontide.plan.DesiredRuntime;
import dev.moontide.plan.DesiredState;
import dev.moontide.source.SignatureVerifier;
import dev.moontide.source.SourceException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * verify: the revision may be applied: signed by a trusted key when its Config says so (failing
 * closed), and runnable through the driver. Either failure stalls: the last good revision stays.
 */
record VerifyStep(Path keyring, KernelDriver driver) implements Step {

    @Override
    public StepResult run(Cycle c) {
        if (c.set.configSpec().signature().require()) {
            Optional<SourceException> unsigned = unsigned(c);
            if (unsigned.isPresent()) {
                return StepResult.stalled(Reason.of(unsigned.get().reason()), c.revision.display() + ": "
                        + unsigned.get().getMessage());
            }
        }
        Optional<String> unsupported = driverCannotRun(c.desired);
        if (unsupported.isPresent()) {
            return StepResult.stalled(Reason.DRIVER_UNSUPPORTED, c.revision.display() + ": " + unsupported.get());
        }
        return StepResult.CONTINUE;
    }

    /** Why the revision does not meet the Config's signature policy, or empty if it does. */
    private Optional<SourceException> unsigned(Cycle c) {
        if (keyring == null) {
            return Optional.of(new SourceException.Terminal(Reason.SIGNATURE_UNVERIFIED.text(), "the Config requires"
                    + " signed commits (spec.signature.require) and no trusted keyring is configured", null));
        }
        try {
            c.source.verify(c.revision, SignatureVerifier.fromKeyring(keyring),
                    c.set.configSpec().signature().trustedKeys());
            return Optional.empty();
        } catch (SourceException e) {
            return Optional.of(e);
        } catch (IOException e) {
            return Optional.of(new SourceException.Transient(Reason.KEYRING_UNREADABLE.text(), e.getMessage(), e));
        }
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
