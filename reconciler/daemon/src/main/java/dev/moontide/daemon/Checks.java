package dev.moontide.daemon;

import dev.moontide.reconcile.Condition;
import dev.moontide.reconcile.Status;
import dev.moontide.source.Redaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** {@code /q/health}: live while the process runs; ready when the last sync succeeded. */
public final class Checks {

    private Checks() {
    }

    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {
        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.up("moontide-daemon");
        }
    }

    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        private final ReconcileService service;

        @Inject
        public Ready(ReconcileService service) {
            this.service = service;
        }

        @Override
        public HealthCheckResponse call() {
            try {
                Status s = RedactedStatus.of(service.status());
                return HealthCheckResponse.named("moontide-sync")
                        .status(Condition.READY.equals(s.condition().type()))
                        .withData("condition", s.condition().type())
                        .withData("reason", s.condition().reason())
                        .withData("message", s.condition().message())
                        .withData("revision", String.valueOf(s.lastAppliedRevision()))
                        .build();
            } catch (IOException e) {
                return HealthCheckResponse.named("moontide-sync").down().withData("error", Redaction.text(e.getMessage())).build();
            }
        }
    }
}
