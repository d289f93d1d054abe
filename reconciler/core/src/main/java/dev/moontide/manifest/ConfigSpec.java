package dev.moontide.manifest;

import java.time.Duration;
import java.util.List;

/**
 * {@code spec} of the repository's Config, with the schema's defaults filled in.
 *
 * @param interval  how often to fetch and reconcile ({@code 30s}, {@code 5m}, {@code 1h})
 * @param prune     whether undeclared runtimes are stopped
 * @param alerts    which of the daemon's alert destinations drift alerts go to, besides the log,
 *                  metrics and REST
 *
 * <p>There is no signature policy here: which commits may be applied is the daemon's own
 * configuration, since a revision cannot vouch for itself.
 */
public record ConfigSpec(String interval, Prune prune, Alerts alerts) {

    public static final ConfigSpec DEFAULT = new ConfigSpec(null, null, null);

    public ConfigSpec {
        interval = interval == null ? "1m" : interval;
        prune = prune == null ? new Prune(null, null) : prune;
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

    /**
     * {@code spec.alerts}: names of destinations the daemon's configuration defines (their URLs
     * and keys never come from Git).
     */
    public record Alerts(List<String> destinations) {
        public Alerts {
            destinations = destinations == null ? List.of() : List.copyOf(destinations);
        }
    }
}
