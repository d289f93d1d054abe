package dev.moontide.daemon;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** systemctl reload: SIGHUP to the daemon's JVM reconciles at once and does not stop it. */
@QuarkusTest
@QuarkusTestResource(value = GitRepoResource.class, restrictToAnnotatedClass = true)
class ReloadSignalTest {

    @Inject
    InMemoryKernel kernel;

    @Test
    void sighupReconcilesAtOnceAndTheDaemonKeepsRunning() throws Exception {
        given().auth().oauth2(GitRepoResource.TOKEN).when().post("/api/sync").then().statusCode(200);
        int applied = kernel.count();
        assertTrue(applied > 0, "the first sync applied the repository");
        kernel.forget("hello");
        assertEquals(applied - 1, kernel.count());

        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid())).start();
        assertEquals(0, kill.waitFor());

        // The repository's driftPolicy is alert: the cycle SIGHUP starts reports the missing runtime.
        long deadline = System.nanoTime() + 30_000_000_000L;
        int drifts = 0;
        while (drifts == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            drifts = given().when().get("/api/drift").then().statusCode(200).extract().jsonPath().getList("$").size();
        }
        assertEquals(1, drifts, "the cycle SIGHUP started saw the missing runtime");
        given().when().get("/q/health/live").then().statusCode(200);
    }
}
