package dev.moontide.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

/**
 * An OpenPGP key made for a test, which commits to a {@link TestRepos} repository with a real
 * signature over the commit's bytes, as {@code git commit -S} would.
 */
public final class TestSigner {

    private static final PersonIdent WHO = new PersonIdent("Signer", "signer@moontide.dev");

    private final PGPKeyPair key;
    /** The time the signatures say they were made; null: now. */
    private final Date signedAt;

    private TestSigner(PGPKeyPair key, Date signedAt) {
        this.key = key;
        this.signedAt = signedAt;
    }

    /** Signs with {@code key} (a primary or a subkey of a ring made by the test), dating each signature {@code signedAt}. */
    public static TestSigner of(PGPKeyPair key, java.time.Instant signedAt) {
        return new TestSigner(key, Date.from(signedAt));
    }

    /** A new RSA key (2048 bits: enough for a test, quick to make). */
    public static TestSigner generate() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return new TestSigner(new JcaPGPKeyPair(PGPPublicKey.RSA_GENERAL, g.generateKeyPair(), new Date()), null);
    }

    /** The primary fingerprint, 40 upper-case hex digits. */
    public String fingerprint() {
        return HexFormat.of().withUpperCase().formatHex(key.getPublicKey().getFingerprint());
    }

    /** Writes an armored public keyring of {@code signers} to {@code file}, as {@code gpg --export --armor} does. */
    public static Path keyring(Path file, TestSigner... signers) throws IOException {
        try (OutputStream out = new ArmoredOutputStream(Files.newOutputStream(file))) {
            for (TestSigner s : signers) {
                new PGPPublicKeyRing(List.of(s.key.getPublicKey())).encode(out);
            }
        }
        return file;
    }

    /**
     * Stages each path with its content (null deletes it), as {@link TestRepos#commit} does, and
     * commits the index on branch main signed by this key.
     *
     * @return the commit id
     */
    public String commit(Git git, String message, String... pathsAndContents) throws Exception {
        Path root = git.getRepository().getWorkTree().toPath();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            Path p = root.resolve(pathsAndContents[i]);
            if (pathsAndContents[i + 1] == null) {
                Files.delete(p);
                git.rm().addFilepattern(pathsAndContents[i]).call();
            } else {
                Files.createDirectories(p.getParent());
                Files.writeString(p, pathsAndContents[i + 1]);
                git.add().addFilepattern(pathsAndContents[i]).call();
            }
        }
        Repository repo = git.getRepository();
        try (ObjectInserter ins = repo.newObjectInserter()) {
            DirCache index = repo.readDirCache();
            CommitBuilder cb = new CommitBuilder();
            cb.setTreeId(index.writeTree(ins));
            ObjectId head = repo.resolve("refs/heads/main");
            if (head != null) {
                cb.setParentId(head);
            }
            cb.setAuthor(WHO);
            cb.setCommitter(WHO);
            cb.setMessage(message + "\n");
            cb.setGpgSignature(new GpgSignature(sign(cb.build())));
            ObjectId id = ins.insert(cb);
            ins.flush();
            RefUpdate u = repo.updateRef("refs/heads/main");
            u.setNewObjectId(id);
            u.forceUpdate();
            return id.getName();
        }
    }

    private byte[] sign(byte[] payload) throws Exception {
        PGPSignatureGenerator gen = new PGPSignatureGenerator(
                new JcaPGPContentSignerBuilder(key.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256),
                key.getPublicKey());
        if (signedAt != null) {
            org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator hashed = new org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator();
            hashed.setSignatureCreationTime(false, signedAt);
            gen.setHashedSubpackets(hashed.generate());
        }
        gen.init(PGPSignature.BINARY_DOCUMENT, key.getPrivateKey());
        gen.update(payload);
        ByteArrayOutputStream armored = new ByteArrayOutputStream();
        try (ArmoredOutputStream a = new ArmoredOutputStream(armored)) {
            gen.generate().encode(a);
        }
        return armored.toByteArray();
    }
}
