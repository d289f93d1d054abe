package dev.moontide.source;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which commits may be applied, as the operator configured it (the daemon's or the CLI's own
 * configuration), never as the revision under check says: a commit cannot vouch for itself.
 *
 * @param require     whether only signed commits are applied
 * @param trustedKeys primary fingerprints (40 hex digits, upper case) of the keys allowed to
 *                    sign; empty: every key of the keyring
 * @param keyring     armored OpenPGP public keyring holding those keys; null when none is
 *                    configured (then a required signature fails closed)
 */
public record SignaturePolicy(boolean require, List<String> trustedKeys, Path keyring) {

    /** Signatures are not checked. */
    public static final SignaturePolicy NONE = new SignaturePolicy(false, List.of(), null);

    private static final Pattern FINGERPRINT = Pattern.compile("[0-9A-F]{40}");

    public SignaturePolicy {
        trustedKeys = Objects.requireNonNull(trustedKeys, "trustedKeys").stream()
                .map(k -> k.strip().replace(" ", "").toUpperCase(Locale.ROOT)).toList();
        for (String k : trustedKeys) {
            if (!FINGERPRINT.matcher(k).matches()) {
                throw new IllegalArgumentException("a trusted key must be an OpenPGP fingerprint of 40 hex digits, was \""
                        + k + "\"");
            }
        }
    }
}
