package dev.moontide.reconcile;

import dev.moontide.apply.StateStore;
import dev.moontide.drift.Alert;
import dev.moontide.drift.AlertBook;
import dev.moontide.drift.AlertSink;
import dev.moontide.drift.Drift;
import dev.moontide.drift.WebhookAlertSink;
import dev.moontide.drift.AlertDestinations;
import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The drift alerts: fired once per cause, resolved when the cause goes, sent to the reconciler's
 * sinks and to the operator's destinations the last valid revision's Config picks by name, kept in
 * the state folder.
 */
final class Alerts {

    private static final String FILE = "alerts.json";

    private final StateStore store;
    private final Clock clock;
    private final List<AlertSink> sinks;
    private final AlertDestinations destinations;
    private volatile AlertBook book;
    private List<AlertSink> webhooks = List.of();
    private List<String> chosen = List.of();

    Alerts(StateStore store, Clock clock, List<AlertSink> sinks, AlertDestinations destinations) {
        this.store = store;
        this.clock = clock;
        this.sinks = new CopyOnWriteArrayList<>(sinks);
        this.destinations = destinations;
    }

    /**
     * Sends to the destinations {@code names} from now on (a revision's Config; the load step
     * refused names the operator did not define).
     */
    void configure(List<String> names) {
        if (!names.equals(chosen)) {
            chosen = names;
            webhooks = names.stream().flatMap(n -> destinations.get(n).stream())
                    .<AlertSink>map(d -> new WebhookAlertSink(d, 1000)).toList();
        }
    }

    /** Fires what {@code drift} starts and resolves what it no longer has. */
    void alert(List<Drift> drift) throws IOException {
        AlertBook.Update u = book().update(drift, clock.instant());
        if (!u.fired().isEmpty() || !u.resolved().isEmpty()) {
            AlertSink.send(u, sinks);
            AlertSink.send(u, webhooks);
            store.write(FILE, book().active());
        }
    }

    /** The alerts active now (as the last cycle left them; does not wait for a running cycle). */
    List<Alert> active() throws IOException {
        AlertBook b = book;
        return b != null ? b.active() : stored();
    }

    private AlertBook book() throws IOException {
        if (book == null) {
            book = new AlertBook(stored());
        }
        return book;
    }

    private List<Alert> stored() throws IOException {
        return store.read(FILE, Alert[].class).map(Arrays::asList).orElse(List.of());
    }
}
