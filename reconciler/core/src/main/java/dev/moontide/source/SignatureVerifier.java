package dev.moontide.source;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Verifies the OpenPGP signature of a commit against a keyring the daemon owns (never one from
 * the repository it verifies): the signature must be valid, made by a key of the keyring, and
 * that key's primary fingerprint must be one of the trusted fingerprints (all keys of the
 * keyring, if none are named). The key itself must be fit to sign ({@link SigningKeyCheck}): a
 * subkey bound to its primary, nothing revoked, nothing expired when it signed or now.
 */
public final class SignatureVerifier {

    private final PGPPublicKeyRingCollection keyring;
    private final Clock clock;

    public SignatureVerifier(PGPPublicKeyRingCollection keyring) {
        this(keyring, Clock.systemUTC());
    }

    /** @param clock what "now" is when judging expiry */
    public SignatureVerifier(PGPPublicKeyRingCollection keyring, Clock clock) {
        this.keyring = keyring;
        this.clock = clock;
    }

    /** Reads an ASCII-armored (or binary) public keyring file, as {@code gpg --export --armor} writes it. */
    public static SignatureVerifier fromKeyring(Path file) throws IOException {
        try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(file))) {
            return new SignatureVerifier(new PGPPublicKeyRingCollection(in, new JcaKeyFingerprintCalculator()));
        } catch (PGPException e) {
            throw new IOException("cannot read the keyring " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns the primary fingerprint (40 upper-case hex digits) of the trusted key that signed
     * {@code commit}.
     *
     * @throws SourceException.Terminal {@code Unsigned}, {@code SignatureInvalid}, {@code UntrustedKey},
     *                                  {@code SubkeyNotBound}, {@code KeyRevoked} or {@code KeyExpired}
     */
    public String verify(RevCommit commit, Collection<String> trusted) throws SourceException {
        String id = commit.getName().substring(0, 12);
        byte[] armored = commit.getRawGpgSignature();
        if (armored == null) {
            throw new SourceException.Terminal("Unsigned", "commit " + id + " is not signed", null);
        }
        Set<String> trust = trusted.stream().map(t -> t.toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
        try {
            PGPSignature signature = signature(armored);
            PGPPublicKey key = keyring.getPublicKey(signature.getKeyID());
            if (key == null) {
                throw new SourceException.Terminal("UntrustedKey", "commit " + id + " is signed by key "
                        + String.format("%016X", signature.getKeyID()) + ", which is not in the trusted keyring", null);
            }
            PGPPublicKeyRing ring = keyring.getPublicKeyRing(signature.getKeyID());
            String fingerprint = HexFormat.of().withUpperCase().formatHex(ring.getPublicKey().getFingerprint());
            signature.init(new JcaPGPContentVerifierBuilderProvider(), key);
            signature.update(payload(commit.getRawBuffer()));
            if (!signature.verify()) {
                throw new SourceException.Terminal("SignatureInvalid", "the signature of commit " + id
                        + " does not match its content", null);
            }
            // a valid signature by a key that may not sign: a stray subkey, a revoked or expired key
            new SigningKeyCheck(clock.instant()).check(ring.getPublicKey(), key, signature.getCreationTime().toInstant(), id);
            if (!trust.isEmpty() && !trust.contains(fingerprint)) {
                throw new SourceException.Terminal("UntrustedKey", "commit " + id + " is signed by " + fingerprint
                        + ", which is not among the trusted keys (moontide.signature.trusted-keys)", null);
            }
            return fingerprint;
        } catch (PGPException | IOException e) {
            throw new SourceException.Terminal("SignatureInvalid", "cannot verify the signature of commit " + id + ": "
                    + e.getMessage(), e);
        }
    }

    private static PGPSignature signature(byte[] armored) throws IOException, PGPException {
        JcaPGPObjectFactory factory = new JcaPGPObjectFactory(PGPUtil.getDecoderStream(new ByteArrayInputStream(armored)));
        Object o = factory.nextObject();
        if (o instanceof PGPCompressedData c) {
            o = new JcaPGPObjectFactory(c.getDataStream()).nextObject();
        }
        if (!(o instanceof PGPSignatureList list) || list.isEmpty()) {
            throw new PGPException("no OpenPGP signature in the gpgsig header");
        }
        return list.get(0);
    }

    /** The signed bytes of a commit: its raw object without the {@code gpgsig} header (and its continuation lines). */
    static byte[] payload(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        int i = 0;
        boolean inHeaders = true;
        boolean skipping = false;
        while (i < raw.length) {
            int end = i;
            while (end < raw.length && raw[end] != '\n') {
                end++;
            }
            int next = Math.min(end + 1, raw.length);
            if (inHeaders) {
                if (end == i) {
                    inHeaders = false; // the blank line before the message
                } else if (skipping && raw[i] == ' ') {
                    i = next;
                    continue;
                } else {
                    skipping = startsWith(raw, i, "gpgsig ") || startsWith(raw, i, "gpgsig-sha256 ");
                    if (skipping) {
                        i = next;
                        continue;
                    }
                }
            }
            out.write(raw, i, next - i);
            i = next;
        }
        return out.toByteArray();
    }

    private static boolean startsWith(byte[] raw, int at, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        if (at + p.length > raw.length) {
            return false;
        }
        for (int k = 0; k < p.length; k++) {
            if (raw[at + k] != p[k]) {
                return false;
            }
        }
        return true;
    }
}
