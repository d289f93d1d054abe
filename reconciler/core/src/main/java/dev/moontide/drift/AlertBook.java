package dev.moontide.drift;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * De-duplicates drift alerts: an alert fires once per (subject, cause, sha256) and again only
 * when that changes; it is resolved when its drift is gone. Nothing repeats every cycle.
 */
public final class AlertBook {

    /** What one update changed. */
    public record Update(List<Alert> fired, List<Alert> resolved) {
        public Update {
            fired = List.copyOf(fired);
            resolved = List.copyOf(resolved);
        }
    }

    private final Map<String, Alert> active = new LinkedHashMap<>();

    public AlertBook() {
    }

    /** A book that already reported {@code alerts} (read back after a restart). */
    public AlertBook(List<Alert> alerts) {
        alerts.forEach(a -> active.put(a.key(), a));
    }

    /** Takes this cycle's drift: returns the alerts to fire (new) and to resolve (gone). */
    public synchronized Update update(List<Drift> drifts, Instant now) {
        Map<String, Drift> current = new LinkedHashMap<>();
        drifts.forEach(d -> current.putIfAbsent(d.key(), d));
        List<Alert> resolved = new ArrayList<>();
        active.entrySet().removeIf(e -> {
            if (!current.containsKey(e.getKey())) {
                resolved.add(e.getValue());
                return true;
            }
            return false;
        });
        List<Alert> fired = new ArrayList<>();
        current.forEach((key, drift) -> {
            if (!active.containsKey(key)) {
                Alert a = new Alert(drift, now);
                active.put(key, a);
                fired.add(a);
            }
        });
        return new Update(fired, resolved);
    }

    /** The alerts active now, oldest first. */
    public synchronized List<Alert> active() {
        return new ArrayList<>(active.values());
    }
}
