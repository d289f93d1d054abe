package dev.moontide.daemon;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses a state-changing request a browser sent for another site's page. Browsers name the
 * page's origin in {@code Origin} (every cross-site POST) and, lately, {@code Sec-Fetch-Site};
 * Git servers, curl and the moontide command send neither, or the same origin.
 */
final class SameOrigin {

    private static final Set<String> SAME = Set.of("same-origin", "none");

    private SameOrigin() {
    }

    /**
     * @param requestUri    the URI the request was sent to (scheme, host and port as the client wrote them)
     * @param origin        its {@code Origin} header, or null
     * @param secFetchSite  its {@code Sec-Fetch-Site} header, or null
     */
    static Optional<Refusal> check(URI requestUri, String origin, String secFetchSite) {
        if (secFetchSite != null && !SAME.contains(secFetchSite.strip().toLowerCase(Locale.ROOT))) {
            return refuse("the browser says this request comes from another site (Sec-Fetch-Site: " + secFetchSite + ")");
        }
        if (origin == null) {
            return Optional.empty();
        }
        try {
            URI o = new URI(origin.strip());
            if (o.getScheme() != null && o.getHost() != null
                    && o.getScheme().equalsIgnoreCase(requestUri.getScheme())
                    && o.getHost().equalsIgnoreCase(requestUri.getHost())
                    && port(o) == port(requestUri)) {
                return Optional.empty();
            }
        } catch (URISyntaxException e) {
            // "null" (a sandboxed page, a file) and garbage are other origins too
        }
        return refuse("cross-origin request refused: Origin " + origin + " is not " + requestUri.getScheme() + "://"
                + requestUri.getAuthority());
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static Optional<Refusal> refuse(String message) {
        return Optional.of(Refusal.forbidden("CrossOrigin", message));
    }
}
