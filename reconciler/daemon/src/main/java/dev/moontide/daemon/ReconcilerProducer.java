package dev.moontide.daemon;

import dev.moontide.apply.HealthCheck;
import dev.moontide.drift.LogAlertSink;
import dev.moontide.kernel.KernelDriver;
import dev.moontide.manifest.LuakPreflight;
import dev.moontide.reconcile.ReconcileSettings;
import dev.moontide.reconcile.Reconciler;
import dev.moontide.trust.TrustConfig;
import dev.moontide.source.GitCredentials;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** The daemon's one {@link Reconciler}, built from {@code moontide.*} settings when first used. */
@ApplicationScoped
public class ReconcilerProducer {

    /** A bad trust setting (an alert key equal to the webhook secret, a bad fingerprint) stops the daemon at start. */
    void checkTrust(@Observes StartupEvent start, DaemonConfig config) {
        trust(config);
    }

    @Produces
    @Singleton
    Reconciler reconciler(DaemonConfig config, KernelDriver driver, MeterRegistry registry) {
        ReconcileSettings settings = new ReconcileSettings(repo(config), config.branch(), config.manifests(),
                Path.of(config.scriptRoot()), Path.of(config.stateDir()), trust(config));
        return new Reconciler(settings, driver, LuakPreflight.orNone(), new HealthCheck(200),
                List.of(new LogAlertSink(), new MetricsAlertSink(registry)), Clock.systemUTC());
    }

    private static TrustConfig trust(DaemonConfig config) {
        return OperatorTrust.of(config.signature(), config.alerts(), config.webhookSecret(), System::getenv);
    }

    /** {@code moontide.repo}, with the credentials of {@code moontide.git.credentials-file} if set. */
    private static String repo(DaemonConfig config) {
        return config.git().credentialsFile().map(f -> {
            try {
                return GitCredentials.read(Path.of(f)).into(config.repo());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("moontide.git.credentials-file: " + e.getMessage(), e);
            }
        }).orElse(config.repo());
    }
}
