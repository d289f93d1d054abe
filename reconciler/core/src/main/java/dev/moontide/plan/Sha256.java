package dev.moontide.plan;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Script identity: the lower-case hex sha256 of a script's bytes, as the kernel reports it (pure: files are read by {@code apply.FileHash}). */
public final class Sha256 {

    private Sha256() {
    }

    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /** The first 12 hex digits, for messages. */
    public static String shortForm(String sha256) {
        return sha256 == null ? "unknown" : sha256.length() > 12 ? sha256.substring(0, 12) : sha256;
    }

    /** A fresh SHA-256 digest, for hashing a stream piece by piece. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
