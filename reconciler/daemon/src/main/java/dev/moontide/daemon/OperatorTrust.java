package dev.moontide.daemon;

import dev.moontide.drift.AlertDestination;
import dev.moontide.drift.AlertDestinations;
import dev.moontide.source.SignaturePolicy;
import dev.moontide.trust.HmacKey;
import dev.moontide.trust.TrustConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The daemon's {@code moontide.signature.*} and {@code moontide.alerts.*} settings as the reconciler's {@link TrustConfig}. */
final class OperatorTrust {

    private OperatorTrust() {
    }

    /**
     * @throws IllegalArgumentException for a bad fingerprint, URL or key, or an alert key equal
     *         to {@code webhookSecret} (the daemon then refuses to start)
     */
    static TrustConfig of(DaemonConfig.Signature signature, DaemonConfig.Alerts alerts, Optional<String> webhookSecret,
            Function<String, String> getenv) {
        String require = signature.require().strip();
        if (!require.equals("true") && !require.equals("false")) {
            throw new IllegalArgumentException("moontide.signature.require must be true or false, was \"" + require + "\"");
        }
        SignaturePolicy policy = new SignaturePolicy(require.equals("true"), signature.trustedKeys().orElse(List.of()),
                signature.keyring().map(Path::of).orElse(null));
        List<AlertDestination> list = new ArrayList<>();
        for (Map.Entry<String, DaemonConfig.Destination> e : alerts.destinations().entrySet()) {
            DaemonConfig.Destination d = e.getValue();
            String key = HmacKey.read(e.getKey(), d.hmacKeyFile().map(Path::of), d.hmacKeyEnv(), getenv).orElse(null);
            list.add(new AlertDestination(e.getKey(), URI.create(d.url()), key, d.timeoutSeconds(), d.retries()));
        }
        AlertDestinations destinations = AlertDestinations.of(list);
        destinations.requireKeysDistinctFrom(webhookSecret);
        return new TrustConfig(policy, destinations);
    }
}
