package dev.moontide.source;

/**
 * The source could not give a new revision. Which subclass says what to do about it, as Flux
 * does: {@link Transient} (waiting: try again next interval, nothing to fix in the repository)
 * or {@link Terminal} (stalled: retrying the same thing fails the same way until someone fixes
 * the repository or the configuration). Either way the last good revision stays applied.
 */
public abstract sealed class SourceException extends Exception
        permits SourceException.Transient, SourceException.Terminal {

    private static final long serialVersionUID = 1L;

    private final String reason;

    protected SourceException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** A constant CamelCase reason for status conditions: {@code FetchFailed}, {@code RevisionNotFound}... */
    public String reason() {
        return reason;
    }

    /** Whether retrying later may succeed without a change. */
    public abstract boolean retryable();

    /** The fetch failed for a reason that may pass: network, remote down, a lock, disk I/O. */
    public static final class Transient extends SourceException {
        private static final long serialVersionUID = 1L;

        public Transient(String reason, String message, Throwable cause) {
            super(reason, message, cause);
        }

        @Override
        public boolean retryable() {
            return true;
        }
    }

    /** The revision cannot be used as it is: no such ref or commit, an unsigned commit, a bad URL. */
    public static final class Terminal extends SourceException {
        private static final long serialVersionUID = 1L;

        public Terminal(String reason, String message, Throwable cause) {
            super(reason, message, cause);
        }

        @Override
        public boolean retryable() {
            return false;
        }
    }
}
