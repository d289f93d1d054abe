package dev.moontide.drift;

import dev.moontide.manifest.ConfigManifest;
import dev.moontide.manifest.ManifestError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The alert destinations the operator defined, by name. */
public record AlertDestinations(Map<String, AlertDestination> byName) {

    public static final AlertDestinations NONE = new AlertDestinations(Map.of());

    public AlertDestinations {
        byName = Map.copyOf(byName);
        byName.forEach((k, v) -> {
            if (!k.equals(v.name())) {
                throw new IllegalArgumentException("alert destination " + v.name() + " is listed as " + k);
            }
        });
    }

    public static AlertDestinations of(List<AlertDestination> destinations) {
        Map<String, AlertDestination> m = new TreeMap<>();
        for (AlertDestination d : destinations) {
            if (m.put(d.name(), d) != null) {
                throw new IllegalArgumentException("alert destination " + d.name() + " is defined twice");
            }
        }
        return new AlertDestinations(m);
    }

    public Optional<AlertDestination> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The names, sorted: for messages. */
    public List<String> names() {
        return new TreeMap<>(byName).keySet().stream().toList();
    }

    /** Each name {@code config} picks that is not defined here, as an error at {@code spec.alerts.destinations[i]}. */
    public List<ManifestError> unknownIn(ConfigManifest config) {
        List<ManifestError> errors = new ArrayList<>();
        List<String> picked = config.spec().alerts().destinations();
        for (int i = 0; i < picked.size(); i++) {
            if (!byName.containsKey(picked.get(i))) {
                errors.add(ManifestError.at(config.origin(), "spec.alerts.destinations[" + i + "]", 0,
                        "no alert destination named \"" + picked.get(i) + "\" in the daemon's configuration (defined: "
                        + (byName.isEmpty() ? "none" : String.join(", ", names())) + ")"));
            }
        }
        return errors;
    }

    /**
     * Refuses an alert key equal to the key that authenticates incoming {@code /api/webhook}
     * requests: with it, every alert body would be a valid push notification to the daemon itself.
     *
     * @throws IllegalArgumentException naming the destination
     */
    public void requireKeysDistinctFrom(Optional<String> webhookSecret) {
        if (webhookSecret.isEmpty()) {
            return;
        }
        byte[] incoming = webhookSecret.get().getBytes(StandardCharsets.UTF_8);
        for (AlertDestination d : byName.values()) {
            if (d.hmacKey() != null && MessageDigest.isEqual(incoming, d.hmacKey().getBytes(StandardCharsets.UTF_8))) {
                throw new IllegalArgumentException("alert destination " + d.name() + " signs with the same key as"
                        + " moontide.webhook-secret: alert keys must differ from the key of incoming webhooks");
            }
        }
    }
}
