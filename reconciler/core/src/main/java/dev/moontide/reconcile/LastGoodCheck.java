package dev.moontide.reconcile;

import dev.moontide.source.Admission;
import dev.moontide.source.GitSource;
import dev.moontide.source.Revision;
import dev.moontide.source.SignaturePolicy;
import dev.moontide.source.SignatureVerifier;
import dev.moontide.source.SourceException;
import java.io.IOException;
import java.util.Optional;

/**
 * Before the last good revision is re-applied or healed from (the remote is gone, a revision
 * was refused, the module was reloaded), it is judged again as a new one would be: its commit
 * must pass the operator's signature policy as it is <em>now</em> (the policy may have been
 * tightened, or a key revoked, since it was applied), and its checkout may hold nothing but
 * files and folders (an older moontide wrote links verbatim: such a checkout is written again
 * from the Git cache, confined). A last good revision that fails is not applied; drift is still
 * reported.
 */
record LastGoodCheck(SignaturePolicy policy) {

    /** {@code good}, fit to apply from, or why it is not. */
    sealed interface Verdict {
        record Fit(Revision revision) implements Verdict {
        }

        record Unfit(String why) implements Verdict {
        }
    }

    Verdict check(GitSource source, Revision good) {
        try {
            Admission admission;
            if (!policy.require()) {
                admission = source.admitUnverified(good, policy);
            } else if (policy.keyring() == null) {
                return new Verdict.Unfit("signed commits are required and no keyring is configured");
            } else {
                admission = source.verify(good, SignatureVerifier.fromKeyring(policy.keyring()), policy.trustedKeys());
            }
            return new Verdict.Fit(source.reconfine(good, admission));
        } catch (SourceException e) {
            return new Verdict.Unfit(e.reason() + ": " + e.getMessage());
        } catch (IOException e) {
            return new Verdict.Unfit(e.getMessage());
        }
    }
}
