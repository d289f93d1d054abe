package dev.moontide.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.moontide.apply.HealthCheck;
import dev.moontide.drift.LogAlertSink;
import dev.moontide.kernel.FakeKernel;
import dev.moontide.manifest.Preflight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fetch that fails on a URL with credentials: the status the daemon serves and stores keeps them out. */
class CredentialsInStatusTest {

    static final String SECRET = "s3cr3t-t0ken";

    @Test
    void aFailedFetchRecordsARedactedStatus(@TempDir Path work) throws Exception {
        ReconcileSettings settings = new ReconcileSettings("https://alice:" + SECRET + "@127.0.0.1:1/k.git", "main",
                null, work.resolve("lua"), work.resolve("state"));
        Reconciler r = new Reconciler(settings, new FakeKernel(work.resolve("lua")), Preflight.none(),
                new HealthCheck(10), List.of(new LogAlertSink()), Clock.systemUTC());
        assertFalse(settings.toString().contains(SECRET), settings.toString());
        CycleReport report = r.cycle(false, false);
        assertEquals("FetchFailed", report.status().condition().reason());
        String json = new ObjectMapper().registerModule(new JavaTimeModule()).writeValueAsString(r.status());
        assertTrue(json.contains("https://***@127.0.0.1:1/k.git"), json);
        assertFalse(json.contains(SECRET), json);
        assertFalse(json.contains("alice"), json);
        try (var files = Files.walk(work.resolve("state"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1).contains(SECRET), f.toString());
            }
        }
    }
}
