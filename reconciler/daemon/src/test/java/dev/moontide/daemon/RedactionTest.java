package dev.moontide.daemon;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** A repository URL with a token: the token shows in no answer of the API, no health check, no metric, no log line. */
@QuarkusTest
@QuarkusTestResource(value = CredentialUrlResource.class, restrictToAnnotatedClass = true)
class RedactionTest {

    static final String SECRET = CredentialUrlResource.SECRET;

    @Test
    void noAnswerNorLogLineQuotesTheCredentials() {
        StringBuilder log = new StringBuilder();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                log.append(r.getMessage()).append(' ').append(java.util.Arrays.toString(r.getParameters())).append('\n');
                if (r.getThrown() != null) {
                    StringWriter w = new StringWriter();
                    r.getThrown().printStackTrace(new PrintWriter(w));
                    log.append(w);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            given().auth().oauth2(GitRepoResource.TOKEN).when().post("/api/sync").then().statusCode(200)
                    .body(containsString("https://***@127.0.0.1:1/ops/kernel.git")).body(not(containsString(SECRET)));
            for (String path : new String[] {"/api/status", "/api/plan", "/api/history", "/q/health", "/q/health/ready",
                "/q/metrics"}) {
                given().when().get(path).then().body(not(containsString(SECRET))).body(not(containsString("alice")));
            }
            given().when().get("/api/status").then().body(containsString("***@127.0.0.1"));
        } finally {
            root.removeHandler(capture);
        }
        assertTrue(log.toString().contains("***@127.0.0.1"), "the failed fetch was logged:\n" + log);
        assertFalse(log.toString().contains(SECRET), log.toString());
    }

    @Test
    void credentialsOnTheJvmCommandLineRefuseToStart() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RepoUrlCheck.check(
                "https://alice:" + SECRET + "@git.example/k.git", RepoUrlCheck.SYSTEM_PROPERTIES));
        assertTrue(e.getMessage().contains("MOONTIDE_REPO"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        RepoUrlCheck.check("https://alice:" + SECRET + "@git.example/k.git", "EnvConfigSource");
        RepoUrlCheck.check("https://git.example/k.git", RepoUrlCheck.SYSTEM_PROPERTIES);
    }
}
