package dev.moontide.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moontide.kernel.FakeKernel;
import dev.moontide.source.TestRepos;
import dev.moontide.reconcile.ReconcileCommandSupport.Output;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry points the moontide command calls, with their output and exit codes. */
class ReconcileCommandSupportTest {

    final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theBundledManifestsAreValid() {
        Path repo = Path.of("../..").toAbsolutePath().normalize();
        int code = ReconcileCommandSupport.lint(repo, null, Output.TABLE, out, err);
        assertEquals(0, code, out() + errBytes);
        assertTrue(out().matches("(?s)ok: \\d+ runtime\\(s\\) \\[.*hello.*passwd.*\\], 1 Config; scripts pre-flight: .*"), out());
    }

    @Test
    void lintReportsEveryErrorAndExitsOne(@TempDir Path repo) throws Exception {
        Files.createDirectories(repo.resolve("manifests"));
        Files.writeString(repo.resolve("manifests/a.yaml"), ReconcilerTest.runtime("a", "a.lua", "  dependsOn: [b]\n"));
        int code = ReconcileCommandSupport.lint(repo, null, Output.TABLE, out, err);
        assertEquals(1, code);
        assertEquals("manifests/a.yaml: document 1: spec.dependsOn[0]: no Runtime named \"b\"\n"
                + "manifests/a.yaml: document 1: spec.script: no such file \"a.lua\" in the repository\n"
                + "1 error(s)\n".replace("1 error", "2 error"), out());
    }

    @Test
    void dryRunPrintsThePlanAndExitsTwoThenJsonAndDiff(@TempDir Path work) throws Exception {
        Path origin = work.resolve("origin");
        try (Git git = TestRepos.init(origin)) {
            TestRepos.commit(git, "hello", "manifests/a.yaml", ReconcilerTest.runtime("hello", "hello.lua", ""),
                    "hello.lua", "return 'hi'\n");
        }
        ReconcileSettings settings = new ReconcileSettings(origin.toString(), "main", "manifests", work.resolve("lua"),
                work.resolve("state"));
        FakeKernel kernel = new FakeKernel(work.resolve("lua"));

        assertEquals(2, ReconcileCommandSupport.reconcile(settings, kernel, true, false, Output.TABLE, out, err), errBytes.toString());
        String table = out().replaceAll("sha1:[0-9a-f]{12}", "sha1:X");
        assertEquals("revision: main@sha1:X (hello)\n"
                + "plan: 2 action(s) (dry run: nothing changed)\n"
                + "  #  ACTION   TARGET     REASON\n"
                + "  1  install  hello.lua  not installed\n"
                + "  2  start    hello      not running\n"
                + "drift:\n"
                + "  CAUSE    KIND         SUBJECT  DETAIL\n"
                + "  PENDING  intentional  hello    Git declares runtime hello, not applied\n"
                + "status: Reconciling ChangesPlanned: 2 action(s) planned\n", table);
        assertTrue(!Files.exists(work.resolve("lua")) && !Files.exists(work.resolve("state")), "dry run wrote nothing");

        outBytes.reset();
        assertEquals(0, ReconcileCommandSupport.reconcile(settings, kernel, false, false, Output.JSON, out, err), out() + errBytes);
        JsonNode json = new ObjectMapper().readTree(out());
        assertEquals("start", json.path("actions").path(1).path("action").asText());
        assertEquals("applied", json.path("results").path(0).path("outcome").asText());
        assertEquals("Ready", json.path("status").path("condition").path("type").asText());

        outBytes.reset();
        assertEquals(0, ReconcileCommandSupport.diff(settings, kernel, Output.TABLE, out, err));
        assertTrue(out().contains("plan: nothing to do, in sync\n"), out());
        kernel.stop("hello");
        outBytes.reset();
        assertEquals(2, ReconcileCommandSupport.diff(settings, kernel, Output.TABLE, out, err));
        assertTrue(out().contains("  MISSING  corrective  hello    runtime hello is not running in the kernel\n"), out());
    }
}
