package dev.moontide.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.moontide.apply.HealthCheck;
import dev.moontide.drift.AlertDestination;
import dev.moontide.drift.AlertDestinations;
import dev.moontide.drift.WebhookAlertSink;
import dev.moontide.kernel.FakeKernel;
import dev.moontide.manifest.FakeLuak;
import dev.moontide.source.SignaturePolicy;
import dev.moontide.source.TestRepos;
import dev.moontide.trust.TrustConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Git picks alert destinations by name among the operator's; it never gives a URL or a key. */
class AlertChoiceTest {

    static final String HEAD = ReconcilerTest.HEAD;

    @TempDir
    Path work;

    Git git;
    FakeKernel kernel;
    HttpServer server;
    final List<String> received = new CopyOnWriteArrayList<>();
    Reconciler reconciler;

    @BeforeEach
    void init() throws Exception {
        git = TestRepos.init(work.resolve("origin"));
        kernel = new FakeKernel(work.resolve("lua"));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ops", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestHeaders().getFirst("X-Moontide-Signature") + " "
                    + new String(body, StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        AlertDestination ops = new AlertDestination("ops",
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ops"), "ops-key", 2, 0);
        reconciler = new Reconciler(new ReconcileSettings(work.resolve("origin").toString(), "main", "manifests",
                work.resolve("lua"), work.resolve("state"),
                new TrustConfig(SignaturePolicy.NONE, AlertDestinations.of(List.of(ops)))),
                kernel, FakeLuak.INSTANCE, new HealthCheck(5), List.of(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        server.stop(0);
        git.close();
    }

    void commit(String alerts) throws Exception {
        // two runtimes: with one stopped, the kernel still runs the other (one alone gone reads as a module reload)
        TestRepos.commit(git, "db and web", "manifests/app.yaml", ReconcilerTest.runtime("db", "db.lua", "")
                        + "---\n" + ReconcilerTest.runtime("web", "web.lua", ""),
                "manifests/config.yaml", HEAD + "kind: Config\nspec:\n  alerts:\n" + alerts,
                "db.lua", "return 'db'\n", "web.lua", "return 'web'\n");
    }

    @Test
    void aConfigPickingADestinationTheDaemonDoesNotDefineIsAManifestError() throws Exception {
        commit("    destinations: [ops, evil]\n");
        CycleReport r = reconciler.cycle(false, false);
        assertEquals("ManifestInvalid", r.status().condition().reason());
        assertEquals("manifests/config.yaml: document 1: spec.alerts.destinations[1]: no alert destination named"
                + " \"evil\" in the daemon's configuration (defined: ops)", r.errors().get(0).toString());
        assertEquals(List.of(), kernel.calls());
    }

    @Test
    void aConfigGivingAWebhookUrlIsRefusedAsAnUnknownField() throws Exception {
        commit("    webhooks:\n      - url: http://169.254.169.254/latest\n        secretEnv: MOONTIDE_WEBHOOK_SECRET\n");
        CycleReport r = reconciler.cycle(false, false);
        assertEquals("ManifestInvalid", r.status().condition().reason());
        assertEquals("manifests/config.yaml: document 1: spec.alerts.webhooks: unknown field; alert URLs and keys are"
                + " the daemon's (moontide.alerts.destinations.NAME.*): pick them by name in spec.alerts.destinations",
                r.errors().get(0).toString());

        commit("    destinations: [ops]\n    url: http://169.254.169.254/latest\n");
        r = reconciler.cycle(false, false);
        assertEquals("spec.alerts.url", r.errors().get(0).field());
        assertEquals(List.of(), kernel.calls());
    }

    @Test
    void driftAlertsGoToTheChosenDestinationSignedWithTheOperatorsKey() throws Exception {
        commit("    destinations: [ops]\n");
        assertEquals(CycleOutcome.SYNCED, reconciler.cycle(false, false).outcome());
        kernel.stop("db");
        reconciler.cycle(false, false);
        for (int i = 0; i < 100 && received.isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertEquals(1, received.size(), received.toString());
        String[] sigAndBody = received.get(0).split(" ", 2);
        assertEquals(WebhookAlertSink.signature("ops-key", sigAndBody[1].getBytes(StandardCharsets.UTF_8)), sigAndBody[0]);
        assertTrue(sigAndBody[1].startsWith("{\"event\":\"fired\",\"subject\":\"db\""), sigAndBody[1]);
    }
}
