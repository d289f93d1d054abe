package dev.moontide.daemon;

import dev.moontide.source.Redaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;

/**
 * Refuses to start with a repository URL that carries credentials on the JVM's command line
 * ({@code -Dmoontide.repo=https://user:token@...}), which any user reads in
 * {@code /proc/PID/cmdline}. Refused rather than warned about: by the time a warning is read the
 * token has leaked. The environment ({@code MOONTIDE_REPO}, only the owner and root read
 * {@code /proc/PID/environ}) or a properties file of mode 600 are the places for it.
 */
@ApplicationScoped
public class RepoUrlCheck {

    static final String SYSTEM_PROPERTIES = "SysPropConfigSource";

    void onStart(@Observes StartupEvent event, Config config) {
        ConfigValue repo = config.getConfigValue("moontide.repo");
        check(repo.getValue(), repo.getSourceName());
    }

    /** Throws if {@code url} has credentials and came from the config source named {@code source}. */
    static void check(String url, String source) {
        if (SYSTEM_PROPERTIES.equals(source) && Redaction.hasCredentials(url)) {
            throw new IllegalStateException("moontide.repo " + Redaction.url(url) + " carries credentials on the "
                    + "command line, where every user can read them: set MOONTIDE_REPO in the daemon's environment "
                    + "(e.g. a systemd EnvironmentFile= of mode 600) or moontide.repo in a config/application.properties "
                    + "only the daemon reads, and drop -Dmoontide.repo");
        }
    }
}
