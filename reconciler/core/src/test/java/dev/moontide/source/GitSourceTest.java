package dev.moontide.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GitSource against real repositories made with JGit in temporary folders. */
class GitSourceTest {

    @TempDir
    Path work;

    Path origin;
    Path cache;
    Git git;

    @BeforeEach
    void init() throws Exception {
        origin = work.resolve("origin");
        cache = work.resolve("cache");
        git = TestRepos.init(origin);
    }

    @AfterEach
    void close() {
        git.close();
    }

    RevCommit commit(String path, String content, String message) throws Exception {
        return TestRepos.commit(git, message, path, content);
    }

    @Test
    void fetchesABranchAndFollowsIt() throws Exception {
        RevCommit first = commit("manifests/a.yaml", "one\n", "first");
        GitSource source = new GitSource(origin.toString(), "main", cache);
        Revision r1 = TestRepos.fetch(source);
        assertEquals(first.getName(), r1.commit());
        assertEquals("first", r1.subject());
        assertEquals("one\n", Files.readString(r1.tree().resolve("manifests/a.yaml")));
        assertFalse(Files.exists(r1.tree().resolve(".git")));

        RevCommit second = commit("manifests/a.yaml", "two\n", "second");
        Revision r2 = TestRepos.fetch(source);
        assertEquals(second.getName(), r2.commit());
        assertEquals("two\n", Files.readString(r2.tree().resolve("manifests/a.yaml")));
        assertEquals("one\n", Files.readString(r1.tree().resolve("manifests/a.yaml")), "old checkout untouched");
        assertEquals("main@sha1:" + second.getName().substring(0, 12), r2.display());
    }

    @Test
    void fetchesATagACommitAndAFileUrl() throws Exception {
        RevCommit first = commit("a.lua", "return 1\n", "first");
        git.tag().setName("v1").setAnnotated(true).setMessage("v1").setSigned(false).call();
        commit("a.lua", "return 2\n", "second");
        assertEquals(first.getName(), TestRepos.fetch(new GitSource(origin.toString(), "v1", cache)).commit());
        assertEquals(first.getName(), TestRepos.fetch(new GitSource(origin.toString(), first.getName(), cache)).commit());
        assertEquals(first.getName(), TestRepos.fetch(new GitSource(origin.toUri().toString(), "v1", work.resolve("c2"))).commit());
    }

    @Test
    void aFetchLeavesNoFetchHeadWhereJGitWritesTheRemotesUrl() throws Exception {
        commit("a.lua", "return 1\n", "first");
        TestRepos.fetch(new GitSource(origin.toString(), "main", cache));
        assertFalse(java.nio.file.Files.exists(cache.resolve("mirror.git").resolve("FETCH_HEAD")),
                "FETCH_HEAD names the remote URL, a token user included");
    }

    @Test
    void anUnknownRefIsTerminal() throws Exception {
        commit("a.lua", "return 1\n", "first");
        SourceException e = assertThrows(SourceException.class, () -> TestRepos.fetch(new GitSource(origin.toString(), "nope", cache)));
        assertTrue(e instanceof SourceException.Terminal);
        assertFalse(e.retryable());
        assertEquals("RevisionNotFound", e.reason());
        assertEquals("no branch or tag \"nope\" in " + origin, e.getMessage());

        String missing = "0123456789abcdef0123456789abcdef01234567";
        e = assertThrows(SourceException.class, () -> TestRepos.fetch(new GitSource(origin.toString(), missing, cache)));
        assertEquals("commit " + missing + " is not on any branch or tag of " + origin, e.getMessage());
    }

    @Test
    void aLostRemoteIsTransientAndTheLastGoodRevisionStaysOnDisk() throws Exception {
        commit("a.lua", "return 1\n", "first");
        GitSource source = new GitSource(origin.toString(), "main", cache);
        Revision good = TestRepos.fetch(source);
        source.markGood(good);
        git.close();
        GitSource.deleteTree(origin);

        SourceException e = assertThrows(SourceException.class, () -> TestRepos.fetch(source));
        assertTrue(e instanceof SourceException.Transient, e.toString());
        assertEquals("FetchFailed", e.reason());
        assertTrue(e.getMessage().startsWith("cannot fetch " + origin + ": "), e.getMessage());

        Optional<Revision> last = new GitSource(origin.toString(), "main", cache).lastGood();
        assertEquals(Optional.of(good), last);
        assertEquals("return 1\n", Files.readString(last.get().tree().resolve("a.lua")));
        git = Git.init().setDirectory(work.resolve("unused").toFile()).call();
    }

    @Test
    void markGoodKeepsOnlyTheGoodCheckout() throws Exception {
        commit("a.lua", "return 1\n", "first");
        GitSource source = new GitSource(origin.toString(), "main", cache);
        Revision r1 = TestRepos.fetch(source);
        commit("a.lua", "return 2\n", "second");
        Revision r2 = TestRepos.fetch(source);
        source.markGood(r2);
        assertFalse(Files.exists(r1.tree()));
        assertTrue(Files.exists(r2.tree()));
        assertEquals(Optional.of(r2), source.lastGood());
    }

    @Test
    void aBadUrlIsTerminalOrTransientButNeverACrash() {
        SourceException e = assertThrows(SourceException.class,
                () -> TestRepos.fetch(new GitSource("https://127.0.0.1:1/none.git", "main", cache)));
        assertTrue(e instanceof SourceException.Transient, e.toString());
    }

    /**
     * No public way writes an unverified commit to disk: no fetch-and-checkout in one call, a
     * checkout needs the admission of that very commit, and a policy requiring signatures admits
     * nothing unverified.
     */
    @Test
    void nothingIsCheckedOutWithoutAnAdmissionOfThatCommit() throws Exception {
        commit("a.lua", "return 1\n", "first");
        GitSource source = new GitSource(origin.toString(), "main", cache);
        for (java.lang.reflect.Method m : GitSource.class.getMethods()) {
            assertFalse(m.getName().equals("fetch"), "GitSource.fetch() returned a checked-out, unverified revision");
            if (m.getName().equals("checkout")) {
                assertTrue(List.of(m.getParameterTypes()).contains(Admission.class), m.toString());
            }
        }
        Revision first = source.fetchCommit();
        Admission admitted = source.admitUnverified(first, SignaturePolicy.NONE);
        commit("a.lua", "return 2\n", "second");
        Revision second = source.fetchCommit();
        assertThrows(IllegalArgumentException.class, () -> source.checkout(second, admitted));
        assertFalse(Files.exists(second.tree()));
        SourceException e = assertThrows(SourceException.class, () -> source.admitUnverified(second,
                new SignaturePolicy(true, List.of(), null)));
        assertEquals("SignatureUnverified", e.reason());
        assertEquals("return 1\n", Files.readString(source.checkout(first, admitted).tree().resolve("a.lua")));
    }
}
