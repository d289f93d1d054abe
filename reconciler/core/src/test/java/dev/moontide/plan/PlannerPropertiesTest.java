package dev.moontide.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moontide.manifest.ConfigSpec;
import dev.moontide.manifest.Limits;
import dev.moontide.manifest.RuntimeSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Properties of the planner over many random (desired, actual) pairs from fixed seeds, so a
 * failure names its seed and reproduces: applying the plan to the actual state yields the desired
 * state; planning again is a no-op; dependencies start first; the plan does not depend on the
 * order the kernel listed things in.
 */
class PlannerPropertiesTest {

    static final int CASES = 2_000;
    static final String[] CONTEXTS = {"process", "softirq", "hardirq"};

    @Test
    void applyingThePlanReachesTheDesiredStateAndReplanningIsANoOp() {
        for (long seed = 1; seed <= CASES; seed++) {
            Random rnd = new Random(seed);
            DesiredState desired = randomDesired(rnd);
            ActualState actual = randomActual(rnd, desired);
            Plan plan = Planner.plan(desired, actual);
            ActualState after = simulate(plan, actual);
            String tag = "seed " + seed + ": " + PlanFixtures.lines(plan);

            assertEquals(List.of(), PlanFixtures.lines(Planner.plan(desired, after)), tag);
            for (DesiredRuntime d : desired.runtimes()) {
                ActualRuntime a = after.runtime(d.name()).orElseThrow(() -> new AssertionError(tag + ": " + d.name() + " missing"));
                assertEquals(List.of(), Planner.differences(d, a, true, Set.of()), tag);
            }
            desired.files().forEach((p, sha) -> assertEquals(sha, after.files().get(p), tag));
            boolean pruning = desired.prune().enabled() && (!desired.runtimes().isEmpty() || desired.prune().allowEmpty());
            if (pruning) {
                assertEquals(desired.runtimes().size(), after.runtimes().size(), tag);
            } else {
                assertTrue(after.runtimes().size() >= desired.runtimes().size(), tag);
            }
        }
    }

    @Test
    void dependenciesStartBeforeTheirDependents() {
        for (long seed = 1; seed <= CASES; seed++) {
            Random rnd = new Random(seed);
            DesiredState desired = randomDesired(rnd);
            Plan plan = Planner.plan(desired, randomActual(rnd, desired));
            Map<String, Integer> position = new HashMap<>();
            for (int i = 0; i < plan.actions().size(); i++) {
                Action a = plan.actions().get(i);
                if (a instanceof Action.Start || a instanceof Action.Restart) {
                    position.put(a.target(), i);
                }
            }
            for (Action a : plan.actions()) {
                DesiredRuntime d = a instanceof Action.Start s ? s.runtime() : a instanceof Action.Restart r ? r.runtime() : null;
                if (d == null) {
                    continue;
                }
                for (String dep : d.spec().dependsOn()) {
                    if (position.containsKey(dep)) {
                        assertTrue(position.get(dep) < position.get(d.name()), "seed " + seed + ": " + dep + " after " + d.name());
                    }
                }
            }
        }
    }

    @Test
    void thePlanDoesNotDependOnInputOrder() {
        for (long seed = 1; seed <= CASES / 4; seed++) {
            Random rnd = new Random(seed);
            DesiredState desired = randomDesired(rnd);
            ActualState actual = randomActual(rnd, desired);
            List<DesiredRuntime> rs = new ArrayList<>(desired.runtimes());
            Collections.shuffle(rs, rnd);
            List<ActualRuntime> as = new ArrayList<>(actual.runtimes());
            Collections.shuffle(as, rnd);
            assertEquals(Planner.plan(desired, actual),
                    Planner.plan(new DesiredState(rs, desired.files(), desired.prune()), new ActualState(as, actual.files(), true)),
                    "seed " + seed);
        }
    }

    /** The model of apply: what each action does to the actual state when it succeeds. */
    static ActualState simulate(Plan plan, ActualState actual) {
        Map<String, ActualRuntime> runtimes = new HashMap<>();
        actual.runtimes().forEach(r -> runtimes.put(r.name(), r));
        Map<String, String> files = new HashMap<>(actual.files());
        for (Action a : plan.actions()) {
            if (a instanceof Action.InstallFile i) {
                files.put(i.path(), i.sha256());
            } else if (a instanceof Action.RemoveFile r) {
                files.remove(r.path());
            } else if (a instanceof Action.Start s) {
                assertTrue(!runtimes.containsKey(s.runtime().name()), "start of a running runtime");
                runtimes.put(s.runtime().name(), ActualRuntime.startedFrom(s.runtime()));
            } else if (a instanceof Action.Restart r) {
                assertTrue(runtimes.containsKey(r.runtime().name()), "restart of an absent runtime");
                runtimes.put(r.runtime().name(), ActualRuntime.startedFrom(r.runtime()));
            } else if (a instanceof Action.Prune p) {
                assertTrue(runtimes.remove(p.name()) != null, "prune of an absent runtime");
            }
        }
        return new ActualState(new ArrayList<>(runtimes.values()), files, actual.hashesKnown());
    }

    static DesiredState randomDesired(Random rnd) {
        int n = rnd.nextInt(8);
        List<String> modules = List.of("lib/a.lua", "lib/b.lua", "lib/c.lua");
        List<DesiredRuntime> rs = new ArrayList<>();
        Map<String, String> files = new HashMap<>();
        modules.forEach(m -> files.put(m, "sha-" + m + "-" + rnd.nextInt(3)));
        Set<String> usedModules = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String name = "r" + i;
            List<String> deps = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                if (rnd.nextInt(4) == 0) {
                    deps.add("r" + j); // only on earlier ones: acyclic by construction
                }
            }
            List<String> mods = new ArrayList<>();
            for (String m : modules) {
                if (rnd.nextInt(3) == 0) {
                    mods.add(m);
                    usedModules.add(m);
                }
            }
            String script = "s" + rnd.nextInt(n + 1) + ".lua"; // sometimes shared
            String sha = files.computeIfAbsent(script, k -> "sha-" + k + "-" + rnd.nextInt(3));
            Limits limits = new Limits(rnd.nextBoolean() ? null : (long) (1 + rnd.nextInt(4)) << 20,
                    rnd.nextBoolean() ? null : (long) rnd.nextInt(3) * 1000);
            RuntimeSpec spec = new RuntimeSpec(script, mods, CONTEXTS[rnd.nextInt(3)], rnd.nextBoolean(), deps, limits,
                    null, null);
            rs.add(new DesiredRuntime(name, spec, sha));
        }
        files.keySet().removeIf(p -> p.startsWith("lib/") && !usedModules.contains(p));
        ConfigSpec.Prune prune = new ConfigSpec.Prune(rnd.nextBoolean(), rnd.nextInt(4) == 0);
        return new DesiredState(rs, files, prune);
    }

    static ActualState randomActual(Random rnd, DesiredState desired) {
        List<ActualRuntime> rs = new ArrayList<>();
        for (DesiredRuntime d : desired.runtimes()) {
            if (rnd.nextInt(4) == 0) {
                continue; // missing
            }
            ActualRuntime a = ActualRuntime.startedFrom(d);
            switch (rnd.nextInt(7)) {
                case 0 -> a = new ActualRuntime(a.name(), a.script(), "sha-other", a.context(), a.spawn(), a.state(), null,
                        a.memoryLimit(), a.quota());
                case 1 -> a = new ActualRuntime(a.name(), a.script(), a.sha256(), CONTEXTS[rnd.nextInt(3)], a.spawn(),
                        a.state(), null, a.memoryLimit(), a.quota());
                case 2 -> a = new ActualRuntime(a.name(), a.script(), a.sha256(), a.context(), a.spawn(),
                        ActualRuntime.FAILED, "boom", a.memoryLimit(), a.quota());
                case 3 -> a = new ActualRuntime(a.name(), "elsewhere.lua", a.sha256(), a.context(), !a.spawn(), a.state(),
                        null, 16L << 20, 100L);
                default -> { }
            }
            rs.add(a);
        }
        for (int i = 0; i < rnd.nextInt(3); i++) {
            rs.add(new ActualRuntime("extra" + i, "x.lua", "sha-x", "process", false, ActualRuntime.RUNNING, null, null, null));
        }
        Map<String, String> files = new HashMap<>();
        desired.files().forEach((p, sha) -> {
            switch (rnd.nextInt(4)) {
                case 0 -> { } // not installed
                case 1 -> files.put(p, "sha-edited");
                default -> files.put(p, sha);
            }
        });
        if (rnd.nextBoolean()) {
            files.put("old/stale.lua", "sha-stale");
        }
        return new ActualState(rs, files, true);
    }
}
