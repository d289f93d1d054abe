package dev.moontide.apply;

import dev.moontide.manifest.RepoPaths;
import dev.moontide.plan.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * The kernel's script root ({@code /lib/modules/lua} by default): files are installed at their
 * repository-relative paths, each atomically (write a temporary file beside it, fsync, rename,
 * fsync the folder), so the kernel never reads half a script.
 */
public final class ScriptRoot {

    /** The kernel module's default {@code script_root} (mt_main.c's, the one spelling in Java). */
    public static final String DEFAULT_PATH = "/lib/modules/lua";
    public static final Path DEFAULT = Path.of(DEFAULT_PATH);

    private final Path root;

    public ScriptRoot(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Where {@code path} lives under the root; refuses paths that would leave it. */
    public Path resolve(String path) throws IOException {
        Optional<String> problem = RepoPaths.syntaxProblem(path);
        if (problem.isPresent()) {
            throw new IOException("refusing to touch " + path + " under " + root + ": " + problem.get());
        }
        Path p = root.resolve(path).normalize();
        // every existing folder on the way must be a real folder inside the root, not a link out of it
        for (Path dir = p.getParent(); dir != null && dir.startsWith(root) && !dir.equals(root); dir = dir.getParent()) {
            if (Files.isSymbolicLink(dir)) {
                throw new IOException("refusing to write through the symbolic link " + dir);
            }
        }
        return p;
    }

    /** The sha256 of the file at {@code path}, or empty if there is none. */
    public Optional<String> sha256(String path) throws IOException {
        Path p = resolve(path);
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(FileHash.sha256(p));
    }

    /** The bytes at {@code path}, or empty if there is no such file. */
    public Optional<byte[]> read(String path) throws IOException {
        Path p = resolve(path);
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
    }

    /** Writes {@code bytes} at {@code path} atomically, creating folders as needed. */
    public void install(String path, byte[] bytes) throws IOException {
        Path target = resolve(path);
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".moontide-tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
    }

    /** Deletes the file at {@code path}, if any. */
    public void remove(String path) throws IOException {
        Path p = resolve(path);
        if (Files.deleteIfExists(p)) {
            syncDirectory(p.getParent());
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot fsync a folder; the rename itself is still atomic
        }
    }
}
