package dev.moontide.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkout writes nothing outside its folder and no symbolic link at all, whatever links the
 * repository holds: real repositories with real links, and trees no {@code git add} would make.
 */
class CheckoutConfinedTest {

    @TempDir
    Path work;

    Path origin;
    Path cache;
    Path outside;
    Git git;

    @BeforeEach
    void init() throws Exception {
        origin = work.resolve("origin");
        cache = work.resolve("cache");
        outside = Files.createDirectories(work.resolve("outside"));
        git = TestRepos.init(origin);
        TestRepos.commit(git, "first", "a.lua", "return 1\n", "lib/util.lua", "return {}\n");
    }

    @AfterEach
    void close() {
        git.close();
    }

    /** Commits a symbolic link at {@code path} with {@code target}, as {@code ln -s} and {@code git add} do. */
    void commitLink(String path, String target) throws Exception {
        Path p = origin.resolve(path);
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, Path.of(target));
        git.add().addFilepattern(path).call();
        git.commit().setMessage("link " + path).setSign(false).call();
    }

    SourceException.Terminal refused() {
        SourceException e = assertThrows(SourceException.class, () -> TestRepos.fetch(new GitSource(origin.toString(), "main", cache)));
        assertTrue(e instanceof SourceException.Terminal, e.toString());
        return (SourceException.Terminal) e;
    }

    @Test
    void aLinkToEtcPasswdRefusesTheRevisionNamingThePath() throws Exception {
        commitLink("evil.lua", "/etc/passwd");
        SourceException.Terminal e = refused();
        assertEquals("UnsafeTree", e.reason());
        assertTrue(e.getMessage().endsWith(": evil.lua: is a symbolic link to /etc/passwd, outside the repository"),
                e.getMessage());
        assertNoCheckoutLeft();
    }

    @Test
    void aLinkToAParentFolderIsRefused() throws Exception {
        commitLink("lib/up", "../..");
        assertTrue(refused().getMessage().endsWith(": lib/up: is a symbolic link to ../.., outside the repository"));
    }

    @Test
    void aLinkToTheRepositoryRootIsRefused() throws Exception {
        commitLink("lib/root", "..");
        assertTrue(refused().getMessage().endsWith(": lib/root: is a symbolic link to .., outside the repository"));
    }

    @Test
    void aLinkToAFolderInsideIsRefused() throws Exception {
        commitLink("l", "lib");
        assertTrue(refused().getMessage().endsWith(": l: is a symbolic link to lib, not a file: only links to files"
                + " inside the repository are checked out (as copies)"));
    }

    @Test
    void aDanglingLinkAndALoopOfLinksAreRefused() throws Exception {
        commitLink("gone.lua", "lib/none.lua");
        assertTrue(refused().getMessage().endsWith(": gone.lua: is a symbolic link to lib/none.lua, which is no file of the repository"));
        git.rm().addFilepattern("gone.lua").call();
        Files.deleteIfExists(origin.resolve("gone.lua"));
        commitLink("x.lua", "y.lua");
        commitLink("y.lua", "x.lua");
        assertTrue(refused().getMessage().endsWith(": x.lua: is a chain of more than 8 symbolic links"));
    }

    @Test
    void aLinkToAFileInsideIsCheckedOutAsACopyNeverAsALink() throws Exception {
        commitLink("lib/main.lua", "../a.lua");
        commitLink("chain.lua", "lib/main.lua");
        Revision r = TestRepos.fetch(new GitSource(origin.toString(), "main", cache));
        for (String p : List.of("lib/main.lua", "chain.lua")) {
            assertFalse(Files.isSymbolicLink(r.tree().resolve(p)), p);
            assertTrue(Files.isRegularFile(r.tree().resolve(p)), p);
            assertEquals("return 1\n", Files.readString(r.tree().resolve(p)), p);
        }
        assertEquals(List.of(), links(r.tree()));
    }

    @Test
    void aFolderLinkThenAFileUnderItWritesNothingOutside() throws Exception {
        // a tree no git add makes: "d" a link to a folder outside, then the folder "d" with "d/f";
        // written in order, the link was made first and d/f was written through it
        Repository repo = git.getRepository();
        try (ObjectInserter ins = repo.newObjectInserter()) {
            ObjectId link = ins.insert(Constants.OBJ_BLOB, outside.toString().getBytes(StandardCharsets.UTF_8));
            TreeFormatter sub = new TreeFormatter();
            sub.append("f", FileMode.REGULAR_FILE, ins.insert(Constants.OBJ_BLOB, "planted\n".getBytes(StandardCharsets.UTF_8)));
            TreeFormatter root = new TreeFormatter();
            root.append("d", FileMode.SYMLINK, link);
            root.append("d", FileMode.TREE, ins.insert(sub));
            commitTree(repo, ins, ins.insert(root));
        }
        assertThrows(SourceException.class, () -> TestRepos.fetch(new GitSource(origin.toString(), "main", cache)));
        assertEquals(List.of(), Files.list(outside).toList());
        assertNoCheckoutLeft();
    }

    @Test
    void theCheckoutItselfRefusesAFolderLinkThenAFileUnderIt() throws Exception {
        // the same tree checked out straight from the repository, without the fetch's object check
        Repository repo = git.getRepository();
        ObjectId tree;
        try (ObjectInserter ins = repo.newObjectInserter()) {
            TreeFormatter sub = new TreeFormatter();
            sub.append("f", FileMode.REGULAR_FILE, ins.insert(Constants.OBJ_BLOB, "planted\n".getBytes(StandardCharsets.UTF_8)));
            TreeFormatter root = new TreeFormatter();
            root.append("a.lua", FileMode.REGULAR_FILE, ins.insert(Constants.OBJ_BLOB, "return 1\n".getBytes(StandardCharsets.UTF_8)));
            root.append("d", FileMode.SYMLINK, ins.insert(Constants.OBJ_BLOB, outside.toString().getBytes(StandardCharsets.UTF_8)));
            root.append("d", FileMode.TREE, ins.insert(sub));
            tree = ins.insert(root);
            ins.flush();
        }
        Path into = Files.createDirectories(work.resolve("into"));
        try (RevWalk walk = new RevWalk(repo)) {
            TreeCheckout.Refused e = assertThrows(TreeCheckout.Refused.class,
                    () -> new TreeCheckout(repo).write(walk.parseTree(tree), into));
            assertEquals("d", e.path);
        }
        assertEquals(List.of(), Files.list(outside).toList());
        assertEquals(List.of(), links(into));
    }

    @Test
    void anInsideLinkThenAFileUnderItIsRefusedAsNotAFolder() throws Exception {
        Repository repo = git.getRepository();
        ObjectId tree;
        try (ObjectInserter ins = repo.newObjectInserter()) {
            TreeFormatter sub = new TreeFormatter();
            sub.append("f", FileMode.REGULAR_FILE, ins.insert(Constants.OBJ_BLOB, "x\n".getBytes(StandardCharsets.UTF_8)));
            TreeFormatter root = new TreeFormatter();
            root.append("a.lua", FileMode.REGULAR_FILE, ins.insert(Constants.OBJ_BLOB, "return 1\n".getBytes(StandardCharsets.UTF_8)));
            root.append("d", FileMode.SYMLINK, ins.insert(Constants.OBJ_BLOB, "a.lua".getBytes(StandardCharsets.UTF_8)));
            root.append("d", FileMode.TREE, ins.insert(sub));
            tree = ins.insert(root);
            ins.flush();
        }
        Path into = Files.createDirectories(work.resolve("into"));
        try (RevWalk walk = new RevWalk(repo)) {
            TreeCheckout.Refused e = assertThrows(TreeCheckout.Refused.class,
                    () -> new TreeCheckout(repo).write(walk.parseTree(tree), into));
            assertEquals("d/f: is under d, which is not a folder", e.getMessage());
        }
    }

    @Test
    void linkTargetsResolveInsideTheTreeOnly() {
        assertEquals("a.lua", TreeCheckout.inside("lib/x", "../a.lua").orElseThrow());
        assertEquals("lib/b.lua", TreeCheckout.inside("lib/x", "./b.lua").orElseThrow());
        assertTrue(TreeCheckout.inside("lib/x", "../../a.lua").isEmpty());
        assertTrue(TreeCheckout.inside("x", "/etc/passwd").isEmpty());
        assertTrue(TreeCheckout.inside("x", ".").isEmpty());
        assertTrue(TreeCheckout.inside("x", "").isEmpty());
    }

    void commitTree(Repository repo, ObjectInserter ins, ObjectId tree) throws IOException {
        PersonIdent who = new PersonIdent("Test", "test@moontide.dev");
        CommitBuilder c = new CommitBuilder();
        c.setTreeId(tree);
        c.setParentId(repo.resolve("refs/heads/main"));
        c.setAuthor(who);
        c.setCommitter(who);
        c.setMessage("crafted tree\n");
        ObjectId id = ins.insert(c);
        ins.flush();
        RefUpdate u = repo.updateRef("refs/heads/main");
        u.setNewObjectId(id);
        u.forceUpdate();
    }

    void assertNoCheckoutLeft() throws IOException {
        try (Stream<Path> s = Files.list(cache.resolve("revisions"))) {
            assertEquals(List.of(), s.toList());
        }
    }

    static List<Path> links(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isSymbolicLink).toList();
        }
    }
}
