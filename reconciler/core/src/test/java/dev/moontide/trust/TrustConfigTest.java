package dev.moontide.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moontide.drift.AlertDestination;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's trust settings, read from the same properties the daemon reads. */
class TrustConfigTest {

    static final String FPR = "0123456789ABCDEF0123456789ABCDEF01234567";

    @TempDir
    Path work;

    @Test
    void readsTheSignaturePolicyAndTheDestinationsWithKeysFromAFileOrTheEnvironment() throws Exception {
        Path key = Files.writeString(work.resolve("ops.key"), "from-a-file\n");
        Path file = Files.writeString(work.resolve("moontide.properties"), String.join("\n",
                "moontide.repo=https://git.example/ops.git",
                "moontide.signature.require=true",
                "moontide.signature.trusted-keys=" + FPR.toLowerCase() + ", " + FPR.replace('0', 'F'),
                "moontide.signature.keyring=/etc/moontide/trusted.asc",
                "moontide.alerts.destinations.ops.url=https://alerts.example/hook",
                "moontide.alerts.destinations.ops.hmac-key-file=" + key,
                "moontide.alerts.destinations.pager.url=http://127.0.0.1:9000/page",
                "moontide.alerts.destinations.pager.hmac-key-env=PAGER_KEY",
                "moontide.alerts.destinations.pager.timeout-seconds=2",
                "moontide.alerts.destinations.pager.retries=0",
                "moontide.alerts.destinations.plain.url=http://127.0.0.1:9001/", ""));
        TrustConfig t = TrustConfig.read(file, Map.of("PAGER_KEY", "from-the-env")::get);
        assertTrue(t.signature().require());
        assertEquals(List.of(FPR, FPR.replace('0', 'F')), t.signature().trustedKeys());
        assertEquals(Path.of("/etc/moontide/trusted.asc"), t.signature().keyring());
        assertEquals(List.of("ops", "pager", "plain"), t.alerts().names());
        assertEquals(new AlertDestination("ops", URI.create("https://alerts.example/hook"), "from-a-file", 5, 3),
                t.alerts().get("ops").orElseThrow());
        assertEquals(new AlertDestination("pager", URI.create("http://127.0.0.1:9000/page"), "from-the-env", 2, 0),
                t.alerts().get("pager").orElseThrow());
        assertNull(t.alerts().get("plain").orElseThrow().hmacKey());
        assertFalse(t.alerts().get("ops").orElseThrow().toString().contains("from-a-file"), "a key is never printed");
    }

    @Test
    void anAlertKeyEqualToTheWebhookReceivingSecretIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrustConfig.of(Map.of(
                "moontide.webhook-secret", "shared",
                "moontide.alerts.destinations.ops.url", "https://alerts.example/hook",
                "moontide.alerts.destinations.ops.hmac-key-env", "OPS_KEY"), Map.of("OPS_KEY", "shared")::get));
        assertEquals("alert destination ops signs with the same key as moontide.webhook-secret: alert keys must"
                + " differ from the key of incoming webhooks", e.getMessage());
    }

    @Test
    void aTypoInATrustSettingIsAnErrorNotASilentlyWeakerPolicy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrustConfig.of(Map.of("moontide.signature.requires", "true"), k -> null));
        assertEquals("unknown setting moontide.signature.requires (known: [keyring, require, trusted-keys])",
                e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TrustConfig.of(Map.of("moontide.signature.require", "yes"), k -> null));
        assertThrows(IllegalArgumentException.class,
                () -> TrustConfig.of(Map.of("moontide.alerts.destinations.ops.secret", "x"), k -> null));
    }

    @Test
    void aDestinationNeedsAnHttpUrlAndAKeyThatIsSet() {
        assertThrows(IllegalArgumentException.class, () -> TrustConfig.of(Map.of(
                "moontide.alerts.destinations.ops.url", "file:///etc/shadow"), k -> null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrustConfig.of(Map.of(
                "moontide.alerts.destinations.ops.url", "https://alerts.example/",
                "moontide.alerts.destinations.ops.hmac-key-env", "UNSET"), k -> null));
        assertEquals("alert destination ops: its HMAC key ($UNSET) is empty or unset", e.getMessage());
    }
}
