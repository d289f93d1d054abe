package dev.moontide.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed commits made here with a key made here, verified through GitSource. */
class SignatureVerifierTest {

    @TempDir
    Path work;

    Path origin;
    PGPKeyPair trusted;
    PGPKeyPair stranger;
    SignatureVerifier verifier;

    @BeforeEach
    void keys() throws Exception {
        trusted = key();
        stranger = key();
        verifier = new SignatureVerifier(new PGPPublicKeyRingCollection(List.of(
                new PGPPublicKeyRing(List.of(trusted.getPublicKey())))));
        origin = work.resolve("origin");
        try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
            Files.writeString(origin.resolve("a.lua"), "return 1\n");
            git.add().addFilepattern("a.lua").call();
            git.commit().setMessage("unsigned").setSign(false).call();
        }
    }

    static PGPKeyPair key() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return new JcaPGPKeyPair(PGPPublicKey.RSA_GENERAL, g.generateKeyPair(), new Date());
    }

    static String fingerprint(PGPKeyPair k) {
        return HexFormat.of().withUpperCase().formatHex(k.getPublicKey().getFingerprint());
    }

    /** Commits the same tree again with a signature by {@code signer}; {@code tamper} signs other bytes. */
    String signedCommit(PGPKeyPair signer, boolean tamper) throws Exception {
        try (Repository repo = Git.open(origin.toFile()).getRepository(); ObjectInserter ins = repo.newObjectInserter();
                RevWalk walk = new RevWalk(repo)) {
            RevCommit head = walk.parseCommit(repo.resolve("refs/heads/main"));
            CommitBuilder cb = new CommitBuilder();
            cb.setTreeId(head.getTree());
            cb.setParentId(head);
            PersonIdent who = new PersonIdent("Signer", "signer@moontide.dev");
            cb.setAuthor(who);
            cb.setCommitter(who);
            cb.setMessage("signed\n");
            byte[] payload = cb.build();
            PGPSignatureGenerator gen = new PGPSignatureGenerator(
                    new JcaPGPContentSignerBuilder(signer.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256),
                    signer.getPublicKey());
            gen.init(PGPSignature.BINARY_DOCUMENT, signer.getPrivateKey());
            gen.update(tamper ? "other bytes".getBytes() : payload);
            ByteArrayOutputStream armored = new ByteArrayOutputStream();
            try (ArmoredOutputStream a = new ArmoredOutputStream(armored)) {
                gen.generate().encode(a);
            }
            cb.setGpgSignature(new GpgSignature(armored.toByteArray()));
            ObjectId id = ins.insert(cb);
            ins.flush();
            RefUpdate u = repo.updateRef("refs/heads/main");
            u.setNewObjectId(id);
            u.forceUpdate();
            return id.getName();
        }
    }

    @Test
    void aCommitSignedByATrustedKeyPasses() throws Exception {
        String id = signedCommit(trusted, false);
        GitSource source = new GitSource(origin.toString(), "main", work.resolve("cache"));
        Revision r = source.fetchCommit();
        assertEquals(id, r.commit());
        assertEquals(fingerprint(trusted), source.verify(r, verifier, List.of(fingerprint(trusted).toLowerCase())).signer().orElseThrow());
        assertEquals(fingerprint(trusted), source.verify(r, verifier, List.of()).signer().orElseThrow(), "no fingerprints named: the keyring decides");
    }

    @Test
    void unsignedUnknownTamperedAndUntrustedCommitsAreTerminal() throws Exception {
        GitSource source = new GitSource(origin.toString(), "main", work.resolve("cache"));
        Revision unsigned = source.fetchCommit();
        SourceException e = assertThrows(SourceException.Terminal.class, () -> source.verify(unsigned, verifier, List.of()));
        assertEquals("Unsigned", e.reason());
        assertEquals("commit " + unsigned.commit().substring(0, 12) + " is not signed", e.getMessage());

        signedCommit(stranger, false);
        Revision byStranger = source.fetchCommit();
        e = assertThrows(SourceException.Terminal.class, () -> source.verify(byStranger, verifier, List.of()));
        assertEquals("UntrustedKey", e.reason());

        signedCommit(trusted, true);
        Revision tampered = source.fetchCommit();
        e = assertThrows(SourceException.Terminal.class, () -> source.verify(tampered, verifier, List.of()));
        assertEquals("SignatureInvalid", e.reason());
        assertEquals("the signature of commit " + tampered.commit().substring(0, 12) + " does not match its content",
                e.getMessage());

        signedCommit(trusted, false);
        Revision good = source.fetchCommit();
        e = assertThrows(SourceException.Terminal.class,
                () -> source.verify(good, verifier, List.of("0123456789ABCDEF0123456789ABCDEF01234567")));
        assertEquals("UntrustedKey", e.reason());
        assertEquals("commit " + good.commit().substring(0, 12) + " is signed by " + fingerprint(trusted)
                + ", which is not among the trusted keys (moontide.signature.trusted-keys)", e.getMessage());
    }
}
