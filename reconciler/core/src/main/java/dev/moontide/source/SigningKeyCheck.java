package dev.moontide.source;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;

/**
 * Whether the key that made a commit's signature may sign for its primary key at all: a subkey
 * must be bound to the primary by a binding signature the primary made (and it must sign back),
 * neither may be revoked, and both must be within their validity both when the signature says
 * it was made and now. Only signatures that verify count: a keyring is often assembled from a
 * key server, where anyone may append a subkey, a revocation or a self-signature to anyone's key.
 *
 * <p>The rule for time: the signature's creation time is chosen by the signer, so a key stolen
 * after it expired could sign with an earlier date. A key must therefore be valid at both
 * instants; a revocation refuses the key whatever its date or stated reason.
 */
final class SigningKeyCheck {

    private final Instant now;

    SigningKeyCheck(Instant now) {
        this.now = now;
    }

    /**
     * @param primary the primary key of the keyring's ring holding {@code key}
     * @param key     the key named by the signature (the primary itself or one of its subkeys)
     * @param signed  the signature's creation time
     * @param id      the commit, for the messages
     * @throws SourceException.Terminal {@code SubkeyNotBound}, {@code KeyRevoked}, {@code KeyExpired}
     *                                  or {@code SignatureInvalid}
     */
    void check(PGPPublicKey primary, PGPPublicKey key, Instant signed, String id) throws SourceException, PGPException {
        Optional<PGPSignature> binding = Optional.empty();
        if (key.getKeyID() != primary.getKeyID()) {
            binding = binding(primary, key, id);
        }
        if (revoked(primary, primary, PGPSignature.KEY_REVOCATION)) {
            throw refused("KeyRevoked", "commit " + id + " is signed under primary key " + hex(primary)
                    + ", which its owner has revoked");
        }
        if (binding.isPresent() && revoked(primary, key, PGPSignature.SUBKEY_REVOCATION)) {
            throw refused("KeyRevoked", "commit " + id + " is signed by subkey " + hex(key) + ", which its primary key "
                    + hex(primary) + " has revoked");
        }
        within(primary, latestSelfSignature(primary).map(s -> s.getHashedSubPackets()), signed, id, "primary key");
        if (binding.isPresent()) {
            within(key, Optional.ofNullable(binding.get().getHashedSubPackets()), signed, id, "subkey");
        }
    }

    /** The newest valid binding of {@code subkey} to {@code primary} that allows signing and is signed back. */
    private Optional<PGPSignature> binding(PGPPublicKey primary, PGPPublicKey subkey, String id)
            throws SourceException, PGPException {
        PGPSignature newest = null;
        for (PGPSignature s : list(subkey.getSignaturesOfType(PGPSignature.SUBKEY_BINDING))) {
            if (s.getKeyID() == primary.getKeyID() && certifies(s, primary, primary, subkey)
                    && (newest == null || s.getCreationTime().after(newest.getCreationTime()))) {
                newest = s;
            }
        }
        String which = "commit " + id + " is signed by subkey " + hex(subkey) + ", which ";
        if (newest == null) {
            throw refused("SubkeyNotBound", which + "no valid binding signature of primary key " + hex(primary)
                    + " binds to it");
        }
        PGPSignatureSubpacketVector hashed = newest.getHashedSubPackets();
        if (hashed != null && hashed.getKeyFlags() != 0 && (hashed.getKeyFlags() & KeyFlags.SIGN_DATA) == 0) {
            throw refused("SubkeyNotBound", which + "primary key " + hex(primary) + " did not bind for signing");
        }
        if (!signsBack(newest, primary, subkey)) {
            throw refused("SubkeyNotBound", which + "does not certify primary key " + hex(primary)
                    + " in return (no valid primary key binding signature in its binding)");
        }
        return Optional.of(newest);
    }

    /** A signing subkey's embedded back-signature: without it anyone could claim another's subkey as theirs. */
    private static boolean signsBack(PGPSignature binding, PGPPublicKey primary, PGPPublicKey subkey) throws PGPException {
        for (PGPSignatureSubpacketVector v : new PGPSignatureSubpacketVector[] {binding.getHashedSubPackets(),
            binding.getUnhashedSubPackets()}) {
            PGPSignatureList embedded = v == null ? null : v.getEmbeddedSignatures();
            for (int i = 0; embedded != null && i < embedded.size(); i++) {
                PGPSignature back = embedded.get(i);
                if (back.getSignatureType() == PGPSignature.PRIMARYKEY_BINDING && certifies(back, subkey, primary, subkey)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean revoked(PGPPublicKey primary, PGPPublicKey key, int type) throws PGPException {
        for (PGPSignature s : list(key.getSignaturesOfType(type))) {
            if (s.getKeyID() == primary.getKeyID() && (type == PGPSignature.KEY_REVOCATION
                    ? certifies(s, primary, primary, null) : certifies(s, primary, primary, key))) {
                return true;
            }
        }
        return false;
    }

    /** The primary's newest self-signature that verifies (on a user ID, or directly on the key), where its expiry is. */
    private static Optional<PGPSignature> latestSelfSignature(PGPPublicKey primary) throws PGPException {
        List<PGPSignature> valid = new ArrayList<>();
        for (Iterator<byte[]> ids = primary.getRawUserIDs(); ids.hasNext();) {
            byte[] uid = ids.next();
            for (PGPSignature s : list(primary.getSignaturesForID(uid))) {
                if (s.getKeyID() == primary.getKeyID() && s.isCertification()) {
                    s.init(new JcaPGPContentVerifierBuilderProvider(), primary);
                    if (s.verifyCertification(uid, primary)) {
                        valid.add(s);
                    }
                }
            }
        }
        for (PGPSignature s : list(primary.getSignaturesOfType(PGPSignature.DIRECT_KEY))) {
            if (s.getKeyID() == primary.getKeyID() && certifies(s, primary, primary, null)) {
                valid.add(s);
            }
        }
        return valid.stream().max(java.util.Comparator.comparing(PGPSignature::getCreationTime));
    }

    /** {@code key} existed when it signed, and neither then nor now is past the expiry its self-signature sets. */
    private void within(PGPPublicKey key, Optional<PGPSignatureSubpacketVector> selfSignature, Instant signed, String id,
            String what) throws SourceException {
        Instant created = key.getCreationTime().toInstant();
        if (signed.isBefore(created)) {
            throw refused("SignatureInvalid", "commit " + id + " is signed at " + signed + ", before its " + what + " "
                    + hex(key) + " was created (" + created + ")");
        }
        long seconds = selfSignature.map(PGPSignatureSubpacketVector::getKeyExpirationTime).orElse(0L);
        if (seconds <= 0) {
            return; // no expiry
        }
        Instant expiry = created.plusSeconds(seconds);
        if (!signed.isBefore(expiry) || !now.isBefore(expiry)) {
            throw refused("KeyExpired", "commit " + id + " is signed by " + what + " " + hex(key) + ", which expired at "
                    + expiry + (signed.isBefore(expiry) ? " (signed at " + signed + ", before; a key must be valid when it"
                    + " signs and now)" : " (signed at " + signed + ")"));
        }
    }

    /**
     * Whether {@code s}, made by {@code signer}, certifies {@code subkey} under {@code primary}
     * (a binding or a subkey revocation), or {@code primary} alone when {@code subkey} is null.
     */
    private static boolean certifies(PGPSignature s, PGPPublicKey signer, PGPPublicKey primary, PGPPublicKey subkey)
            throws PGPException {
        s.init(new JcaPGPContentVerifierBuilderProvider(), signer);
        return subkey == null ? s.verifyCertification(primary) : s.verifyCertification(primary, subkey);
    }

    private static List<PGPSignature> list(Iterator<PGPSignature> it) {
        List<PGPSignature> l = new ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }

    private static String hex(PGPPublicKey key) {
        return java.util.HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
    }

    private static SourceException.Terminal refused(String reason, String message) {
        return new SourceException.Terminal(reason, message, null);
    }
}
