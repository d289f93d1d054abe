package dev.moontide.daemon;

import dev.moontide.apply.HealthCheck;
import dev.moontide.drift.LogAlertSink;
import dev.moontide.kernel.KernelDriver;
import dev.moontide.manifest.LuakPreflight;
import dev.moontide.reconcile.ReconcileSettings;
import dev.moontide.reconcile.Reconciler;
import dev.moontide.source.GitCredentials;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** The daemon's one {@link Reconciler}, built from {@code moontide.*} settings when first used. */
@ApplicationScoped
public class ReconcilerProducer {

    @Produces
    @Singleton
    Reconciler reconciler(DaemonConfig config, KernelDriver driver, MeterRegistry registry) {
        ReconcileSettings settings = new ReconcileSettings(repo(config), config.branch(), config.manifests(),
                Path.of(config.scriptRoot()), Path.of(config.stateDir()), config.keyring().map(Path::of).orElse(null));
        return new Reconciler(settings, driver, LuakPreflight.orNone(), new HealthCheck(200),
                List.of(new LogAlertSink(), new MetricsAlertSink(registry)), Clock.systemUTC());
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
