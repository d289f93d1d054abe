package dev.moontide.plan;

import static dev.moontide.plan.PlanFixtures.NO_PRUNE;
import static dev.moontide.plan.PlanFixtures.PRUNE;
import static dev.moontide.plan.PlanFixtures.desired;
import static dev.moontide.plan.PlanFixtures.inSync;
import static dev.moontide.plan.PlanFixtures.lines;
import static dev.moontide.plan.PlanFixtures.running;
import static dev.moontide.plan.PlanFixtures.runtime;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.moontide.manifest.ConfigSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per planning situation: desired, a change to the in-sync actual state, the exact plan. */
class PlannerTest {

    static final String A = "a".repeat(64);
    static final String B = "b".repeat(64);

    static final DesiredState THREE = desired(NO_PRUNE,
            runtime("web", "web.lua", A, "db", "cache"),
            runtime("db", "db.lua", B),
            PlanFixtures.withFiles(runtime("cache", "cache.lua", "c".repeat(64), "db"), "lib/util.lua"));

    static Stream<Arguments> rows() {
        return Stream.of(
            row("in sync: nothing to do", THREE, s -> s, List.of(), List.of()),
            row("empty kernel: install, then start in dependency order", THREE, s -> ActualState.EMPTY,
                List.of("install cache.lua: not installed", "install db.lua: not installed",
                        "install lib/util.lua: not installed", "install web.lua: not installed",
                        "start db: not running", "start cache: not running", "start web: not running"),
                List.of()),
            row("one script changed: only it is installed and restarted", THREE,
                s -> withFile(withRuntime(s, running("web", "web.lua", B)), "web.lua", B),
                List.of("install web.lua: content differs: installed bbbbbbbbbbbb, Git aaaaaaaaaaaa",
                        "restart web: script sha256 differs: running bbbbbbbbbbbb, Git aaaaaaaaaaaa"),
                List.of()),
            row("module changed: its runtime restarts", THREE, s -> withFile(s, "lib/util.lua", B),
                List.of("install lib/util.lua: content differs: installed bbbbbbbbbbbb, Git m-lib/util.l",
                        "restart cache: module lib/util.lua changes"),
                List.of()),
            row("stopped by hand: started again", THREE, s -> without(s, "db"),
                List.of("start db: not running"), List.of()),
            row("failed: restarted", THREE, s -> withRuntime(s, new ActualRuntime("db", "db.lua", B, "process", false,
                    ActualRuntime.FAILED, "db.lua:3: boom", null, null)),
                List.of("restart db: failed: db.lua:3: boom"), List.of()),
            row("other context: restarted", THREE, s -> withRuntime(s, new ActualRuntime("db", "db.lua", B, "softirq", false,
                    ActualRuntime.RUNNING, null, null, null)),
                List.of("restart db: context differs: running softirq, Git process"), List.of()),
            row("file edited under the script root: reinstalled, and its runtime restarts", THREE,
                s -> withFile(s, "db.lua", A),
                List.of("install db.lua: content differs: installed aaaaaaaaaaaa, Git bbbbbbbbbbbb",
                        "restart db: script db.lua changes"), List.of()),
            row("unexpected runtime, prune off: a note, no action", THREE,
                s -> withRuntime(s, running("zz", "zz.lua", A)),
                List.of(), List.of("runtime zz is not declared in Git; prune is disabled, so it is left running")),
            row("unexpected runtimes, prune on: pruned first, in reverse name order", prune(THREE, PRUNE),
                s -> withRuntime(withRuntime(withRuntime(s, running("x", "x.lua", A)), running("y", "y.lua", A)),
                        running("db", "db.lua", A)),
                List.of("prune y: not declared in Git (prune enabled)", "prune x: not declared in Git (prune enabled)",
                        "restart db: script sha256 differs: running aaaaaaaaaaaa, Git bbbbbbbbbbbb"),
                List.of()),
            row("empty revision with prune on: refused without allowEmpty", desired(PRUNE),
                s -> new ActualState(List.of(running("a", "a.lua", A), running("b", "b.lua", A)), Map.of("a.lua", A), true),
                List.of(), List.of("the revision declares no runtime: pruning all 2 runtimes refused "
                        + "(set spec.prune.allowEmpty in the Config to allow it)")),
            row("empty revision with allowEmpty: everything pruned", desired(new ConfigSpec.Prune(true, true)),
                s -> new ActualState(List.of(running("a", "a.lua", A)), Map.of("a.lua", A), true),
                List.of("prune a: not declared in Git (prune enabled)",
                        "remove a.lua: no runtime of the revision needs it (prune enabled)"), List.of()),
            row("memory limit set in Git and different: restarted", desired(NO_PRUNE, PlanFixtures.withMemory(runtime("db", "db.lua", B), 1 << 20)),
                s -> withRuntime(s, new ActualRuntime("db", "db.lua", B, "process", false, ActualRuntime.RUNNING, null,
                        16L << 20, 100_000_000L)),
                List.of("restart db: memory limit differs: running 16777216, Git 1048576"), List.of()),
            row("limits left to the kernel: its defaults are no drift", desired(NO_PRUNE, runtime("db", "db.lua", B)),
                s -> withRuntime(s, new ActualRuntime("db", "db.lua", B, "process", false, ActualRuntime.RUNNING, null,
                        16L << 20, 100_000_000L)),
                List.of(), List.of()),
            row("no hashes (Lunatik): a changed file still restarts through the disk", desired(NO_PRUNE, runtime("db", "db.lua", B)),
                s -> new ActualState(List.of(running("db", "db.lua", null)), Map.of("db.lua", A), false),
                List.of("install db.lua: content differs: installed aaaaaaaaaaaa, Git bbbbbbbbbbbb",
                        "restart db: script db.lua changes"), List.of()),
            row("presence only (Lunatik): unknown context and spawn are no difference",
                desired(NO_PRUNE, PlanFixtures.softirq(runtime("db", "db.lua", B))),
                s -> new ActualState(List.of(new ActualRuntime("db", "db.lua", null, null, false, ActualRuntime.RUNNING,
                        null, null, null)), Map.of("db.lua", B), false),
                List.of(), List.of()));
    }

    static Arguments row(String name, DesiredState desired, UnaryOperator<ActualState> change,
            List<String> actions, List<String> notes) {
        return Arguments.of(name, desired, change, actions, notes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void plans(String name, DesiredState desired, UnaryOperator<ActualState> change, List<String> actions,
            List<String> notes) {
        Plan plan = Planner.plan(desired, change.apply(inSync(desired)));
        assertEquals(actions, lines(plan));
        assertEquals(notes, plan.notes());
    }

    @Test
    void dependencyOrderBreaksTiesByNameAndRefusesCycles() {
        List<DesiredRuntime> order = Planner.dependencyOrder(List.of(runtime("c", "c.lua", A),
                runtime("b", "b.lua", A, "c"), runtime("a", "a.lua", A, "b"), runtime("d", "d.lua", A)));
        assertEquals(List.of("c", "b", "a", "d"), order.stream().map(DesiredRuntime::name).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Planner.dependencyOrder(
                List.of(runtime("a", "a.lua", A, "b"), runtime("b", "b.lua", A, "a"), runtime("c", "c.lua", A))));
        assertEquals("dependency cycle among [a, b]", e.getMessage());
    }

    static DesiredState prune(DesiredState d, ConfigSpec.Prune prune) {
        return new DesiredState(d.runtimes(), d.files(), prune);
    }

    static ActualState withRuntime(ActualState s, ActualRuntime r) {
        List<ActualRuntime> rs = new ArrayList<>(s.runtimes().stream().filter(x -> !x.name().equals(r.name())).toList());
        rs.add(r);
        return new ActualState(rs, s.files(), s.hashesKnown());
    }

    static ActualState without(ActualState s, String name) {
        return new ActualState(s.runtimes().stream().filter(x -> !x.name().equals(name)).toList(), s.files(), s.hashesKnown());
    }

    static ActualState withFile(ActualState s, String path, String sha) {
        Map<String, String> files = new HashMap<>(s.files());
        files.put(path, sha);
        return new ActualState(s.runtimes(), files, s.hashesKnown());
    }
}
