package dev.moontide.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which browser requests count as coming from the daemon's own origin. */
class SameOriginTest {

    static final URI SYNC = URI.create("http://127.0.0.1:8087/api/sync");

    @ParameterizedTest(name = "Origin {0}, Sec-Fetch-Site {1}: allowed {2}")
    @CsvSource(nullValues = "-", value = {
        "-, -, true",
        "http://127.0.0.1:8087, -, true",
        "HTTP://127.0.0.1:8087, same-origin, true",
        "-, none, true",
        "https://evil.example, -, false",
        "http://127.0.0.1:8088, -, false",
        "https://127.0.0.1:8087, -, false",
        "null, -, false",
        "http://localhost:8087, -, false",
        "-, cross-site, false",
        "-, same-site, false",
    })
    void onlyTheSameOriginMayChangeState(String origin, String site, boolean allowed) {
        var refusal = SameOrigin.check(SYNC, origin, site);
        assertEquals(allowed, refusal.isEmpty(), String.valueOf(refusal));
        refusal.ifPresent(r -> assertEquals(403, r.status()));
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1, true", "127.8.0.1, true", "::1, true", "0:0:0:0:0:0:0:1, true", "10.0.0.1, false",
        "::ffff:10.0.0.1, false", "192.168.1.127, false"})
    void loopbackAddresses(String address, boolean loopback) {
        if (loopback) {
            assertTrue(ApiGuard.isLoopback(address));
        } else {
            assertFalse(ApiGuard.isLoopback(address));
        }
    }
}
