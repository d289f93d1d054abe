package dev.moontide.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real commits signed by real subkeys and by revoked or expired keys, made here: a valid
 * signature is not enough, the key must be fit to sign for the trusted primary.
 */
class SigningKeysTest {

    static final Instant NOW = Instant.now();
    static final long DAY = Duration.ofDays(1).toSeconds();

    @TempDir
    Path work;
    Git git;

    /** A primary key with a user ID, and a signing subkey bound to it, as {@code gpg --full-gen-key} makes them. */
    record Ring(PGPKeyPair primary, PGPKeyPair subkey, PGPPublicKeyRing keys) {
        String fingerprint() {
            return HexFormat.of().withUpperCase().formatHex(primary.getPublicKey().getFingerprint());
        }

        PGPPublicKey subkeyInRing() {
            return keys.getPublicKey(subkey.getKeyID());
        }

        Ring with(PGPPublicKey key) {
            return new Ring(primary, subkey, PGPPublicKeyRing.insertPublicKey(keys, key));
        }
    }

    @BeforeEach
    void origin() throws Exception {
        git = Git.init().setDirectory(work.resolve("origin").toFile()).setInitialBranch("main").call();
    }

    static PGPKeyPair pair(Instant created) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return new JcaPGPKeyPair(PGPPublicKey.RSA_GENERAL, g.generateKeyPair(), Date.from(created));
    }

    /** Keys created at {@code created}; an expiry of 0 is none; without {@code backSig} the subkey does not sign back. */
    static Ring ring(Instant created, long primaryExpiry, long subkeyExpiry, boolean backSig) throws Exception {
        PGPKeyPair primary = pair(created);
        PGPKeyPair subkey = pair(created);
        PGPSignatureSubpacketGenerator self = new PGPSignatureSubpacketGenerator();
        self.setKeyFlags(false, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
        self.setKeyExpirationTime(false, primaryExpiry);
        PGPKeyRingGenerator g = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, primary, "Ops <ops@moontide.dev>",
                new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA1), self.generate(), null,
                signer(primary), null);
        PGPSignatureSubpacketGenerator binding = new PGPSignatureSubpacketGenerator();
        binding.setKeyFlags(false, KeyFlags.SIGN_DATA);
        binding.setKeyExpirationTime(false, subkeyExpiry);
        if (backSig) {
            g.addSubKey(subkey, binding.generate(), null, signer(subkey));
        } else {
            g.addSubKey(subkey, binding.generate(), null);
        }
        return new Ring(primary, subkey, g.generatePublicKeyRing());
    }

    static JcaPGPContentSignerBuilder signer(PGPKeyPair k) {
        return new JcaPGPContentSignerBuilder(k.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256);
    }

    /** A revocation of {@code ring}'s primary ({@code subkey} false) or of its subkey, made by the primary. */
    static PGPPublicKey revocation(Ring ring, boolean subkey) throws Exception {
        PGPSignatureGenerator g = new PGPSignatureGenerator(signer(ring.primary()), ring.primary().getPublicKey());
        PGPPublicKey primary = ring.keys().getPublicKey();
        if (subkey) {
            g.init(PGPSignature.SUBKEY_REVOCATION, ring.primary().getPrivateKey());
            return PGPPublicKey.addCertification(ring.subkeyInRing(), g.generateCertification(primary, ring.subkeyInRing()));
        }
        g.init(PGPSignature.KEY_REVOCATION, ring.primary().getPrivateKey());
        return PGPPublicKey.addCertification(primary, g.generateCertification(primary));
    }

    /** Commits signed by {@code key} dated {@code signedAt}, fetched and verified against {@code ring} alone. */
    String verify(Ring ring, PGPKeyPair key, Instant signedAt) throws Exception {
        TestSigner.of(key, signedAt).commit(git, "signed", "a.lua", "return " + System.nanoTime() + "\n");
        GitSource source = new GitSource(work.resolve("origin").toString(), "main", work.resolve("cache"));
        SignatureVerifier verifier = new SignatureVerifier(new PGPPublicKeyRingCollection(List.of(ring.keys())));
        return source.verify(source.fetchCommit(), verifier, List.of(ring.fingerprint())).signer().orElseThrow();
    }

    SourceException refused(Ring ring, PGPKeyPair key, Instant signedAt) {
        return assertThrows(SourceException.Terminal.class, () -> verify(ring, key, signedAt));
    }

    @Test
    void aBoundSubkeySignsForItsPrimary() throws Exception {
        Ring r = ring(NOW.minusSeconds(DAY), 0, 0, true);
        assertEquals(r.fingerprint(), verify(r, r.subkey(), NOW));
        assertEquals(r.fingerprint(), verify(r, r.primary(), NOW));
    }

    @Test
    void aSubkeyAppendedToATrustedKeyIsNotBound() throws Exception {
        Ring trusted = ring(NOW.minusSeconds(DAY), 0, 0, true);
        Ring attacker = ring(NOW.minusSeconds(DAY), 0, 0, true);
        // the attacker's subkey, with its binding by the attacker's primary, added to the trusted
        // key (what anyone can do on a key server)
        Ring injected = trusted.with(attacker.subkeyInRing());
        SourceException e = refused(injected, attacker.subkey(), NOW);
        assertEquals("SubkeyNotBound", e.reason());
        assertTrue(e.getMessage().contains("no valid binding signature of primary key " + trusted.fingerprint()),
                e.getMessage());
    }

    @Test
    void aSigningSubkeyMustSignBack() throws Exception {
        Ring r = ring(NOW.minusSeconds(DAY), 0, 0, false);
        SourceException e = refused(r, r.subkey(), NOW);
        assertEquals("SubkeyNotBound", e.reason());
        assertTrue(e.getMessage().contains("does not certify primary key"), e.getMessage());
    }

    @Test
    void aRevokedSubkeyOrPrimaryIsRefused() throws Exception {
        Ring r = ring(NOW.minusSeconds(DAY), 0, 0, true);
        Ring subkeyRevoked = r.with(revocation(r, true));
        SourceException e = refused(subkeyRevoked, r.subkey(), NOW);
        assertEquals("KeyRevoked", e.reason());
        assertTrue(e.getMessage().contains("which its primary key " + r.fingerprint() + " has revoked"), e.getMessage());
        assertEquals(r.fingerprint(), verify(subkeyRevoked, r.primary(), NOW), "the primary itself still signs");

        Ring primaryRevoked = r.with(revocation(r, false));
        for (PGPKeyPair k : List.of(r.primary(), r.subkey())) {
            e = refused(primaryRevoked, k, NOW);
            assertEquals("KeyRevoked", e.reason());
            assertTrue(e.getMessage().contains("primary key " + r.fingerprint() + ", which its owner has revoked"),
                    e.getMessage());
        }
    }

    @Test
    void anExpiredKeyIsRefusedEvenWithABackdatedSignature() throws Exception {
        // created ten days ago, valid for one: expired nine days ago
        Instant created = NOW.minusSeconds(10 * DAY);
        Ring primaryExpired = ring(created, DAY, 0, true);
        for (PGPKeyPair k : List.of(primaryExpired.primary(), primaryExpired.subkey())) {
            SourceException e = refused(primaryExpired, k, NOW);
            assertEquals("KeyExpired", e.reason());
            assertTrue(e.getMessage().contains("primary key " + primaryExpired.fingerprint() + ", which expired at "
                    + created.plusSeconds(DAY).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)), e.getMessage());
        }
        // dated within the key's validity: whoever holds an expired key can write any date
        SourceException e = refused(primaryExpired, primaryExpired.primary(), created.plusSeconds(3600));
        assertEquals("KeyExpired", e.reason());
        assertTrue(e.getMessage().contains("a key must be valid when it signs and now"), e.getMessage());

        Ring subkeyExpired = ring(created, 0, DAY, true);
        e = refused(subkeyExpired, subkeyExpired.subkey(), NOW);
        assertEquals("KeyExpired", e.reason());
        assertTrue(e.getMessage().contains("is signed by subkey"), e.getMessage());
        assertEquals(subkeyExpired.fingerprint(), verify(subkeyExpired, subkeyExpired.primary(), NOW));
    }

    @Test
    void aSignatureOlderThanItsKeyIsRefused() throws Exception {
        Ring r = ring(NOW.minusSeconds(DAY), 0, 0, true);
        SourceException e = refused(r, r.subkey(), NOW.minusSeconds(2 * DAY));
        assertEquals("SignatureInvalid", e.reason());
        assertTrue(e.getMessage().contains("before its primary key"), e.getMessage());
    }
}
