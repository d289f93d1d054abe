import dev.moontide.apply.HealthCheck;
import dev.moontide.drift.AlertDestinations;
import dev.moontide.apply.ScriptRoot;
import dev.moontide.drift.Alert;
import dev.moontide.drift.AlertSink;
import dev.moontide.kernel.DeviceDriver;
import dev.moontide.kernel.KernelDriver;
import dev.moontide.kernel.RunSpec;
import dev.moontide.kernel.RuntimeInfo;
import dev.moontide.manifest.LuakPreflight;
import dev.moontide.plan.Sha256;
import dev.moontide.reconcile.CycleOutcome;
import dev.moontide.reconcile.CycleReport;
import dev.moontide.reconcile.ReconcileSettings;
import dev.moontide.reconcile.Reconciler;
import dev.moontide.source.SignaturePolicy;
import dev.moontide.source.TestRepos;
import dev.moontide.source.TestSigner;
import dev.moontide.trust.TrustConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;

/**
 * The reconciler end to end against the real moontide.ko, in the lab guest (see reconcile-e2e.sh):
 * a Git repository with three runtimes (c depends on b, b on a), then commits and hand-made
 * changes, checking the kernel's own list after each cycle. Prints TAP lines.
 */
public class E2e {

    static int failures;
    static int n;

    static void check(boolean ok, String what) {
        n++;
        System.out.println((ok ? "ok " : "not ok ") + n + " - " + what);
        if (!ok) {
            failures++;
        }
    }

    static Git git;
    static Path origin;

    static void commit(String message, String... pathsAndContents) throws Exception {
        TestRepos.commit(git, message, pathsAndContents);
    }

    static String runtime(String name, String extra) {
        return "apiVersion: moontide.dev/v1alpha1\nkind: Runtime\nmetadata:\n  name: " + name
                + "\nspec:\n  script: e2e/" + name + ".lua\n" + extra;
    }

    static Map<String, RuntimeInfo> list(KernelDriver k) throws Exception {
        Map<String, RuntimeInfo> m = new TreeMap<>();
        for (RuntimeInfo r : k.list()) {
            m.put(r.name(), r);
        }
        return m;
    }

    /**
     * The operator requires commits signed by a trusted key (its own configuration, not the
     * repository's): a commit without a trusted signature is refused, and the last verified
     * revision keeps running in the kernel.
     */
    static void signatures(Path work, Path scriptRoot, KernelDriver kernel) throws Exception {
        System.out.println("# signatures required by the operator: unsigned or untrusted commits are refused");
        Path signedOrigin = work.resolve("signed");
        Git sgit = TestRepos.init(signedOrigin);
        TestSigner trusted = TestSigner.generate();
        TestSigner stranger = TestSigner.generate();
        Path keyring = TestSigner.keyring(work.resolve("trusted.asc"), trusted, stranger);
        TrustConfig trust = new TrustConfig(new SignaturePolicy(true, List.of(trusted.fingerprint()), keyring),
                AlertDestinations.NONE);
        Reconciler rec = new Reconciler(new ReconcileSettings(signedOrigin.toString(), "main", "manifests", scriptRoot,
                work.resolve("state-signed"), trust), kernel, LuakPreflight.orNone(), new HealthCheck(100), List.of(),
                Clock.systemUTC());
        String v1 = "local S <const> = 1\nreturn S\n";
        trusted.commit(sgit, "signed v1", "manifests/sig.yaml", runtime("sig", ""), "e2e/sig.lua", v1);
        CycleReport r = rec.cycle(false, false);
        check(r.outcome() == CycleOutcome.SYNCED && list(kernel).containsKey("sig"),
                "a commit signed by the trusted key applies: sig runs (" + r.status().condition() + ")");
        String sha = Sha256.of(v1.getBytes(StandardCharsets.UTF_8));

        TestRepos.commit(sgit, "unsigned v2", "e2e/sig.lua", "local S <const> = 2\nreturn S\n");
        r = rec.cycle(false, false);
        check(r.outcome() == CycleOutcome.FAILED && "Unsigned".equals(r.status().condition().reason()),
                "an unsigned commit is refused: " + r.status().condition().message());
        check(sha.equals(list(kernel).get("sig").sha256()), "sig still runs the signed script");

        stranger.commit(sgit, "untrusted v3", "e2e/sig.lua", "local S <const> = 3\nreturn S\n");
        r = rec.cycle(false, false);
        check(r.outcome() == CycleOutcome.FAILED && "UntrustedKey".equals(r.status().condition().reason()),
                "a commit signed by a key in the keyring but not trusted is refused: "
                + r.status().condition().reason() + ": " + r.status().condition().message());
        check(sha.equals(list(kernel).get("sig").sha256()), "sig still runs the signed script");

        TestRepos.commit(sgit, "unsigned: delete everything", "manifests/sig.yaml", null);
        r = rec.cycle(false, false);
        check(r.outcome() == CycleOutcome.FAILED && list(kernel).containsKey("sig"),
                "an unsigned commit deleting the manifest is refused: sig keeps running");

        String v4 = "local S <const> = 4\nreturn S\n";
        trusted.commit(sgit, "signed v4", "manifests/sig.yaml", runtime("sig", ""), "e2e/sig.lua", v4);
        r = rec.cycle(false, false);
        check(r.outcome() == CycleOutcome.SYNCED
                && Sha256.of(v4.getBytes(StandardCharsets.UTF_8)).equals(list(kernel).get("sig").sha256()),
                "the next trusted commit applies (the tree of the three refused ones with it)");
        kernel.stop("sig");
        sgit.close();
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("moontide-e2e-");
        origin = work.resolve("origin");
        Path scriptRoot = args.length > 0 ? Path.of(args[0]) : ScriptRoot.DEFAULT;
        git = TestRepos.init(origin);
        KernelDriver kernel = DeviceDriver.open();
        List<String> alerts = new ArrayList<>();
        AlertSink sink = new AlertSink() {
            public void fired(Alert a) {
                alerts.add("fired " + a.drift().cause() + " " + a.drift().subject());
            }

            public void resolved(Alert a) {
                alerts.add("resolved " + a.drift().cause() + " " + a.drift().subject());
            }
        };
        Reconciler rec = new Reconciler(new ReconcileSettings(origin.toString(), "main", "manifests", scriptRoot,
                work.resolve("state")), kernel, LuakPreflight.orNone(), new HealthCheck(100), List.of(sink), Clock.systemUTC());

        System.out.println("# three runtimes, c depends on b, b on a");
        commit("three", "manifests/e2e.yaml", runtime("a", "") + "---\n" + runtime("b", "  dependsOn: [a]\n  driftPolicy: heal\n")
                + "---\n" + runtime("c", "  dependsOn: [b]\n"),
                "e2e/a.lua", "local A <const> = 1\nreturn A\n",
                "e2e/b.lua", "local B <const> = 2\nreturn B\n",
                "e2e/c.lua", "local C <const> = 3\nreturn C\n");
        CycleReport r = rec.cycle(false, false);
        Map<String, RuntimeInfo> l = list(kernel);
        check(r.outcome() == CycleOutcome.SYNCED, "first cycle applies: " + r.status().condition());
        check(l.keySet().containsAll(List.of("a", "b", "c")), "a, b and c run: " + l.keySet());
        check(l.get("a").startedNs() < l.get("b").startedNs() && l.get("b").startedNs() < l.get("c").startedNs(),
                "started in dependency order (a, b, c by started_ns)");
        check(rec.cycle(false, false).plan().isEmpty(), "second cycle is a no-op");

        System.out.println("# a commit changing b.lua restarts only b");
        long t0 = System.nanoTime();
        commit("b v2", "e2e/b.lua", "local B <const> = 22\nreturn B\n");
        rec.cycle(false, false);
        System.out.printf("# commit-to-converged: %d ms (commit, fetch, load, pre-flight, plan, install, restart b, health, record)%n",
                (System.nanoTime() - t0) / 1_000_000);
        Map<String, RuntimeInfo> l2 = list(kernel);
        check(l2.get("a").startedNs() == l.get("a").startedNs() && l2.get("c").startedNs() == l.get("c").startedNs(),
                "a and c were not restarted");
        check(l2.get("b").sha256().equals(Sha256.of("local B <const> = 22\nreturn B\n".getBytes(StandardCharsets.UTF_8))),
                "list shows b's new sha256");

        System.out.println("# a commit with a float in c.lua fails pre-flight; the previous c keeps running");
        String cSha = l2.get("c").sha256();
        commit("c float", "e2e/c.lua", "return 1.5\n");
        r = rec.cycle(false, false);
        check(r.outcome() == CycleOutcome.FAILED && "ManifestInvalid".equals(r.status().condition().reason()), "status Stalled ManifestInvalid: "
                + r.status().condition().message());
        check(list(kernel).get("c").sha256().equals(cSha), "c still runs its previous script");

        System.out.println("# a script the kernel refuses at load (it raises) is rolled back");
        commit("c raises", "e2e/c.lua", "error('c refuses to start')\n");
        r = rec.cycle(false, false);
        check("ApplyFailed".equals(r.status().condition().reason()), "status Stalled ApplyFailed: " + r.status().condition().message());
        check(list(kernel).get("c").sha256().equals(cSha), "c runs its previous script again");
        check(r.status().runtimes().stream().anyMatch(s -> s.name().equals("c") && s.sync().equals("RolledBack")),
                "c is RolledBack in the status");
        commit("c fixed", "e2e/c.lua", "local C <const> = 33\nreturn C\n");
        check(rec.cycle(false, false).outcome() == CycleOutcome.SYNCED, "a fixed commit applies");

        System.out.println("# stopping a runtime by hand: an alert (alert policy) or a heal (heal policy)");
        alerts.clear();
        kernel.stop("a");
        rec.cycle(false, false);
        rec.cycle(false, false);
        check(alerts.equals(List.of("fired MISSING a")), "one alert for a, not one per cycle: " + alerts);
        check(!list(kernel).containsKey("a"), "a (driftPolicy alert) is not restarted");
        kernel.stop("b");
        rec.cycle(false, false);
        check(list(kernel).containsKey("b"), "b (driftPolicy heal) is started again within one cycle");
        kernel.run(RunSpec.of("a", "e2e/a.lua"));
        rec.cycle(false, false);
        check(alerts.contains("resolved MISSING a"), "the alert clears when a runs again");

        System.out.println("# a runtime started by hand is unexpected, and not pruned (prune disabled)");
        kernel.run(RunSpec.of("byhand", "e2e/a.lua"));
        r = rec.cycle(false, false);
        check(r.drift().stream().anyMatch(d -> d.subject().equals("byhand") && d.cause().name().equals("UNEXPECTED")),
                "reported as UNEXPECTED");
        check(list(kernel).containsKey("byhand"), "left running");

        System.out.println("# a dry run changes nothing, in the kernel or on disk");
        commit("c v4", "e2e/c.lua", "local C <const> = 44\nreturn C\n");
        Map<String, String> before = TestRepos.snapshot(scriptRoot);
        Map<String, RuntimeInfo> kBefore = list(kernel);
        r = rec.cycle(true, false);
        check(r.outcome() == CycleOutcome.CHANGES_PLANNED, "a dry run with changes ends CHANGES_PLANNED");
        check(before.equals(TestRepos.snapshot(scriptRoot)), "script root byte-identical");
        check(kBefore.equals(list(kernel)), "kernel list identical");

        for (String name : List.of("byhand", "c", "b", "a")) {
            try {
                kernel.stop(name);
            } catch (Exception e) {
                // already gone
            }
        }
        signatures(work, scriptRoot, kernel);
        System.out.println(n + " tests, " + failures + " failed");
        System.exit(failures == 0 ? 0 : 1);
    }
}
