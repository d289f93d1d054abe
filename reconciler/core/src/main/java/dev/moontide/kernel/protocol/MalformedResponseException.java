package dev.moontide.kernel.protocol;

/** The kernel's answer is not a protocol v1 response to the request it answers. */
public final class MalformedResponseException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedResponseException(String message) {
        super(message);
    }

    public MalformedResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
