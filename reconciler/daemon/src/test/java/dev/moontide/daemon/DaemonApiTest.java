package dev.moontide.daemon;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The REST API, health and metrics of the daemon, against a real Git repository and an in-memory kernel. */
@QuarkusTest
@QuarkusTestResource(GitRepoResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaemonApiTest {

    @Inject
    InMemoryKernel kernel;

    @Test
    @Order(1)
    void planIsADryRun() {
        given().when().get("/api/plan").then().statusCode(200)
                .body("dryRun", is(true))
                .body("actions.action", org.hamcrest.Matchers.contains("install", "start", "start"));
        org.junit.jupiter.api.Assertions.assertEquals(0, kernel.count());
    }

    @Test
    @Order(2)
    void syncAppliesAndStatusHistoryAndHealthSayReady() {
        given().when().post("/api/sync").then().statusCode(200)
                .body("results.runtime", org.hamcrest.Matchers.contains("hello", "world"))
                .body("results[0].outcome", equalTo("applied"));
        given().when().get("/api/status").then().statusCode(200)
                .body("status.condition.type", equalTo("Ready"))
                .body("status.runtimes[0].sync", equalTo("Synced"));
        given().when().get("/api/history").then().statusCode(200).body("$", hasSize(1))
                .body("[0].result", equalTo("Applied"));
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    @Order(3)
    void driftIsReportedOnceAndCounted() {
        kernel.forget("hello");
        given().when().post("/api/sync").then().statusCode(200);
        given().when().post("/api/sync").then().statusCode(200);
        given().when().get("/api/drift").then().statusCode(200).body("$", hasSize(1))
                .body("[0].drift.cause", equalTo("MISSING"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("moontide_drift_alerts_total{cause=\"MISSING\",event=\"fired\",kind=\"corrective\"} 1.0"))
                .body(containsString("moontide_drift_active"));
    }

    @Test
    @Order(4)
    void webhookNeedsTheSignature() {
        byte[] body = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
        given().body(body).contentType("application/json").when().post("/api/webhook").then().statusCode(401);
        given().body(body).contentType("application/json").header("X-Hub-Signature-256", "sha256=00")
                .when().post("/api/webhook").then().statusCode(401);
        given().body(body).contentType("application/json")
                // printf %s '{"ref":"refs/heads/main"}' | openssl dgst -sha256 -hmac s3cret
                .header("X-Hub-Signature-256", "sha256=232a5e067b6a5aa567ed5a1d21a0dffaf6ef0eeecb6bd9bcf43b3d5ef3fc4f43")
                .when().post("/api/webhook").then().statusCode(202).body("accepted", is(true));
    }
}
