package dev.moontide.daemon;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Objects;

/**
 * Why the API refuses a request: an HTTP status, a constant CamelCase reason a script can test,
 * and a message a person can act on.
 */
record Refusal(int status, String reason, String message) {

    Refusal {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    static Refusal unauthorized(String reason, String message) {
        return new Refusal(401, reason, message);
    }

    static Refusal forbidden(String reason, String message) {
        return new Refusal(403, reason, message);
    }

    /** As JSON {@code {"error", "reason"}}; a 401 also names the scheme expected (RFC 6750). */
    Response response() {
        Response.ResponseBuilder b = Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", message, "reason", reason));
        return status == 401 ? b.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"moontide\"").build() : b.build();
    }
}
