package dev.moontide.daemon;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import sun.misc.Signal;

/**
 * SIGHUP reconciles at once, as a verified webhook does: what {@code systemctl reload moontide}
 * sends (moontide.service's ExecReload). The JVM's default for SIGHUP is to exit; a reload must
 * never stop the daemon, so the handler replaces it. The cycle runs on the webhook's executor,
 * never on the JVM's signal thread.
 */
@ApplicationScoped
public class ReloadSignal {

    private static final Logger LOG = Logger.getLogger(ReloadSignal.class);

    private final ReconcileService service;

    public ReloadSignal(ReconcileService service) {
        this.service = service;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            Signal.handle(new Signal("HUP"), s -> {
                LOG.info("SIGHUP: reconciling now");
                service.webhook();
            });
        } catch (IllegalArgumentException e) {
            // the JVM was started with -Xrs, or the platform has no SIGHUP: reload is off
            LOG.warnf("SIGHUP cannot be handled (%s): reload by POST /api/sync instead", e.getMessage());
        }
    }
}
