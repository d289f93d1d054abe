package dev.moontide.source;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.URIish;

/**
 * A Git repository (local path, {@code file://}, {@code https://} or {@code ssh://} URL) followed
 * at a branch, tag or commit, cached on local disk:
 *
 * <pre>
 * CACHE/mirror.git        bare repository: every branch and tag of the remote
 * CACHE/revisions/COMMIT  the files of a commit, checked out without .git and without links
 * CACHE/last-good         the commit last applied with success
 * </pre>
 *
 * <p>{@link #fetchCommit()} brings the ref's current commit without writing its files;
 * {@link #verify} (or {@link #admitUnverified}, when the policy requires no signature) admits
 * it, and only an {@link Admission} lets {@link #checkout} write it; {@link #markGood(Revision)} records a
 * revision as applied; {@link #lastGood()} finds it again, after a restart or with the remote
 * gone, so the reconciler can re-apply it from disk alone.
 */
public final class GitSource {

    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final int TIMEOUT_SECONDS = 60;

    static {
        // JGit measures each file system's timestamp resolution on first use, for seconds; in the
        // background its conservative defaults hold meanwhile, which is right for a cache we own.
        org.eclipse.jgit.util.FS.FileStoreAttributes.setBackground(true);
    }

    private final String url;
    private final String ref;
    private final Path cache;

    /**
     * @param url   where the repository is: a local path or a file, https or ssh URL
     * @param ref   a branch, a tag or a full 40-hex-digit commit id
     * @param cache a folder this source may own
     */
    public GitSource(String url, String ref, Path cache) {
        this.url = Objects.requireNonNull(url, "url");
        this.ref = Objects.requireNonNull(ref, "ref");
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /** The URL as configured, credentials included: for JGit only; print {@link Redaction#url(String)} of it. */
    public String url() {
        return url;
    }

    public String ref() {
        return ref;
    }

    /**
     * Fetches the remote and resolves the commit {@link #ref()} names now, without writing any of
     * its files: {@link Revision#tree()} is where {@link #checkout} will put them. So a
     * commit can be verified before anything of it reaches the disk.
     *
     * @throws SourceException.Transient if the remote could not be reached or read
     * @throws SourceException.Terminal  if the URL is unusable or the ref names nothing
     */
    public Revision fetchCommit() throws SourceException {
        try {
            Files.createDirectories(cache.resolve("revisions"));
        } catch (IOException e) {
            throw new SourceException.Transient("StorageFailed", "cannot create " + cache + ": " + e.getMessage(), e);
        }
        try (Repository repo = mirror(); Git git = new Git(repo)) {
            try {
                git.fetch().setRemote(remoteUri())
                        .setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*"))
                        .setRemoveDeletedRefs(true).setCheckFetchedObjects(true).setTimeout(TIMEOUT_SECONDS).call();
            } catch (GitAPIException | RuntimeException e) {
                throw new SourceException.Transient("FetchFailed", "cannot fetch " + Redaction.url(url) + ": " + message(e),
                        Redaction.scrub(e));
            } finally {
                // JGit records the remote's URL there, user name included (with a token as the
                // user, the secret); nothing here reads it
                Files.deleteIfExists(repo.getDirectory().toPath().resolve("FETCH_HEAD"));
            }
            RevCommit commit = resolve(repo);
            return new Revision(commit.getName(), ref, cache.resolve("revisions").resolve(commit.getName()),
                    Instant.ofEpochSecond(commit.getCommitTime()), commit.getShortMessage());
        } catch (IOException e) {
            throw new SourceException.Transient("StorageFailed", "cannot use the cache " + cache + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the files of {@code revision}'s commit (fetched by this source) to its tree, unless
     * there already, if {@code admission} admitted that commit.
     *
     * @throws IllegalArgumentException if {@code admission} is another commit's: a caller's bug
     */
    public Revision checkout(Revision revision, Admission admission) throws SourceException {
        if (!admission.commit().equals(revision.commit())) {
            throw new IllegalArgumentException("commit " + revision.commit() + " was not admitted (the admission is "
                    + admission.commit() + "'s)");
        }
        try (Repository repo = mirror(); RevWalk walk = new RevWalk(repo)) {
            checkout(repo, walk.parseCommit(ObjectId.fromString(revision.commit())));
            return revision;
        } catch (IOException e) {
            throw new SourceException.Transient("StorageFailed", "cannot check out " + revision.commit() + " in "
                    + cache + ": " + e.getMessage(), e);
        }
    }

    /**
     * The commit {@link #ref()} names on the remote now, asked with {@code ls-remote} (no objects
     * are fetched), or empty if the remote cannot say. Cheap enough to ask while health checks wait.
     */
    public Optional<String> remoteCommit() {
        if (COMMIT.matcher(ref).matches()) {
            return Optional.of(ref);
        }
        try {
            java.util.Map<String, Ref> refs = Git.lsRemoteRepository().setRemote(remoteUri()).setHeads(true)
                    .setTags(true).setTimeout(10).callAsMap();
            for (String name : List.of(Constants.R_HEADS + ref, Constants.R_TAGS + ref, ref)) {
                Ref r = refs.get(name);
                if (r != null) {
                    ObjectId id = r.getPeeledObjectId() != null ? r.getPeeledObjectId() : r.getObjectId();
                    return Optional.ofNullable(id).map(ObjectId::getName);
                }
            }
            return Optional.empty();
        } catch (GitAPIException | SourceException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Makes sure {@code revision}'s checkout holds only regular files and folders before it is
     * applied again: a checkout written by an older moontide kept symbolic links verbatim. If it
     * holds anything else, it is written again from the mirror, confined ({@link TreeCheckout}).
     *
     * @throws SourceException.Terminal {@code UnsafeTree} if the commit's tree itself is unsafe
     * @throws SourceException.Transient {@code StorageFailed} if the mirror no longer has the commit
     */
    public Revision reconfine(Revision revision, Admission admission) throws SourceException {
        try {
            if (TreeCheckout.holdsOnlyFilesAndFolders(revision.tree())) {
                return revision;
            }
            deleteTree(revision.tree());
        } catch (IOException e) {
            throw new SourceException.Transient("StorageFailed", "cannot read " + revision.tree() + ": " + e.getMessage(), e);
        }
        return checkout(revision, admission);
    }

    /**
     * Checks the OpenPGP signature of {@code revision}'s commit (fetched by this source).
     *
     * @return its admission, naming the primary fingerprint of the trusted key that signed it
     * @throws SourceException.Terminal if it is unsigned, badly signed or signed by an untrusted key
     */
    public Admission verify(Revision revision, SignatureVerifier verifier, java.util.Collection<String> trusted)
            throws SourceException {
        try (Repository repo = mirror(); RevWalk walk = new RevWalk(repo)) {
            return new Admission(revision.commit(),
                    verifier.verify(walk.parseCommit(ObjectId.fromString(revision.commit())), trusted));
        } catch (IOException e) {
            throw new SourceException.Transient("StorageFailed", "cannot read " + revision.commit() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Admits {@code revision} without a signature, which only a policy that requires none may do.
     *
     * @throws SourceException.Terminal {@code SignatureUnverified} if {@code policy} requires signatures
     */
    public Admission admitUnverified(Revision revision, SignaturePolicy policy) throws SourceException {
        if (policy.require()) {
            throw new SourceException.Terminal("SignatureUnverified", "commit " + revision.commit().substring(0, 12)
                    + " must be verified: signed commits are required (moontide.signature.require)", null);
        }
        return new Admission(revision.commit(), null);
    }

    /**
     * Whether {@code revision}'s commit is {@code ancestor} or descends from it: a signed commit
     * that does not (an older one pushed back, another branch's) would roll the kernel back to
     * code the operator has since replaced.
     */
    public boolean descendsFrom(Revision revision, String ancestor) throws SourceException {
        try (Repository repo = mirror(); RevWalk walk = new RevWalk(repo)) {
            RevCommit tip = walk.parseCommit(ObjectId.fromString(revision.commit()));
            RevCommit base;
            try {
                base = walk.parseCommit(ObjectId.fromString(ancestor));
            } catch (org.eclipse.jgit.errors.MissingObjectException e) {
                return false; // not in the mirror: no history shows the new commit follows it
            }
            return walk.isMergedInto(base, tip);
        } catch (IOException e) {
            throw new SourceException.Transient("StorageFailed", "cannot read " + revision.commit() + ": " + e.getMessage(), e);
        }
    }

    /** Records {@code revision} as applied with success; older checkouts are deleted. */
    public void markGood(Revision revision) throws IOException {
        Path tmp = cache.resolve("last-good.tmp");
        Files.writeString(tmp, revision.commit() + " " + revision.ref() + " " + revision.time().getEpochSecond() + " "
                + revision.subject().replace('\n', ' ') + "\n");
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, cache.resolve("last-good"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(cache.resolve("revisions"))) {
            for (Path d : dirs) {
                if (!d.getFileName().toString().equals(revision.commit())) {
                    deleteTree(d);
                }
            }
        }
    }

    /** The revision last marked good, if its checkout is still on disk. */
    public Optional<Revision> lastGood() throws IOException {
        Path marker = cache.resolve("last-good");
        if (!Files.exists(marker)) {
            return Optional.empty();
        }
        String[] f = Files.readString(marker).strip().split(" ", 4);
        if (f.length < 3 || !COMMIT.matcher(f[0]).matches()) {
            return Optional.empty();
        }
        Path tree = cache.resolve("revisions").resolve(f[0]);
        if (!Files.isDirectory(tree)) {
            return Optional.empty();
        }
        return Optional.of(new Revision(f[0], f[1], tree, Instant.ofEpochSecond(Long.parseLong(f[2])),
                f.length > 3 ? f[3] : ""));
    }

    private String remoteUri() throws SourceException {
        try {
            new URIish(url);
        } catch (URISyntaxException e) {
            throw new SourceException.Terminal("InvalidURL", "\"" + Redaction.url(url) + "\" is not a Git URL or path: "
                    + Redaction.text(e.getMessage()), Redaction.scrub(e));
        }
        Path local = Path.of(url.startsWith("file://") ? url.substring("file://".length()) : url);
        if (!url.contains("://") && !url.contains("@") && !local.isAbsolute()) {
            return local.toAbsolutePath().toString();
        }
        return url;
    }

    private Repository mirror() throws IOException {
        Path dir = cache.resolve("mirror.git");
        if (!Files.exists(dir.resolve("HEAD"))) {
            try {
                Git.init().setBare(true).setDirectory(dir.toFile()).call().close();
            } catch (GitAPIException e) {
                throw new IOException("cannot create " + dir + ": " + e.getMessage(), e);
            }
        }
        return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
    }

    private RevCommit resolve(Repository repo) throws IOException, SourceException {
        ObjectId id = null;
        if (COMMIT.matcher(ref).matches()) {
            id = ObjectId.fromString(ref);
        } else {
            for (String name : List.of(Constants.R_HEADS + ref, Constants.R_TAGS + ref, ref)) {
                Ref r = repo.exactRef(name);
                if (r != null) {
                    Ref peeled = repo.getRefDatabase().peel(r);
                    id = peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : r.getObjectId();
                    break;
                }
            }
            if (id == null) {
                throw new SourceException.Terminal("RevisionNotFound", "no branch or tag \"" + ref + "\" in "
                        + Redaction.url(url), null);
            }
        }
        try (RevWalk walk = new RevWalk(repo)) {
            return walk.parseCommit(id);
        } catch (MissingObjectException e) {
            throw new SourceException.Terminal("RevisionNotFound", "commit " + ref + " is not on any branch or tag of "
                    + Redaction.url(url), e);
        } catch (org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
            throw new SourceException.Terminal("RevisionNotFound", "\"" + ref + "\" in " + Redaction.url(url) + " is not a commit", e);
        }
    }

    /**
     * Writes the commit's files to revisions/COMMIT (through a temporary folder, renamed whole),
     * confined to it ({@link TreeCheckout}: no link is written or followed).
     *
     * @throws SourceException.Terminal if the tree holds a link that leaves it, or another entry
     *                                  that cannot be checked out inside it
     */
    private Path checkout(Repository repo, RevCommit commit) throws IOException, SourceException {
        Path target = cache.resolve("revisions").resolve(commit.getName());
        if (Files.isDirectory(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return target;
        }
        Path tmp = Files.createTempDirectory(cache.resolve("revisions"), ".checkout-");
        try {
            new TreeCheckout(repo).write(commit.getTree(), tmp);
        } catch (TreeCheckout.Refused e) {
            deleteTree(tmp);
            throw new SourceException.Terminal("UnsafeTree", "commit " + commit.getName() + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target);
        }
        return target;
    }

    private static String message(Throwable e) {
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !b.toString().contains(c.getMessage())) {
                b.append(": ").append(c.getMessage());
            }
        }
        return Redaction.text(b.toString()); // JGit quotes the URL, user name included
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
