package dev.moontide.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moontide.apply.HealthCheck;
import dev.moontide.drift.AlertDestinations;
import dev.moontide.kernel.FakeKernel;
import dev.moontide.manifest.FakeLuak;
import dev.moontide.manifest.Preflight;
import dev.moontide.plan.Sha256;
import dev.moontide.source.SignaturePolicy;
import dev.moontide.source.TestRepos;
import dev.moontide.source.TestSigner;
import dev.moontide.trust.TrustConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signature policy is the operator's, and it is checked before the revision is read: real
 * commits signed in the test with keys made in the test, a real script root, a fake kernel.
 */
class SignaturePolicyTest {

    static final String HEAD = ReconcilerTest.HEAD;
    static final String CONFIG = HEAD + "kind: Config\nspec:\n  interval: 30s\n";

    @TempDir
    Path work;

    Path origin;
    Path scripts;
    Git git;
    FakeKernel kernel;
    TestSigner alice;
    TestSigner mallory;
    Path keyring;
    /** Every root the pre-flight was asked to check: none may be an unverified revision. */
    final List<Path> preflighted = new ArrayList<>();

    @BeforeEach
    void init() throws Exception {
        origin = work.resolve("origin");
        scripts = work.resolve("lua");
        git = TestRepos.init(origin);
        kernel = new FakeKernel(scripts);
        alice = TestSigner.generate();
        mallory = TestSigner.generate();
        keyring = TestSigner.keyring(work.resolve("trusted.asc"), alice);
    }

    @AfterEach
    void close() {
        git.close();
    }

    Reconciler reconciler(SignaturePolicy policy) {
        Preflight recording = new Preflight() {
            @Override
            public Map<String, String> check(Path root, Collection<String> paths) throws IOException {
                preflighted.add(root);
                return FakeLuak.INSTANCE.check(root, paths);
            }

            @Override
            public String describe() {
                return "recording fake luak";
            }
        };
        return new Reconciler(new ReconcileSettings(origin.toString(), "main", "manifests", scripts, work.resolve("state"),
                new TrustConfig(policy, AlertDestinations.NONE)), kernel, recording, new HealthCheck(5), List.of(),
                Clock.systemUTC());
    }

    SignaturePolicy aliceOnly() {
        return new SignaturePolicy(true, List.of(alice.fingerprint()), keyring);
    }

    String signedTwoRuntimes(TestSigner signer) throws Exception {
        return signer.commit(git, "two runtimes",
                "manifests/app.yaml", ReconcilerTest.runtime("db", "db.lua", "")
                        + "---\n" + ReconcilerTest.runtime("web", "web.lua", "  dependsOn: [db]\n"),
                "manifests/config.yaml", CONFIG,
                "db.lua", "return 'db'\n",
                "web.lua", "return 'web'\n");
    }

    @Test
    void anUnsignedCommitThatDeletesTheConfigIsRefusedAndTheSignedRevisionKeepsRunning() throws Exception {
        Reconciler reconciler = reconciler(aliceOnly());
        String signed = signedTwoRuntimes(alice);
        CycleReport first = reconciler.cycle(false, false);
        assertEquals(CycleOutcome.SYNCED, first.outcome(), first.status().toString());
        String db = kernel.runtime("db").sha256();

        TestRepos.commit(git, "no more policy, new db", "manifests/config.yaml", null, "db.lua", "return 'evil'\n");
        kernel.calls().clear();
        CycleReport r = reconciler.cycle(false, false);
        assertEquals(CycleOutcome.FAILED, r.outcome());
        assertEquals(Condition.STALLED, r.status().condition().type());
        assertEquals("Unsigned", r.status().condition().reason());
        assertTrue(r.status().condition().message().endsWith(" is not signed"), r.status().condition().message());
        assertEquals(List.of(), kernel.calls(), "nothing applied");
        assertEquals(db, kernel.runtime("db").sha256());
        assertEquals("return 'db'\n", Files.readString(scripts.resolve("db.lua")), "the signed file stays installed");
        assertEquals(signed, r.status().lastAppliedRevision());
        assertEquals("Invalid", reconciler.history().get(0).result());
    }

    @Test
    void anUnsignedRevisionWithMalformedYamlIsRefusedForItsSignatureNeverParsed() throws Exception {
        Reconciler reconciler = reconciler(aliceOnly());
        String garbage = TestRepos.commit(git, "garbage", "manifests/app.yaml", "kind: [Runtime\n  : : :\n",
                "a.lua", "return 1\n").getName();
        CycleReport r = reconciler.cycle(false, false);
        assertEquals("Unsigned", r.status().condition().reason(), r.status().condition().message());
        assertEquals(List.of(), r.errors(), "no manifest error: the YAML was never read");
        assertEquals(List.of(), preflighted, "no pre-flight of an unverified revision");
        assertFalse(Files.exists(work.resolve("state/git/revisions").resolve(garbage)), "not even checked out");

        CycleReport plan = reconciler.cycle(true, false);
        assertEquals("Unsigned", plan.status().condition().reason(), "a dry run verifies first too");
        assertEquals(List.of(), preflighted);
    }

    @Test
    void aRevisionSignedByAKeyOutsideTheOperatorsPolicyIsRefused() throws Exception {
        Path both = TestSigner.keyring(work.resolve("both.asc"), alice, mallory);
        signedTwoRuntimes(mallory);
        CycleReport notInKeyring = reconciler(aliceOnly()).cycle(false, false);
        assertEquals("UntrustedKey", notInKeyring.status().condition().reason());

        CycleReport notTrusted = reconciler(new SignaturePolicy(true, List.of(alice.fingerprint()), both))
                .cycle(false, false);
        assertEquals("UntrustedKey", notTrusted.status().condition().reason());
        assertTrue(notTrusted.status().condition().message().endsWith("is signed by " + mallory.fingerprint()
                + ", which is not among the trusted keys (moontide.signature.trusted-keys)"),
                notTrusted.status().condition().message());
        assertEquals(List.of(), kernel.calls());
        assertEquals(List.of(), preflighted);
    }

    @Test
    void requiredSignaturesWithoutAKeyringFailClosed() throws Exception {
        signedTwoRuntimes(alice);
        CycleReport r = reconciler(new SignaturePolicy(true, List.of(), null)).cycle(false, false);
        assertEquals("SignatureUnverified", r.status().condition().reason());
        assertTrue(r.status().condition().message().endsWith(": signed commits are required (moontide.signature.require)"
                + " and no keyring is configured (moontide.signature.keyring)"), r.status().condition().message());
        assertEquals(List.of(), kernel.calls());
    }

    @Test
    void aConfigThatStillDeclaresASignaturePolicyIsRefusedNotObeyed() throws Exception {
        alice.commit(git, "old style",
                "manifests/config.yaml", CONFIG + "  signature:\n    require: false\n",
                "manifests/app.yaml", ReconcilerTest.runtime("db", "db.lua", ""), "db.lua", "return 'db'\n");
        CycleReport r = reconciler(aliceOnly()).cycle(false, false);
        assertEquals("ManifestInvalid", r.status().condition().reason());
        assertEquals("manifests/config.yaml: document 1: spec.signature: unknown field; the signature policy is the"
                + " daemon's own configuration (moontide.signature.*), never the repository's", r.errors().get(0).toString());
        assertEquals(List.of(), kernel.calls());
    }

    @Test
    void keysRotateInTheOperatorsPolicy() throws Exception {
        TestSigner next = TestSigner.generate();
        Path rotating = TestSigner.keyring(work.resolve("rotating.asc"), alice, next);
        signedTwoRuntimes(alice);
        SignaturePolicy during = new SignaturePolicy(true, List.of(alice.fingerprint(), next.fingerprint()), rotating);
        assertEquals(CycleOutcome.SYNCED, reconciler(during).cycle(false, false).outcome());

        next.commit(git, "db v2, signed with the new key", "db.lua", "return 'db v2'\n");
        assertEquals(CycleOutcome.SYNCED, reconciler(during).cycle(false, false).outcome());
        assertEquals(Sha256.of("return 'db v2'\n".getBytes(StandardCharsets.UTF_8)), kernel.runtime("db").sha256());

        alice.commit(git, "db v3, signed with the retired key", "db.lua", "return 'db v3'\n");
        SignaturePolicy after = new SignaturePolicy(true, List.of(next.fingerprint()), rotating);
        CycleReport r = reconciler(after).cycle(false, false);
        assertEquals("UntrustedKey", r.status().condition().reason());
        assertEquals(Sha256.of("return 'db v2'\n".getBytes(StandardCharsets.UTF_8)), kernel.runtime("db").sha256());
    }

    @Test
    void anOlderSignedCommitPushedBackIsRefusedAndTheNewerOneKeepsRunning() throws Exception {
        Reconciler reconciler = reconciler(aliceOnly());
        String v1 = signedTwoRuntimes(alice);
        assertEquals(CycleOutcome.SYNCED, reconciler.cycle(false, false).outcome());
        alice.commit(git, "db v2: the fix", "db.lua", "return 'db v2'\n");
        assertEquals(CycleOutcome.SYNCED, reconciler.cycle(false, false).outcome());

        // a pusher without a key force-pushes main back to v1, signed by alice too
        git.reset().setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD).setRef(v1).call();
        kernel.calls().clear();
        CycleReport r = reconciler.cycle(false, false);
        assertEquals(CycleOutcome.FAILED, r.outcome());
        assertEquals("NotDescendant", r.status().condition().reason(), r.status().condition().message());
        assertEquals(List.of(), kernel.calls(), "nothing applied");
        assertEquals(Sha256.of("return 'db v2'\n".getBytes(StandardCharsets.UTF_8)), kernel.runtime("db").sha256());

        // a signed commit on top of v2 is followed again
        git.reset().setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD)
                .setRef(r.status().lastAppliedRevision()).call();
        alice.commit(git, "db v3", "db.lua", "return 'db v3'\n");
        assertEquals(CycleOutcome.SYNCED, reconciler.cycle(false, false).outcome());
        assertEquals(Sha256.of("return 'db v3'\n".getBytes(StandardCharsets.UTF_8)), kernel.runtime("db").sha256());
    }

    @Test
    void aSignedCommitOfAnotherHistoryIsRefused() throws Exception {
        Reconciler reconciler = reconciler(aliceOnly());
        signedTwoRuntimes(alice);
        assertEquals(CycleOutcome.SYNCED, reconciler.cycle(false, false).outcome());
        String db = kernel.runtime("db").sha256();

        // main replaced by a root commit of another history, signed by alice too
        git.checkout().setOrphan(true).setName("other").call();
        org.eclipse.jgit.lib.RefUpdate main = git.getRepository().updateRef("refs/heads/main");
        main.setForceUpdate(true);
        main.delete();
        alice.commit(git, "another history", "manifests/app.yaml",
                ReconcilerTest.runtime("db", "db.lua", ""), "db.lua", "return 'old db'\n");
        CycleReport r = reconciler.cycle(false, false);
        assertEquals("NotDescendant", r.status().condition().reason(), r.status().condition().message());
        assertEquals(db, kernel.runtime("db").sha256());
    }

    @Test
    void withoutARequiredSignatureAnUnsignedRevisionIsApplied() throws Exception {
        TestRepos.commit(git, "unsigned", "manifests/app.yaml", ReconcilerTest.runtime("db", "db.lua", ""),
                "db.lua", "return 'db'\n");
        assertEquals(CycleOutcome.SYNCED, reconciler(SignaturePolicy.NONE).cycle(false, false).outcome());
    }

    /** The remote gone and every runtime with it (a module reload): what a restart after both looks like. */
    void loseTheRemoteAndTheKernel() throws Exception {
        git.close();
        TestRepos.deleteTree(origin);
        for (String name : List.of("web", "db")) {
            kernel.stop(name);
        }
        kernel.calls().clear();
    }

    @Test
    void theLastGoodRevisionIsVerifiedAgainBeforeItIsReappliedFromDisk() throws Exception {
        // applied while the operator required no signature
        String unsigned = TestRepos.commit(git, "two runtimes, unsigned",
                "manifests/app.yaml", ReconcilerTest.runtime("db", "db.lua", "")
                        + "---\n" + ReconcilerTest.runtime("web", "web.lua", "  dependsOn: [db]\n"),
                "manifests/config.yaml", CONFIG, "db.lua", "return 'db'\n", "web.lua", "return 'web'\n").getName();
        assertEquals(CycleOutcome.SYNCED, reconciler(SignaturePolicy.NONE).cycle(false, false).outcome());
        loseTheRemoteAndTheKernel();

        // now signatures are required: the unsigned last good revision is not put back
        CycleReport r = reconciler(aliceOnly()).cycle(false, false);
        assertEquals("FetchFailed", r.status().condition().reason());
        assertTrue(r.status().condition().message().endsWith("; the last good revision main@sha1:" + unsigned.substring(0, 12)
                + " is not applied again: Unsigned: commit " + unsigned.substring(0, 12) + " is not signed"),
                r.status().condition().message());
        assertEquals(List.of(), kernel.calls(), "nothing re-applied from an unverified revision");
        git = Git.init().setDirectory(work.resolve("unused").toFile()).call();
    }

    @Test
    void aSignedLastGoodRevisionIsStillReappliedFromDisk() throws Exception {
        signedTwoRuntimes(alice);
        assertEquals(CycleOutcome.SYNCED, reconciler(aliceOnly()).cycle(false, false).outcome());
        loseTheRemoteAndTheKernel();
        CycleReport r = reconciler(aliceOnly()).cycle(false, false);
        assertEquals("FetchFailed", r.status().condition().reason());
        assertEquals(List.of("run db", "run web"), kernel.calls());
        git = Git.init().setDirectory(work.resolve("unused").toFile()).call();
    }

    @Test
    void aLastGoodCheckoutWithALinkIsWrittenAgainConfinedBeforeItIsReapplied() throws Exception {
        String commit = signedTwoRuntimes(alice);
        assertEquals(CycleOutcome.SYNCED, reconciler(aliceOnly()).cycle(false, false).outcome());
        // what an older moontide left: the link as committed, pointing out of the checkout
        Path outside = Files.writeString(work.resolve("outside.lua"), "return 'outside'\n");
        Path db = work.resolve("state/git/revisions").resolve(commit).resolve("db.lua");
        Files.delete(db);
        Files.createSymbolicLink(db, outside);
        loseTheRemoteAndTheKernel();

        CycleReport r = reconciler(aliceOnly()).cycle(false, false);
        assertEquals(List.of("run db", "run web"), kernel.calls(), r.status().toString());
        assertFalse(Files.isSymbolicLink(db), "the checkout was written again from the Git cache");
        assertEquals("return 'db'\n", Files.readString(db));
        assertFalse(Files.isSymbolicLink(scripts.resolve("db.lua")));
        assertEquals("return 'db'\n", Files.readString(scripts.resolve("db.lua")));
        git = Git.init().setDirectory(work.resolve("unused").toFile()).call();
    }
}
