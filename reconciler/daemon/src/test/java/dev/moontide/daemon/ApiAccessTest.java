package dev.moontide.daemon;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/**
 * Who may change state through the API: only a caller with the bearer token from the token
 * file, from the same origin. Every request here is refused, so the kernel is never touched.
 */
@QuarkusTest
@QuarkusTestResource(value = GitRepoResource.class, restrictToAnnotatedClass = true)
class ApiAccessTest {

    @Inject
    InMemoryKernel kernel;

    @Test
    void aBodylessSyncWithoutTheTokenIsUnauthorized() {
        given().when().post("/api/sync?force=true").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("reason", equalTo("TokenMissing"));
        assertEquals(0, kernel.count());
    }

    @Test
    void aMalformedAuthorizationIsUnauthorized() {
        given().header("Authorization", "Basic dXNlcjpwdw==").when().post("/api/sync").then().statusCode(401)
                .body("reason", equalTo("TokenMalformed"));
        given().header("Authorization", "Bearer ").when().post("/api/sync").then().statusCode(401);
        given().header("Authorization", "Bearer a b").when().post("/api/sync").then().statusCode(401);
        assertEquals(0, kernel.count());
    }

    @Test
    void aWrongTokenIsForbidden() {
        given().auth().oauth2(GitRepoResource.TOKEN.replace('4', '5')).when().post("/api/sync").then().statusCode(403)
                .body("reason", equalTo("TokenWrong"));
        given().auth().oauth2("short").when().post("/api/sync").then().statusCode(403);
        assertEquals(0, kernel.count());
    }

    @Test
    void aCrossOriginSyncIsForbiddenEvenWithTheToken() {
        given().auth().oauth2(GitRepoResource.TOKEN).header("Origin", "https://evil.example")
                .when().post("/api/sync?force=true").then().statusCode(403).body("reason", equalTo("CrossOrigin"));
        given().auth().oauth2(GitRepoResource.TOKEN).header("Origin", "null")
                .when().post("/api/sync").then().statusCode(403).body("reason", equalTo("CrossOrigin"));
        given().auth().oauth2(GitRepoResource.TOKEN).header("Origin", "http://localhost:" + (RestAssured.port + 1))
                .when().post("/api/sync").then().statusCode(403);
        given().auth().oauth2(GitRepoResource.TOKEN).header("Sec-Fetch-Site", "cross-site")
                .when().post("/api/sync").then().statusCode(403).body("reason", equalTo("CrossOrigin"));
        assertEquals(0, kernel.count());
    }

    @Test
    void aCrossOriginWebhookIsForbiddenBeforeItsSignatureIsRead() {
        given().header("Origin", "https://evil.example").body("{}").contentType("application/json")
                .when().post("/api/webhook").then().statusCode(403).body("reason", equalTo("CrossOrigin"));
    }

    @Test
    void withoutATokenFileSyncIsDisabledAndSaysHowToCreateOne() throws Exception {
        Path file = GitRepoResource.tokenFile();
        Path aside = file.resolveSibling("api-token.aside");
        Files.move(file, aside);
        try {
            given().auth().oauth2(GitRepoResource.TOKEN).when().post("/api/sync").then().statusCode(403)
                    .body("reason", equalTo("TokenFileMissing"))
                    .body("error", containsString("openssl rand -hex 32 > " + file));
        } finally {
            Files.move(aside, file);
        }
    }

    @Test
    void aTokenFileOthersMayReadIsNotUsed() throws Exception {
        Path file = GitRepoResource.tokenFile();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try {
            given().auth().oauth2(GitRepoResource.TOKEN).when().post("/api/sync").then().statusCode(403)
                    .body("reason", equalTo("TokenFileInsecure")).body("error", containsString("chmod 600"));
        } finally {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void readsStayOpenOnThisHost() {
        given().when().get("/api/status").then().statusCode(200);
        given().when().get("/api/history").then().statusCode(200);
        given().when().get("/q/health/live").then().statusCode(200);
    }

    /** DNS rebinding: a page whose name now resolves to 127.0.0.1 sends its own name as Host. */
    @Test
    void aReadNamingAnotherHostIsRefusedUnlessItCarriesTheToken() {
        String evil = "evil.example:" + RestAssured.port;
        for (String path : new String[] {"/api/status", "/api/plan", "/q/health/live", "/q/metrics"}) {
            given().header("Host", evil).when().get(path).then().statusCode(403).body("reason", equalTo("HostNotAllowed"));
        }
        given().header("Host", evil).auth().oauth2(GitRepoResource.TOKEN).when().get("/api/status").then().statusCode(200);
        given().header("Host", "localhost:" + RestAssured.port).when().get("/q/health/live").then().statusCode(200);
    }
}
