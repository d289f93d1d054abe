package dev.moontide.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moontide.source.TestRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code moontide lint}, {@code reconcile} and {@code diff}: output and exit status, over a real Git repository. */
class ReconcileCommandTest {

    static final String HEAD = "apiVersion: moontide.dev/v1alpha1\n";

    @TempDir
    Path dir;
    Cli cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = new Cli(dir).loaded().readingScripts();
    }

    static String runtime(String name, String script, String extra) {
        return HEAD + "kind: Runtime\nmetadata:\n  name: " + name + "\nspec:\n  script: " + script + "\n" + extra;
    }

    @Test
    void theBundledManifestsAreValid() {
        Path repo = Path.of("../..").toAbsolutePath().normalize();
        assertEquals(0, cli.run("lint", repo.toString()), cli.out + cli.err);
        assertTrue(cli.out.matches("(?s)ok: \\d+ runtime\\(s\\) \\[.*hello.*passwd.*\\], 1 Config; scripts pre-flight: .*"),
                cli.out);
    }

    @Test
    void lintReportsEveryErrorAndExitsOne(@TempDir Path repo) throws Exception {
        Files.createDirectories(repo.resolve("manifests"));
        Files.writeString(repo.resolve("manifests/a.yaml"), runtime("a", "a.lua", "  dependsOn: [b]\n"));
        assertEquals(1, cli.run("lint", repo.toString()));
        assertEquals("manifests/a.yaml: document 1: spec.dependsOn[0]: no Runtime named \"b\"\n"
                + "manifests/a.yaml: document 1: spec.script: no such file \"a.lua\" in the repository\n"
                + "2 error(s)\n", cli.out);
        assertEquals(1, cli.run("lint", "-o", "json", repo.toString()));
        assertEquals("spec.dependsOn[0]", new ObjectMapper().readTree(cli.out).path("errors").path(0).path("field").asText());
    }

    @Test
    void lintWithTheOperatorsSettingsRefusesADestinationTheyDoNotDefine(@TempDir Path repo) throws Exception {
        Files.createDirectories(repo.resolve("manifests"));
        Files.writeString(repo.resolve("manifests/config.yaml"), HEAD + "kind: Config\nspec:\n  alerts:\n"
                + "    destinations: [ops, evil]\n");
        Path trust = Files.writeString(dir.resolve("moontide.properties"),
                "moontide.alerts.destinations.ops.url=https://alerts.example/hook\n");
        assertEquals(1, cli.run("lint", "--trust", trust.toString(), repo.toString()));
        assertEquals("manifests/config.yaml: document 1: spec.alerts.destinations[1]: no alert destination named"
                + " \"evil\" in the daemon's configuration (defined: ops)\n1 error(s)\n", cli.out);
    }

    @Test
    void aDryRunWithChangesExitsThreeAndChangesNothing() throws Exception {
        Path origin = repo();
        assertEquals(3, cli.run("reconcile", "--repo", origin.toString(), "--state-dir", dir.resolve("state").toString(),
                "--script-root", cli.root.toString(), "--dry-run"), cli.err);
        String table = cli.out.replaceAll("sha1:[0-9a-f]{12}", "sha1:X");
        assertEquals("revision: main@sha1:X (hello)\n"
                + "plan: 2 action(s) (dry run: nothing changed)\n"
                + "  #  ACTION   TARGET     REASON\n"
                + "  1  install  hello.lua  not installed\n"
                + "  2  start    hello      not running\n"
                + "drift:\n"
                + "  CAUSE    KIND         SUBJECT  DETAIL\n"
                + "  PENDING  intentional  hello    Git declares runtime hello, not applied\n"
                + "status: Reconciling ChangesPlanned: 2 action(s) planned\n", table);
        assertTrue(!Files.exists(cli.root.resolve("hello.lua")) && !Files.exists(dir.resolve("state")), "dry run wrote nothing");
    }

    @Test
    void reconcileAppliesAsJsonThenDiffFindsNothingUntilARuntimeStops() throws Exception {
        String[] source = {"--repo", repo().toString(), "--state-dir", dir.resolve("state").toString(),
            "--script-root", cli.root.toString()};
        assertEquals(0, cli.run(concat(new String[] {"reconcile", "--output", "JSON"}, source)), cli.out + cli.err);
        JsonNode json = new ObjectMapper().readTree(cli.out);
        assertEquals("start", json.path("actions").path(1).path("action").asText());
        assertEquals("applied", json.path("results").path(0).path("outcome").asText());
        assertEquals("Ready", json.path("status").path("condition").path("type").asText());

        assertEquals(0, cli.run(concat(new String[] {"diff"}, source)));
        assertTrue(cli.out.contains("plan: nothing to do, in sync\n"), cli.out);
        cli.kernel.stop("hello");
        assertEquals(3, cli.run(concat(new String[] {"diff", "-o", "table"}, source)));
        assertTrue(cli.out.contains("  MISSING  corrective  hello    runtime hello is not running in the kernel\n"), cli.out);
    }

    @Test
    void anUnknownOutputIsAUsageErrorNotChangesFound() throws Exception {
        assertEquals(2, cli.run("reconcile", "--repo", repo().toString(), "--dry-run", "-o", "yaml"));
        assertTrue(cli.err.startsWith("moontide: Invalid value for option '--output': unknown output 'yaml'"), cli.err);
        assertEquals(2, cli.run("list", "--output", "yaml"));
        assertEquals(2, cli.run("lint", "-o", "yaml"));
    }

    @Test
    void aRepositoryThatCannotBeFetchedExitsOneAndSaysSo() {
        assertEquals(1, cli.run("reconcile", "--repo", dir.resolve("nowhere").toString(),
                "--state-dir", dir.resolve("state").toString(), "--script-root", cli.root.toString()));
        assertTrue(cli.out.contains("status: Reconciling FetchFailed: cannot fetch "), cli.out + cli.err);
    }

    @Test
    void aTrustFileRequiringSignaturesRefusesAnUnsignedRevisionAndATrustTypoIsAnError() throws Exception {
        Path keyring = dev.moontide.source.TestSigner.keyring(dir.resolve("trusted.asc"),
                dev.moontide.source.TestSigner.generate());
        Path trust = Files.writeString(dir.resolve("moontide.properties"),
                "moontide.signature.require=true\nmoontide.signature.keyring=" + keyring + "\n");
        String[] source = {"--repo", repo().toString(), "--state-dir", dir.resolve("state").toString(),
            "--script-root", cli.root.toString(), "--trust", trust.toString()};
        assertEquals(1, cli.run(concat(new String[] {"reconcile"}, source)), cli.out + cli.err);
        assertTrue(cli.out.contains("status: Stalled Unsigned: main@sha1:"), cli.out);
        assertTrue(!cli.err.contains("warning"), "signatures are required: no warning: " + cli.err);
        assertTrue(!Files.exists(cli.root.resolve("hello.lua")), "nothing installed");

        Files.writeString(trust, "moontide.signature.requre=true\n");
        assertEquals(1, cli.run(concat(new String[] {"reconcile"}, source)));
        assertTrue(cli.err.contains("unknown setting moontide.signature.requre"), cli.err);
    }

    @Test
    void withoutARequiredSignatureReconcileSaysSoOnStderr() throws Exception {
        String[] source = {"--repo", repo().toString(), "--state-dir", dir.resolve("state").toString(),
            "--script-root", cli.root.toString()};
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(ReconcileCommand.TRUST_FILE), "this host has a trust file");
        assertEquals(0, cli.run(concat(new String[] {"reconcile"}, source)), cli.out + cli.err);
        assertEquals("moontide reconcile: warning: commit signatures are not checked, so an unsigned commit is applied"
                + " (no trust file, neither --trust FILE nor /etc/moontide/moontide.properties); to require signed commits,"
                + " set moontide.signature.require=true, moontide.signature.keyring and moontide.signature.trusted-keys"
                + " there\n", cli.err);

        Path trust = Files.writeString(dir.resolve("moontide.properties"), "moontide.signature.require=false\n");
        assertEquals(0, cli.run(concat(new String[] {"diff", "--trust", trust.toString()}, source)), cli.out + cli.err);
        assertTrue(cli.err.startsWith("moontide diff: warning: commit signatures are not checked, so an unsigned commit"
                + " would be applied (not required in " + trust + ")"), cli.err);
    }

    private Path repo() throws Exception {
        Path origin = dir.resolve("origin");
        try (Git git = TestRepos.init(origin)) {
            TestRepos.commit(git, "hello", "manifests/a.yaml", runtime("hello", "hello.lua", ""),
                    "hello.lua", "return 'hi'\n");
        }
        return origin;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
