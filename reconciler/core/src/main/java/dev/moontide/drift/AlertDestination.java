package dev.moontide.drift;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A place alerts may be POSTed to, defined by the operator in the daemon's configuration; the
 * repository can only pick destinations by {@link #name()}, so a commit can neither point the
 * daemon at another host nor choose which secret signs the body.
 *
 * @param name           what a Config's {@code spec.alerts.destinations} calls it
 * @param url            http or https URL the alerts are POSTed to
 * @param hmacKey        the HMAC-SHA256 key of {@code X-Moontide-Signature}; null: unsigned
 * @param timeoutSeconds connect and request timeout of one attempt
 * @param retries        attempts after the first one
 */
public record AlertDestination(String name, URI url, String hmacKey, int timeoutSeconds, int retries) {

    static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    public AlertDestination {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        if (!NAME.matcher(name).matches() || name.length() > 63) {
            throw new IllegalArgumentException("alert destination name \"" + name
                    + "\" must be a lowercase DNS label (a-z, 0-9 and '-')");
        }
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException("alert destination " + name + ": url must be http(s)://HOST/..., was "
                    + url.getScheme() + "://" + url.getHost());
        }
        if (hmacKey != null && hmacKey.isEmpty()) {
            throw new IllegalArgumentException("alert destination " + name + ": its HMAC key is empty");
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 300) {
            throw new IllegalArgumentException("alert destination " + name + ": timeout must be 1 to 300 s, was "
                    + timeoutSeconds);
        }
        if (retries < 0 || retries > 10) {
            throw new IllegalArgumentException("alert destination " + name + ": retries must be 0 to 10, was " + retries);
        }
    }

    /** Never prints the key (records print every component). */
    @Override
    public String toString() {
        return "AlertDestination[" + name + " " + url.getScheme() + "://" + url.getHost()
                + (url.getPort() < 0 ? "" : ":" + url.getPort()) + (hmacKey == null ? "" : ", signed") + "]";
    }
}
