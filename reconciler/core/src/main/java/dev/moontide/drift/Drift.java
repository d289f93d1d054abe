package dev.moontide.drift;

import java.util.Objects;

/**
 * One difference between what runs and what was applied (or what Git now declares).
 *
 * @param subject a runtime name, or a file path for the file causes
 * @param cause   what differs
 * @param sha256  the sha256 that makes this drift distinct (what runs, or what is on disk;
 *                for a missing runtime or file, what should be there); may be empty
 * @param kind    corrective (the kernel moved away from Git) or intentional (Git moved)
 * @param detail  a sentence for people
 */
public record Drift(String subject, Cause cause, String sha256, Kind kind, String detail) {

    public enum Cause {
        /** A runtime that was applied is not in the kernel. */
        MISSING,
        /** A runtime runs that Git does not declare. */
        UNEXPECTED,
        /** A runtime runs another script than the one applied. */
        SHA256,
        /** A runtime runs in another context than the one applied. */
        CONTEXT,
        /** A runtime failed. */
        FAILED,
        /** An installed file's content changed under the script root. */
        FILE_MODIFIED,
        /** An installed file is gone from the script root. */
        FILE_MISSING,
        /** Git declares a change that is not applied (yet, or because it failed). */
        PENDING
    }

    public enum Kind {
        CORRECTIVE, INTENTIONAL
    }

    public Drift {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(cause, "cause");
        sha256 = sha256 == null ? "" : sha256;
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    /** What makes an alert distinct: it fires once per key and again only when the key changes. */
    public String key() {
        return subject + "|" + cause + "|" + sha256;
    }
}
