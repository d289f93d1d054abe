package dev.moontide.source;

import java.util.Objects;
import java.util.Optional;

/**
 * A fetched commit's pass through the operator's signature policy: {@link GitSource} writes no
 * file of a commit without one for that very commit, and only {@link GitSource#verify} (a
 * trusted signature) or {@link GitSource#admitUnverified} (a policy that requires none) make one.
 * So an unverified revision cannot reach the disk by forgetting a step.
 */
public final class Admission {

    private final String commit;
    private final String signer;

    Admission(String commit, String signer) {
        this.commit = Objects.requireNonNull(commit, "commit");
        this.signer = signer;
    }

    /** The commit admitted. */
    public String commit() {
        return commit;
    }

    /** The primary fingerprint of the trusted key that signed it; empty when the policy required no signature. */
    public Optional<String> signer() {
        return Optional.ofNullable(signer);
    }
}
