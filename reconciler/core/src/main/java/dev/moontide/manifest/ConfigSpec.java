package dev.moontide.manifest;

import java.time.Duration;
import java.util.List;

/**
 * {@code spec} of the repository's Config, with the schema's defaults filled in.
 *
 * @param interval  how often to fetch and reconcile ({@code 30s}, {@code 5m}, {@code 1h})
 * @param prune     whether undeclared runtimes are stopped
 * @param signature which commits may be applied
 * @param alerts    where drift alerts go besides the log, metrics and REST
 */
public record ConfigSpec(String interval, Prune prune, Signature signature, Alerts alerts) {

    public static final ConfigSpec DEFAULT = new ConfigSpec(null, null, null, null);

    public ConfigSpec {
        interval = interval == null ? "1m" : interval;
        prune = prune == null ? new Prune(null, null) : prune;
        signature = signature == null ? new Signature(null, null) : signature;
        alerts = alerts == null ? new Alerts(null) : alerts;
    }

    /** {@link #interval()} as a duration. */
    public Duration intervalDuration() {
        long n = Long.parseLong(interval.substring(0, interval.length() - 1));
        return switch (interval.charAt(interval.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalStateException("interval " + interval + " passed the schema");
        };
    }

    /** {@code spec.prune}. */
    public record Prune(Boolean enabled, Boolean allowEmpty) {
        public Prune {
            enabled = enabled != null && enabled;
            allowEmpty = allowEmpty != null && allowEmpty;
        }
    }

    /** {@code spec.signature}: OpenPGP fingerprints in upper case. */
    public record Signature(Boolean require, List<String> trustedKeys) {
        public Signature {
            require = require != null && require;
            trustedKeys = trustedKeys == null ? List.of()
                    : trustedKeys.stream().map(k -> k.toUpperCase(java.util.Locale.ROOT)).toList();
        }
    }

    /** {@code spec.alerts}. */
    public record Alerts(List<Webhook> webhooks) {
        public Alerts {
            webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
        }
    }

    /** One alert webhook: a JSON POST, HMAC-signed when {@code secretEnv} names a secret. */
    public record Webhook(String url, String secretEnv, Integer timeoutSeconds, Integer retries) {
        public Webhook {
            java.util.Objects.requireNonNull(url, "url");
            timeoutSeconds = timeoutSeconds == null ? 5 : timeoutSeconds;
            retries = retries == null ? 3 : retries;
        }
    }
}
