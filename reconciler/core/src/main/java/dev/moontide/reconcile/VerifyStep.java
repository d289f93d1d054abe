package dev.moontide.reconcile;

import dev.moontide.source.Admission;
import dev.moontide.source.Revision;
import dev.moontide.source.SignaturePolicy;
import dev.moontide.source.SignatureVerifier;
import dev.moontide.source.SourceException;
import java.io.IOException;
import java.util.Optional;

/**
 * verify: the fetched commit meets the operator's {@link SignaturePolicy}. It runs before the
 * revision's files are checked out or read (YAML, schema, {@code luak} pre-flight), so a
 * revision that fails it never reaches the disk and is never parsed, and the policy never comes from the revision it judges. A
 * failure stalls: the last good revision stays applied.
 */
record VerifyStep(SignaturePolicy policy) implements Step {

    @Override
    public StepResult run(Cycle c) {
        if (!policy.require()) {
            try {
                c.admission = c.source.admitUnverified(c.revision, policy);
                return StepResult.CONTINUE;
            } catch (SourceException e) {
                throw new IllegalStateException("a policy that requires no signature refused one", e);
            }
        }
        if (policy.keyring() == null) {
            return StepResult.stalled(Reason.SIGNATURE_UNVERIFIED, c.revision.display() + ": signed commits are"
                    + " required (moontide.signature.require) and no keyring is configured (moontide.signature.keyring)");
        }
        try {
            Admission admission = c.source.verify(c.revision, SignatureVerifier.fromKeyring(policy.keyring()),
                    policy.trustedKeys());
            // a trusted signature is not freshness: an older signed commit force-pushed back (or
            // another branch's) would roll the kernel back to code since replaced
            Optional<Revision> good = c.lastGood();
            if (good.isPresent() && !c.source.descendsFrom(c.revision, good.get().commit())) {
                return StepResult.stalled(Reason.NOT_DESCENDANT, c.revision.display() + ": commit "
                        + c.revision.commit().substring(0, 12) + " does not descend from the last applied revision "
                        + good.get().display() + " (an older or rewritten history): refused while signatures are"
                        + " required; to follow it on purpose, remove the state directory's git/last-good");
            }
            c.admission = admission;
            return StepResult.CONTINUE;
        } catch (SourceException e) {
            return StepResult.stalled(Reason.of(e.reason()), c.revision.display() + ": " + e.getMessage());
        } catch (IOException e) {
            // the operator's keyring, not the revision, is at fault: fix it and the next cycle passes
            return StepResult.waiting(Reason.KEYRING_UNREADABLE, c.revision.display() + ": " + e.getMessage());
        }
    }
}
