package dev.moontide.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moontide.apply.HealthCheck;
import dev.moontide.drift.Alert;
import dev.moontide.drift.AlertSink;
import dev.moontide.drift.Drift;
import dev.moontide.kernel.FakeKernel;
import dev.moontide.kernel.KernelDriver;
import dev.moontide.kernel.KernelException;
import dev.moontide.kernel.RunSpec;
import dev.moontide.manifest.FakeLuak;
import dev.moontide.plan.Sha256;
import dev.moontide.source.TestRepos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole cycles against a real Git repository, a real script root on disk and an in-memory kernel. */
class ReconcilerTest {

    static final String HEAD = "apiVersion: moontide.dev/v1alpha1\n";


    @TempDir
    Path work;

    Path origin;
    Path scripts;
    Path state;
    Git git;
    FakeKernel kernel;
    Reconciler reconciler;
    final List<String> alerts = new ArrayList<>();

    @BeforeEach
    void init() throws Exception {
        origin = work.resolve("origin");
        scripts = work.resolve("lua");
        state = work.resolve("state");
        git = TestRepos.init(origin);
        kernel = new FakeKernel(scripts);
        reconciler = newReconciler();
    }

    Reconciler newReconciler() {
        AlertSink sink = new AlertSink() {
            @Override
            public void fired(Alert a) {
                alerts.add("fired " + a.drift().cause() + " " + a.drift().subject());
            }

            @Override
            public void resolved(Alert a) {
                alerts.add("resolved " + a.drift().cause() + " " + a.drift().subject());
            }
        };
        return new Reconciler(new ReconcileSettings(origin.toString(), "main", "manifests", scripts, state), kernel,
                FakeLuak.INSTANCE, new HealthCheck(5), List.of(sink), Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        git.close();
    }

    static String runtime(String name, String script, String extra) {
        return HEAD + "kind: Runtime\nmetadata:\n  name: " + name + "\nspec:\n  script: " + script + "\n" + extra;
    }

    void commit(String message, String... pathsAndContents) throws Exception {
        TestRepos.commit(git, message, pathsAndContents);
    }

    void threeRuntimes(String driftPolicy, String config) throws Exception {
        commit("three runtimes",
                "manifests/app.yaml", runtime("web", "web/main.lua", "  files: [lib/util.lua]\n  dependsOn: [db]\n  driftPolicy: "
                        + driftPolicy + "\n")
                        + "---\n" + runtime("db", "db.lua", "  driftPolicy: " + driftPolicy + "\n")
                        + "---\n" + runtime("cache", "cache.lua", "  dependsOn: [web]\n"),
                "manifests/config.yaml", HEAD + "kind: Config\nspec:\n" + config,
                "web/main.lua", "local u = require('lib.util')\nreturn u\n",
                "lib/util.lua", "return {}\n",
                "db.lua", "return 'db'\n",
                "cache.lua", "return 'cache'\n",
                "README.md", "not installed\n");
    }

    @Test
    void startsEverythingInDependencyOrderThenIsANoOp() throws Exception {
        threeRuntimes("alert", "  interval: 30s\n");
        CycleReport r = reconciler.cycle(false, false);
        assertEquals(CycleOutcome.SYNCED, r.outcome(), r.status().toString());
        assertEquals(List.of("run db", "run web", "run cache"), kernel.calls());
        assertEquals(Condition.READY, r.status().condition().type());
        assertEquals("ReconciliationSucceeded", r.status().condition().reason());
        assertEquals("local u = require('lib.util')\nreturn u\n", Files.readString(scripts.resolve("web/main.lua")));
        assertTrue(Files.exists(scripts.resolve("lib/util.lua")));
        assertTrue(!Files.exists(scripts.resolve("README.md")), "only declared files are installed");
        assertEquals(List.of("Synced", "Synced", "Synced"), r.status().runtimes().stream().map(RuntimeStatus::sync).toList());
        assertEquals(1, reconciler.history().size());

        kernel.calls().clear();
        CycleReport again = reconciler.cycle(false, false);
        assertTrue(again.plan().isEmpty());
        assertEquals(List.of(), kernel.calls());
        assertEquals(CycleOutcome.SYNCED, again.outcome());
        assertEquals(List.of(), alerts);
    }

    @Test
    void aChangedScriptRestartsOnlyItsRuntime() throws Exception {
        threeRuntimes("alert", "  interval: 30s\n");
        reconciler.cycle(false, false);
        kernel.calls().clear();
        commit("db v2", "db.lua", "return 'db v2'\n");
        CycleReport r = reconciler.cycle(false, false);
        assertEquals(List.of("stop db", "run db"), kernel.calls());
        assertEquals(Sha256.of("return 'db v2'\n".getBytes(StandardCharsets.UTF_8)), kernel.runtime("db").sha256());
        assertEquals(CycleOutcome.SYNCED, r.outcome());
    }

    @Test
    void aScriptThatFailsPreflightKeepsThePreviousVersionAndSaysWhy() throws Exception {
        threeRuntimes("alert", "  interval: 30s\n");
        reconciler.cycle(false, false);
        String before = kernel.runtime("db").sha256();
        kernel.calls().clear();
        commit("broken", "db.lua", "return FLOAT\n");
        CycleReport r = reconciler.cycle(false, false);
        assertEquals(CycleOutcome.FAILED, r.outcome());
        assertEquals(List.of(), kernel.calls());
        assertEquals(before, kernel.runtime("db").sha256());
        assertEquals(Condition.STALLED, r.status().condition().type());
        assertEquals("ManifestInvalid", r.status().condition().reason());
        assertEquals("manifests/app.yaml: document 2: spec.script: does not compile in the kernel dialect: "
                + "db.lua:1: malformed number (floats are not supported) near '1.5'", r.errors().get(0).toString());
        assertEquals("return 'db'\n", Files.readString(scripts.resolve("db.lua")), "files untouched");
        assertEquals("Invalid", reconciler.history().get(0).result());
    }

    @Test
    void aScriptTheKernelRefusesIsRolledBackAndNotRetriedUntilANewCommit() throws Exception {
        threeRuntimes("alert", "  interval: 30s\n");
        reconciler.cycle(false, false);
        String before = kernel.runtime("db").sha256();
        kernel.calls().clear();
        commit("refused", "db.lua", "FAIL_LOAD\n");
        CycleReport r = reconciler.cycle(false, false);
        assertEquals(CycleOutcome.FAILED, r.outcome());
        assertEquals(List.of("stop db", "run db", "stop db", "run db"), kernel.calls());
        assertEquals(before, kernel.runtime("db").sha256(), "the previous version runs again");
        assertEquals("return 'db'\n", Files.readString(scripts.resolve("db.lua")), "its file is back");
        assertEquals(Condition.STALLED, r.status().condition().type());
        assertEquals("ApplyFailed", r.status().condition().reason());
        RuntimeStatus db = r.status().runtimes().stream().filter(s -> s.name().equals("db")).findFirst().orElseThrow();
        assertEquals("RolledBack", db.sync());
        assertEquals("db.lua:1: unexpected symbol; rolled back to sha256 " + Sha256.shortForm(before), db.message());
        assertEquals("Failed", reconciler.history().get(0).result());

        kernel.calls().clear();
        CycleReport again = reconciler.cycle(false, false);
        assertEquals(List.of(), kernel.calls(), "a failed revision is not retried every interval");
        assertEquals("ApplyFailed", again.status().condition().reason());

        commit("fixed", "db.lua", "return 'db fixed'\n");
        CycleReport fixed = reconciler.cycle(false, false);
        assertEquals(CycleOutcome.SYNCED, fixed.outcome(), fixed.status().toString());
        assertEquals(List.of("stop db", "run db"), kernel.calls());
        assertEquals("ReconciliationSucceeded", fixed.status().condition().reason());
        assertNull(fixed.status().lastFailedRevision());
    }

    @Test
    void aRuntimeThatFailsAfterStartingIsRolledBackAndItsDependentsSkipped() throws Exception {
        threeRuntimes("alert", "  interval: 30s\n");
        reconciler.cycle(false, false);
        commit("fails later", "db.lua", "FAIL_LATER\n", "web/main.lua", "return 'web v2'\n");
        CycleReport r = reconciler.cycle(false, false);
        assertEquals(Map.of("db", "RolledBack", "web", "OutOfSync", "cache", "Synced"), syncs(r));
        assertEquals("running", kernel.runtime("db").state().wire());
    }

    @Test
    void driftAlertsOnceAndClearsWhenResolved() throws Exception {
        threeRuntimes("alert", "  interval: 30s\n");
        reconciler.cycle(false, false);
        kernel.stop("db");
        kernel.calls().clear();
        CycleReport r = reconciler.cycle(false, false);
        assertEquals(List.of(), kernel.calls(), "alert policy: not healed");
        assertEquals(List.of("fired MISSING db"), alerts);
        assertEquals("DriftDetected", r.status().condition().reason());
        reconciler.cycle(false, false);
        reconciler.cycle(false, false);
        assertEquals(List.of("fired MISSING db"), alerts, "no repeat every cycle");

        // after a restart of the daemon, the alert is remembered and not fired again
        Reconciler restarted = newReconciler();
        restarted.cycle(false, false);
        assertEquals(List.of("fired MISSING db"), alerts);

        kernel.run(RunSpec.of("db", "db.lua"));
        restarted.cycle(false, false);
        assertEquals(List.of("fired MISSING db", "resolved MISSING db"), alerts);
    }

    @Test
    void driftIsHealedWhereThePolicySaysHeal() throws Exception {
        threeRuntimes("heal", "  interval: 30s\n");
        reconciler.cycle(false, false);
        kernel.stop("db");
        Files.writeString(scripts.resolve("lib/util.lua"), "return 'edited by hand'\n");
        kernel.calls().clear();
        CycleReport r = reconciler.cycle(false, false);
        assertEquals(List.of("run db", "stop web", "run web"), kernel.calls());
        assertEquals("return {}\n", Files.readString(scripts.resolve("lib/util.lua")));
        assertEquals(List.of(), r.drift());
        assertEquals(List.of(), alerts, "healed within the cycle: nothing left to alert");
    }

    @Test
    void aRuntimeStartedByHandIsUnexpectedAndPrunedOnlyIfAllowed() throws Exception {
        threeRuntimes("alert", "  interval: 30s\n");
        reconciler.cycle(false, false);
        Files.writeString(scripts.resolve("mine.lua"), "return 1\n");
        kernel.run(RunSpec.of("mine", "mine.lua"));
        CycleReport r = reconciler.cycle(false, false);
        assertTrue(r.drift().stream().anyMatch(d -> d.cause() == Drift.Cause.UNEXPECTED && d.subject().equals("mine")));
        assertTrue(kernel.runtime("mine") != null, "prune disabled: left running");
        assertEquals(List.of("fired UNEXPECTED mine"), alerts);

        commit("prune", "manifests/config.yaml", HEAD + "kind: Config\nspec:\n  prune: {enabled: true}\n");
        kernel.calls().clear();
        reconciler.cycle(false, false);
        assertEquals(List.of("stop mine"), kernel.calls());
        assertEquals(List.of("fired UNEXPECTED mine", "resolved UNEXPECTED mine"), alerts);
        assertTrue(Files.exists(scripts.resolve("mine.lua")), "a file the reconciler did not install is never touched");
    }

    @Test
    void aNewCommitDuringHealthChecksCancelsTheWaitAndAppliesTheNewRevision() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort(); // free again once closed: nothing will accept on it
        }
        commit("web waits for a port that never opens",
                "manifests/web.yaml", runtime("web", "web.lua", "  health: {tcpPort: " + closedPort + ", timeoutSeconds: 120}\n"),
                "web.lua", "return 'v1'\n");
        String first = git.getRepository().resolve("HEAD").getName();
        java.util.concurrent.CompletableFuture<CycleReport> cycle =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return reconciler.cycle(false, false);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        while (kernel.runtime("web") == null && !cycle.isDone()) {
            Thread.sleep(20); // the cycle is now waiting on web's health check
        }
        commit("web v2, no port", "manifests/web.yaml", runtime("web", "web.lua", ""),
                "web.lua", "return 'v2'\n");
        String second = git.getRepository().resolve("HEAD").getName();

        CycleReport r = cycle.get(60, java.util.concurrent.TimeUnit.SECONDS); // far less than the 120 s timeout
        assertEquals(second, r.status().lastAppliedRevision(), r.status().toString());
        assertEquals(Sha256.of("return 'v2'\n".getBytes(StandardCharsets.UTF_8)), kernel.runtime("web").sha256());
        List<HistoryEntry> h = reconciler.history();
        assertEquals(List.of(second + " Applied", first + " Cancelled"),
                h.stream().map(e -> e.revision() + " " + e.result()).toList());
        assertNull(r.status().lastFailedRevision(), "a cancelled revision is not a failed one");
    }

    @Test
    void aPresenceOnlyDriverRefusesTwoRuntimesOfOneScript() throws Exception {
        KernelDriver presenceOnly = new KernelDriver() {
            @Override
            public dev.moontide.kernel.KernelVersion version() throws KernelException {
                return kernel.version();
            }

            @Override
            public List<dev.moontide.kernel.RuntimeInfo> list() throws KernelException {
                return kernel.list();
            }

            @Override
            public dev.moontide.kernel.RuntimeInfo run(RunSpec spec) throws dev.moontide.kernel.KernelException {
                return kernel.run(spec);
            }

            @Override
            public void stop(String name) throws dev.moontide.kernel.KernelException {
                kernel.stop(name);
            }

            @Override
            public List<String> eval(String runtime, String chunk) {
                return List.of();
            }

            @Override
            public boolean reportsDetails() {
                return false;
            }

            @Override
            public String describe() {
                return "lunatik (test)";
            }
        };
        commit("two of one script", "manifests/a.yaml", runtime("a", "s.lua", "") + "---\n" + runtime("b", "s.lua", ""),
                "s.lua", "return 1\n");
        Reconciler r = new Reconciler(new ReconcileSettings(origin.toString(), "main", "manifests", scripts, state),
                presenceOnly, FakeLuak.INSTANCE, new HealthCheck(5), List.of(), Clock.systemUTC());
        CycleReport report = r.cycle(false, false);
        assertEquals("DriverUnsupported", report.status().condition().reason());
        assertTrue(report.status().condition().message().endsWith(
                "runtimes a and b both run s.lua, and through lunatik (test) a script runs once"),
                report.status().condition().message());
        assertEquals(List.of(), kernel.calls());
        assertEquals(CycleOutcome.FAILED, report.outcome());
    }

    @Test
    void aDryRunWritesNothingAnywhere() throws Exception {
        threeRuntimes("alert", "  interval: 30s\n");
        reconciler.cycle(false, false);
        commit("db v2", "db.lua", "return 'db v2'\n");
        Map<String, String> scriptsBefore = TestRepos.snapshot(scripts);
        Map<String, String> stateBefore = TestRepos.snapshot(state);
        kernel.calls().clear();
        CycleReport r = reconciler.cycle(true, false);
        assertEquals(CycleOutcome.CHANGES_PLANNED, r.outcome());
        assertEquals(List.of("install db.lua", "restart db"),
                r.plan().actions().stream().map(a -> a.verb() + " " + a.target()).toList());
        assertEquals(List.of(), kernel.calls());
        assertEquals(scriptsBefore, TestRepos.snapshot(scripts));
        assertEquals(stateBefore, TestRepos.snapshot(state));
        assertEquals(List.of(), alerts);
    }

    @Test
    void aLostRemoteKeepsTheLastGoodRevisionAndStillHeals() throws Exception {
        threeRuntimes("heal", "  interval: 30s\n");
        reconciler.cycle(false, false);
        git.close();
        try (Stream<Path> w = Files.walk(origin)) {
            for (Path p : w.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        kernel.stop("db");
        kernel.calls().clear();
        CycleReport r = reconciler.cycle(false, false);
        assertEquals(Condition.RECONCILING, r.status().condition().type());
        assertEquals("FetchFailed", r.status().condition().reason());
        assertTrue(r.status().condition().message().contains("; keeping main@sha1:"), r.status().condition().message());
        assertEquals(List.of("run db"), kernel.calls(), "healed from the on-disk copy, without Git");
        git = Git.init().setDirectory(work.resolve("unused").toFile()).call();
    }

    @Test
    void afterAModuleReloadTheLastGoodRevisionIsAppliedWholeWithoutGit() throws Exception {
        threeRuntimes("alert", "  interval: 30s\n");
        reconciler.cycle(false, false);
        git.close();
        try (Stream<Path> w = Files.walk(origin)) {
            for (Path p : w.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        for (String name : List.of("cache", "web", "db")) {
            kernel.stop(name); // the module was reloaded: every runtime is gone
        }
        kernel.calls().clear();
        CycleReport r = reconciler.cycle(false, false);
        assertEquals(List.of("run db", "run web", "run cache"), kernel.calls());
        assertEquals("FetchFailed", r.status().condition().reason());
        git = Git.init().setDirectory(work.resolve("unused").toFile()).call();
    }

    static Map<String, String> syncs(CycleReport r) {
        Map<String, String> m = new TreeMap<>();
        r.status().runtimes().forEach(s -> m.put(s.name(), s.sync()));
        return m;
    }
}
