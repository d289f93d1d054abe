package dev.moontide.cli;

/** A failure the command explains in one line; it exits with {@link #exitCode()}. */
final class CliException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CliException(String message) {
        this(message, Moontide.EXIT_ERROR);
    }

    CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
