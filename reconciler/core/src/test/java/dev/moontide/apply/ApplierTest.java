package dev.moontide.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moontide.kernel.FakeKernel;
import dev.moontide.manifest.ConfigSpec;
import dev.moontide.manifest.Health;
import dev.moontide.manifest.RuntimeSpec;
import dev.moontide.plan.DesiredRuntime;
import dev.moontide.plan.DesiredState;
import dev.moontide.plan.Plan;
import dev.moontide.plan.Planner;
import dev.moontide.plan.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Apply on its own: a revision tree, a script root and a state folder on disk, the in-memory kernel. */
class ApplierTest {

    @TempDir
    Path work;

    Path tree;
    Path root;
    FakeKernel kernel;
    StateStore store;
    Applier applier;

    @BeforeEach
    void init() throws Exception {
        tree = Files.createDirectories(work.resolve("tree"));
        root = work.resolve("lua");
        kernel = new FakeKernel(root);
        store = new StateStore(work.resolve("state"));
        applier = new Applier(kernel, new ScriptRoot(root), store, new HealthCheck(5));
    }

    DesiredState desired(String script, String content, RuntimeSpec spec) throws Exception {
        Files.createDirectories(tree.resolve(script).getParent());
        Files.writeString(tree.resolve(script), content);
        String sha = Sha256.of(content.getBytes(StandardCharsets.UTF_8));
        return new DesiredState(List.of(new DesiredRuntime("web", spec, sha)), Map.of(script, sha),
                new ConfigSpec.Prune(true, false));
    }

    dev.moontide.plan.ActualState observe(DesiredState d) throws Exception {
        return new Observer(kernel, new ScriptRoot(root)).observe(store.inventory(), d);
    }

    @Test
    void appliesAtomicallyAndASecondApplyIsANoOp() throws Exception {
        DesiredState d = desired("web/main.lua", "return 1\n", RuntimeSpec.of("web/main.lua"));
        ApplyResult r = applier.apply(Planner.plan(d, observe(d)), d, tree, "c1", () -> false);
        assertTrue(r.ok(), r.toString());
        assertEquals("c1", r.inventory().revision());
        try (Stream<Path> files = Files.walk(root)) {
            assertEquals(List.of("web/main.lua"), files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).toList(),
                    "no temporary file left behind");
        }
        assertTrue(store.blob(d.files().get("web/main.lua")).isPresent(), "a copy kept for rollback");
        Plan again = Planner.plan(d, observe(d));
        assertTrue(again.isEmpty(), again.toString());
        kernel.calls().clear();
        applier.apply(again, d, tree, "c1", () -> false);
        assertEquals(List.of(), kernel.calls());
    }

    @Test
    void aNewRevisionCancelsTheHealthWait() throws Exception {
        RuntimeSpec spec = new RuntimeSpec("web.lua", null, null, null, null, null, new Health("/dev/nothing-here", null, 30), null);
        DesiredState d = desired("web.lua", "return 1\n", spec);
        ApplyResult r = applier.apply(Planner.plan(d, observe(d)), d, tree, "c1", () -> true);
        assertTrue(r.cancelled());
        assertFalse(r.ok());
        assertEquals(RuntimeResult.Outcome.SKIPPED, r.runtimes().get(0).outcome());
        assertEquals(null, r.inventory().revision(), "a cancelled apply does not record the revision");
    }

    @Test
    void anUnhealthyNewRuntimeFailsAndIsStopped() throws Exception {
        RuntimeSpec spec = new RuntimeSpec("web.lua", null, null, null, null, null, new Health("/dev/nothing-here", null, 1), null);
        DesiredState d = desired("web.lua", "return 1\n", spec);
        ApplyResult r = applier.apply(Planner.plan(d, observe(d)), d, tree, "c1", () -> false);
        assertEquals(RuntimeResult.Outcome.FAILED, r.runtimes().get(0).outcome());
        assertEquals("unhealthy: device /dev/nothing-here does not exist after 1 s; no earlier version to roll back to",
                r.runtimes().get(0).message());
        assertTrue(kernel.list().isEmpty(), "not left running");
    }

    @Test
    void filesTheReconcilerDidNotInstallAreNeverTouched() throws Exception {
        Files.createDirectories(root);
        Files.writeString(root.resolve("theirs.lua"), "return 'not ours'\n");
        DesiredState d = desired("web.lua", "return 1\n", RuntimeSpec.of("web.lua"));
        applier.apply(Planner.plan(d, observe(d)), d, tree, "c1", () -> false);
        DesiredState empty = new DesiredState(List.of(), Map.of(), new ConfigSpec.Prune(true, true));
        ApplyResult r = applier.apply(Planner.plan(empty, observe(empty)), empty, tree, "c2", () -> false);
        assertTrue(r.ok(), r.toString());
        assertFalse(Files.exists(root.resolve("web.lua")), "ours: removed when no longer needed (prune on)");
        assertEquals("return 'not ours'\n", Files.readString(root.resolve("theirs.lua")));
    }
}
