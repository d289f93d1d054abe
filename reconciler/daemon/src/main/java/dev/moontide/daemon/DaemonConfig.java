package dev.moontide.daemon;

import dev.moontide.apply.ScriptRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code moontide.*} settings of the daemon (application.properties, env MOONTIDE_*, or -D). */
@ConfigMapping(prefix = "moontide")
public interface DaemonConfig {

    /** Git URL or local path of the repository of manifests. */
    String repo();

    /** Branch, tag or commit to follow. */
    @WithDefault("main")
    String branch();

    /** Folder of the manifests in the repository. */
    @WithDefault("manifests")
    String manifests();

    /** The kernel's script root. */
    @WithDefault(ScriptRoot.DEFAULT_PATH)
    String scriptRoot();

    /** The daemon's own state: inventory, blobs, status, alerts, Git cache. */
    @WithDefault("/var/lib/moontide")
    String stateDir();

    /**
     * Absolute path of luak for the pre-flight checks (LuakLocator reads it; also MOONTIDE_LUAK).
     * Declared here so that {@code -Dmoontide.luak=} is a known setting, not an error at start.
     */
    Optional<String> luak();

    /** The kernel driver: moontide (/dev/moontide) or lunatik (upstream Lunatik's /dev/lunatik). */
    @WithDefault("moontide")
    String driver();

    /**
     * How often to fetch and reconcile (30s, 5m), overriding the repository's Config
     * {@code spec.interval}; unset, the repository decides.
     */
    Optional<Duration> interval();

    /**
     * Shared secret of {@code POST /api/webhook} (HMAC-SHA256 of timestamp, delivery id and body);
     * without it the webhook is refused.
     */
    Optional<String> webhookSecret();

    /**
     * How far a webhook's {@code X-Moontide-Timestamp} may be from now, either way; its delivery
     * id is remembered for twice as long, so a replay within the window is refused.
     */
    @WithDefault("5m")
    Duration webhookWindow();

    /** How the repository is reached. */
    Git git();

    /** {@code moontide.git.*}. */
    interface Git {
        /**
         * User name and password (token) of an https {@code moontide.repo}, in git's credential
         * format ({@code username=}, {@code password=} lines), mode 600: the URL then carries none.
         */
        Optional<String> credentialsFile();
    }

    /** The REST API's guard of state-changing requests. */
    Api api();

    /** {@code moontide.api.*}. */
    interface Api {
        /**
         * The file holding the bearer token of state-changing requests (mode 600); without it they
         * are refused. Read at each request, so it can be rotated in place.
         */
        @WithDefault("/etc/moontide/api-token")
        String tokenFile();
    }

    /** {@code moontide.signature.*}: which commits may be applied; the repository has no say in it. */
    Signature signature();

    /** {@code moontide.alerts.*}: where alerts may go; the repository picks among these by name. */
    Alerts alerts();

    interface Signature {
        /**
         * Apply only commits signed by a trusted key: {@code true} or {@code false}, nothing else
         * (a string, checked by {@link OperatorTrust}: a boolean setting would read a typo such as
         * {@code ture} as false, a weaker policy with only a log line).
         */
        @WithDefault("false")
        String require();

        /** Primary fingerprints (40 hex digits) of the keys allowed to sign; unset: every key of the keyring. */
        Optional<List<String>> trustedKeys();

        /** Armored OpenPGP public keyring holding the trusted keys ({@code gpg --export --armor}). */
        Optional<String> keyring();
    }

    interface Alerts {
        /** By name: {@code moontide.alerts.destinations.ops.url=https://...}. */
        Map<String, Destination> destinations();
    }

    interface Destination {
        /** Where alerts are POSTed (http or https). */
        String url();

        /** File holding the HMAC-SHA256 key of {@code X-Moontide-Signature}. */
        Optional<String> hmacKeyFile();

        /** Or the environment variable holding it. */
        Optional<String> hmacKeyEnv();

        @WithDefault("5")
        int timeoutSeconds();

        @WithDefault("3")
        int retries();
    }
}
