package dev.moontide.source;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.errors.LargeObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Writes a commit's files into an empty folder, confined to it. The tree comes from whoever can
 * push, so nothing in it may make us write or read outside the folder:
 * <ul>
 * <li>a symbolic link is never written: one that resolves, inside the tree, to a regular file
 *     of the tree is written as a copy of that file; any other (absolute, leaving the tree, to a
 *     folder, dangling, a chain of more than {@value #MAX_HOPS}) refuses the whole tree;</li>
 * <li>each folder on the way to a file is created by us or checked to be a real folder (never a
 *     link), and each file is created new, without following a link.</li>
 * </ul>
 * Submodules are not followed.
 */
final class TreeCheckout {

    /** Links followed from one link, as the kernel's MAXSYMLINKS is for path lookups. */
    static final int MAX_HOPS = 8;
    /** Longest link target read, as PATH_MAX. */
    private static final int MAX_TARGET = 4096;

    /** The tree cannot be checked out safely; {@code path} is the entry at fault. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final String path;

        Refused(String path, String message) {
            super(path + ": " + message);
            this.path = path;
        }
    }

    private final Repository repo;

    TreeCheckout(Repository repo) {
        this.repo = Objects.requireNonNull(repo, "repo");
    }

    /** Writes the files of {@code tree} under {@code root}, an empty folder. */
    void write(RevTree tree, Path root) throws IOException, Refused {
        try (TreeWalk walk = new TreeWalk(repo)) {
            walk.addTree(tree);
            walk.setRecursive(true);
            while (walk.next()) {
                String path = walk.getPathString();
                FileMode mode = walk.getFileMode(0);
                checkSegments(path);
                if (mode == FileMode.GITLINK) {
                    continue;
                }
                ObjectId blob = walk.getObjectId(0);
                if (mode == FileMode.SYMLINK) {
                    Target t = resolve(tree, path, blob);
                    blob = t.blob();
                    mode = t.mode();
                }
                writeFile(root, path, blob, mode == FileMode.EXECUTABLE_FILE);
            }
        }
    }

    private record Target(ObjectId blob, FileMode mode) {
    }

    /** The regular file a link of the tree ends at, following links inside the tree only. */
    private Target resolve(RevTree tree, String link, ObjectId blob) throws IOException, Refused {
        String at = link;
        ObjectId id = blob;
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            String target = readTarget(link, id);
            Optional<String> inside = inside(at, target);
            if (inside.isEmpty()) {
                throw new Refused(link, "is a symbolic link to " + target + ", outside the repository");
            }
            try (TreeWalk w = TreeWalk.forPath(repo, inside.get(), tree)) {
                if (w == null) {
                    throw new Refused(link, "is a symbolic link to " + target + ", which is no file of the repository");
                }
                FileMode mode = w.getFileMode(0);
                if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
                    return new Target(w.getObjectId(0), mode);
                }
                if (mode != FileMode.SYMLINK) {
                    throw new Refused(link, "is a symbolic link to " + target
                            + ", not a file: only links to files inside the repository are checked out (as copies)");
                }
                at = inside.get();
                id = w.getObjectId(0);
            }
        }
        throw new Refused(link, "is a chain of more than " + MAX_HOPS + " symbolic links");
    }

    private String readTarget(String link, ObjectId id) throws IOException, Refused {
        try {
            return new String(repo.open(id, Constants.OBJ_BLOB).getCachedBytes(MAX_TARGET), StandardCharsets.UTF_8);
        } catch (LargeObjectException e) {
            throw new Refused(link, "is a symbolic link with a target longer than " + MAX_TARGET + " bytes");
        }
    }

    /**
     * {@code target}, read from the link at {@code link}, as a path from the tree's root; empty if
     * it is absolute or climbs above the root (or is the root itself, a folder).
     */
    static Optional<String> inside(String link, String target) {
        if (target.isEmpty() || target.startsWith("/") || target.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        Deque<String> parts = new ArrayDeque<>();
        String[] base = link.split("/");
        for (int i = 0; i < base.length - 1; i++) {
            parts.addLast(base[i]);
        }
        for (String s : target.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (parts.isEmpty()) {
                    return Optional.empty();
                }
                parts.removeLast();
            } else {
                parts.addLast(s);
            }
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("/", parts));
    }

    private static void checkSegments(String path) throws Refused {
        for (String s : path.split("/", -1)) {
            if (s.isEmpty() || s.equals(".") || s.equals("..") || s.equalsIgnoreCase(".git")) {
                throw new Refused(path, "has an empty, ., .. or .git segment");
            }
        }
    }

    /** Creates {@code path} under {@code root}, through real folders only, as a new file. */
    private void writeFile(Path root, String path, ObjectId blob, boolean executable) throws IOException, Refused {
        String[] segments = path.split("/");
        Path dir = root;
        for (int i = 0; i < segments.length - 1; i++) {
            dir = dir.resolve(segments[i]);
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(dir);
            } else if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new Refused(path, "is under " + root.relativize(dir) + ", which is not a folder");
            }
        }
        Path out = dir.resolve(segments[segments.length - 1]);
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
            throw new Refused(path, "is in the tree twice");
        }
        // CREATE_NEW (O_EXCL) never follows a link at the last component
        try (OutputStream o = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            repo.open(blob, Constants.OBJ_BLOB).copyTo(o);
        }
        if (executable) {
            out.toFile().setExecutable(true);
        }
    }

    /**
     * Whether {@code root} and everything under it is a regular file or a folder (no link, no
     * device, no pipe), as this checkout writes them; nothing is followed to find out.
     */
    static boolean holdsOnlyFilesAndFolders(Path root) throws IOException {
        if (!Files.isDirectory(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (java.util.stream.Stream<Path> all = Files.walk(root)) {
            return all.allMatch(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    || Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        }
    }
}
