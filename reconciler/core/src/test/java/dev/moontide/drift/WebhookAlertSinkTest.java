package dev.moontide.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook sink against a local HTTP server on the loopback address. */
class WebhookAlertSinkTest {

    HttpServer server;
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<String> signatures = new CopyOnWriteArrayList<>();
    final AtomicInteger failFirst = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            bodies.add(new String(body, StandardCharsets.UTF_8));
            signatures.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Moontide-Signature")));
            int status = failFirst.getAndDecrement() > 0 ? 503 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    static final Alert ALERT = new Alert(new Drift("db", Drift.Cause.MISSING, "ab", Drift.Kind.CORRECTIVE,
            "runtime db is not running in the kernel"), Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void postsSignedJsonAndRetriesUntilAccepted() {
        failFirst.set(2);
        WebhookAlertSink sink = new WebhookAlertSink(new AlertDestination("ops", URI.create(url()), "s3cret", 2, 3), 1);
        assertTrue(sink.post("fired", ALERT));
        assertEquals(3, bodies.size());
        String expected = "{\"event\":\"fired\",\"subject\":\"db\",\"cause\":\"MISSING\",\"kind\":\"corrective\","
                + "\"sha256\":\"ab\",\"detail\":\"runtime db is not running in the kernel\",\"since\":\"2026-01-01T00:00:00Z\"}";
        assertEquals(expected, bodies.get(2));
        assertEquals(WebhookAlertSink.signature("s3cret", expected.getBytes(StandardCharsets.UTF_8)), signatures.get(2));
        assertTrue(signatures.get(2).matches("sha256=[0-9a-f]{64}"));
    }

    @Test
    void firedAndResolvedAreSentInTheBackground() throws InterruptedException {
        WebhookAlertSink sink = new WebhookAlertSink(new AlertDestination("ops", URI.create(url()), null, 2, 0), 1);
        sink.fired(ALERT);
        sink.resolved(ALERT);
        for (int i = 0; i < 100 && bodies.size() < 2; i++) {
            Thread.sleep(50);
        }
        assertEquals(2, bodies.size());
        assertTrue(bodies.get(0).startsWith("{\"event\":\"fired\""));
        assertTrue(bodies.get(1).startsWith("{\"event\":\"resolved\""));
    }

    @Test
    void givesUpAfterItsRetriesWithoutThrowing() {
        failFirst.set(100);
        WebhookAlertSink sink = new WebhookAlertSink(new AlertDestination("ops", URI.create(url()), null, 1, 2), 1);
        assertFalse(sink.post("resolved", ALERT));
        assertEquals(3, bodies.size());
        assertEquals("null", signatures.get(0), "no key, no signature");
    }

    @Test
    void signsTheBodyWithHmacSha256() {
        // printf %s 'The quick brown fox jumps over the lazy dog' | openssl dgst -sha256 -hmac key
        assertEquals("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
                WebhookAlertSink.signature("key",
                        "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8)));
    }
}
