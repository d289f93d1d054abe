package dev.moontide.daemon;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The REST API's door, for every endpoint at once so that a new one is closed by default:
 * a request that may change state (any method but GET, HEAD, OPTIONS) must come from the same
 * origin and carry the bearer token of {@link ApiToken}, whatever its body (a bodyless POST, the
 * kind a cross-site form or {@code fetch} sends without a preflight, included); an
 * {@link HmacAuthenticated} endpoint checks its own HMAC instead of the token. Reads are open to
 * clients on this host; from elsewhere (when {@code quarkus.http.host} is not loopback) they need
 * the token too.
 */
public class ApiGuard {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final ApiToken token;

    @Inject
    public ApiGuard(ApiToken token) {
        this.token = token;
    }

    @ServerRequestFilter
    public Optional<Response> guard(ContainerRequestContext request, ResourceInfo resource, HttpServerRequest http) {
        boolean safe = SAFE.contains(request.getMethod());
        boolean local = http.remoteAddress() != null && http.remoteAddress().hostAddress() != null
                && isLoopback(http.remoteAddress().hostAddress());
        if (safe && local) {
            return Optional.empty();
        }
        Optional<Refusal> refusal = safe ? Optional.empty() : SameOrigin.check(request.getUriInfo().getRequestUri(),
                request.getHeaderString("Origin"), request.getHeaderString("Sec-Fetch-Site"));
        if (refusal.isEmpty() && (safe || !hmacAuthenticated(resource))) {
            refusal = token.check(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        }
        return refusal.map(Refusal::response);
    }

    private static boolean hmacAuthenticated(ResourceInfo resource) {
        return resource != null && resource.getResourceMethod() != null
                && resource.getResourceMethod().isAnnotationPresent(HmacAuthenticated.class);
    }

    static boolean isLoopback(String address) {
        return address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1")
                || address.startsWith("::ffff:127.");
    }
}
