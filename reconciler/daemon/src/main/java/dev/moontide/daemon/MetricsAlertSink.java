package dev.moontide.daemon;

import dev.moontide.drift.Alert;
import dev.moontide.drift.AlertSink;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/** Drift alerts as Prometheus counters: {@code moontide_drift_alerts_total{cause,kind,event}}. */
final class MetricsAlertSink implements AlertSink {

    private final MeterRegistry registry;

    MetricsAlertSink(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void fired(Alert alert) {
        count(alert, "fired");
    }

    @Override
    public void resolved(Alert alert) {
        count(alert, "resolved");
    }

    private void count(Alert alert, String event) {
        registry.counter("moontide.drift.alerts", "cause", alert.drift().cause().name(),
                "kind", alert.drift().kind().name().toLowerCase(Locale.ROOT), "event", event).increment();
    }
}
