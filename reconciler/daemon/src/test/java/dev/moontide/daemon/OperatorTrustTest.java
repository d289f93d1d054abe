package dev.moontide.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moontide.trust.TrustConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's own settings become the reconciler's trust; Git is not consulted. */
class OperatorTrustTest {

    static final String FPR = "0123456789ABCDEF0123456789ABCDEF01234567";

    @TempDir
    Path work;

    record Sig(String require, Optional<List<String>> trustedKeys, Optional<String> keyring)
            implements DaemonConfig.Signature {
    }

    record Dest(String url, Optional<String> hmacKeyFile, Optional<String> hmacKeyEnv, int timeoutSeconds, int retries)
            implements DaemonConfig.Destination {
    }

    record Alerts(Map<String, DaemonConfig.Destination> destinations) implements DaemonConfig.Alerts {
    }

    @Test
    void theSignaturePolicyAndDestinationsComeFromTheDaemonsSettings() throws Exception {
        Path key = Files.writeString(work.resolve("ops.key"), "alert-key\n");
        TrustConfig t = OperatorTrust.of(new Sig("true", Optional.of(List.of(FPR.toLowerCase())), Optional.of("/k.asc")),
                new Alerts(Map.of("ops", new Dest("https://alerts.example/hook", Optional.of(key.toString()),
                        Optional.empty(), 5, 3))), Optional.of("webhook-key"), k -> null);
        assertTrue(t.signature().require());
        assertEquals(List.of(FPR), t.signature().trustedKeys());
        assertEquals(Path.of("/k.asc"), t.signature().keyring());
        assertEquals("alert-key", t.alerts().get("ops").orElseThrow().hmacKey());
    }

    @Test
    void anAlertKeyEqualToTheWebhookSecretStopsTheDaemon() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OperatorTrust.of(
                new Sig("false", Optional.empty(), Optional.empty()),
                new Alerts(Map.of("ops", new Dest("https://alerts.example/hook", Optional.empty(), Optional.of("OPS"), 5, 3))),
                Optional.of("same"), Map.of("OPS", "same")::get));
        assertTrue(e.getMessage().contains("same key as moontide.webhook-secret"), e.getMessage());
    }

    @Test
    void aTypoInSignatureRequireStopsTheDaemonInsteadOfWeakeningThePolicy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OperatorTrust.of(
                new Sig("ture", Optional.empty(), Optional.of("/k.asc")), new Alerts(Map.of()), Optional.empty(),
                k -> null));
        assertEquals("moontide.signature.require must be true or false, was \"ture\"", e.getMessage());
    }
}
