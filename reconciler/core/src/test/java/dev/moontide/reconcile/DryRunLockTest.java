package dev.moontide.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moontide.apply.HealthCheck;
import dev.moontide.drift.LogAlertSink;
import dev.moontide.kernel.FakeKernel;
import dev.moontide.manifest.Preflight;
import dev.moontide.source.TestRepos;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dry run (the daemon's GET /api/plan) clones without the apply's lock: it never waits for, nor stalls, an apply. */
class DryRunLockTest {

    @Test
    void aDryRunCompletesWhileAnApplyHoldsTheLock(@TempDir Path work) throws Exception {
        try (Git git = TestRepos.init(work.resolve("origin"))) {
            TestRepos.commit(git, "hello", "manifests/hello.yaml", "apiVersion: moontide.dev/v1alpha1\n"
                    + "kind: Runtime\nmetadata:\n  name: hello\nspec:\n  script: hello.lua\n", "hello.lua", "return 1\n");
        }
        Reconciler r = new Reconciler(new ReconcileSettings(work.resolve("origin").toString(), "main", null,
                work.resolve("lua"), work.resolve("state")), new FakeKernel(work.resolve("lua")), Preflight.none(),
                new HealthCheck(10), List.of(new LogAlertSink()), Clock.systemUTC());
        CycleReport plan;
        synchronized (r) { // what an apply in progress holds
            plan = CompletableFuture.supplyAsync(() -> {
                try {
                    return r.cycle(true, false);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(60, TimeUnit.SECONDS);
        }
        assertTrue(plan.dryRun());
        assertEquals(2, plan.plan().actions().size(), plan.plan().actions().toString());
    }
}
