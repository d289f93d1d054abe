package dev.moontide.source;

import dev.moontide.apply.FileHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** Real Git repositories in temporary folders, for tests: branch main, commits by a fixed author, unsigned. */
public final class TestRepos {

    private static final PersonIdent WHO = new PersonIdent("Test", "test@moontide.dev");

    private TestRepos() {
    }

    /** A new repository in {@code dir}, on branch main; the caller closes it. */
    public static Git init(Path dir) throws GitAPIException {
        return Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
    }

    /**
     * Writes each path with its content (a null content deletes the path) in the work tree of
     * {@code git}, and commits them with {@code message}.
     */
    public static RevCommit commit(Git git, String message, String... pathsAndContents)
            throws IOException, GitAPIException {
        Path root = git.getRepository().getWorkTree().toPath();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            Path p = root.resolve(pathsAndContents[i]);
            if (pathsAndContents[i + 1] == null) {
                Files.delete(p);
                git.rm().addFilepattern(pathsAndContents[i]).call();
                continue;
            }
            Files.createDirectories(p.getParent());
            Files.writeString(p, pathsAndContents[i + 1]);
            git.add().addFilepattern(pathsAndContents[i]).call();
        }
        return git.commit().setMessage(message).setAuthor(WHO).setCommitter(WHO).setSign(false).call();
    }

    /**
     * Every regular file under {@code dir} (relative path to its sha256 and modification time),
     * to prove a dry run left a tree as it was; empty if {@code dir} does not exist.
     */
    public static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        if (!Files.exists(dir)) {
            return m;
        }
        try (Stream<Path> w = Files.walk(dir)) {
            for (Path p : w.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(p).toString(), FileHash.sha256(p) + " " + Files.getLastModifiedTime(p));
            }
        }
        return m;
    }

    /**
     * Fetches and checks out what {@code source}'s ref names now, admitted without a signature
     * (as the reconciler does when the operator requires none): for tests of fetching and checkout.
     */
    public static Revision fetch(GitSource source) throws SourceException {
        Revision r = source.fetchCommit();
        return source.checkout(r, source.admitUnverified(r, SignaturePolicy.NONE));
    }

    /** Deletes {@code dir} and everything under it, links not followed (a remote the test makes disappear). */
    public static void deleteTree(Path dir) throws IOException {
        GitSource.deleteTree(dir);
    }
}
