package dev.moontide.kernel.modules;

/** Loading or unloading a module failed; the message says why and what to do. */
public final class ModuleException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int errno;

    public ModuleException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    public ModuleException(String message, Throwable cause) {
        super(message, cause);
        this.errno = 0;
    }

    /** The system call's errno, 0 when the failure is not one. */
    public int errno() {
        return errno;
    }
}
