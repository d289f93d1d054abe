package dev.moontide.daemon;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The REST API, health and metrics of the daemon, against a real Git repository and an in-memory kernel. */
@QuarkusTest
@QuarkusTestResource(value = GitRepoResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaemonApiTest {

    @Inject
    InMemoryKernel kernel;

    @Test
    @Order(1)
    void planIsADryRunForTheTokenOnly() {
        // no cycle yet: nothing to show without the token, and nothing is fetched for it
        given().when().get("/api/plan").then().statusCode(503).body("reason", equalTo("NoCycleYet"));
        given().auth().oauth2(GitRepoResource.TOKEN).when().get("/api/plan").then().statusCode(200)
                .header(ApiResource.PLAN_HEADER, "fresh")
                .body("dryRun", is(true))
                .body("actions.action", org.hamcrest.Matchers.contains("install", "start", "start"));
        org.junit.jupiter.api.Assertions.assertEquals(0, kernel.count());
    }

    @Test
    @Order(2)
    void syncAppliesAndStatusHistoryAndHealthSayReady() {
        given().auth().oauth2(GitRepoResource.TOKEN).when().post("/api/sync").then().statusCode(200)
                .body("results.runtime", org.hamcrest.Matchers.contains("hello", "world"))
                .body("results[0].outcome", equalTo("applied"));
        given().when().get("/api/status").then().statusCode(200)
                .body("status.condition.type", equalTo("Ready"))
                .body("status.runtimes[0].sync", equalTo("Synced"));
        given().when().get("/api/history").then().statusCode(200).body("$", hasSize(1))
                .body("[0].result", equalTo("Applied"));
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    /**
     * A GET any local web page can send never makes the daemon fetch: with the remote gone, the
     * unauthenticated plan is still the last cycle's, while the token's fresh one finds the fetch failing.
     */
    @Test
    @Order(3)
    void anUnauthenticatedPlanIsTheLastCyclesAndFetchesNothing() throws Exception {
        Path origin = GitRepoResource.origin();
        Path aside = origin.resolveSibling("origin.aside");
        Files.move(origin, aside);
        try {
            String commit = given().when().get("/api/plan").then().statusCode(200)
                    .header(ApiResource.PLAN_HEADER, "last-cycle")
                    .body("dryRun", is(false))
                    .body(not(containsString("FetchFailed")))
                    .extract().path("revision.commit");
            org.junit.jupiter.api.Assertions.assertEquals(40, commit.length());
            given().auth().oauth2(GitRepoResource.TOKEN).when().get("/api/plan").then().statusCode(200)
                    .header(ApiResource.PLAN_HEADER, "fresh").body(containsString("FetchFailed"));
            given().auth().oauth2(GitRepoResource.TOKEN.replace('4', '5')).when().get("/api/plan").then().statusCode(403)
                    .body("reason", equalTo("TokenWrong"));
        } finally {
            Files.move(aside, origin);
        }
    }

    @Test
    @Order(4)
    void driftIsReportedOnceAndCounted() {
        kernel.forget("hello");
        given().auth().oauth2(GitRepoResource.TOKEN).when().post("/api/sync").then().statusCode(200);
        given().auth().oauth2(GitRepoResource.TOKEN).when().post("/api/sync").then().statusCode(200);
        given().when().get("/api/drift").then().statusCode(200).body("$", hasSize(1))
                .body("[0].drift.cause", equalTo("MISSING"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("moontide_drift_alerts_total{cause=\"MISSING\",event=\"fired\",kind=\"corrective\"} 1.0"))
                .body(containsString("moontide_drift_active"));
    }

    @Test
    @Order(5)
    void webhookNeedsTheSignature() {
        byte[] body = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
        given().body(body).contentType("application/json").when().post("/api/webhook").then().statusCode(401)
                .body("reason", equalTo("SignatureMissing"));
        stamped(body, now(), "d-bad").header("X-Moontide-Signature", "sha256=00")
                .when().post("/api/webhook").then().statusCode(401).body("reason", equalTo("SignatureInvalid"));
        signed(body, now(), "d-1").when().post("/api/webhook").then().statusCode(202).body("accepted", is(true));
    }

    @Test
    @Order(6)
    void aReplayedWebhookIsRefused() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        long t = now();
        signed(body, t, "d-2").when().post("/api/webhook").then().statusCode(202);
        signed(body, t, "d-2").when().post("/api/webhook").then().statusCode(409)
                .body("reason", equalTo("Replayed")).body("error", containsString("d-2"));
        // a dot would let the id be re-split with the body's start under the same HMAC
        signed(body, t, "d-2.x").when().post("/api/webhook").then().statusCode(400)
                .body("reason", equalTo("DeliveryInvalid"));
        // the same delivery re-stamped needs a new signature, which only the secret's holder can make
        stamped(body, t + 1, "d-2").header("X-Moontide-Signature", WebhookGuard.signature("s3cret", Long.toString(t), "d-2", body))
                .when().post("/api/webhook").then().statusCode(401).body("reason", equalTo("SignatureInvalid"));
    }

    @Test
    @Order(7)
    void aWebhookStampedOutsideTheWindowIsRefused() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        signed(body, now() - 600, "d-old").when().post("/api/webhook").then().statusCode(401)
                .body("reason", equalTo("StaleTimestamp"));
        signed(body, now() + 600, "d-future").when().post("/api/webhook").then().statusCode(401)
                .body("reason", equalTo("StaleTimestamp"));
    }

    @Test
    @Order(8)
    void aBodyOnlyGithubSignatureIsRefusedAsReplayable() {
        byte[] body = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
        given().body(body).contentType("application/json")
                // printf %s '{"ref":"refs/heads/main"}' | openssl dgst -sha256 -hmac s3cret
                .header("X-Hub-Signature-256", "sha256=232a5e067b6a5aa567ed5a1d21a0dffaf6ef0eeecb6bd9bcf43b3d5ef3fc4f43")
                .when().post("/api/webhook").then().statusCode(401).body("reason", equalTo("Unstamped"));
    }

    static long now() {
        return java.time.Instant.now().getEpochSecond();
    }

    static RequestSpecification stamped(byte[] body, long timestamp, String delivery) {
        return given().body(body).contentType("application/json").header("X-Moontide-Timestamp", Long.toString(timestamp))
                .header("X-Moontide-Delivery", delivery);
    }

    static RequestSpecification signed(byte[] body, long timestamp, String delivery) {
        return stamped(body, timestamp, delivery).header("X-Moontide-Signature",
                WebhookGuard.signature("s3cret", Long.toString(timestamp), delivery, body));
    }
}
