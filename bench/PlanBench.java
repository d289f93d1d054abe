import dev.moontide.manifest.ConfigSpec;
import dev.moontide.manifest.Limits;
import dev.moontide.manifest.LuakPreflight;
import dev.moontide.manifest.ManifestLoader;
import dev.moontide.manifest.ManifestSet;
import dev.moontide.manifest.Preflight;
import dev.moontide.manifest.RuntimeSpec;
import dev.moontide.plan.ActualRuntime;
import dev.moontide.plan.ActualState;
import dev.moontide.plan.DesiredRuntime;
import dev.moontide.plan.DesiredState;
import dev.moontide.plan.Plan;
import dev.moontide.plan.Planner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Plan time for N runtimes (default 1,000) with random dependencies, from an empty kernel, an
 * in-sync kernel and one changed script; and the time to load and validate N manifests from disk
 * (YAML, JSON Schema, semantic checks, and the luak pre-flight when luak is found).
 * Run by bench/plan-1000.sh.
 */
public class PlanBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Random rnd = new Random(42);
        List<DesiredRuntime> rs = new ArrayList<>();
        Map<String, String> files = new HashMap<>();
        for (int i = 0; i < n; i++) {
            List<String> deps = new ArrayList<>();
            for (int k = 0; k < 3 && i > 0; k++) {
                if (rnd.nextBoolean()) {
                    deps.add(String.format("r%04d", rnd.nextInt(i)));
                }
            }
            String script = String.format("scripts/r%04d.lua", i);
            String sha = String.format("%064x", i);
            files.put(script, sha);
            rs.add(new DesiredRuntime(String.format("r%04d", i),
                    new RuntimeSpec(script, List.of(), "process", false, deps.stream().distinct().toList(),
                            new Limits(1L << 20, null), null, null), sha));
        }
        DesiredState desired = new DesiredState(rs, files, new ConfigSpec.Prune(true, false));
        List<ActualRuntime> running = new ArrayList<>();
        rs.forEach(d -> running.add(ActualRuntime.startedFrom(d)));
        ActualState inSync = new ActualState(running, files, true);
        Map<String, String> changedFiles = new HashMap<>(files);
        changedFiles.put("scripts/r0500.lua".replace("0500", String.format("%04d", n / 2)), "f".repeat(64));
        ActualState oneChanged = new ActualState(running, changedFiles, true);

        System.out.printf("runtimes: %d%n", n);
        report("plan from an empty kernel", desired, ActualState.EMPTY);
        report("plan when in sync", desired, inSync);
        report("plan with one changed script", desired, oneChanged);
        loadManifests(n);
    }

    static void report(String what, DesiredState desired, ActualState actual) {
        long t0 = System.nanoTime();
        Plan first = Planner.plan(desired, actual);
        long cold = System.nanoTime() - t0;
        long[] warm = new long[50];
        for (int i = 0; i < warm.length; i++) {
            long t = System.nanoTime();
            Planner.plan(desired, actual);
            warm[i] = System.nanoTime() - t;
        }
        Arrays.sort(warm);
        System.out.printf("%-32s %5d actions  first %7.2f ms  median %6.2f ms  p90 %6.2f ms%n", what,
                first.actions().size(), cold / 1e6, warm[warm.length / 2] / 1e6, warm[warm.length * 9 / 10] / 1e6);
    }

    static void loadManifests(int n) throws Exception {
        Path repo = Files.createTempDirectory("moontide-bench-");
        Files.createDirectories(repo.resolve("manifests"));
        Files.createDirectories(repo.resolve("scripts"));
        for (int i = 0; i < n; i++) {
            String name = String.format("r%04d", i);
            Files.writeString(repo.resolve("scripts/" + name + ".lua"), "local n <const> = " + i + "\nreturn n * 2\n");
            Files.writeString(repo.resolve("manifests/" + name + ".yaml"), "apiVersion: moontide.dev/v1alpha1\nkind: Runtime\n"
                    + "metadata:\n  name: " + name + "\nspec:\n  script: scripts/" + name + ".lua\n"
                    + (i > 0 ? "  dependsOn: [" + String.format("r%04d", i - 1) + "]\n" : ""));
        }
        for (Preflight p : List.of(Preflight.none(), LuakPreflight.orNone())) {
            long t0 = System.nanoTime();
            ManifestSet set = new ManifestLoader(p).load(repo, "manifests");
            DesiredState d = DesiredState.of(set);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("load+validate+hash %d manifests  %6d ms  (pre-flight: %s)%n", d.runtimes().size(), ms,
                    p.describe());
        }
        try (var w = Files.walk(repo)) {
            for (Path p : w.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
