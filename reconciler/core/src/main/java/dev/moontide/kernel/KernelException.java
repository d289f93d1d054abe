package dev.moontide.kernel;

import java.util.Objects;

/**
 * The kernel refused or failed a request, or the control device could not be used.
 *
 * <p>{@link #kind()} is the protocol's class of failure ({@value #SYNTAX}, {@value #RUNTIME},
 * {@value #REQUEST}, ... see docs/protocol.md), or one of the client's own:
 * {@value #DEVICE} (the control device could not be opened, written or read; {@link #errno()}
 * is the system's) and {@value #PROTOCOL} (the answer broke protocol v1).
 */
public class KernelException extends Exception {

    private static final long serialVersionUID = 1L;

    public static final String REQUEST = "request";
    public static final String SYNTAX = "syntax";
    public static final String RUNTIME = "runtime";
    public static final String MEMORY = "memory";
    public static final String QUOTA = "quota";
    public static final String INTERRUPTED = "interrupted";
    public static final String IO = "io";
    /** Client side: the control device could not be opened, written or read. */
    public static final String DEVICE = "device";
    /** Client side: the kernel's answer is not a protocol v1 response. */
    public static final String PROTOCOL = "protocol";

    /** Linux errno numbers this client gives meaning to. */
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int E2BIG = 7;
    public static final int ENOEXEC = 8;
    public static final int EIO = 5;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int ENOSYS = 38;
    public static final int ETIME = 62;
    public static final int ECANCELED = 125;

    private final int errno;
    private final String kind;

    public KernelException(int errno, String kind, String message) {
        this(errno, kind, message, null);
    }

    public KernelException(int errno, String kind, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.errno = errno;
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** The Linux errno number; 0 when there is none (a malformed answer). */
    public int errno() {
        return errno;
    }

    /** The class of failure: a protocol kind or {@value #DEVICE} / {@value #PROTOCOL}. */
    public String kind() {
        return kind;
    }

    /** The control device does not exist: the module is not loaded. */
    public boolean deviceMissing() {
        return kind.equals(DEVICE) && errno == ENOENT;
    }

    /**
     * The Lua chunk is incomplete rather than wrong: a syntax error at the end of the input,
     * which the standard {@code lua} prompt answers by reading another line.
     */
    public boolean incompleteChunk() {
        return kind.equals(SYNTAX) && getMessage().endsWith("<eof>");
    }

    /** The kernel does not know this command (a v1 command this build lacks). */
    public boolean unsupported() {
        return errno == ENOSYS && kind.equals(REQUEST);
    }
}
