package dev.moontide.apply;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.moontide.plan.Sha256;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The reconciler's own memory on disk ({@code /var/lib/moontide} by default), so that rollback
 * and re-applying after a reboot need neither Git nor the network:
 *
 * <pre>
 * STATE/inventory.json   what was last applied: revision, files with sha256, runtimes
 * STATE/blobs/SHA256     the bytes of every file of the inventory, by content
 * STATE/status.json      the last cycle's status (see dev.moontide.reconcile)
 * STATE/alerts.json      active drift alerts, so a restart does not fire them again
 * STATE/history.json     the last revisions applied or attempted
 * </pre>
 */
public final class StateStore {

    /** Default state folder. */
    public static final Path DEFAULT = Path.of("/var/lib/moontide");

    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final Path dir;

    public StateStore(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    public Path dir() {
        return dir;
    }

    public Inventory inventory() throws IOException {
        return read("inventory.json", Inventory.class).orElse(Inventory.EMPTY);
    }

    public void saveInventory(Inventory inventory) throws IOException {
        write("inventory.json", inventory);
        collectBlobs(inventory.files().values().stream().collect(java.util.stream.Collectors.toSet()));
    }

    /** Keeps {@code bytes} by their sha256; returns it. */
    public String putBlob(byte[] bytes) throws IOException {
        String sha = Sha256.of(bytes);
        Path p = dir.resolve("blobs").resolve(sha);
        if (!Files.exists(p)) {
            Files.createDirectories(p.getParent());
            Path tmp = Files.createTempFile(p.getParent(), sha, ".tmp");
            Files.write(tmp, bytes);
            fsync(tmp);
            Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        return sha;
    }

    /** The bytes kept for {@code sha256}, if any (and if they still hash to it). */
    public Optional<byte[]> blob(String sha256) throws IOException {
        Path p = dir.resolve("blobs").resolve(sha256);
        if (!sha256.matches("[0-9a-f]{64}") || !Files.isRegularFile(p)) {
            return Optional.empty();
        }
        byte[] bytes = Files.readAllBytes(p);
        return Sha256.of(bytes).equals(sha256) ? Optional.of(bytes) : Optional.empty();
    }

    /** Reads a JSON document of the store. */
    public <T> Optional<T> read(String name, Class<T> type) throws IOException {
        Path p = dir.resolve(name);
        if (!Files.exists(p)) {
            return Optional.empty();
        }
        return Optional.of(JSON.readValue(p.toFile(), type));
    }

    /** Writes a JSON document of the store atomically. */
    public void write(String name, Object value) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, name, ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), value);
            fsync(tmp);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void collectBlobs(Set<String> keep) throws IOException {
        Path blobs = dir.resolve("blobs");
        if (!Files.isDirectory(blobs)) {
            return;
        }
        try (DirectoryStream<Path> all = Files.newDirectoryStream(blobs)) {
            for (Path p : all) {
                if (!keep.contains(p.getFileName().toString())) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void fsync(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }
}
