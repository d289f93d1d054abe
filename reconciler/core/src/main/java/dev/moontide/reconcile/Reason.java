package dev.moontide.reconcile;

import java.util.Arrays;

/**
 * The constant CamelCase reason of a status {@link Condition}, as Flux gives one: what the
 * status, the REST API and the CLI show, and what scripts match on. {@link #text()} is that string.
 */
public enum Reason {
    /** No cycle has run yet. */
    NOT_YET_RECONCILED("NotYetReconciled"),

    // the source (GitSource, SignatureVerifier): SourceException#reason() is one of these texts
    FETCH_FAILED("FetchFailed"),
    INVALID_URL("InvalidURL"),
    REVISION_NOT_FOUND("RevisionNotFound"),
    STORAGE_FAILED("StorageFailed"),
    KEYRING_UNREADABLE("KeyringUnreadable"),
    SIGNATURE_UNVERIFIED("SignatureUnverified"),
    SIGNATURE_INVALID("SignatureInvalid"),
    UNSIGNED("Unsigned"),
    UNTRUSTED_KEY("UntrustedKey"),
    SUBKEY_NOT_BOUND("SubkeyNotBound"),
    KEY_REVOKED("KeyRevoked"),
    KEY_EXPIRED("KeyExpired"),
    NOT_DESCENDANT("NotDescendant"),

    // the revision
    MANIFEST_INVALID("ManifestInvalid"),
    DRIVER_UNSUPPORTED("DriverUnsupported"),

    // a dry run
    IN_SYNC("InSync"),
    CHANGES_PLANNED("ChangesPlanned"),

    // an apply
    CANCELLED("Cancelled"),
    APPLY_FAILED("ApplyFailed"),
    DRIFT_DETECTED("DriftDetected"),
    RECONCILIATION_SUCCEEDED("ReconciliationSucceeded");

    private final String text;

    Reason(String text) {
        this.text = text;
    }

    /** The reason as status and API show it: {@code FetchFailed}. */
    public String text() {
        return text;
    }

    /** The reason whose {@link #text()} is {@code text}: for the reasons a {@code SourceException} carries. */
    public static Reason of(String text) {
        return Arrays.stream(values()).filter(r -> r.text.equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no such reason: " + text));
    }

    @Override
    public String toString() {
        return text;
    }
}
