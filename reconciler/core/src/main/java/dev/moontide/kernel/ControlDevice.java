package dev.moontide.kernel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * The control device, {@code /dev/moontide}: each exchange opens it read+write, writes the
 * request in one {@code write(2)}, reads the response until end of file on the same open file,
 * and closes it. Responses belong to the open file, so concurrent exchanges never mix.
 */
public final class ControlDevice implements Transport {

    /** Where the module creates the device. */
    public static final Path DEFAULT_PATH = Path.of("/dev/moontide");

    /** The largest request or response of protocol v1. */
    public static final int MAX_MESSAGE = 1 << 20;

    private final Path path;

    public ControlDevice(Path path) {
        this.path = Objects.requireNonNull(path, "path");
    }

    /** {@link #DEFAULT_PATH}, or {@code $MOONTIDE_DEVICE} when set (as the test client does). */
    public static ControlDevice fromEnvironment() {
        String env = System.getenv("MOONTIDE_DEVICE");
        return new ControlDevice(env == null || env.isEmpty() ? DEFAULT_PATH : Path.of(env));
    }

    public Path path() {
        return path;
    }

    /** Whether the device node exists (the module is loaded). */
    public boolean exists() {
        return path.toFile().exists();
    }

    @Override
    public byte[] exchange(byte[] request) throws KernelException {
        Objects.requireNonNull(request, "request");
        if (request.length > MAX_MESSAGE) {
            throw new KernelException(KernelException.E2BIG, KernelException.REQUEST,
                    "request is " + request.length + " bytes, at most " + MAX_MESSAGE + " allowed");
        }
        // No CREATE: a missing device must not become a regular file under /dev.
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // FileChannel hands a single buffer to one write(2); the kernel takes a request whole.
            int written = channel.write(ByteBuffer.wrap(request));
            if (written != request.length) {
                throw new KernelException(KernelException.EIO, KernelException.DEVICE,
                        "short write to " + path + ": " + written + " of " + request.length + " bytes");
            }
            return readToEnd(channel);
        } catch (NoSuchFileException e) {
            throw new KernelException(KernelException.ENOENT, KernelException.DEVICE,
                    path + " does not exist: the moontide module is not loaded", e);
        } catch (AccessDeniedException e) {
            throw new KernelException(KernelException.EACCES, KernelException.DEVICE,
                    "cannot open " + path + ": permission denied (it needs root: CAP_SYS_ADMIN)", e);
        } catch (ClosedByInterruptException e) {
            Thread.currentThread().interrupt();
            throw new KernelException(KernelException.EINTR, KernelException.DEVICE,
                    "interrupted while talking to " + path, e);
        } catch (FileSystemException e) {
            String reason = e.getReason() == null ? e.toString() : e.getReason();
            int errno = reason.contains("Operation not permitted") ? KernelException.EPERM : KernelException.EIO;
            String hint = errno == KernelException.EPERM ? " (it needs root: CAP_SYS_ADMIN)" : "";
            throw new KernelException(errno, KernelException.DEVICE,
                    "cannot open " + path + ": " + reason + hint, e);
        } catch (IOException e) {
            throw new KernelException(KernelException.EIO, KernelException.DEVICE,
                    "cannot talk to " + path + ": " + e.getMessage(), e);
        }
    }

    private byte[] readToEnd(FileChannel channel) throws IOException, KernelException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (channel.read(buffer) >= 0) {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
            if (out.size() > MAX_MESSAGE + 1) {
                throw new KernelException(KernelException.E2BIG, KernelException.PROTOCOL,
                        "response from " + path + " is over " + MAX_MESSAGE + " bytes");
            }
        }
        return out.toByteArray();
    }
}
