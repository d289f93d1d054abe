package dev.moontide.trust;

import dev.moontide.drift.AlertDestination;
import dev.moontide.drift.AlertDestinations;
import dev.moontide.source.SignaturePolicy;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What the operator trusts, from the same {@code moontide.*} properties the daemon reads (so the
 * CLI can read the daemon's file): the signature policy and the alert destinations.
 *
 * <pre>
 * moontide.signature.require=true
 * moontide.signature.trusted-keys=FINGERPRINT,FINGERPRINT
 * moontide.signature.keyring=/etc/moontide/trusted.asc
 * moontide.alerts.destinations.NAME.url=https://alerts.example/hook
 * moontide.alerts.destinations.NAME.hmac-key-file=/etc/moontide/alert-NAME.key   (or hmac-key-env=VAR)
 * moontide.alerts.destinations.NAME.timeout-seconds=5
 * moontide.alerts.destinations.NAME.retries=3
 * </pre>
 */
public record TrustConfig(SignaturePolicy signature, AlertDestinations alerts) {

    public static final TrustConfig NONE = new TrustConfig(SignaturePolicy.NONE, AlertDestinations.NONE);

    private static final String SIG = "moontide.signature.";
    private static final String DEST = "moontide.alerts.destinations.";
    private static final Set<String> SIG_KEYS = Set.of("require", "trusted-keys", "keyring");
    private static final Set<String> DEST_KEYS = Set.of("url", "hmac-key-file", "hmac-key-env", "timeout-seconds",
            "retries");

    /** Reads a properties file (as {@code -Dquarkus.config.locations} gives the daemon). */
    public static TrustConfig read(Path file, Function<String, String> getenv) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k).strip()));
        try {
            return of(m, getenv);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The trust settings among {@code properties} (others are ignored); an unknown key under
     * {@code moontide.signature.} or {@code moontide.alerts.} is an error, since a typo there
     * would silently weaken the policy.
     *
     * @throws IllegalArgumentException naming the key at fault
     */
    public static TrustConfig of(Map<String, String> properties, Function<String, String> getenv) {
        Map<String, Map<String, String>> dests = new TreeMap<>();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String k = e.getKey();
            if (k.startsWith(SIG) && !SIG_KEYS.contains(k.substring(SIG.length()))) {
                throw new IllegalArgumentException("unknown setting " + k + " (known: " + new TreeSet<>(SIG_KEYS) + ")");
            }
            if (k.startsWith("moontide.alerts.")) {
                String rest = k.startsWith(DEST) ? k.substring(DEST.length()) : "";
                int dot = rest.lastIndexOf('.');
                if (dot <= 0 || !DEST_KEYS.contains(rest.substring(dot + 1))) {
                    throw new IllegalArgumentException("unknown setting " + k + " (known: " + DEST + "NAME."
                            + new TreeSet<>(DEST_KEYS) + ")");
                }
                dests.computeIfAbsent(rest.substring(0, dot), n -> new TreeMap<>()).put(rest.substring(dot + 1), e.getValue());
            }
        }
        List<AlertDestination> list = new ArrayList<>();
        dests.forEach((name, d) -> list.add(destination(name, d, getenv)));
        AlertDestinations alerts = AlertDestinations.of(list);
        alerts.requireKeysDistinctFrom(Optional.ofNullable(properties.get("moontide.webhook-secret")));
        return new TrustConfig(signature(properties), alerts);
    }

    private static SignaturePolicy signature(Map<String, String> p) {
        String require = p.getOrDefault(SIG + "require", "false");
        if (!require.equals("true") && !require.equals("false")) {
            throw new IllegalArgumentException(SIG + "require must be true or false, was \"" + require + "\"");
        }
        String keys = p.getOrDefault(SIG + "trusted-keys", "");
        List<String> trusted = keys.isBlank() ? List.of() : Arrays.stream(keys.split(",")).map(String::strip).toList();
        return new SignaturePolicy(Boolean.parseBoolean(require), trusted,
                Optional.ofNullable(p.get(SIG + "keyring")).map(Path::of).orElse(null));
    }

    private static AlertDestination destination(String name, Map<String, String> d, Function<String, String> getenv) {
        String url = d.get("url");
        if (url == null) {
            throw new IllegalArgumentException(DEST + name + ".url is required");
        }
        try {
            return new AlertDestination(name, new URI(url),
                    HmacKey.read(name, Optional.ofNullable(d.get("hmac-key-file")).map(Path::of),
                            Optional.ofNullable(d.get("hmac-key-env")), getenv).orElse(null),
                    integer(name, d, "timeout-seconds", 5), integer(name, d, "retries", 3));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(DEST + name + ".url is not a URL: " + e.getMessage(), e);
        }
    }

    private static int integer(String name, Map<String, String> d, String key, int otherwise) {
        String v = d.get(key);
        try {
            return v == null ? otherwise : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(DEST + name + "." + key + " must be a whole number, was \"" + v + "\"", e);
        }
    }
}
