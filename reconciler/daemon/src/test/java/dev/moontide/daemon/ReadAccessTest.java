package dev.moontide.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reads without the token: /q/* on a non-loopback bind, and the Host header of a loopback read (DNS rebinding). */
class ReadAccessTest {

    static Optional<Refusal> token(String authorization) {
        return "Bearer good".equals(authorization) ? Optional.empty()
                : Optional.of(Refusal.unauthorized("TokenMissing", "no token"));
    }

    @ParameterizedTest(name = "bind {0}: {1} {2} from {3}, Host {4}, Authorization {5} -> {6}")
    @CsvSource(nullValues = "-", value = {
        // bound to every interface: Quarkus' health and metrics need the token from everyone
        "0.0.0.0,   GET,  /q/health,       127.0.0.1, localhost:8087,      -,           TokenMissing",
        "0.0.0.0,   GET,  /q/metrics,      10.0.0.5,  host.example:8087,   -,           TokenMissing",
        "0.0.0.0,   GET,  /q/health/ready, 10.0.0.5,  host.example:8087,   Bearer bad,  TokenMissing",
        "0.0.0.0,   GET,  /q/metrics,      10.0.0.5,  host.example:8087,   Bearer good, -",
        "10.0.0.1,  GET,  /q/health,       127.0.0.1, 127.0.0.1:8087,      -,           TokenMissing",
        "::,        HEAD, /q/health,       ::1,       [::1]:8087,          -,           TokenMissing",
        // bound to loopback: reads from this host are open if they name this host
        "127.0.0.1, GET,  /q/health,       127.0.0.1, localhost:8087,      -,           -",
        "127.0.0.1, GET,  /q/metrics,      127.0.0.1, 127.0.0.1:8087,      -,           -",
        "127.0.0.1, GET,  /api/status,     127.0.0.1, localhost.:8087,     -,           -",
        "127.0.0.1, GET,  /api/plan,       127.0.0.1, [::1]:8087,          -,           -",
        "localhost, GET,  /api/status,     127.0.0.1, localhost,           -,           -",
        "127.0.0.1, GET,  /api/status,     127.0.0.1, -,                   -,           -",
        // a page of evil.example rebound to 127.0.0.1 reads nothing, whatever header it adds
        "127.0.0.1, GET,  /api/status,     127.0.0.1, evil.example:8087,   -,           HostNotAllowed",
        "127.0.0.1, GET,  /q/health,       127.0.0.1, evil.example:8087,   -,           HostNotAllowed",
        "127.0.0.1, GET,  /api/plan,       127.0.0.1, evil.example:8087,   Bearer bad,  HostNotAllowed",
        "127.0.0.1, GET,  /api/status,     127.0.0.1, 127.0.0.1.evil.example, -,        HostNotAllowed",
        "127.0.0.1, GET,  /api/status,     127.0.0.1, evil.example:8087,   Bearer good, -",
        // state changes are ApiGuard's (token, origin), after this filter
        "127.0.0.1, POST, /api/sync,       127.0.0.1, evil.example:8087,   -,           -",
    })
    void readsWithoutTheToken(String bind, String method, String path, String client, String host, String authorization,
            String refused) {
        Optional<Refusal> r = new ReadAccess(bind, ReadAccessTest::token).check(method, path, client, host, authorization);
        assertEquals(Optional.ofNullable(refused), r.map(Refusal::reason));
    }
}
