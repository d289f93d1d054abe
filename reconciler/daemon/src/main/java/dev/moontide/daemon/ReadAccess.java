package dev.moontide.daemon;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Who may read without the token, for every route of the HTTP server ({@code /api/*} and
 * Quarkus' own {@code /q/health}, {@code /q/metrics}, which the REST filter {@link ApiGuard}
 * does not see):
 *
 * <ul>
 * <li>When the daemon listens on a non-loopback address, {@code /q/*} needs the bearer token from
 *     every client: health and metrics name the repository, the revision and the drift, and a
 *     loopback client of a daemon bound to every interface may be a proxy for anyone.</li>
 * <li>A request admitted without the token (a read from this host) must name this host in its
 *     {@code Host} header ({@code localhost}, {@code 127.x.x.x}, {@code [::1]}, any port): a page
 *     whose own name was rebound to 127.0.0.1 (DNS rebinding) is same-origin with the daemon for
 *     the browser, but its requests still say its own name.</li>
 * </ul>
 *
 * Requests that change state are left to {@link ApiGuard} (token and origin), which runs after.
 */
final class ReadAccess {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final boolean loopbackBind;
    /** The token's verdict on an {@code Authorization} header (null: none): empty when it is the token. */
    private final Function<String, Optional<Refusal>> token;

    /**
     * @param bindHost {@code quarkus.http.host}
     * @param token    {@link ApiToken#check}
     */
    ReadAccess(String bindHost, Function<String, Optional<Refusal>> token) {
        this.loopbackBind = isLoopbackName(bindHost);
        this.token = token;
    }

    /**
     * @param method        the request's method
     * @param path          its path
     * @param client        the client's IP address
     * @param host          its {@code Host} header, or null
     * @param authorization its {@code Authorization} header, or null
     * @return why it is refused, or empty to pass it on
     */
    Optional<Refusal> check(String method, String path, String client, String host, String authorization) {
        boolean quarkus = path.startsWith("/q/") || path.equals("/q");
        if (quarkus && !loopbackBind) {
            return token.apply(authorization);
        }
        boolean openRead = SAFE.contains(method) && client != null && ApiGuard.isLoopback(client);
        if (openRead && host != null && !isLoopbackName(hostName(host)) && token.apply(authorization).isPresent()) {
            return Optional.of(new Refusal(403, "HostNotAllowed", "the Host header names " + host + ", not this host:"
                    + " reads without the token are answered for localhost, 127.0.0.1 or [::1] only (a web page's name"
                    + " rebound to 127.0.0.1 must not read the daemon)"));
        }
        return Optional.empty();
    }

    /** The host of a {@code Host} header: {@code [::1]:8087} gives {@code ::1}, {@code localhost:8087} {@code localhost}. */
    static String hostName(String host) {
        String h = host.strip();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(1, end);
        }
        int colon = h.lastIndexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    static boolean isLoopbackName(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1); // "localhost." is localhost
        }
        return h.equals("localhost") || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}") || h.equals("::1")
                || h.equals("[::1]") || h.equals("0:0:0:0:0:0:0:1");
    }
}
